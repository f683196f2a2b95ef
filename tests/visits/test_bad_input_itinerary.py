"""More bad input on the itinerary's pages: a clear message in the reader's language, a 4xx,
and nothing saved changed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.directory import services as directory
from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Proposal, Visit
from tests import factories as make
from tests.test_bad_input import errors_of, visit_data
from tests.visits.conftest import BOCHUM, EAST
from tests.visits.test_itinerary import propose, wish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "immediate_tasks")]


DAYS_A_VISIT_MAY_LIE_ON = "Enter a date from 01/01/1900 to 31/12/2199."


@pytest.fixture
def visit(city):
    """Sunday 19 to Thursday 23 January 2025, staying at a hotel with coordinates."""
    return make.visit(make.programme(), city, hotel=make.venue(city, "Beispielhotel", **BOCHUM))


@pytest.mark.parametrize(
    ("start", "end"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")]
)
def test_a_visit_at_the_end_of_the_calendar_is_refused(coordinator, visit, start, end):
    """Saved, it answered 500 on its page and on the visit list of everyone who sees it: the
    calendars look a day beyond the visit, which Python's dates do not have there."""
    response = coordinator.post(
        reverse("visits:create"), visit_data(visit, start_date=start, end_date=end)
    )
    assert response.status_code == 400
    assert errors_of(response, "start_date") == [DAYS_A_VISIT_MAY_LIE_ON]
    assert errors_of(response, "end_date") == [DAYS_A_VISIT_MAY_LIE_ON]
    assert list(Visit.objects.all()) == [visit]
    assert coordinator.get(reverse("visits:list")).status_code == 200


def test_a_visit_planned_centuries_ahead_is_refused_in_german(coordinator, visit):
    with translation.override("de"):
        url = reverse("visits:edit", args=[visit.pk])
    response = coordinator.post(url, visit_data(visit, end_date="2205-01-23"))
    assert response.status_code == 400
    assert errors_of(response, "end_date") == [
        "Geben Sie ein Datum vom 01.01.1900 bis zum 31.12.2199 ein."
    ]
    assert 'min="1900-01-01" max="2199-12-31"' in response.text
    visit.refresh_from_db()
    assert visit.end_date == dt.date(2025, 1, 23)


def test_rescheduling_to_the_end_of_the_calendar_keeps_the_visit_and_its_programme(
    coordinator, visit
):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    response = coordinator.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "9999-12-27", "end_date": "9999-12-31"},
    )
    assert response.status_code == 400
    assert errors_of(response, "start_date") == [DAYS_A_VISIT_MAY_LIE_ON]
    assert errors_of(response, "end_date") == [DAYS_A_VISIT_MAY_LIE_ON]
    visit.refresh_from_db()
    talk.refresh_from_db()
    assert (visit.start_date, visit.end_date, visit.status, visit.postponed_from_start) == (
        dt.date(2025, 1, 19),
        dt.date(2025, 1, 23),
        "planned",
        None,
    )
    assert talk.start == make.berlin(2025, 1, 20, 10)


@pytest.mark.parametrize(
    ("zone", "night", "new_night"),
    [
        # Germany puts its clocks forward on Sunday 30 March 2025 at 02:00, Israel on Friday 28.
        ("Europe/Berlin", dt.date(2025, 3, 23), dt.date(2025, 3, 30)),
        ("Asia/Jerusalem", dt.date(2025, 3, 21), dt.date(2025, 3, 28)),
    ],
)
def test_rescheduling_an_appointment_onto_the_hour_the_clocks_skip_is_refused(
    coordinator, city, zone, night, new_night
):
    """It was moved an hour later without a word: 02:15 on the new night is 03:15."""
    clock = ZoneInfo(zone)
    visit = make.visit(
        make.programme(), city, start=night, end=night + dt.timedelta(days=1), time_zone=zone
    )
    start = dt.datetime.combine(night, dt.time(2, 15), clock)
    train = make.appointment(visit, start, start + dt.timedelta(minutes=30), title="Nachtzug")
    response = coordinator.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": new_night, "end_date": new_night + dt.timedelta(days=1)},
    )
    assert response.status_code == 400
    assert errors_of(response, "start_date") == [
        "“Nachtzug” at 02:15: on its new date the clocks go forward over that hour. "
        "Move the appointment first."
    ]
    visit.refresh_from_db()
    train.refresh_from_db()
    assert (visit.start_date, visit.status, train.start) == (night, "planned", start)


def test_rescheduling_an_appointment_onto_the_night_the_clocks_go_forward_keeps_its_hours(
    coordinator, city
):
    """Times the clocks show that night still move with the visit, 10:00 staying 10:00."""
    visit = make.visit(make.programme(), city, start=dt.date(2025, 3, 23), end=dt.date(2025, 3, 23))
    late = make.appointment(visit, make.berlin(2025, 3, 23, 1, 15), make.berlin(2025, 3, 23, 1, 45))
    talk = make.appointment(visit, make.berlin(2025, 3, 23, 10), make.berlin(2025, 3, 23, 11))
    response = coordinator.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-30", "end_date": "2025-03-30"},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    talk.refresh_from_db()
    assert (late.start, talk.start) == (
        make.berlin(2025, 3, 30, 1, 15),
        make.berlin(2025, 3, 30, 10),
    )


@pytest.fixture
def museum(city):
    """Open every day, unlike the conftest's (closed on Mondays)."""
    venue = make.venue(city, "Beispielmuseum", **EAST)
    directory.set_opening_hours(
        venue=venue, hours=[(day, dt.time(9, 30), dt.time(17, 30)) for day in range(7)]
    )
    return venue


ACCEPTED_MEANWHILE = (
    "This proposal was accepted meanwhile: its appointments are in the programme. "
    "Delete them on the visit page to undo it."
)


def test_discarding_a_proposal_accepted_meanwhile_says_it_was_accepted(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """A second tab's "Discard" said "the programme is as it was" beside the new appointment."""
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    services.accept_proposal(proposal=proposal)  # in the first tab
    response = coordinator.post(reverse("visits:proposal_discard", args=[proposal.pk]))
    assert response.status_code == 409
    assert response.context["refusal"] == ACCEPTED_MEANWHILE
    assert [str(m) for m in response.context["messages"]] == []
    proposal.refresh_from_db()
    assert (proposal.status, Appointment.objects.count()) == ("accepted", 1)


def test_discarding_a_proposal_accepted_meanwhile_says_so_in_german(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    services.accept_proposal(proposal=proposal)
    with translation.override("de"):
        url = reverse("visits:proposal_discard", args=[proposal.pk])
    response = coordinator.post(url)
    assert response.status_code == 409
    assert response.context["refusal"] == (
        "Dieser Vorschlag wurde inzwischen übernommen: Seine Termine stehen im Programm. "
        "Löschen Sie sie auf der Seite des Besuchs, um das rückgängig zu machen."
    )


def test_discarding_a_discarded_proposal_again_is_no_error(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    url = reverse("visits:proposal_discard", args=[proposal.pk])
    assert coordinator.post(url, follow=True).redirect_chain == [
        (reverse("visits:wishes", args=[visit.pk]), 302)
    ]
    response = coordinator.post(url, follow=True)  # a second click, or another tab
    assert [str(m) for m in response.context["messages"]] == [
        "Proposal discarded: the programme is as it was."
    ]
    proposal.refresh_from_db()
    assert (proposal.status, Appointment.objects.count()) == (Proposal.Status.DISCARDED, 0)


@pytest.mark.parametrize("next_url", ["http://[", "https://[evil.example]/", "http://[::1"])
def test_switching_the_language_towards_a_malformed_address_goes_home(client, next_url):
    """Not a 500 (the address could not even be split), and not away from the site."""
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert response.cookies["django_language"].value == "en"
