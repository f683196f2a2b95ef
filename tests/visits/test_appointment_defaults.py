"""A new appointment is offered on the day it is added from, after that day's programme, and
its time inputs keep the browser to the visit's days (the visit of conftest: Sunday 26 to
Friday 31 January 2025, Berlin time, its programme day 09:00–19:00)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.visits import services
from chaveruth.visits.itinerary.offer import day_to_plan
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.conftest import log_in
from tests.html import Node, get_page, parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JERUSALEM = ZoneInfo("Asia/Jerusalem")


def entry_form(client, url: str, **query) -> Node:
    return get_page(client, url, data=query).find(tag="form", cls="entry-form")


def offered(client, visit: Visit, **query) -> tuple[str, str]:
    """The start and end the new-appointment form is filled with, as the browser gets them."""
    form = entry_form(client, reverse("visits:appointment_create", args=[visit.pk]), **query)
    inputs = {name: form.find(tag="input", attrs={"name": name}) for name in ("start", "end")}
    return inputs["start"].attrs["value"], inputs["end"].attrs["value"]


def intro(client, visit: Visit, **query) -> list[str]:
    """What the new-appointment page says above its form."""
    url = reverse("visits:appointment_create", args=[visit.pk])
    main = get_page(client, url, data=query).find(tag="main")
    return [node.text() for node in main.find_all(tag="p", cls="kern-body")]


def talk(visit, day: int, start: tuple[int, int], end: tuple[int, int], zone=make.BERLIN):
    """An appointment on ``day`` January 2025, from and to (hour, minute) in ``zone``."""
    return make.appointment(
        visit,
        dt.datetime(2025, 1, day, *start, tzinfo=zone),
        dt.datetime(2025, 1, day, *end, tzinfo=zone),
    )


def test_an_empty_day_is_offered_from_when_the_programme_day_starts(coordinator, visit):
    assert offered(coordinator, visit, day="2025-01-28") == ("2025-01-28T09:00", "2025-01-28T10:00")


def test_a_day_with_appointments_is_offered_after_the_last_to_end(coordinator, visit):
    talk(visit, 27, (9, 0), (14, 5))  # ends last: at a minute off the quarter hour
    talk(visit, 27, (10, 0), (11, 0))  # starts last
    talk(visit, 28, (15, 0), (16, 0))  # another day's

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T14:15", "2025-01-27T15:15")


def test_an_end_on_the_quarter_hour_is_kept(coordinator, visit):
    talk(visit, 27, (9, 0), (10, 30))

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T10:30", "2025-01-27T11:30")


def test_an_end_a_few_seconds_past_the_quarter_hour_is_rounded_up(coordinator, visit):
    make.appointment(visit, make.berlin(2025, 1, 27, 9), make.berlin(2025, 1, 27, 10, 0, 30))

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T10:15", "2025-01-27T11:15")


def test_the_end_offered_stops_at_the_end_of_the_programme_day(coordinator, visit):
    talk(visit, 27, (9, 0), (18, 20))

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T18:30", "2025-01-27T19:00")


def test_a_day_planned_past_its_end_is_offered_a_full_hour_after(coordinator, visit):
    talk(visit, 27, (18, 0), (19, 40))

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T19:45", "2025-01-27T20:45")


def test_late_in_the_evening_the_offer_stays_on_its_day(coordinator, visit):
    """On the visit's last day an offer past midnight could not be saved."""
    talk(visit, 31, (22, 30), (23, 50))

    assert offered(coordinator, visit, day="2025-01-31") == ("2025-01-31T23:44", "2025-01-31T23:59")


def test_without_a_day_a_visit_over_is_offered_from_its_first_day(coordinator, visit):
    talk(visit, 26, (9, 0), (10, 0))

    assert offered(coordinator, visit) == ("2025-01-26T10:00", "2025-01-26T11:00")


@pytest.mark.parametrize(
    ("today", "day"),
    [
        (dt.date(2025, 1, 20), dt.date(2025, 1, 26)),  # ahead: its first day
        (dt.date(2025, 1, 28), dt.date(2025, 1, 28)),  # under way: today
        (dt.date(2025, 1, 31), dt.date(2025, 1, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 1, 26)),  # over: its first day
    ],
)
def test_without_a_day_today_is_offered_while_the_visit_is_under_way(visit, today, day):
    assert day_to_plan(visit, None, today) == day
    assert day_to_plan(visit, "2025-01-29", today) == dt.date(2025, 1, 29)


@pytest.mark.parametrize(
    "day",
    [
        "",
        "morgen",
        "2025-02-30",
        "2025-01-25",  # the day before the visit
        "2025-02-01",  # the day after it
        "9999-12-31",
        "0001-01-01",
        "2025-01-28T10:00",
        "28.01.2025",
        "2025-01-28\x00",
        "2" * 5000,
    ],
)
def test_a_day_outside_the_visit_or_no_date_is_passed_over(coordinator, visit, day):
    assert offered(coordinator, visit, day=day) == ("2025-01-26T09:00", "2025-01-26T10:00")


def test_a_visit_in_israel_is_offered_in_israel_time(coordinator, city):
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
        time_zone=Visit.TimeZone.JERUSALEM,
    )
    talk(visit, 27, (13, 0), (14, 5), zone=JERUSALEM)  # 12:05 in Berlin
    # Past midnight in Israel, still the 28th in Berlin: an appointment of the 29th.
    talk(visit, 29, (0, 30), (1, 20), zone=JERUSALEM)

    assert offered(coordinator, visit, day="2025-01-27") == ("2025-01-27T14:15", "2025-01-27T15:15")
    assert offered(coordinator, visit, day="2025-01-28") == ("2025-01-28T09:00", "2025-01-28T10:00")
    assert offered(coordinator, visit, day="2025-01-29") == ("2025-01-29T01:30", "2025-01-29T02:30")


def test_an_appointment_edited_keeps_its_own_times(coordinator, visit):
    reception = talk(visit, 29, (10, 0), (11, 0))
    talk(visit, 28, (9, 0), (12, 5))
    url = reverse("visits:appointment_edit", args=[reception.pk])

    form = entry_form(coordinator, url, day="2025-01-28")
    values = [form.find(tag="input", attrs={"name": n}).attrs["value"] for n in ("start", "end")]
    assert values == ["2025-01-29T10:00", "2025-01-29T11:00"]


def test_the_time_inputs_keep_to_the_visits_days(coordinator, visit):
    reception = talk(visit, 29, (10, 0), (11, 0))
    urls = [
        reverse("visits:appointment_create", args=[visit.pk]),
        reverse("visits:appointment_edit", args=[reception.pk]),
    ]

    for url in urls:
        form = entry_form(coordinator, url)
        limits = [
            (node.attrs["name"], node.attrs["min"], node.attrs["max"])
            for node in form.find_all(tag="input", attrs={"type": "datetime-local"})
        ]
        assert limits == [
            ("start", "2025-01-26T00:00", "2025-01-31T23:59"),
            ("end", "2025-01-26T00:00", "2025-01-31T23:59"),
        ]


def day_links(client, visit: Visit) -> list[tuple[str, str]]:
    page = get_page(client, visit.get_absolute_url())
    return [
        (node.find(tag="a").attrs["href"], node.text())
        for node in page.find_all(cls="day-add-appointment")
    ]


def test_each_day_offers_its_coordinator_a_new_appointment_on_it(coordinator, visit):
    talk(visit, 27, (9, 0), (10, 0))
    add = reverse("visits:appointment_create", args=[visit.pk])

    assert day_links(coordinator, visit) == [
        (f"{add}?day=2025-01-26", "Add appointment on this day (Sunday 26 January 2025)"),
        (f"{add}?day=2025-01-27", "Add appointment on this day (Monday 27 January 2025)"),
        (f"{add}?day=2025-01-28", "Add appointment on this day (Tuesday 28 January 2025)"),
        (f"{add}?day=2025-01-29", "Add appointment on this day (Wednesday 29 January 2025)"),
        (f"{add}?day=2025-01-30", "Add appointment on this day (Thursday 30 January 2025)"),
        (f"{add}?day=2025-01-31", "Add appointment on this day (Friday 31 January 2025)"),
    ]


def test_a_delegate_is_offered_no_new_appointment(client, visit, noa):
    talk(visit, 27, (9, 0), (10, 0))
    log_in(client, "noa", Role.DELEGATE, person=noa)

    assert day_links(client, visit) == []


def test_a_cancelled_visit_offers_no_new_appointment_on_its_days(coordinator, visit):
    services.cancel_visit(visit=visit, reason="Beispielgrund")

    assert day_links(coordinator, visit) == []
    # An old tab's link, or a bookmark, leads to the visit page, which says it is cancelled.
    url = reverse("visits:appointment_create", args=[visit.pk])
    response = coordinator.get(url, {"day": "2025-01-28"})
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())


def test_an_end_before_the_start_is_refused_beside_the_end_in_german(coordinator, visit):
    with translation.override("de"):  # the default language: no prefix in the address
        url = reverse("visits:appointment_create", args=[visit.pk])
    response = coordinator.post(
        url,
        {
            "kind": "meeting",
            "title_de": "Fachgespräch",
            "start": "2025-01-27T10:00",
            "end": "2025-01-27T09:00",
            "confidentiality": "internal",
        },
    )

    assert response.status_code == 400
    form = parse(response.content.decode()).find(tag="form", cls="entry-form")
    errors = [(node.attrs["id"], node.text()) for node in form.find_all(cls="kern-error")]
    assert errors == [("id_end_error", "Das Ende muss nach dem Beginn liegen.")]
    assert not visit.appointments.exists()


def test_on_a_friday_the_offer_ends_at_candle_lighting(coordinator, visit):
    """The visit keeps Shabbat: in Bochum on 31 January 2025 it begins at 17:01."""
    talk(visit, 31, (14, 0), (16, 30))

    assert offered(coordinator, visit, day="2025-01-31") == ("2025-01-31T16:30", "2025-01-31T17:01")


def test_on_a_saturday_the_offer_starts_after_havdalah(coordinator, city, hotel):
    """Havdalah in Bochum on 1 February 2025 is at 18:14; the programme day ends at 19:00."""
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 2, 2),
        observes_shabbat=True,
        hotel=hotel,
    )

    assert offered(coordinator, visit, day="2025-02-01") == ("2025-02-01T18:15", "2025-02-01T19:00")
    # A delegation that does not keep Shabbat is offered the morning.
    services.update_visit(visit=visit, fields={"observes_shabbat": False})
    assert offered(coordinator, visit, day="2025-02-01") == ("2025-02-01T09:00", "2025-02-01T10:00")


def test_after_candle_lighting_on_a_friday_there_is_no_later_hour_that_day(coordinator, visit):
    """Havdalah is the next day: the offer stays where the day's programme ends, and the
    form says, before the checks would, that it falls into Shabbat."""
    talk(visit, 31, (15, 0), (17, 15))

    assert offered(coordinator, visit, day="2025-01-31") == ("2025-01-31T17:15", "2025-01-31T18:15")
    assert intro(coordinator, visit, day="2025-01-31") == [
        "The time offered falls into Shabbat, which the delegation keeps (Friday, 31/01/2025, "
        "17:01 to Saturday, 01/02/2025, 18:14): choose another day or an earlier hour."
    ]
    assert intro(coordinator, visit, day="2025-01-30") == []
