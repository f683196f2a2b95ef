"""The way from the hotel and back on each day of a visit's itinerary: when to leave for the
day's first appointment and about when the delegation is back after its last, by the checks'
own travel times. Only for readers who may know where the hotel is: its own city's
coordinators and its delegates."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from chaveruth.directory import services as directory
from chaveruth.visits import services
from tests import factories as make
from tests.conftest import log_in
from tests.html import get_page, texts

pytestmark = pytest.mark.django_db

TUESDAY = "Tuesday 28 January 2025"
THURSDAY = "Thursday 30 January 2025"
# The visit's days (tests/visits/conftest.py), none with a way yet.
NO_WAYS = {
    day: []
    for day in [
        "Sunday 26 January 2025",
        "Monday 27 January 2025",
        TUESDAY,
        "Wednesday 29 January 2025",
        THURSDAY,
        "Friday 31 January 2025",
    ]
}


def ways_on_page(client, visit, language: str = "en") -> dict[str, list[str]]:
    """Each day of the itinerary, by its heading, with its lines about the way from the hotel
    and back."""
    with translation.override(language):
        page = get_page(client, visit.get_absolute_url())
    return {
        day.find(tag="h3").text(): texts(day.find_all(cls="itinerary__way"))
        for day in page.find_all(cls="itinerary-day")
    }


@pytest.fixture
def noa_client(client, noa):
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    return client


@pytest.fixture
def town_hall(city):
    """No coordinates: only a time a coordinator entered tells the way there."""
    return make.venue(city, "Rathaus Beispielstadt")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """On the visit's clock, in January 2025."""
    return make.berlin(2025, 1, day, hour, minute)


def a_day_at_the_museum_and_the_town_hall(visit, noa, hotel, museum, town_hall):
    """Tuesday: the museum from 09:00, 25 minutes from the hotel; the town hall until 18:15,
    20 minutes back (both times entered by a coordinator)."""
    directory.enter_travel_time(origin=hotel, destination=museum, minutes=25)
    directory.enter_travel_time(origin=town_hall, destination=hotel, minutes=20)
    make.appointment(
        visit, at(28, 9), at(28, 10, 30), venue=museum, title="Museum", participants=[noa]
    )
    make.appointment(
        visit, at(28, 14), at(28, 18, 15), venue=town_hall, title="Rat", participants=[noa]
    )


def test_a_delegate_is_told_when_to_leave_the_hotel_and_when_they_are_back(
    noa_client, visit, noa, hotel, museum, town_hall
):
    a_day_at_the_museum_and_the_town_hall(visit, noa, hotel, museum, town_hall)
    assert ways_on_page(noa_client, visit) == NO_WAYS | {
        TUESDAY: ["Leave the hotel at 08:35 (25 min by car)", "Back at the hotel about 18:35"]
    }
    assert ways_on_page(noa_client, visit, "de")["Dienstag, 28. Januar 2025"] == [
        "Aufbruch vom Hotel um 08:35 (25 Min. mit dem Auto)",
        "Zurück im Hotel gegen 18:35",
    ]


def test_the_way_on_foot_is_rounded_to_five_minutes_and_a_day_without_appointments_has_none(
    noa_client, visit, noa, museum
):
    """The museum is 2.2 km from the hotel: 39 minutes on foot, as the checks estimate it.
    Leaving at 09:21 is said as 09:20, back at 11:39 as 11:40: to the five minutes, on time."""
    services.update_visit(visit=visit, fields={"travel_mode": "walk"})
    make.appointment(visit, at(28, 10), at(28, 11), venue=museum, participants=[noa])
    make.appointment(visit, at(30, 10), at(30, 11), venue=museum, participants=[noa])
    ways = ["Leave the hotel at 09:20 (39 min on foot)", "Back at the hotel about 11:40"]
    assert ways_on_page(noa_client, visit) == NO_WAYS | {TUESDAY: ways, THURSDAY: ways}


def test_no_way_is_told_to_or_from_an_appointment_at_the_hotel_itself(
    noa_client, visit, noa, hotel, museum
):
    """Nor the way to the next appointment: the day begins at the hotel."""
    directory.enter_travel_time(origin=hotel, destination=museum, minutes=25)
    make.appointment(visit, at(28, 8), at(28, 9), venue=hotel, participants=[noa])
    make.appointment(visit, at(28, 10), at(28, 12), venue=museum, participants=[noa])
    make.appointment(visit, at(30, 19), at(30, 21), venue=hotel, participants=[noa])
    assert ways_on_page(noa_client, visit) == NO_WAYS | {TUESDAY: ["Back at the hotel about 12:25"]}


def test_the_way_is_for_those_who_may_know_where_the_hotel_is(
    client, visit, noa, hotel, museum, town_hall
):
    """The city's coordinators see it as the delegates do; a host or the programme office do
    not, though they see the appointments: the minutes from the hotel to venues they know
    would place it, named or not."""
    a_day_at_the_museum_and_the_town_hall(visit, noa, hotel, museum, town_hall)
    hub = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    for appointment in visit.appointments.all():
        services.update_appointment(appointment=appointment, fields={}, hosting_organisations=[hub])
    log_in(client, "koordination", Role.CITY_COORDINATOR, organisation=visit.host_municipality)
    assert ways_on_page(client, visit) == NO_WAYS | {
        TUESDAY: ["Leave the hotel at 08:35 (25 min by car)", "Back at the hotel about 18:35"]
    }
    for username, role, scope in [
        ("hub", Role.PARTNER_HOST, {"organisation": hub}),
        ("programm", Role.PROGRAMME_OFFICE, {}),
    ]:
        log_in(client, username, role, **scope)
        page = get_page(client, visit.get_absolute_url())
        assert texts(page.find_all(cls="kern-body--bold")) == ["Museum", "Rat"], username
        assert ways_on_page(client, visit) == NO_WAYS, username


def test_no_way_is_told_to_or_from_an_appointment_shown_with_its_time_only(
    noa_client, visit, noa, hotel, museum
):
    """Noa, also in the programme office, sees the restricted meetings at the museum as times
    only: the minutes from the hotel would tell how far their place is. Nor is she told when to
    leave for her own meeting after one: the delegation sets off for that one first."""
    delegate = get_user_model().objects.get(username="delegation-noa")
    add_membership(user=delegate, role=Role.PROGRAMME_OFFICE)
    directory.enter_travel_time(origin=hotel, destination=museum, minutes=25)
    restricted = {"confidentiality": "restricted"}
    make.appointment(visit, at(28, 9), at(28, 10), venue=museum, **restricted)
    make.appointment(visit, at(28, 11), at(28, 12), venue=museum, participants=[noa])
    make.appointment(visit, at(30, 11), at(30, 12), venue=museum, participants=[noa])
    make.appointment(visit, at(30, 14), at(30, 15), venue=museum, **restricted)
    assert ways_on_page(noa_client, visit) == NO_WAYS | {
        TUESDAY: ["Back at the hotel about 12:25"],
        THURSDAY: ["Leave the hotel at 10:35 (25 min by car)"],
    }


def test_a_call_has_no_way_the_way_is_to_the_first_place_and_from_the_last(
    noa_client, visit, noa, museum
):
    """The museum is 16 minutes by car: leaving at 09:44 is said as 09:40, back at 11:16 as
    11:20. The calls before and after (no venue) are wherever the delegation is."""
    make.appointment(visit, at(28, 8), at(28, 8, 30), "Anruf", None, [noa], kind="call")
    make.appointment(
        visit, at(28, 10), at(28, 11), venue=museum, title="Museum", participants=[noa]
    )
    make.appointment(visit, at(28, 12), at(28, 12, 30), "Rückruf", None, [noa], kind="call")
    assert ways_on_page(noa_client, visit) == NO_WAYS | {
        TUESDAY: ["Leave the hotel at 09:40 (16 min by car)", "Back at the hotel about 11:20"]
    }


def test_no_way_is_told_past_a_tour_to_a_place_not_named(noa_client, visit, noa, museum):
    """The Ruhr tour of the demo has no venue, yet the delegation leaves the hotel for it at
    09:00: "Leave the hotel at 12:40" for the museum after it would be four hours late. On
    Thursday the tour comes last: the delegation is not back from the museum."""
    make.appointment(visit, at(28, 9), at(28, 12), "Tour", None, [noa], kind="tour")
    make.appointment(visit, at(28, 13), at(28, 14), "Museum", museum, [noa], kind="site_visit")
    make.appointment(visit, at(30, 9), at(30, 10), "Museum", museum, [noa], kind="site_visit")
    make.appointment(visit, at(30, 11), at(30, 15), "Tour", None, [noa], kind="tour")
    assert ways_on_page(noa_client, visit) == NO_WAYS | {
        TUESDAY: ["Back at the hotel about 14:20"],
        THURSDAY: ["Leave the hotel at 08:40 (16 min by car)"],
    }


def test_no_way_is_told_past_a_meeting_whose_venue_is_not_entered_yet(
    noa_client, visit, noa, museum
):
    """While the programme is planned a meeting often has no venue yet, but the delegation
    goes to it from 09:00: "Leave the hotel at 12:40" for the museum after it would be wrong.
    Only a call or free time is held wherever the delegation is."""
    make.appointment(visit, at(28, 9), at(28, 12), "Treffen", None, [noa], kind="meeting")
    make.appointment(visit, at(28, 13), at(28, 14), "Museum", museum, [noa], kind="site_visit")
    make.appointment(visit, at(30, 9), at(30, 10), "Museum", museum, [noa], kind="site_visit")
    make.appointment(visit, at(30, 11), at(30, 12), "Fachgespräch", None, [noa], kind="expert_talk")
    assert ways_on_page(noa_client, visit) == NO_WAYS | {
        TUESDAY: ["Back at the hotel about 14:20"],
        THURSDAY: ["Leave the hotel at 08:40 (16 min by car)"],
    }
