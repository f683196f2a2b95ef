"""A visit lasts at most 60 days (``LONGEST_VISIT_DAYS``): a departure typed a century out,
on the visit form or in a reschedule, is refused beside the departure, and nothing changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import services
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.test_bad_input import errors_of, visit_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# From 1 January 2025, the 60th day is 1 March.
TOO_LONG = "A visit lasts at most 60 days: the departure is on 01/03/2025 at the latest."


@pytest.fixture
def visit(city):
    """Sunday 19 to Thursday 23 January 2025."""
    return make.visit(make.programme(), city)


def dates(visit) -> tuple[dt.date, dt.date, str]:
    visit.refresh_from_db()
    return visit.start_date, visit.end_date, visit.status


def test_a_new_visit_of_a_century_is_refused(coordinator, visit):
    response = coordinator.post(
        reverse("visits:create"),
        visit_data(visit, start_date="2025-01-01", end_date="2125-01-01"),
    )
    assert (response.status_code, errors_of(response, "end_date")) == (400, [TOO_LONG])
    assert errors_of(response, "start_date") == []
    assert list(Visit.objects.all()) == [visit]


def test_a_visit_edited_to_a_century_is_refused_in_german(coordinator, visit):
    with translation.override("de"):
        url = reverse("visits:edit", args=[visit.pk])
        response = coordinator.post(url, visit_data(visit, end_date="2125-01-23"))
        shown = errors_of(response, "end_date")
    assert (response.status_code, shown) == (
        400,
        ["Ein Besuch dauert höchstens 60 Tage: Die Abreise ist spätestens am 19.03.2025."],
    )
    assert dates(visit) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23), "planned")


def test_rescheduling_to_a_century_keeps_the_visit_and_its_programme(coordinator, visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    response = coordinator.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-01-01", "end_date": "2125-01-01"},
    )
    assert (response.status_code, errors_of(response, "end_date")) == (400, [TOO_LONG])
    assert dates(visit) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23), "planned")
    talk.refresh_from_db()
    assert (talk.start, visit.postponed_from_start) == (make.berlin(2025, 1, 20, 10), None)


def test_sixty_days_may_be_planned_and_not_one_more(visit):
    with pytest.raises(ValidationError) as refused:
        services.reschedule_visit(
            visit=visit, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 3, 2)
        )
    assert refused.value.message_dict == {"end_date": [TOO_LONG]}
    assert dates(visit) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23), "planned")
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 3, 1)
    )
    assert dates(visit) == (dt.date(2025, 1, 1), dt.date(2025, 3, 1), "postponed")
    assert len(visit.days()) == 60
