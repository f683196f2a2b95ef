"""The visit checks' findings about a venue's hours lead whoever may change the venue to its
exceptions, where the question ("is it open on this public holiday?") is answered."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.directory import services
from chaveruth.visits.findings import explain
from chaveruth.visits.itinerary import check_visit
from tests import factories as make
from tests.conftest import account, log_in_as_coordinator
from tests.html import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def city(db):
    return make.municipality("Stadt Beispielstadt", "Beispielstadt")


@pytest.fixture
def town_hall(city):
    """In Germany, open every day from 08:00 to 20:00."""
    venue = make.venue(city, "Rathaus Beispielstadt")
    services.set_opening_hours(
        venue=venue, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)]
    )
    return venue


@pytest.fixture
def visit(city, town_hall):
    """1 to 5 October 2025, with a reception on German Unity Day (Friday 3 October)."""
    visit = make.visit(make.programme(), city, start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 5))
    make.appointment(
        visit, make.berlin(2025, 10, 3, 10), make.berlin(2025, 10, 3, 11), venue=town_hall
    )
    return visit


@pytest.fixture
def coordinator(client, city):
    return log_in_as_coordinator(client, city)


def findings_on(client, visit) -> list[tuple[str, str, str]]:
    """Each finding's message, and the text and address of its link to an answer."""
    page = get_page(client, visit.get_absolute_url())
    shown = []
    for finding in page.find_all(tag="li", cls="finding"):
        links = finding.find_all(tag="a", cls="finding__answer")
        answer = (links[0].text(), links[0].attrs["href"]) if links else ("", "")
        shown.append((finding.find(cls="finding__message").text(), *answer))
    return shown


def exceptions_url(venue, query: str = "") -> str:
    return reverse("directory:venue_exceptions", args=[venue.pk]) + query


def test_a_holiday_question_links_to_the_exceptions_with_date_and_holiday(
    coordinator, visit, town_hall
):
    assert findings_on(coordinator, visit) == [
        (
            "03/10/2025 is a public holiday (German Unity Day): is Rathaus Beispielstadt open?",
            "Enter whether and when Rathaus Beispielstadt opens on 03/10/2025",
            exceptions_url(town_hall, "?date=2025-10-03&note=German+Unity+Day"),
        )
    ]


def test_the_link_is_in_the_reader_s_language(coordinator, visit, town_hall):
    with translation.override("de"):
        shown = findings_on(coordinator, visit)
        url = exceptions_url(town_hall, "?date=2025-10-03&note=Tag+der+Deutschen+Einheit")
    assert shown == [
        (
            "Der 03.10.2025 ist ein Feiertag (Tag der Deutschen Einheit): Hat Rathaus "
            "Beispielstadt geöffnet?",
            "Eintragen, ob und wann Rathaus Beispielstadt am 03.10.2025 geöffnet ist",
            url,
        )
    ]


def test_the_answer_entered_through_the_link_settles_the_question(coordinator, visit, town_hall):
    _message, _text, url = findings_on(coordinator, visit)[0]
    form = get_page(coordinator, url).find(tag="form", cls="entry-form")
    filled = {
        node.attrs["name"]: node.attrs.get("value", "")
        for node in form.find_all(tag="input")
        if node.attrs.get("type") != "checkbox"
    }
    response = coordinator.post(url, {**filled, "opens": "10:00", "closes": "14:00"})
    assert (response.status_code, response["Location"]) == (302, exceptions_url(town_hall))
    assert [
        (e.date, e.closed, e.opens, e.closes, e.note) for e in town_hall.opening_exceptions.all()
    ] == [(dt.date(2025, 10, 3), False, dt.time(10), dt.time(14), "German Unity Day")]
    assert findings_on(coordinator, visit) == []


def test_a_day_answered_already_links_to_the_exception_without_asking_again(
    coordinator, visit, town_hall
):
    """Closed on the holiday: a conflict now. A second exception for the day would be refused,
    so the link leads to the list, where the first is removed."""
    services.add_opening_exception(venue=town_hall, date=dt.date(2025, 10, 3), fields={})
    assert findings_on(coordinator, visit) == [
        (
            "Rathaus Beispielstadt is closed on 03/10/2025 (German Unity Day).",
            "See the exception entered for Rathaus Beispielstadt on 03/10/2025",
            exceptions_url(town_hall),
        )
    ]


def test_an_appointment_outside_the_hours_links_with_its_date(coordinator, visit, town_hall):
    make.appointment(
        visit, make.berlin(2025, 10, 2, 19), make.berlin(2025, 10, 2, 21), venue=town_hall
    )
    assert findings_on(coordinator, visit)[0] == (
        "Rathaus Beispielstadt is open on 02/10/2025 only from 08:00 to 20:00.",
        "Enter whether and when Rathaus Beispielstadt opens on 02/10/2025",
        exceptions_url(town_hall, "?date=2025-10-02&open=1"),
    )


@pytest.mark.parametrize(("query", "ticked"), [("", True), ("&open=1", False), ("&open=x", True)])
def test_the_link_for_hours_asks_for_hours_not_closed(coordinator, town_hall, query, ticked):
    """Past closing time, the answer is the hours kept that day: "closed all day" unticked."""
    page = get_page(coordinator, exceptions_url(town_hall, f"?date=2025-10-02{query}"))
    box = page.find(tag="input", attrs={"name": "closed"})
    assert ("checked" in box.attrs) == ticked


def test_another_finding_about_the_venue_has_no_such_link(coordinator, city, town_hall):
    visit = make.visit(make.programme(), city, start=dt.date(2025, 10, 6), end=dt.date(2025, 10, 8))
    for title in ("Empfang", "Gespräch"):
        make.appointment(
            visit,
            make.berlin(2025, 10, 7, 10),
            make.berlin(2025, 10, 7, 11),
            title=title,
            venue=town_hall,
        )
    assert findings_on(coordinator, visit) == [
        ("Rathaus Beispielstadt is booked twice at the same time.", "", "")
    ]


def test_a_reader_who_may_not_change_venues_gets_no_link(visit, town_hall):
    """The visit page shows the checks only to the visit's organisers, who may; the findings
    themselves ask, as the proposal page shows them too."""
    delegate = account("delegation", Role.DELEGATE, person=make.person())
    coordinator = account(
        "koordination", Role.CITY_COORDINATOR, organisation=visit.host_municipality
    )
    checked = check_visit(visit)
    assert [shown.answer for shown in explain(checked, delegate)] == [None]
    assert [shown.answer.url for shown in explain(checked, coordinator)] == [
        exceptions_url(town_hall, "?date=2025-10-03&note=German+Unity+Day")
    ]
