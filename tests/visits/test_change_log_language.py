"""The visit's change log names each record in its reader's language, as it is now.

django-auditlog keeps a record's name as it was written, in the writer's language; the log
shows a record that still exists by its current title instead, and a deleted one by the titles
its deletion stored (tests/visits/test_change_log_deletions.py for the page).
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chaveruth.lib.audit import history, summarised
from chaveruth.visits import services as visits
from chaveruth.visits.models import Appointment, Delegate
from tests import factories as make
from tests.html import get_page, texts

pytestmark = pytest.mark.django_db


def reception(visit, day: int = 27, **titles) -> Appointment:
    """An appointment titled in German and English (and other languages as given)."""
    titles = {"title_en": "Reception at the town hall", **titles}
    return make.appointment(
        visit, make.berlin(2025, 1, day, 10), make.berlin(2025, 1, day, 11), "Empfang", **titles
    )


def change_log(client, url: str) -> list[str]:
    """The "What" column of the visit page's change log, newest first."""
    page = get_page(client, url)
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    rows = section.find(tag="tbody").find_all(tag="tr")
    return [texts(row.find_all(tag="td"))[2] for row in rows]


def test_english_reader_sees_the_english_title_of_an_appointment_written_in_german(
    visit, coordinator
):
    reception(visit)  # written with German active, as the demo is loaded

    assert change_log(coordinator, f"/en{visit.get_absolute_url()}") == [
        "Appointment created: Reception at the town hall",
        "Visit created: Beispieldelegation",  # no English title: the German one stands in
    ]


def test_german_reader_sees_the_german_title_of_an_appointment_written_in_english(
    visit, coordinator
):
    with translation.override("en"):
        reception(visit)

    assert change_log(coordinator, visit.get_absolute_url()) == [
        "Termin angelegt: Empfang",
        "Besuch angelegt: Beispieldelegation",
    ]


def test_change_log_names_a_renamed_appointment_by_its_title_now_on_every_line(visit, coordinator):
    appointment = reception(visit)
    LogEntry.objects.update(timestamp=F("timestamp") - dt.timedelta(hours=1))  # written earlier
    visits.update_appointment(appointment=appointment, fields={"title_en": "Mayor's reception"})

    assert change_log(coordinator, f"/en{visit.get_absolute_url()}") == [
        "Appointment changed: Mayor's reception (title [en])",
        "Appointment created: Mayor's reception",
        "Visit created: Beispieldelegation",
    ]


def test_hebrew_reader_sees_the_hebrew_title(visit):
    appointment = reception(visit, title_he="קבלת פנים בעירייה")

    with translation.override("he"):
        changes = summarised(history([visit, appointment]), [visit, appointment])

    assert [change.name for change in changes] == ["קבלת פנים בעירייה", "Beispieldelegation"]


@pytest.mark.parametrize("reader", ["en", "he"])
def test_deleted_appointment_is_named_by_the_titles_its_deletion_stored(visit, reader):
    """In the reader's language or modeltranslation's fallback: Hebrew falls back to English
    before German."""
    with translation.override("de"):  # written and deleted in German
        gone = reception(visit)
        kept = reception(visit, day=28, title_en="Town hall reception")
        pk = gone.pk
        visits.remove_appointment(appointment=gone)
    appointments = ContentType.objects.get_for_model(Appointment)
    entries = LogEntry.objects.filter(
        content_type=appointments, object_pk__in=[str(pk), str(kept.pk)]
    ).order_by("-timestamp", "-pk")

    with translation.override(reader):
        changes = summarised(entries, [kept])

    assert [(change.entry.action, change.entry.object_pk, change.name) for change in changes] == [
        (LogEntry.Action.DELETE, str(pk), "Reception at the town hall"),
        (LogEntry.Action.CREATE, str(kept.pk), "Town hall reception"),
        (LogEntry.Action.CREATE, str(pk), "Reception at the town hall"),
    ]


def test_deleted_record_without_titles_keeps_the_name_the_trail_stored(visit, noa, english):
    """Nothing better is left of it: a delegate is named by person and role, as written."""
    with translation.override("de"):
        visits.remove_delegate(delegate=visit.delegates.get())
    delegates = ContentType.objects.get_for_model(Delegate)

    changes = summarised(LogEntry.objects.filter(content_type=delegates).order_by("-pk"), [])

    assert [(change.entry.action, change.name) for change in changes] == [
        (LogEntry.Action.DELETE, "Noa Beispiel (Mitglied)"),
        (LogEntry.Action.CREATE, "Noa Beispiel (Mitglied)"),
    ]


def test_change_log_makes_as_many_queries_for_five_appointments_as_for_two(visit, coordinator):
    """The records are named as the page holds them, not looked up line by line."""
    url = f"/en{visit.get_absolute_url()}"
    for day in (27, 28):
        reception(visit, day=day)
    with CaptureQueriesContext(connection) as two:
        assert len(change_log(coordinator, url)) == 3
    for day in (29, 30, 31):
        reception(visit, day=day)
    with CaptureQueriesContext(connection) as five:
        assert len(change_log(coordinator, url)) == 6

    assert len(five) == len(two)
