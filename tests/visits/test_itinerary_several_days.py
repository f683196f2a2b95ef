"""An appointment that ends on a later day than it begins (an excursion overnight, an evening
past midnight) on the itinerary: its times name the day it ends, the days it lasts through are
not free, and the way back to the hotel is told on the day it ends."""

import datetime as dt

import pytest
from django.utils import translation

from chaveruth.accounts.models import Role
from tests import factories as make
from tests.conftest import log_in
from tests.html import get_page, texts
from tests.visits.conftest import EAST

pytestmark = pytest.mark.django_db

MONDAY = "Monday 27 January 2025"
TUESDAY = "Tuesday 28 January 2025"
WEDNESDAY = "Wednesday 29 January 2025"


@pytest.fixture
def noa_client(client, noa):
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    return client


@pytest.fixture
def guest_house(city):
    """2.2 km east of the hotel, 16 minutes by car; no opening hours known."""
    return make.venue(city, "Gästehaus", **EAST)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """On the visit's clock, in January 2025."""
    return make.berlin(2025, 1, day, hour, minute)


def days_on_page(client, visit, language: str = "en") -> dict[str, list[str]]:
    """The itinerary's days from Monday to Wednesday by their headings, each with its items'
    times and titles and its lines about the way from the hotel and back, in page order."""
    with translation.override(language):
        page = get_page(client, visit.get_absolute_url())
    days = {}
    for day in page.find_all(cls="itinerary-day")[1:4]:
        lines = [
            node.text()
            for node in day.walk()
            if {"itinerary__time", "itinerary__title", "itinerary__way"} & set(node.classes)
        ]
        free = texts(day.find_all(tag="p", cls="kern-body--muted"))
        days[day.find(tag="h3").text()] = lines + free
    return days


def test_an_excursion_over_two_nights_names_the_day_it_ends_and_fills_the_days_between(
    noa_client, visit, noa, guest_house
):
    make.appointment(
        visit, at(27, 10), at(29, 11), title="Ausflug", venue=guest_house, participants=[noa]
    )
    assert days_on_page(noa_client, visit) == {
        MONDAY: [
            "Leave the hotel at 09:40 (16 min by car)",
            "10:00 – Wed 29 Jan, 11:00",
            "Ausflug",
        ],
        TUESDAY: ["all day", "Ausflug"],
        WEDNESDAY: ["until 11:00", "Ausflug", "Back at the hotel about 11:20"],
    }


def test_the_excursion_reads_so_in_german(noa_client, visit, noa, guest_house):
    make.appointment(
        visit, at(27, 10), at(29, 11), title="Ausflug", venue=guest_house, participants=[noa]
    )
    assert days_on_page(noa_client, visit, "de") == {
        "Montag, 27. Januar 2025": [
            "Aufbruch vom Hotel um 09:40 (16 Min. mit dem Auto)",
            "10:00 – Mi 29.1., 11:00",
            "Ausflug",
        ],
        "Dienstag, 28. Januar 2025": ["ganztägig", "Ausflug"],
        "Mittwoch, 29. Januar 2025": ["bis 11:00", "Ausflug", "Zurück im Hotel gegen 11:20"],
    }


def test_an_evening_until_midnight_ends_on_its_own_day(noa_client, visit, noa, guest_house):
    make.appointment(
        visit, at(27, 20), at(28, 0), title="Konzert", venue=guest_house, participants=[noa]
    )
    assert days_on_page(noa_client, visit) == {
        MONDAY: [
            "Leave the hotel at 19:40 (16 min by car)",
            "20:00–00:00",
            "Konzert",
            "Back at the hotel about 00:20",
        ],
        TUESDAY: ["Nothing planned for you."],
        WEDNESDAY: ["Nothing planned for you."],
    }


def test_after_an_evening_past_midnight_the_next_morning_starts_at_the_hotel(
    noa_client, visit, noa, guest_house, museum
):
    """Out past midnight: not back on Monday; on Tuesday, back at the hotel by the time to
    leave for the museum, and back again after it."""
    make.appointment(
        visit, at(27, 22), at(28, 1), title="Nachtführung", venue=guest_house, participants=[noa]
    )
    make.appointment(
        visit, at(28, 10), at(28, 11), title="Museum", venue=museum, participants=[noa]
    )
    assert days_on_page(noa_client, visit) == {
        MONDAY: [
            "Leave the hotel at 21:40 (16 min by car)",
            "22:00 – Tue 28 Jan, 01:00",
            "Nachtführung",
        ],
        TUESDAY: [
            "Leave the hotel at 09:40 (16 min by car)",
            "until 01:00",
            "Nachtführung",
            "10:00–11:00",
            "Museum",
            "Back at the hotel about 11:20",
        ],
        WEDNESDAY: ["Nothing planned for you."],
    }


def test_no_way_is_told_to_an_appointment_while_the_delegation_is_still_out(
    noa_client, visit, noa, guest_house, museum
):
    """The excursion ends at 11:00 next door to the museum: back at the hotel about 11:20,
    after they would leave it at 11:10 for the museum. The way is not told from a hotel the
    delegation is not at."""
    make.appointment(
        visit, at(27, 10), at(28, 11), title="Ausflug", venue=guest_house, participants=[noa]
    )
    make.appointment(
        visit, at(28, 11, 30), at(28, 12), title="Museum", venue=museum, participants=[noa]
    )
    assert days_on_page(noa_client, visit)[TUESDAY] == [
        "until 11:00",
        "Ausflug",
        "11:30–12:00",
        "Museum",
        "Back at the hotel about 12:20",
    ]


def test_the_checks_name_the_day_an_appointment_ends(coordinator, visit, guest_house):
    make.appointment(visit, at(27, 10), at(29, 11), title="Ausflug", venue=guest_house)
    with translation.override("de"):
        page = get_page(coordinator, visit.get_absolute_url())
    lines = texts(page.find(cls="findings").find_all(tag="li", cls="finding"))
    assert "Mo 27.1. 10:00 – Mi 29.1., 11:00: Ausflug, Gästehaus" in lines[0]
