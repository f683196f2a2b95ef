"""What a coordinator reads before accepting a proposal, and the checks on the visit page: the
conflicts before the notes."""

import datetime as dt
from decimal import Decimal

import pytest

from chaveruth.directory import services as directory
from tests import factories as make
from tests.conftest import log_in_as_coordinator
from tests.html import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FRIDAY_PAST_CANDLE_LIGHTING = (
    "During Shabbat, from Friday, 31/01/2025, 17:01 (candle lighting) to Saturday, 01/02/2025, "
    "18:14 (havdalah)."
)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def city(db):
    return make.municipality("Stadt Beispielstadt", "Beispielstadt")


@pytest.fixture
def museum(city):
    """Open Tuesday to Sunday, 09:30–17:30; 16 minutes by car from the hotel."""
    venue = make.venue(
        city, "Beispielmuseum", latitude=Decimal("51.481900"), longitude=Decimal("7.247500")
    )
    directory.set_opening_hours(
        venue=venue, hours=[(day, dt.time(9, 30), dt.time(17, 30)) for day in range(1, 7)]
    )
    return venue


@pytest.fixture
def visit(city):
    """Sunday 26 to Friday 31 January 2025, observing Shabbat, staying at a hotel in Bochum."""
    hotel = make.venue(
        city, "Beispielhotel", latitude=Decimal("51.481900"), longitude=Decimal("7.215800")
    )
    return make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
        observes_shabbat=True,
        hotel=hotel,
    )


@pytest.fixture
def coordinator(client, city):
    return log_in_as_coordinator(client, city)


def findings_shown(page) -> list[tuple[str, str]]:
    """Each finding of the page's list, in its order: its badge and its message."""
    return [
        (finding.find(cls="kern-badge").text(), finding.find(cls="finding__message").text())
        for finding in page.find_all(tag="li", cls="finding")
    ]


def long_day_without_lunch(visit, day: int) -> None:
    make.appointment(visit, make.berlin(2025, 1, day, 9), make.berlin(2025, 1, day, 19))


def no_lunch(day: str) -> tuple[str, str]:
    return (
        "Note",
        f"No meal on {day}: between 11:30 and 14:30 there is no meal and no break of 30 minutes.",
    )


def test_the_visit_page_lists_its_conflict_before_its_notes(coordinator, visit, museum):
    """Sunday's and Tuesday's missing lunch come first in time, Friday's Shabbat conflict
    first on the page; the notes keep their order."""
    long_day_without_lunch(visit, 26)
    long_day_without_lunch(visit, 28)
    make.appointment(
        visit, make.berlin(2025, 1, 31, 15), make.berlin(2025, 1, 31, 17, 15), venue=museum
    )
    page = get_page(coordinator, visit.get_absolute_url())
    assert findings_shown(page) == [
        ("Conflict", FRIDAY_PAST_CANDLE_LIGHTING),
        no_lunch("26/01/2025"),
        no_lunch("28/01/2025"),
    ]
