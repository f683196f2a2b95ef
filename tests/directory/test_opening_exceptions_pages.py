"""A venue's opening exceptions, entered on their own page: a date it is closed all day or
keeps other hours (the answer to "is it open on this public holiday?"), and removing one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.directory import services
from tests import factories as make
from tests.conftest import log_in
from tests.html import Node, get_page, parse, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UNITY_DAY = dt.date(2025, 10, 3)
CHRISTMAS_EVE = dt.date(2025, 12, 24)


@pytest.fixture
def hall(musterstadt):
    """Closed on Christmas Eve."""
    venue = make.venue(musterstadt)
    services.add_opening_exception(venue=venue, date=CHRISTMAS_EVE, fields={"note": "Heiligabend"})
    return venue


def exceptions_url(venue) -> str:
    return reverse("directory:venue_exceptions", args=[venue.pk])


def stored(venue) -> list[tuple]:
    return [(e.date, e.closed, e.opens, e.closes, e.note) for e in venue.opening_exceptions.all()]


CHRISTMAS_EVE_STORED = (CHRISTMAS_EVE, True, None, None, "Heiligabend")


def listed(page: Node) -> list[str]:
    return [node.text() for node in page.find_all(cls="opening-exception")]


def values(page: Node) -> dict[str, str]:
    form = page.find(tag="form", cls="entry-form")
    fields = {node.attrs["name"]: node for node in form.find_all(tag="input")}
    return {
        "date": fields["date"].attrs.get("value", ""),
        "closed": "on" if "checked" in fields["closed"].attrs else "",
        "note": fields["note"].attrs.get("value", ""),
    }


def errors_on(response) -> dict[str, list[str]]:
    """The refused page's messages by field ("" above the form)."""
    page = parse(response.content.decode())
    shown = {"": texts(page.find_all(cls="kern-alert"))}
    for error in page.find_all(cls="kern-error"):
        shown.setdefault(error.attrs["id"].removeprefix("id_").removesuffix("_error"), []).append(
            error.text()
        )
    return {field: messages for field, messages in shown.items() if messages}


@pytest.mark.parametrize(
    ("language", "title", "entry", "labels"),
    [
        (
            "de",
            "Abweichende Öffnungszeiten: Rathaus Musterstadt",
            "24.12.2025: geschlossen — Heiligabend",
            ["Datum", "Ganztägig geschlossen", "Öffnet um", "Schließt um", "Anmerkung"],
        ),
        (
            "en",
            "Opening exceptions: Rathaus Musterstadt",
            "24/12/2025: closed — Heiligabend",
            ["Date", "Closed all day", "Opens", "Closes", "Note"],
        ),
    ],
)
def test_the_page_lists_the_exceptions_above_a_form_to_add_one(
    coordinator_client, hall, language, title, entry, labels
):
    with translation.override(language):
        page = get_page(coordinator_client, exceptions_url(hall))
    form = page.find(tag="form", cls="entry-form")
    assert page.find(tag="h1").text() == title
    assert listed(page) == [entry]
    # Without "– optional", which KERN adds in a span of its own.
    assert [str(label.children[0]).strip() for label in form.find_all(tag="label")] == labels
    assert values(page) == {"date": "", "closed": "on", "note": ""}


def test_a_finding_s_date_and_holiday_are_filled_in(coordinator_client, hall):
    page = get_page(coordinator_client, exceptions_url(hall) + "?date=2025-10-03&note=Unity+Day")
    assert values(page) == {"date": "2025-10-03", "closed": "on", "note": "Unity Day"}


def test_a_date_that_is_none_is_not_filled_in(coordinator_client, hall):
    page = get_page(coordinator_client, exceptions_url(hall) + "?date=2025-13-03&note=Unity+Day")
    assert values(page) == {"date": "", "closed": "on", "note": ""}


def test_a_day_closed_all_day_is_added(coordinator_client, hall):
    response = coordinator_client.post(
        exceptions_url(hall), {"date": "2025-10-03", "closed": "on", "note": "Feiertag"}
    )
    assert (response.status_code, response["Location"]) == (302, exceptions_url(hall))
    assert stored(hall) == [(UNITY_DAY, True, None, None, "Feiertag"), CHRISTMAS_EVE_STORED]


def test_a_day_with_other_hours_is_added(coordinator_client, hall):
    response = coordinator_client.post(
        exceptions_url(hall), {"date": "2025-10-03", "opens": "10:00", "closes": "00:00"}
    )
    assert response.status_code == 302
    assert stored(hall) == [
        (UNITY_DAY, False, dt.time(10), dt.time(0), ""),
        CHRISTMAS_EVE_STORED,
    ]
    assert listed(get_page(coordinator_client, exceptions_url(hall)))[0] == (
        "03/10/2025: 10:00–00:00"
    )


BAD_EXCEPTIONS = {
    "second_for_a_date": (
        {"date": "2025-12-24", "opens": "10:00", "closes": "14:00"},
        {
            "date": [
                "Rathaus Musterstadt already has an exception on 24/12/2025: remove it to enter "
                "another."
            ]
        },
    ),
    "hours_beside_closed_all_day": (
        {"date": "2025-10-03", "closed": "on", "opens": "10:00", "closes": "14:00"},
        {
            "": [
                "A day closed all day has no hours: untick “closed all day” to enter the hours "
                "the venue opens and closes."
            ]
        },
    ),
    "open_without_closing": (
        {"date": "2025-10-03", "opens": "10:00"},
        {
            "": [
                "Enter both the hour the venue opens and the hour it closes, or tick “closed "
                "all day”."
            ]
        },
    ),
    "closes_before_opens": (
        {"date": "2025-10-03", "opens": "14:00", "closes": "10:00"},
        {"": ["A venue closes after it opens, or at 00:00 for midnight."]},
    ),
    "no_date": ({"closed": "on"}, {"date": ["This field is required."]}),
    "not_a_date": ({"date": "2025-02-30", "closed": "on"}, {"date": ["Enter a valid date."]}),
    "not_a_time": (
        {"date": "2025-10-03", "opens": "10 Uhr", "closes": "14:00"},
        {"opens": ["Enter a valid time."]},
    ),
    # A day no visit may lie on: a slip of the year.
    "year_one": (
        {"date": "0001-01-01", "closed": "on"},
        {"date": ["Enter a date from 01/01/1900 to 31/12/2199."]},
    ),
    "centuries_ahead": (
        {"date": "2205-10-03", "opens": "10:00", "closes": "14:00"},
        {"date": ["Enter a date from 01/01/1900 to 31/12/2199."]},
    ),
}


@pytest.mark.parametrize("case", BAD_EXCEPTIONS)
def test_a_bad_exception_is_refused_and_the_stored_ones_kept(coordinator_client, hall, case):
    data, errors = BAD_EXCEPTIONS[case]
    response = coordinator_client.post(exceptions_url(hall), data)
    assert (response.status_code, errors_on(response)) == (400, errors)
    assert stored(hall) == [CHRISTMAS_EVE_STORED]


def test_a_second_exception_for_a_date_is_refused_in_german(coordinator_client, hall):
    with translation.override("de"):
        response = coordinator_client.post(
            exceptions_url(hall), {"date": "2025-12-24", "closed": "on"}
        )
    assert (response.status_code, errors_on(response)) == (
        400,
        {
            "date": [
                "Für Rathaus Musterstadt ist am 24.12.2025 bereits eine Ausnahme eingetragen: "
                "Entfernen Sie sie, um eine andere einzutragen."
            ]
        },
    )


def test_a_day_no_visit_may_lie_on_is_refused_in_german(coordinator_client, hall):
    with translation.override("de"):
        response = coordinator_client.post(
            exceptions_url(hall), {"date": "0001-01-01", "closed": "on", "note": "Neujahr"}
        )
    assert (response.status_code, errors_on(response)) == (
        400,
        {"date": ["Geben Sie ein Datum vom 01.01.1900 bis zum 31.12.2199 ein."]},
    )
    assert stored(hall) == [CHRISTMAS_EVE_STORED]
    # The browser's date picker offers the same days.
    date = parse(response.content.decode()).find(tag="input", attrs={"name": "date"})
    assert (date.attrs["min"], date.attrs["max"]) == ("1900-01-01", "2199-12-31")


# Removing one: asked first, done by a POST.


def remove_url(exception) -> str:
    return reverse("directory:opening_exception_remove", args=[exception.pk])


@pytest.mark.parametrize(
    ("language", "question"),
    [
        (
            "de",
            "Die Ausnahme von Rathaus Musterstadt am 24.12.2025 entfernen? An diesem Tag gelten "
            "wieder die wöchentlichen Öffnungszeiten, und an einem Feiertag fragen die Prüfungen "
            "eines Besuchs wieder, ob der Ort geöffnet hat.",
        ),
        (
            "en",
            "Remove the exception of Rathaus Musterstadt on 24/12/2025? On that date its weekly "
            "hours apply again, and on a public holiday the visit checks ask again whether it is "
            "open.",
        ),
    ],
)
def test_removing_asks_first(coordinator_client, hall, language, question):
    exception = hall.opening_exceptions.get()
    with translation.override(language):
        page = get_page(coordinator_client, exceptions_url(hall))
        link = page.find(tag="a", cls="opening-exception-remove-link").attrs["href"]
        asked = get_page(coordinator_client, link)
        assert link == remove_url(exception)
    assert asked.find(tag="main").find(tag="p", cls="kern-body").text() == question
    assert stored(hall) == [CHRISTMAS_EVE_STORED]


def test_removing_is_a_post(coordinator_client, hall):
    response = coordinator_client.post(remove_url(hall.opening_exceptions.get()))
    assert (response.status_code, response["Location"]) == (302, exceptions_url(hall))
    assert stored(hall) == []
    assert listed(get_page(coordinator_client, exceptions_url(hall))) == []


def test_an_exception_removed_already_is_not_found(coordinator_client, hall):
    exception = hall.opening_exceptions.get()
    coordinator_client.post(remove_url(exception))
    assert coordinator_client.post(remove_url(exception)).status_code == 404


# Access: as the venue's other forms.


def test_a_coordinator_of_another_city_may_add_and_remove(client, hall):
    log_in(
        client,
        "koordination-beispielhausen",
        Role.CITY_COORDINATOR,
        organisation=make.municipality("Stadt Beispielhausen", "Beispielhausen"),
    )
    added = client.post(exceptions_url(hall), {"date": "2025-10-03", "closed": "on"})
    removed = client.post(remove_url(hall.opening_exceptions.get(date=CHRISTMAS_EVE)))
    assert (added.status_code, removed.status_code) == (302, 302)
    assert stored(hall) == [(UNITY_DAY, True, None, None, "")]


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.DELEGATE, lambda: {"person": make.person()}),
        (Role.PARTNER_HOST, lambda: {"organisation": make.organisation("WERK Beispiel")}),
        (Role.SECURITY_LIAISON, lambda: {}),
    ],
)
def test_who_does_not_work_with_the_directory_is_refused(client, hall, role, scope):
    log_in(client, "andere", role, **scope())
    exception = hall.opening_exceptions.get()
    responses = [
        client.get(exceptions_url(hall)).status_code,
        client.post(exceptions_url(hall), {"date": "2025-10-03", "closed": "on"}).status_code,
        client.get(remove_url(exception)).status_code,
        client.post(remove_url(exception)).status_code,
    ]
    assert responses == [403, 403, 403, 403]
    assert stored(hall) == [CHRISTMAS_EVE_STORED]


def test_anonymous_is_sent_to_log_in(client, hall):
    exception = hall.opening_exceptions.get()
    responses = [client.get(exceptions_url(hall)), client.post(remove_url(exception))]
    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [
        (302, "/en/accounts/login/")
    ] * 2
    assert stored(hall) == [CHRISTMAS_EVE_STORED]


def test_a_venue_that_does_not_exist_is_not_found(coordinator_client, hall):
    url = reverse("directory:venue_exceptions", args=[hall.pk + 1])
    assert coordinator_client.get(url).status_code == 404


def test_the_list_of_exceptions_takes_as_many_queries_for_one_as_for_three(coordinator_client):
    """STYLE 8: one more exception is no more queries (as on the venue's page)."""

    def queries_with(count: int) -> list[int]:
        """On the exceptions page and on the venue's page."""
        venue = make.venue(make.municipality(f"Stadt {count}"), f"Halle {count}")
        for day in range(count):
            services.add_opening_exception(
                venue=venue, date=UNITY_DAY + dt.timedelta(days=day), fields={}
            )
        counted = []
        for url in (exceptions_url(venue), venue.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert coordinator_client.get(url).status_code == 200
            counted.append(len(queries))
        return counted

    assert queries_with(3) == queries_with(1)
