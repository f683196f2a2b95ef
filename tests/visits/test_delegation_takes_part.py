"""What a delegate reads as "my programme" follows the delegation: a new appointment is offered
with the visit's delegates as its participants, and a member added later joins the
appointments the whole delegation takes part in (one taken off leaves them again).

The visit of conftest (Stadt Beispielstadt, Sunday 26 to Friday 31 January 2025) with Noa
Beispiel in its delegation.
"""

import pytest
from django.test import Client
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.directory.privacy import erase_person
from chaveruth.visits import services as visits
from chaveruth.visits.models import Appointment, Delegate
from tests import factories as make
from tests.conftest import log_in
from tests.html import drawn_form, form_values, get_page
from tests.visits.test_change_log_delegates import in_language, whats

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def talk(visit, day: int, title: str, participants=(), **fields) -> Appointment:
    return make.appointment(
        visit,
        make.berlin(2025, 1, day, 10),
        make.berlin(2025, 1, day, 11),
        title=title,
        participants=participants,
        **fields,
    )


def taking_part(appointment: Appointment) -> list[str]:
    return sorted(str(person) for person in appointment.participants.all())


def chosen(client, url: str, name: str) -> list[str]:
    """The labels of the options chosen in the select ``name`` of the form at ``url``."""
    select = get_page(client, url).find(tag="select", attrs={"name": name})
    return [option.text() for option in select.find_all(tag="option") if "selected" in option.attrs]


def programme(client, visit) -> list[str]:
    """The titles of the appointments of the visit page's itinerary, as ``client`` reads it."""
    page = get_page(client, visit.get_absolute_url())
    items = page.find_all(cls="itinerary__item")
    return [item.find(tag="p", cls="kern-body--bold").text() for item in items]


def new_appointment(client, visit, **changes) -> dict:
    """What the browser sends for the new-appointment form of 27 January as drawn, a meeting,
    with ``changes``."""
    url = reverse("visits:appointment_create", args=[visit.pk])
    page = get_page(client, url, data={"day": "2025-01-27"})
    return {**form_values(page.find(tag="form", cls="entry-form")), "kind": "meeting", **changes}


@pytest.fixture
def avi(city):
    return make.person("Avi", "Levi", owner=city)


@pytest.fixture
def dan(visit, noa, city):
    """Noa's fellow member: with two, the delegation has appointments of its own to join."""
    person = make.person("Dan", "Beispiel", owner=city)
    visits.add_delegate(visit=visit, person=person)
    return person


# --- A new appointment --------------------------------------------------------------------------


def test_a_new_appointment_is_offered_with_the_delegation_taking_part(coordinator, visit, noa, avi):
    visits.add_delegate(visit=visit, person=avi)
    make.person("Gil", "Gast", owner=visit.host_municipality)  # in the directory, not the visit
    url = reverse("visits:appointment_create", args=[visit.pk])

    assert chosen(coordinator, url, "participants") == ["Noa Beispiel", "Avi Levi"]
    assert chosen(coordinator, url, "hosts") == []


def test_a_new_appointment_is_offered_without_an_erased_member(coordinator, visit, noa, avi):
    """An erased record is no one to invite, as the delegate form has it."""
    visits.add_delegate(visit=visit, person=avi)
    erase_person(person=avi, erased_by=None)
    url = reverse("visits:appointment_create", args=[visit.pk])

    assert chosen(coordinator, url, "participants") == ["Noa Beispiel"]


def test_an_appointment_edited_shows_whom_it_has_not_the_delegation(coordinator, visit, noa):
    appointment = talk(visit, 27, "Vorgespräch")

    url = reverse("visits:appointment_edit", args=[appointment.pk])

    assert chosen(coordinator, url, "participants") == []


def test_an_appointment_saved_as_offered_is_in_the_delegates_programme(coordinator, visit, noa):
    url = reverse("visits:appointment_create", args=[visit.pk])
    data = new_appointment(coordinator, visit, title_de="Empfang im Rathaus")
    assert coordinator.post(url, data).status_code == 302
    delegate = Client()
    log_in(delegate, "noa", Role.DELEGATE, person=noa)

    assert programme(delegate, visit) == ["Empfang im Rathaus"]


def test_the_coordinator_may_take_the_delegation_out(coordinator, visit, noa):
    url = reverse("visits:appointment_create", args=[visit.pk])
    data = new_appointment(coordinator, visit, title_de="Vorbereitung im Amt", participants=[])
    assert coordinator.post(url, data).status_code == 302

    assert taking_part(Appointment.objects.get(title_de="Vorbereitung im Amt")) == []


# --- A delegate added or taken off --------------------------------------------------------------


def test_a_delegate_added_joins_what_the_whole_delegation_takes_part_in(visit, noa, dan, avi):
    everyone = talk(visit, 27, "Empfang", participants=[noa, dan])
    some = talk(visit, 28, "Fachgespräch", participants=[noa])
    nobody = talk(visit, 29, "Vorbereitung")
    secret = talk(
        visit, 30, "Gespräch im Ministerium", participants=[noa, dan], confidentiality="restricted"
    )

    visits.add_delegate(visit=visit, person=avi)

    assert [taking_part(a) for a in (everyone, some, nobody, secret)] == [
        ["Avi Levi", "Dan Beispiel", "Noa Beispiel"],
        ["Noa Beispiel"],
        [],
        ["Dan Beispiel", "Noa Beispiel"],  # restricted: only those the coordinator named
    ]


def test_a_delegate_added_joins_what_all_but_an_erased_member_take_part_in(
    visit, noa, dan, avi, city
):
    """An appointment planned after an erasure leaves the erased member out: it is the whole
    delegation's all the same."""
    eli = make.person("Eli", "Beispiel", owner=city)
    visits.add_delegate(visit=visit, person=eli)
    erase_person(person=eli, erased_by=None)
    tour = talk(visit, 28, "Stadtrundgang", participants=[noa, dan])

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(tour) == ["Avi Levi", "Dan Beispiel", "Noa Beispiel"]


def test_the_first_delegate_joins_nothing(visit, avi):
    """With nobody in the delegation yet, no appointment is the whole delegation's."""
    appointment = talk(visit, 27, "Empfang")

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(appointment) == []


def test_a_delegate_added_joins_nothing_of_a_delegation_of_one(visit, noa, avi):
    """One member's appointments are theirs, a one-to-one talk among them: not the
    delegation's, nor for a member added later to read."""
    one_to_one = talk(visit, 27, "Vier-Augen-Gespräch", participants=[noa])

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(one_to_one) == ["Noa Beispiel"]


def test_an_erased_member_does_not_make_a_delegation_of_two(visit, noa, avi, city):
    eli = make.person("Eli", "Beispiel", owner=city)
    visits.add_delegate(visit=visit, person=eli)
    erase_person(person=eli, erased_by=None)
    one_to_one = talk(visit, 27, "Vier-Augen-Gespräch", participants=[noa])

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(one_to_one) == ["Noa Beispiel"]


def test_a_delegate_added_joins_a_joint_appointment_of_the_whole_delegation(
    visit, noa, dan, avi, city
):
    """The other visit's delegation counts for its own: Avi joins, Eli does not."""
    other = make.visit(make.programme("zwei"), city, start=visit.start_date, end=visit.end_date)
    eli = make.person("Eli", "Anders", owner=city)
    visits.add_delegate(visit=other, person=eli)
    joint = visits.add_appointment(
        visits=[visit, other],
        participants=[noa, dan],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "start": make.berlin(2025, 1, 27, 18),
            "end": make.berlin(2025, 1, 27, 20),
        },
    )

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(joint) == ["Avi Levi", "Dan Beispiel", "Noa Beispiel"]


def test_a_delegate_added_to_a_cancelled_visit_joins_nothing(visit, noa, dan, avi):
    """Its programme is no longer planned; a joint appointment in it may be another visit's."""
    appointment = talk(visit, 27, "Empfang", participants=[noa, dan])
    visits.cancel_visit(visit=visit, reason="Reisewarnung")

    visits.add_delegate(visit=visit, person=avi)

    assert taking_part(appointment) == ["Dan Beispiel", "Noa Beispiel"]


def test_a_delegate_added_and_taken_off_leaves_the_programme_as_it_was(visit, noa, dan, avi):
    appointment = talk(visit, 27, "Empfang", participants=[noa, dan])

    delegate = visits.add_delegate(visit=visit, person=avi)
    assert taking_part(appointment) == ["Avi Levi", "Dan Beispiel", "Noa Beispiel"]
    visits.remove_delegate(delegate=delegate)

    assert taking_part(appointment) == ["Dan Beispiel", "Noa Beispiel"]
    assert not Delegate.objects.filter(person=avi).exists()


def test_a_delegate_added_on_the_page_reads_the_delegations_programme(
    coordinator, visit, noa, dan, avi
):
    talk(visit, 27, "Empfang", participants=[noa, dan])
    talk(visit, 28, "Fachgespräch")
    coordinator.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": avi.pk, "role": "member"}
    )
    delegate = Client()
    log_in(delegate, "avi", Role.DELEGATE, person=avi)

    assert programme(delegate, visit) == ["Empfang"]


def test_a_delegate_joining_the_appointments_is_one_line_of_the_change_log(
    coordinator, visit, noa, dan, avi
):
    """Joining each appointment is an entry of the trail each: said once, on the addition's
    line, not as a run of "Appointment changed" (as a removal's are)."""
    for day in (27, 28):
        talk(visit, day, f"Termin {day}", participants=[noa, dan])
    coordinator.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": avi.pk, "role": "member"}
    )

    assert whats(coordinator, in_language(visit, "en"))[:3] == [
        "Delegate added: Avi Levi (Member), and added to 2 appointments",
        "Appointment created: Termin 28",
        "Appointment created: Termin 27",
    ]
    assert whats(coordinator, in_language(visit, "de"))[0] == (
        "Delegationsmitglied hinzugefügt: Avi Levi (Mitglied), und in 2 Termine eingetragen"
    )


def edited(client, appointment: Appointment, participants: list) -> None:
    """``appointment`` saved on its page as drawn, with ``participants``."""
    url = reverse("visits:appointment_edit", args=[appointment.pk])
    data = drawn_form(client, url)
    data["participants"] = [str(person.pk) for person in participants]
    assert client.post(url, data).status_code == 302


def test_a_guest_added_by_hand_just_after_a_delegate_keeps_their_own_line(
    coordinator, visit, noa, dan, avi
):
    """Only what the delegate's addition did is said on its line: a guest added a moment
    later is a change of its own."""
    talk(visit, 27, "Empfang", participants=[noa, dan])
    other = talk(visit, 28, "Fachgespräch")
    coordinator.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": avi.pk, "role": "member"}
    )
    edited(coordinator, other, [make.person("Gil", "Gast", owner=visit.host_municipality)])

    assert whats(coordinator, in_language(visit, "en"))[:2] == [
        "Appointment changed: Fachgespräch (participants)",
        "Delegate added: Avi Levi (Member), and added to 1 appointment",
    ]


def test_a_guest_added_by_hand_to_what_a_delegate_just_joined_is_not_hidden(
    coordinator, visit, noa, dan, avi
):
    """The trail makes one change of the two: it is said as the appointment's."""
    joined = talk(visit, 27, "Empfang", participants=[noa, dan])
    coordinator.post(
        reverse("visits:delegate_add", args=[visit.pk]), {"person": avi.pk, "role": "member"}
    )
    gil = make.person("Gil", "Gast", owner=visit.host_municipality)
    edited(coordinator, joined, [noa, dan, avi, gil])

    assert whats(coordinator, in_language(visit, "en"))[:2] == [
        "Appointment changed: Empfang (participants)",
        "Delegate added: Avi Levi (Member)",
    ]


def test_a_guest_taken_off_by_hand_just_before_a_delegate_keeps_their_own_line(
    coordinator, visit, noa, dan
):
    gil = make.person("Gil", "Gast", owner=visit.host_municipality)
    talk(visit, 27, "Empfang", participants=[noa, dan])
    other = talk(visit, 28, "Fachgespräch", participants=[noa, gil])
    edited(coordinator, other, [noa])
    delegate = Delegate.objects.get(person=dan)
    coordinator.post(reverse("visits:delegate_remove", args=[delegate.pk]))

    assert whats(coordinator, in_language(visit, "en"))[:2] == [
        "Delegate removed: Dan Beispiel (Member), and taken off 1 appointment",
        "Appointment changed: Fachgespräch (participants)",
    ]


def test_an_erased_delegate_s_removal_still_says_what_it_took_them_off(
    coordinator, visit, noa, dan
):
    """The trail names them by the erasure's placeholder since, on both entries."""
    talk(visit, 27, "Empfang", participants=[noa, dan])
    delegate = Delegate.objects.get(person=dan)
    coordinator.post(reverse("visits:delegate_remove", args=[delegate.pk]))
    erase_person(person=dan, erased_by=None)

    assert whats(coordinator, in_language(visit, "en"))[0] == (
        "Delegate removed: an erased person (Member), and taken off 1 appointment"
    )


# --- The visit page -----------------------------------------------------------------------------

NOT_THEIRS = "No member of the delegation takes part: it is not in their programme."


def notes(client, visit) -> dict[str, list[str]]:
    """The small print under each appointment of the visit page's itinerary, by title."""
    page = get_page(client, in_language(visit, "en"))
    return {
        item.find(tag="p", cls="kern-body--bold").text(): [
            p.text() for p in item.find_all(tag="p", cls="kern-body--small")
        ]
        for item in page.find_all(cls="itinerary__item")
    }


def test_the_organisers_read_which_appointments_no_delegate_takes_part_in(
    coordinator, visit, noa, avi
):
    visits.add_delegate(visit=visit, person=avi)
    talk(visit, 27, "Empfang", participants=[noa, avi])
    talk(visit, 28, "Fachgespräch", participants=[avi])
    talk(visit, 29, "Vorbereitung", participants=[make.person("Gil", "Gast")])

    marked = {title: NOT_THEIRS in lines for title, lines in notes(coordinator, visit).items()}

    assert marked == {"Empfang": False, "Fachgespräch": False, "Vorbereitung": True}


def test_a_visit_without_a_delegation_marks_nothing(coordinator, visit):
    talk(visit, 27, "Empfang")

    assert notes(coordinator, visit) == {"Empfang": ["Reception · Internal"]}
