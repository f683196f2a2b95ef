"""The delegation visits list: each visit's conflicts, for those who may change the visit."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.lib import listing
from chaveruth.partnerships.models import Programme
from chaveruth.visits import services
from chaveruth.visits.itinerary import check_visit
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.conftest import log_in
from tests.html import get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def double_booked(visit: Visit, museum, day: dt.date = dt.date(2025, 1, 28)) -> None:
    """Dana at the museum twice on ``day`` (a Tuesday), 10:00–11:00 and 10:30–11:30: she and
    the museum are each booked twice, two conflicts."""
    dana = make.person("Dana", "Beispiel")
    for start, end in [((10, 0), (11, 0)), ((10, 30), (11, 30))]:
        at = [make.berlin(day.year, day.month, day.day, *time) for time in (start, end)]
        make.appointment(visit, *at, "Gespräch", museum, [dana], kind="meeting")


def statuses(client) -> list[tuple[str, str, str | None]]:
    """Each row of the visits list: the visit's title, its status cell's text (as a screen
    reader reads it: the badge names its visit), and where the status cell's link (the
    conflicts badge) leads, if it has one."""
    page = get_page(client, reverse("visits:list"))
    rows = []
    for row in page.find(attrs={"id": "results"}).find(tag="tbody").find_all(tag="tr"):
        title, *_, status = row.find_all(tag="td")
        links = status.find_all(tag="a")
        rows.append((title.text(), status.text(), links[0].attrs["href"] if links else None))
    return rows


def test_a_coordinator_sees_how_many_conflicts_a_visit_has(coordinator, visit, museum):
    double_booked(visit, museum)

    assert statuses(coordinator) == [
        (
            "Beispieldelegation",
            "Planned 2 conflicts: Beispieldelegation",
            f"{visit.get_absolute_url()}#checks-heading",
        )
    ]
    # The badge counts what the visit page calls a conflict.
    findings = coordinator.get(visit.get_absolute_url()).context["findings"]
    assert [f.severity for f in findings] == ["error", "error"]


@pytest.mark.parametrize("status", [Visit.Status.COMPLETED, Visit.Status.CANCELLED])
def test_a_visit_no_longer_planned_has_no_badge(coordinator, visit, museum, status):
    double_booked(visit, museum)
    if status == Visit.Status.CANCELLED:
        services.cancel_visit(visit=visit, reason="Beispielgrund")
    else:
        services.update_visit(visit=visit, fields={"status": status})
    assert statuses(coordinator) == [("Beispieldelegation", status.label, None)]


def test_a_visit_without_conflicts_has_no_badge_beside_one_with_them(
    coordinator, city, visit, museum
):
    """The other visit's one finding is a note (no lunch break in a day-long meeting), which
    the checks do not call a conflict."""
    double_booked(visit, museum)
    calm = make.visit(make.programme("ruhig"), city, title_de="Ruhige Delegation")
    make.appointment(calm, make.berlin(2025, 1, 21, 9, 30), make.berlin(2025, 1, 21, 15))
    assert [f.severity for f in check_visit(calm).findings] == ["warning"]

    assert statuses(coordinator) == [
        ("Ruhige Delegation", "Planned", None),
        (
            "Beispieldelegation",
            "Planned 2 conflicts: Beispieldelegation",
            f"{visit.get_absolute_url()}#checks-heading",
        ),
    ]


def reader(role: str, visit: Visit, client):
    """``client`` logged in as one who sees ``visit`` on the list but may not change it."""
    if role == "programme_office":
        log_in(client, f"leser-{role}", Role.PROGRAMME_OFFICE)
    else:
        noa = services.add_delegate(visit=visit, person=make.person("Noa", "Beispiel"))
        log_in(client, f"leser-{role}", Role.DELEGATE, person=noa.person)
    return client


@pytest.mark.parametrize("role", ["programme_office", "delegate"])
def test_the_conflicts_are_shown_only_to_those_who_may_change_the_visit(
    coordinator, visit, museum, role
):
    double_booked(visit, museum)
    counted = statuses(coordinator)

    assert (counted, statuses(reader(role, visit, Client()))) == (
        [
            (
                "Beispieldelegation",
                "Planned 2 conflicts: Beispieldelegation",
                f"{visit.get_absolute_url()}#checks-heading",
            )
        ],
        [("Beispieldelegation", "Planned", None)],
    )


def queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("visits:list")).status_code == 200
    return len(queries)


# Tuesdays two months apart: no visit's programme is near another's, so each is checked alike.
TUESDAYS = [dt.date(2025, 1, 21), dt.date(2025, 3, 18), dt.date(2025, 5, 20)]


def add_visits(city, museum, days: list[dt.date]) -> list[Visit]:
    """A visit of the week around each of ``days``, double booked on that day."""
    programme = Programme.objects.first() or make.programme()
    visits = []
    for day in days:
        visit = make.visit(
            programme,
            city,
            start=day - dt.timedelta(days=1),
            end=day + dt.timedelta(days=3),
            title_de=f"Delegation {day:%d.%m.}",
            expected_size=12,
        )
        double_booked(visit, museum, day)
        visits.append(visit)
    return visits


def test_the_list_checks_only_the_visits_of_its_page(coordinator, city, museum, monkeypatch):
    """One visit a page: the list of three makes the queries the list of one does."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    (first,) = add_visits(city, museum, TUESDAYS[:1])
    with_one = queries_for_list(coordinator)
    add_visits(city, museum, TUESDAYS[1:])
    assert (with_one, queries_for_list(coordinator)) == (with_one, with_one)
    assert statuses(coordinator) == [
        (
            "Delegation 21.01.",
            "Planned 2 conflicts: Delegation 21.01.",
            f"{first.get_absolute_url()}#checks-heading",
        )
    ]


def test_the_list_grows_by_each_visit_s_checks_and_nothing_else(coordinator, city, museum):
    """The checks read each visit's programme and the bookings around it (an exception to
    tests/test_query_counts.py, for the page's visits only); nothing else grows with the list."""
    (first,) = add_visits(city, museum, TUESDAYS[:1])
    with_one = queries_for_list(coordinator)
    add_visits(city, museum, TUESDAYS[1:])
    with CaptureQueriesContext(connection) as checks:
        check_visit(first)
    assert queries_for_list(coordinator) == with_one + 2 * len(checks)


def test_a_delegate_s_list_asks_once_which_visits_facts_they_read(city, museum):
    """Noa is in the delegation of each visit: their size is shown, and the list of three
    makes the queries the list of one does."""
    visits = add_visits(city, museum, TUESDAYS)
    noa = make.person("Noa", "Beispiel")
    services.add_delegate(visit=visits[0], person=noa)
    client = Client()
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    with_one = queries_for_list(client)
    for visit in visits[1:]:
        services.add_delegate(visit=visit, person=noa)
    sizes = get_page(client, reverse("visits:list")).find_all(
        tag="td", attrs={"data-label": "Expected members"}
    )
    assert (queries_for_list(client), texts(sizes)) == (with_one, ["12", "12", "12"])
