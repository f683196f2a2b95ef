"""What a coordinator reads before accepting a proposal, and the checks on the visit page: the
conflicts before the notes, each day's calendar notes beside its programme, and the conflicts
the current programme keeps after accepting."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests import factories as make
from tests.html import get_page
from tests.visits.test_itinerary import propose, wish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "immediate_tasks")]

FRIDAY_PAST_CANDLE_LIGHTING = (
    "During Shabbat, from Friday, 31/01/2025, 17:01 (candle lighting) to Saturday, 01/02/2025, "
    "18:14 (havdalah)."
)


def findings_shown(page) -> list[tuple[str, str]]:
    """Each finding of the page's list, in its order: its badge and its message."""
    return [
        (finding.find(cls="kern-badge").text(), finding.find(cls="finding__message").text())
        for finding in page.find_all(tag="li", cls="finding")
    ]


def days_shown(page) -> dict[str, list[str]]:
    """Each day of the proposal, by its heading, with its calendar notes."""
    return {
        day.find(tag="h3").text(): [
            note.text() for note in day.find_all(tag="li", cls="day-notes__note")
        ]
        for day in page.find_all(cls="proposal-day")
    }


def long_day_without_lunch(visit, day: int) -> None:
    make.appointment(visit, make.berlin(2025, 1, day, 9), make.berlin(2025, 1, day, 19))


def no_lunch(day: str) -> tuple[str, str]:
    return (
        "Note",
        f"No meal on {day}: between 11:30 and 14:30 there is no meal and no break of 30 minutes "
        "(not a minute free).",
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


def test_the_proposal_shows_each_day_s_calendar_notes(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    url = reverse("visits:proposal", args=[proposal.pk])
    assert days_shown(get_page(coordinator, url)) == {
        "Sunday 26 January 2025": ["Not a working day in Germany"],
        "Monday 27 January 2025": [],
        "Tuesday 28 January 2025": [],
        "Wednesday 29 January 2025": [],
        "Thursday 30 January 2025": [],
        "Friday 31 January 2025": ["Shabbat: rest begins at 17:01 (candle lighting)"],
    }
    with translation.override("de"):  # the address in German, with no language prefix
        in_german = days_shown(
            get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
        )
    assert in_german["Freitag, 31. Januar 2025"] == [
        "Schabbat: Ruhezeit beginnt um 17:01 (Kerzenzünden)"
    ]


def test_the_proposal_s_checks_keep_the_current_programme_s_conflict(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Accepting adds appointments and leaves Friday's museum visit past candle lighting as it
    is: the checks after accepting say so. The current programme's notes (no lunch from Sunday
    to Thursday) are left to the visit page."""
    friday = make.appointment(
        visit,
        make.berlin(2025, 1, 31, 15),
        make.berlin(2025, 1, 31, 17, 15),
        title="Spätbesuch",
        venue=museum,
    )
    for day in (26, 28, 29, 30):
        long_day_without_lunch(visit, day)
    wish(visit, museum, minutes=60, day=dt.date(2025, 1, 31))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert proposal.status == "ready" and len(proposal.plan) == 1
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    checks = page.find(tag="section", cls="checks")
    assert checks.find(tag="h2").text() == "Checks after accepting"
    assert findings_shown(checks) == [("Conflict", FRIDAY_PAST_CANDLE_LIGHTING)]
    assert checks.find(cls="finding--error").find(tag="a").attrs["href"] == reverse(
        "visits:appointment_edit", args=[friday.pk]
    )


def declarations(selector: str) -> list[str]:
    """The declarations the stylesheet's top-level rules give ``selector``, in their order."""
    css = (settings.BASE_DIR / "static" / "css" / "chaveruth.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^}]*\})*\s*\}", "", css)  # not a phone's layout
    return [
        declaration.strip()
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
        if selector in (s.strip() for s in selectors.split(","))
        for declaration in body.split(";")
        if declaration.strip()
    ]


def test_the_proposal_s_days_stand_apart_as_the_visit_page_s_do(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Sunday's programme ran into Monday's heading: each day is a block with space around."""
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert len(page.find_all(tag="div", cls="proposal-day")) == 6
    assert declarations(".proposal-day") == ["margin-block: 1.5rem"]
    assert declarations(".proposal-day") == declarations(".itinerary-day")
