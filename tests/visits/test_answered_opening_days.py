"""A venue's day answered already (an opening exception entered for it) is not asked about
again in the visit checks: the finding leads to the exception entered, to be seen or removed,
and no longer offers to enter whether and when the venue opens that day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.directory import services as directory
from tests import factories as make
from tests.html import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_hall(city):
    """Open every day from 08:00 to 20:00."""
    venue = make.venue(city, "Rathaus Beispielstadt")
    directory.set_opening_hours(
        venue=venue, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)]
    )
    return venue


@pytest.fixture
def evening_at_the_town_hall(visit, town_hall):
    """Monday 27 January, 19:00 to 21:00: past closing time."""
    return make.appointment(
        visit, make.berlin(2025, 1, 27, 19), make.berlin(2025, 1, 27, 21), venue=town_hall
    )


def findings_on(client, visit) -> list[tuple[str, str, str]]:
    """Each finding's message, and the text and address of its link to an answer."""
    with translation.override("de"):
        page = get_page(client, visit.get_absolute_url())
    shown = []
    for finding in page.find_all(tag="li", cls="finding"):
        links = finding.find_all(tag="a", cls="finding__answer")
        answer = (links[0].text(), links[0].attrs["href"]) if links else ("", "")
        shown.append((finding.find(cls="finding__message").text(), *answer))
    return shown


def exceptions_url(venue, query: str = "") -> str:
    return reverse("directory:venue_exceptions", args=[venue.pk]) + query


@pytest.mark.usefixtures("evening_at_the_town_hall")
def test_a_day_not_answered_yet_is_asked_about(coordinator, visit, town_hall):
    assert findings_on(coordinator, visit) == [
        (
            "Rathaus Beispielstadt ist am 27.01.2025 nur von 08:00 bis 20:00 geöffnet.",
            "Eintragen, ob und wann Rathaus Beispielstadt am 27.01.2025 geöffnet ist",
            exceptions_url(town_hall, "?date=2025-01-27&open=1"),
        )
    ]


@pytest.mark.usefixtures("evening_at_the_town_hall")
def test_a_day_the_venue_said_it_is_closed_is_not_asked_about_again(coordinator, visit, town_hall):
    directory.add_opening_exception(venue=town_hall, date=dt.date(2025, 1, 27), fields={})
    assert findings_on(coordinator, visit) == [
        (
            "Rathaus Beispielstadt ist am 27.01.2025 geschlossen.",
            "Eingetragene Ausnahme von Rathaus Beispielstadt am 27.01.2025 ansehen",
            exceptions_url(town_hall),
        )
    ]


@pytest.mark.usefixtures("evening_at_the_town_hall")
def test_a_day_with_other_hours_entered_is_not_asked_about_again(coordinator, visit, town_hall):
    fields = {"closed": False, "opens": dt.time(10), "closes": dt.time(14)}
    directory.add_opening_exception(venue=town_hall, date=dt.date(2025, 1, 27), fields=fields)
    assert findings_on(coordinator, visit) == [
        (
            "Rathaus Beispielstadt ist am 27.01.2025 nur von 10:00 bis 14:00 geöffnet.",
            "Eingetragene Ausnahme von Rathaus Beispielstadt am 27.01.2025 ansehen",
            exceptions_url(town_hall),
        )
    ]
