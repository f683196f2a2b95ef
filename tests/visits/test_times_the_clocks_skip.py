"""A time typed on a night the clocks change: one they skip, or one they show twice, is
refused beside its field with the changeover and the times that may be entered, in the user's
language, not with Django's message (the zone's code, the time as ISO)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.visits.models import Appointment, Visit
from tests import factories as make
from tests.test_bad_input import errors_of

pytestmark = pytest.mark.django_db


def appointment_data(start: str, end: str) -> dict:
    return {
        "kind": "meeting",
        "title_de": "Arbeitstreffen",
        "confidentiality": "internal",
        "start": start,
        "end": end,
        "seen_version": "",
    }


def visit_over(city, start: dt.date, end: dt.date, **fields) -> Visit:
    return make.visit(make.programme(), city, start=start, end=end, **fields)


def refused(client, visit: Visit, start: str, end: str) -> tuple[int, list[str], list[str]]:
    url = reverse("visits:appointment_create", args=[visit.pk])
    response = client.post(url, appointment_data(start, end))
    return response.status_code, errors_of(response, "start"), errors_of(response, "end")


def test_a_time_the_clocks_skip_is_explained_in_german(coordinator, city):
    # Germany puts its clocks forward on Sunday 28 March 2027 at 02:00.
    easter = visit_over(city, dt.date(2027, 3, 26), dt.date(2027, 3, 29))
    with translation.override("de"):
        answer = refused(coordinator, easter, "2027-03-28T02:30", "2027-03-28T03:30")
    assert answer == (
        400,
        [
            "Am 28.03.2027 gibt es 02:30 Ortszeit nicht: Die Uhren werden von 02:00 auf 03:00 "
            "vorgestellt. Wählen Sie eine Zeit vor 02:00 oder ab 03:00."
        ],
        [],
    )
    assert Appointment.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_a_time_the_clocks_show_twice_is_refused(coordinator, city):
    # Germany puts its clocks back on Sunday 31 October 2027 at 03:00: 02:30 comes twice.
    autumn = visit_over(city, dt.date(2027, 10, 29), dt.date(2027, 11, 1))
    assert refused(coordinator, autumn, "2027-10-31T01:30", "2027-10-31T02:30") == (
        400,
        [],
        [
            "On 31/10/2027, 02:30 occurs twice in local time: the clocks go back from 03:00 to "
            "02:00. Choose a time before 02:00 or from 03:00 on."
        ],
    )
    assert Appointment.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_israel_s_changeover_is_named_on_israel_s_clock(coordinator, city):
    # Israel puts its clocks forward on Friday 26 March 2027 at 02:00, two days before Germany.
    in_israel = visit_over(
        city, dt.date(2027, 3, 25), dt.date(2027, 3, 28), time_zone=Visit.TimeZone.JERUSALEM
    )
    assert refused(coordinator, in_israel, "2027-03-26T02:15", "2027-03-26T04:00") == (
        400,
        [
            "On 26/03/2027, 02:15 does not exist in local time: the clocks go forward from "
            "02:00 to 03:00. Choose a time before 02:00 or from 03:00 on."
        ],
        [],
    )


def test_the_hour_after_the_clocks_go_forward_is_saved(coordinator, city):
    easter = visit_over(city, dt.date(2027, 3, 26), dt.date(2027, 3, 29))
    url = reverse("visits:appointment_create", args=[easter.pk])
    response = coordinator.post(url, appointment_data("2027-03-28T03:00", "2027-03-28T04:00"))
    assert response.status_code == 302
    saved = Appointment.objects.get()
    assert (saved.start, saved.end) == (make.berlin(2027, 3, 28, 3), make.berlin(2027, 3, 28, 4))
