"""A deleted appointment stays in the change log of each visit it belonged to: the trail keeps,
beside the deletion, which visits those were (lib.audit.note_parents), and the titles it had, by
which each of its lines names it in the reader's language."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chaveruth.visits import services as visits
from tests import factories as make
from tests.visits.test_change_log_language import change_log, reception
from tests.visits.test_joint_appointments import reception as joint_reception

pytestmark = pytest.mark.django_db


def test_a_deleted_appointment_stays_in_the_change_log_of_each_of_its_visits(
    visit, city, coordinator
):
    """By the title it had when it was deleted, in the reader's language; not in the log of
    a visit it never belonged to."""
    other = make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de="Andere")
    unrelated = make.visit(visit.programme, city, title_de="Dritte")
    with translation.override("de"):  # written and deleted in German, as the demo is
        visits.remove_appointment(appointment=joint_reception([visit, other]))

    urls = {v.title_de: f"/en{v.get_absolute_url()}" for v in (visit, other, unrelated)}
    for title in (visit.title_de, "Andere"):
        assert change_log(coordinator, urls[title]) == [
            "Appointment deleted: Joint reception",
            "Appointment created: Joint reception",
            f"Visit created: {title}",
        ]
    assert change_log(coordinator, urls["Dritte"]) == ["Visit created: Dritte"]


def rename_and_remove(visit, renamed: dict[str, str], **titles) -> None:
    """A reception (``titles`` as ``reception`` takes them) renamed an hour after it was added,
    one language after the other, and then deleted; all written in German, as the demo is."""
    with translation.override("de"):
        appointment = reception(visit, **titles)
        LogEntry.objects.update(timestamp=F("timestamp") - dt.timedelta(hours=1))
        for name, title in renamed.items():  # one change of two entries, in this order
            visits.update_appointment(appointment=appointment, fields={name: title})
        visits.remove_appointment(appointment=appointment)


def test_deleted_appointment_is_named_in_the_readers_language_on_every_line(visit, coordinator):
    """As it last was: its earlier lines do not keep the names it had when they were written."""
    rename_and_remove(visit, {"title_de": "Empfang im Rathaus", "title_en": "Mayor's reception"})
    german = visit.get_absolute_url()  # before the English page leaves English active

    assert change_log(coordinator, f"/en{german}") == [
        "Appointment deleted: Mayor's reception",
        "Appointment changed: Mayor's reception (title [de], title [en])",
        "Appointment created: Mayor's reception",
        "Visit created: Beispieldelegation",
    ]
    assert change_log(coordinator, german) == [
        "Termin gelöscht: Empfang im Rathaus",
        "Termin geändert: Empfang im Rathaus (Titel [de], Titel [en])",
        "Termin angelegt: Empfang im Rathaus",
        "Besuch angelegt: Beispieldelegation",
    ]


@pytest.mark.parametrize("english_title", [None, ""], ids=["none", "blank"])
def test_deleted_appointment_with_only_a_german_title_reads_german_in_english(
    visit, coordinator, english_title
):
    rename_and_remove(visit, {"title_de": "Empfang im Rathaus"}, title_en=english_title)

    assert change_log(coordinator, f"/en{visit.get_absolute_url()}") == [
        "Appointment deleted: Empfang im Rathaus",
        "Appointment changed: Empfang im Rathaus (title [de])",
        "Appointment created: Empfang im Rathaus",
        "Visit created: Beispieldelegation",
    ]


def test_change_log_makes_as_many_queries_for_three_deleted_appointments_as_for_one(
    visit, coordinator
):
    """Each is named from its deletion, which the log has read already, not looked up."""
    url = f"/en{visit.get_absolute_url()}"
    visits.remove_appointment(appointment=reception(visit))
    with CaptureQueriesContext(connection) as one:
        assert len(change_log(coordinator, url)) == 3
    for day in (28, 29):
        visits.remove_appointment(appointment=reception(visit, day=day))
    with CaptureQueriesContext(connection) as three:
        assert change_log(coordinator, url) == [
            "Appointment deleted: Reception at the town hall",
            "Appointment created: Reception at the town hall",
        ] * 3 + ["Visit created: Beispieldelegation"]

    assert len(three) == len(one)
