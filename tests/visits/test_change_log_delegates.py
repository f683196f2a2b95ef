"""The visit's change log names the changes to its delegation and to the shares of its
appointments with security liaisons, in the reader's language, with who made them and when.

Delegates and shares note their visit or appointment beside each change in the audit trail
(lib.audit.parent_note), so that the log shows their removal too.
"""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from chaveruth.accounts.models import Role, Share
from chaveruth.accounts.services import share_appointment, withdraw_share
from chaveruth.directory.models import Person
from chaveruth.directory.privacy import erase_person
from chaveruth.visits import services as visits
from chaveruth.visits.change_log import change_log
from chaveruth.visits.models import Appointment, Delegate
from tests import factories as make
from tests.conftest import account, log_in
from tests.html import get_page, texts
from tests.visits.test_change_log_language import reception

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(client, city):
    """``client``, logged in as a coordinator of the visit's city, who makes the changes."""
    log_in(client, "planung", Role.CITY_COORDINATOR, organisation=city)
    return client


@pytest.fixture
def liaison():
    user = account("verbindung", Role.SECURITY_LIAISON)
    get_user_model().objects.filter(pk=user.pk).update(first_name="Kim", last_name="Wache")
    user.refresh_from_db()
    return user


def rows(client, url: str) -> list[tuple[str, str]]:
    """Who made each change of the visit page's change log and what it was, newest first."""
    page = get_page(client, url)
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    cells = [texts(row.find_all(tag="td")) for row in section.find(tag="tbody").find_all("tr")]
    return [(who, what) for _when, who, what in cells]


def in_language(visit, language: str) -> str:
    """The visit page's address in ``language``: German, the default, has no prefix."""
    with translation.override("de"):
        german = visit.get_absolute_url()
    return german if language == "de" else f"/{language}{german}"


def whats(client, url: str) -> list[str]:
    return [what for _who, what in rows(client, url)]


def add_and_remove_noa(client, visit) -> None:
    """Noa Beispiel added to the delegation and taken off it again, on the pages."""
    noa = make.person("Noa", "Beispiel", owner=visit.host_municipality)
    client.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": noa.pk, "role": "member"}
    )
    delegate = Delegate.objects.get(visit=visit, person=noa)
    client.post(reverse("visits:delegate_remove", args=[delegate.pk]))


def share_and_withdraw(client, appointment, liaison) -> None:
    """``appointment`` shared with ``liaison`` and the share withdrawn again, on the pages."""
    client.post(
        reverse("visits:appointment_shares", args=[appointment.pk]), {"liaison": liaison.pk}
    )
    share = Share.objects.get(appointment=appointment, liaison=liaison)
    client.post(reverse("visits:share_withdraw", args=[share.pk]))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                ("planung", "Delegate removed: Noa Beispiel (Member)"),
                ("planung", "Delegate added: Noa Beispiel (Member)"),
                ("System", "Visit created: Beispieldelegation"),
            ],
        ),
        (
            "de",
            [
                ("planung", "Delegationsmitglied entfernt: Noa Beispiel (Mitglied)"),
                ("planung", "Delegationsmitglied hinzugefügt: Noa Beispiel (Mitglied)"),
                ("System", "Besuch angelegt: Beispieldelegation"),
            ],
        ),
    ],
)
def test_change_log_names_a_delegate_added_and_removed(planner, visit, language, expected):
    add_and_remove_noa(planner, visit)

    assert rows(planner, in_language(visit, language)) == expected


def test_change_log_says_when_a_delegate_was_removed(planner, visit):
    """In the visit's local time, as the other lines."""
    add_and_remove_noa(planner, visit)
    removal = LogEntry.objects.get(action=LogEntry.Action.DELETE)
    with translation.override("en"), timezone.override(visit.zone):
        when = date_format(timezone.localtime(removal.timestamp), "SHORT_DATETIME_FORMAT")

    page = get_page(planner, in_language(visit, "en"))
    newest = page.find(tag="section", attrs={"aria-labelledby": "history-heading"}).find("tbody")

    assert texts(newest.find_all("tr")[0].find_all("td")) == [
        when,
        "planung",
        "Delegate removed: Noa Beispiel (Member)",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Share withdrawn: Reception at the town hall (security liaison Kim Wache)",
                "Shared with security liaison Kim Wache: Reception at the town hall",
            ],
        ),
        (
            "de",
            [
                "Freigabe zurückgezogen: Empfang (Sicherheitskontakt Kim Wache)",
                "Für Sicherheitskontakt Kim Wache freigegeben: Empfang",
            ],
        ),
    ],
)
def test_change_log_names_a_share_given_and_withdrawn(planner, visit, liaison, language, expected):
    share_and_withdraw(planner, reception(visit), liaison)

    assert rows(planner, in_language(visit, language))[:2] == [
        ("planung", what) for what in expected
    ]


def test_change_log_names_the_appointment_of_a_share_as_it_is_now(planner, visit, liaison):
    """Like the appointment's own lines: renamed since, it is not named as it was shared."""
    appointment = reception(visit)
    share_and_withdraw(planner, appointment, liaison)
    visits.update_appointment(appointment=appointment, fields={"title_en": "Mayor's reception"})

    assert whats(planner, f"/en{visit.get_absolute_url()}") == [
        "Appointment changed: Mayor's reception (title [en])",
        "Share withdrawn: Mayor's reception (security liaison Kim Wache)",
        "Shared with security liaison Kim Wache: Mayor's reception",
        "Appointment created: Mayor's reception",
        "Visit created: Beispieldelegation",
    ]


def test_a_share_with_a_deleted_account_names_no_liaison(planner, visit, liaison):
    """Deleting the account deletes its shares: the log says so, and names nobody in place
    of the liaison."""
    share_appointment(appointment=reception(visit), liaison=liaison)
    liaison.delete()

    assert whats(planner, in_language(visit, "en"))[:2] == [
        "Share withdrawn: Reception at the town hall",
        "Shared with a security liaison: Reception at the town hall",
    ]


@pytest.mark.parametrize(
    ("language", "erased"), [("en", "an erased person"), ("de", "eine gelöschte Person")]
)
def test_an_erased_delegate_is_not_named_in_the_change_log(planner, visit, language, erased):
    """Neither one removed before the erasure nor one still in the delegation: the trail
    keeps a placeholder where the name stood, in German, for readers of any language."""
    add_and_remove_noa(planner, visit)
    avi = make.person("Avi", "Levi")
    visits.add_delegate(visit=visit, person=avi, role=Delegate.Role.HEAD)
    for person in (avi, Person.objects.get(given_name="Noa")):
        erase_person(person=person, erased_by=None)

    log = whats(planner, in_language(visit, language))

    if language == "en":
        assert log == [
            f"Delegate added: {erased} (Head of delegation)",
            f"Delegate removed: {erased} (Member)",
            f"Delegate added: {erased} (Member)",
            "Visit created: Beispieldelegation",
        ]
    else:
        assert log == [
            f"Delegationsmitglied hinzugefügt: {erased} (Delegationsleitung)",
            f"Delegationsmitglied entfernt: {erased} (Mitglied)",
            f"Delegationsmitglied hinzugefügt: {erased} (Mitglied)",
            "Besuch angelegt: Beispieldelegation",
        ]


def test_change_log_leaves_out_the_shares_of_appointments_its_reader_does_not_see(visit, liaison):
    """The page shows the log to the visit's coordinators, who see all its appointments; the
    log follows what its reader sees all the same: a partner host sees the share of the
    appointment they host, not that the other one was shared and withdrawn; and not the
    liaison's name, which the coordinators are told (``access.users_named_to``)."""
    partner = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    hosted = reception(visit, title_en="Hub visit")
    visits.update_appointment(appointment=hosted, fields={}, hosting_organisations=[partner])
    other = reception(visit, day=28, title_en="Police briefing")
    share_appointment(appointment=hosted, liaison=liaison)
    withdraw_share(share=share_appointment(appointment=other, liaison=liaison))
    host = account("hub", Role.PARTNER_HOST, organisation=partner)
    seen = list(Appointment.objects.visible_to(host).filter(visits=visit))

    with translation.override("en"):
        log = [line.what for line in change_log(visit, seen, [], reader=host)]

    assert log == [
        "Shared with a security liaison: Hub visit",
        "Appointment created: Hub visit",
        "Visit created: Beispieldelegation",
    ]


def test_change_log_makes_as_many_queries_for_three_delegates_and_shares_as_for_one(planner, visit):
    """Of each: one in the delegation and one removed, one share and one withdrawn. Those in
    hand are named as the page holds them; the people and liaisons of those removed since
    are looked up at once."""
    url = in_language(visit, "en")
    appointment = reception(visit)

    def add(n: int) -> None:
        kept, removed = make.person("Avi", f"Levi {n}"), make.person("Dan", f"Levi {n}")
        visits.add_delegate(visit=visit, person=kept)
        visits.remove_delegate(delegate=visits.add_delegate(visit=visit, person=removed))
        share_appointment(appointment=appointment, liaison=account(f"a-{n}", Role.SECURITY_LIAISON))
        liaison = account(f"b-{n}", Role.SECURITY_LIAISON)
        withdraw_share(share=share_appointment(appointment=appointment, liaison=liaison))

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert len(whats(planner, url)) == 2 + 6
    add(2)
    add(3)
    with CaptureQueriesContext(connection) as three:
        assert len(whats(planner, url)) == 2 + 6 * 3

    assert len(three) == len(one)


def test_a_delegate_taken_off_the_appointments_is_one_line(planner, visit):
    """Removing a delegate takes them off each appointment they took part in, an entry each:
    said once, on the removal's line, not as a run of "Appointment changed (participants)"."""
    noa = make.person("Noa", "Beispiel", owner=visit.host_municipality)
    planner.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": noa.pk, "role": "member"}
    )
    for day in (27, 28):
        make.appointment(
            visit,
            make.berlin(2025, 1, day, 10),
            make.berlin(2025, 1, day, 11),
            title=f"Termin {day}",
            participants=[noa],
        )
    delegate = Delegate.objects.get(visit=visit, person=noa)
    planner.post(reverse("visits:delegate_remove", args=[delegate.pk]))

    assert whats(planner, in_language(visit, "en"))[:4] == [
        "Delegate removed: Noa Beispiel (Member), and taken off 2 appointments",
        "Appointment created: Termin 28",
        "Appointment created: Termin 27",
        "Delegate added: Noa Beispiel (Member)",
    ]
    assert whats(planner, in_language(visit, "de"))[0] == (
        "Delegationsmitglied entfernt: Noa Beispiel (Mitglied), und aus 2 Terminen ausgetragen"
    )
