"""An appointment that ends on a later day than it begins (an excursion overnight) on the
proposal page, as on the visit page: its times name the day it ends, and each later day it
takes lists it, "all day" or "until" its end, in the current programme and the proposal alike."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.visits.models import Proposal, Wish
from tests import factories as make
from tests.html import get_page
from tests.visits.conftest import EAST
from tests.visits.test_itinerary import wish
from tests.visits.test_proposal_offer import days_shown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOTHING = ("unchanged", "No change on this day (nothing planned).", [])
ONE_PLANNED = "No change on this day (1 appointment planned)."


@pytest.fixture
def guest_house(city):
    return make.venue(city, "Gästehaus", **EAST)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """On the visit's clock, in January 2025."""
    return make.berlin(2025, 1, day, hour, minute)


def placed(visit, wanted: Wish, start: dt.datetime, end: dt.datetime) -> Proposal:
    """A ready proposal placing ``wanted`` from ``start`` to ``end``, as the optimiser writes
    one."""
    plan = [{"wish": wanted.pk, "start": start.isoformat(), "end": end.isoformat()}]
    return Proposal.objects.create(visit=visit, status="ready", plan=plan)


def shown_in_order(client, proposal: Proposal) -> list[tuple[str, tuple]]:
    """The page's days in its order, each as ``days_shown`` tells it."""
    page = get_page(client, reverse("visits:proposal", args=[proposal.pk]))
    return list(days_shown(page).items())


def test_an_excursion_in_the_programme_is_listed_on_each_day_it_takes(
    coordinator, visit, museum, guest_house
):
    """Tuesday, taken by the excursion, is no free day; Wednesday, where the museum comes
    after it, shows the excursion's end in both columns."""
    make.appointment(visit, at(27, 10), at(29, 11), title="Ausflug", venue=guest_house)
    proposal = placed(visit, wish(visit, museum, minutes=60), at(29, 14), at(29, 15))
    assert shown_in_order(coordinator, proposal) == [
        ("Sunday 26 January 2025", NOTHING),
        (
            "Monday 27 January 2025",
            ("unchanged", ONE_PLANNED, ["10:00 – Wed 29 Jan, 11:00 Ausflug, Gästehaus"]),
        ),
        ("Tuesday 28 January 2025", ("unchanged", ONE_PLANNED, ["all day Ausflug, Gästehaus"])),
        (
            "Wednesday 29 January 2025",
            (
                "compare",
                ["until 11:00 Ausflug, Gästehaus"],
                [
                    "until 11:00 Ausflug, Gästehaus",
                    "14:00–15:00 new: Museumsbesuch, Beispielmuseum",
                ],
            ),
        ),
        ("Thursday 30 January 2025", NOTHING),
        ("Friday 31 January 2025", NOTHING),
    ]


def test_the_excursion_reads_so_in_german(coordinator, visit, museum, guest_house):
    make.appointment(visit, at(27, 10), at(29, 11), title="Ausflug", venue=guest_house)
    proposal = placed(visit, wish(visit, museum, minutes=60), at(29, 14), at(29, 15))
    with translation.override("de"):
        shown = shown_in_order(coordinator, proposal)
    one = "Keine Änderung an diesem Tag (1 Termin geplant)."
    assert shown[1:4] == [
        (
            "Montag, 27. Januar 2025",
            ("unchanged", one, ["10:00 – Mi 29.1., 11:00 Ausflug, Gästehaus"]),
        ),
        ("Dienstag, 28. Januar 2025", ("unchanged", one, ["ganztägig Ausflug, Gästehaus"])),
        (
            "Mittwoch, 29. Januar 2025",
            (
                "compare",
                ["bis 11:00 Ausflug, Gästehaus"],
                ["bis 11:00 Ausflug, Gästehaus", "14:00–15:00 neu: Museumsbesuch, Beispielmuseum"],
            ),
        ),
    ]


def test_a_proposed_night_past_the_visit_s_last_day_is_listed_on_the_day_it_ends(
    coordinator, visit, museum
):
    """Placed from Friday 22:00 to 02:00 on Saturday, a day the visit does not have: Saturday
    is shown after Friday, with what the proposal adds to it."""
    night = wish(visit, museum, minutes=240, title_de="Nachtführung")
    proposal = placed(visit, night, at(31, 22), make.berlin(2025, 2, 1, 2))
    assert shown_in_order(coordinator, proposal) == [
        ("Sunday 26 January 2025", NOTHING),
        ("Monday 27 January 2025", NOTHING),
        ("Tuesday 28 January 2025", NOTHING),
        ("Wednesday 29 January 2025", NOTHING),
        ("Thursday 30 January 2025", NOTHING),
        (
            "Friday 31 January 2025",
            (
                "compare",
                ["Nothing planned."],
                ["22:00 – Sat 1 Feb, 02:00 new: Nachtführung, Beispielmuseum"],
            ),
        ),
        (
            "Saturday 1 February 2025",
            ("compare", ["Nothing planned."], ["until 02:00 new: Nachtführung, Beispielmuseum"]),
        ),
    ]
