"""A venue's week of opening hours, entered on its own page: one interval a row, saved as a
whole through ``services.set_opening_hours``; a refused week leaves the stored one as it was."""

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
from tests.html import Node, form_values, get_page, parse, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall(musterstadt):
    """Open Monday 09:00–17:00."""
    venue = make.venue(musterstadt)
    services.set_opening_hours(venue=venue, hours=[(0, dt.time(9), dt.time(17))])
    return venue


REFUSED = "The week was not saved: correct the rows marked below."


def hours_url(venue) -> str:
    return reverse("directory:venue_hours", args=[venue.pk])


def week(venue) -> list[str]:
    return [str(hours) for hours in venue.opening_hours.all()]


def rows_on(page: Node) -> list[tuple[str, str, str]]:
    """Each row's weekday (as shown), opens and closes."""
    return [
        (
            # None chosen (a weekday not offered was sent): the browser shows the first.
            (row.find_all(tag="option", attrs={"selected": ""}) or row.find_all(tag="option"))[
                0
            ].text(),
            row.find(tag="input", attrs={"type": "time", "name": f"{prefix}opens"}).attrs.get(
                "value", ""
            ),
            row.find(tag="input", attrs={"type": "time", "name": f"{prefix}closes"}).attrs.get(
                "value", ""
            ),
        )
        for row in page.find_all(tag="fieldset", cls="opening-hours-row")
        for prefix in [row.find(tag="select").attrs["name"].removesuffix("weekday")]
    ]


def form_data(page: Node) -> dict:
    """What the page's form sends as it stands (a box not ticked sends nothing)."""
    return form_values(page.find(tag="form", cls="opening-hours-form"))


def entered(data: dict[str, str], row: int, weekday: str, opens: str, closes: str) -> None:
    data |= {f"hours-{row}-weekday": weekday, f"hours-{row}-opens": opens}
    data[f"hours-{row}-closes"] = closes


def errors_on(response) -> list[tuple[str, str]]:
    """Each message of the refused page, with the row (1, 2, ...) it stands in, or "" above."""
    page = parse(response.content.decode())
    shown = [("", text) for text in texts(page.find_all(cls="kern-alert"))]
    for row in page.find_all(tag="fieldset", cls="opening-hours-row"):
        number = row.find(tag="legend").text().split()[-1]  # "Row 2", "Zeile 2"
        shown += [(number, text) for text in texts(row.find_all(cls="kern-error"))]
    return shown


@pytest.mark.parametrize(
    ("language", "title", "labels", "week_shown"),
    [
        (
            "de",
            "Öffnungszeiten: Rathaus Musterstadt",
            ["Wochentag", "Öffnet um", "Schließt um", "Entfernen"],
            ("Montag", "09:00", "17:00"),
        ),
        (
            "en",
            "Opening hours: Rathaus Musterstadt",
            ["Weekday", "Opens", "Closes", "Remove"],
            ("Monday", "09:00", "17:00"),
        ),
    ],
)
def test_the_page_shows_the_week_in_rows_and_a_week_of_empty_ones(
    coordinator_client, hall, language, title, labels, week_shown
):
    with translation.override(language):
        page = get_page(coordinator_client, hours_url(hall))
    assert page.find(tag="h1").text() == title
    first = page.find_all(tag="fieldset", cls="opening-hours-row")[0]
    assert texts(first.find_all(tag="label")) == labels
    assert rows_on(page) == [week_shown, *[("—", "", "")] * 7]


def test_a_venue_without_hours_gets_a_week_of_empty_rows(coordinator_client, musterstadt):
    hall = make.venue(musterstadt)
    assert rows_on(get_page(coordinator_client, hours_url(hall))) == [("—", "", "")] * 7


def test_a_week_with_split_hours_and_midnight_is_saved(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(data, 0, "0", "09:00", "12:00")
    entered(data, 1, "0", "14:00", "18:00")
    entered(data, 2, "4", "18:00", "00:00")
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, response["Location"]) == (302, hall.get_absolute_url())
    assert week(hall) == ["Monday 09:00–12:00", "Monday 14:00–18:00", "Friday 18:00–00:00"]


def test_saving_replaces_the_stored_week(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(data, 0, "1", "10:00", "16:00")
    coordinator_client.post(hours_url(hall), data)
    assert week(hall) == ["Tuesday 10:00–16:00"]
    assert rows_on(get_page(coordinator_client, hours_url(hall)))[0] == (
        "Tuesday",
        "10:00",
        "16:00",
    )


def test_a_row_ticked_remove_is_removed_whatever_it_holds(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(data, 1, "2", "08:00", "12:00")
    data["hours-0-closes"] = "07:00"  # wrong, but removed: not checked
    data["hours-0-DELETE"] = "on"
    response = coordinator_client.post(hours_url(hall), data)
    assert response.status_code == 302
    assert week(hall) == ["Wednesday 08:00–12:00"]


def test_a_row_emptied_is_removed_and_all_emptied_leave_no_hours(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(data, 0, "", "", "")
    response = coordinator_client.post(hours_url(hall), data)
    assert response.status_code == 302
    assert week(hall) == []


BAD_ROWS = {
    "closes_before_opens": (
        [("2", "17:00", "09:00")],
        [("1", "A venue closes after it opens, or at 00:00 for midnight.")],
    ),
    "no_closing_hour": (
        [("2", "09:00", "")],
        [("1", "Enter the hour the venue closes, or empty the row.")],
    ),
    "only_an_opening_hour": (
        [("", "09:00", "")],
        [
            ("1", "Choose the weekday, or empty the row."),
            ("1", "Enter the hour the venue closes, or empty the row."),
        ],
    ),
    "only_a_weekday": (
        [("", "", ""), ("3", "", "")],
        [
            ("2", "Enter the hour the venue opens, or empty the row."),
            ("2", "Enter the hour the venue closes, or empty the row."),
        ],
    ),
    "not_a_time": ([("2", "25:00", "26:00")], [("1", "Enter a valid time.")] * 2),
    "not_a_weekday": (
        [("7", "09:00", "17:00")],
        [("1", "Select a valid choice. 7 is not one of the available choices.")],
    ),
    "overlap": (
        [("3", "09:00", "13:00"), ("3", "12:00", "18:00")],
        [
            (
                "2",
                "On Thursday, 12:00–18:00 overlaps 09:00–13:00: join them in one row, or "
                "correct one.",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_refused_beside_it_and_the_stored_week_kept(coordinator_client, hall, case):
    rows, errors = BAD_ROWS[case]
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    for number, row in enumerate(rows):
        entered(data, number, *row)
    response = coordinator_client.post(hours_url(hall), data)
    # Said at the top as well: on a phone the row may be two screens down.
    assert (response.status_code, errors_on(response)) == (400, [("", REFUSED), *errors])
    assert week(hall) == ["Monday 09:00–17:00"]
    # What was typed stays, to be corrected.
    assert rows_on(parse(response.content.decode()))[0][1:] == rows[0][1:]


def test_an_overlap_is_said_in_german(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(data, 0, "3", "09:00", "13:00")
    entered(data, 1, "3", "12:00", "18:00")
    with translation.override("de"):
        response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, errors_on(response)) == (
        400,
        [
            (
                "",
                "Die Woche wurde nicht gespeichert: Bitte korrigieren Sie die unten markierten "
                "Zeilen.",
            ),
            (
                "2",
                "Am Donnerstag überschneidet sich 12:00–18:00 mit 09:00–13:00: Fassen Sie beide "
                "in einer Zeile zusammen oder korrigieren Sie eine.",
            ),
        ],
    )


STALE = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)


def test_a_week_changed_in_another_tab_is_not_replaced_unseen(coordinator_client, hall):
    """Two tabs show Monday 09:00–17:00; the second saves Sunday 10:00–12:00 as well. The
    first, saved next with Monday 08:00–09:00, would delete that Sunday without a word: it
    is refused, and replaces the week only when sent again, having been told."""
    first_tab = form_data(get_page(coordinator_client, hours_url(hall)))
    second_tab = form_data(get_page(coordinator_client, hours_url(hall)))
    entered(second_tab, 1, "6", "10:00", "12:00")
    assert coordinator_client.post(hours_url(hall), second_tab).status_code == 302
    entered(first_tab, 0, "0", "08:00", "09:00")
    response = coordinator_client.post(hours_url(hall), first_tab)
    assert (response.status_code, errors_on(response)) == (400, [("", STALE)])
    assert week(hall) == ["Monday 09:00–17:00", "Sunday 10:00–12:00"]
    # What was typed stays on the page, which now carries the week as stored.
    page = parse(response.content.decode())
    assert rows_on(page)[0] == ("Monday", "08:00", "09:00")
    assert coordinator_client.post(hours_url(hall), form_data(page)).status_code == 302
    assert week(hall) == ["Monday 08:00–09:00"]


def test_a_week_changed_in_another_tab_is_said_in_german(coordinator_client, hall):
    stale = form_data(get_page(coordinator_client, hours_url(hall)))
    services.set_opening_hours(venue=hall, hours=[(6, dt.time(10), dt.time(12))])
    entered(stale, 0, "0", "08:00", "09:00")
    with translation.override("de"):
        response = coordinator_client.post(hours_url(hall), stale)
    assert (response.status_code, errors_on(response)) == (
        400,
        [
            (
                "",
                "Seit diese Seite geöffnet wurde, hat jemand anderes hier eine Änderung "
                "gespeichert. Öffnen Sie die Seite in einem weiteren Tab, um sie zu sehen; "
                "speichern Sie dieses Formular noch einmal, tritt an ihre Stelle, was es zeigt.",
            )
        ],
    )
    assert week(hall) == ["Sunday 10:00–12:00"]


def test_a_tab_drawn_before_the_same_week_was_saved_again_may_save(coordinator_client, hall):
    """Saved again as it was, in rows of another order, the week is the one the tab showed."""
    services.set_opening_hours(
        venue=hall, hours=[(2, dt.time(14), dt.time(18)), (0, dt.time(9), dt.time(17))]
    )
    first_tab = form_data(get_page(coordinator_client, hours_url(hall)))
    services.set_opening_hours(
        venue=hall, hours=[(0, dt.time(9), dt.time(17)), (2, dt.time(14), dt.time(18))]
    )
    entered(first_tab, 2, "4", "10:00", "12:00")
    response = coordinator_client.post(hours_url(hall), first_tab)
    assert (response.status_code, response["Location"]) == (302, hall.get_absolute_url())
    assert week(hall) == ["Monday 09:00–17:00", "Wednesday 14:00–18:00", "Friday 10:00–12:00"]


def test_a_post_without_the_form_s_counts_is_refused(coordinator_client, hall):
    response = coordinator_client.post(hours_url(hall), {"hours-0-weekday": "1"})
    assert (response.status_code, errors_on(response)) == (
        400,
        [
            (
                "",
                "ManagementForm data is missing or has been tampered with. Missing fields: "
                "hours-TOTAL_FORMS, hours-INITIAL_FORMS. You may need to file a bug report if "
                "the issue persists.",
            )
        ],
    )
    assert week(hall) == ["Monday 09:00–17:00"]


def test_more_rows_than_a_week_can_hold_are_refused(coordinator_client, hall):
    data = form_data(get_page(coordinator_client, hours_url(hall)))
    data["hours-TOTAL_FORMS"] = "51"
    for row in range(51):
        entered(data, row, str(row % 7), f"{row // 7:02d}:00", f"{row // 7:02d}:30")
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, errors_on(response)[:1]) == (
        400,
        [("", "Please submit at most 50 forms.")],
    )
    assert week(hall) == ["Monday 09:00–17:00"]


# Access: the directory is shared by the programme office and every city's coordinators;
# anyone else is refused before the venue is looked up (as on the venue's other forms).


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_coordinator_of_another_city_may_enter_the_hours(client, hall, method):
    log_in(
        client,
        "koordination-beispielhausen",
        Role.CITY_COORDINATOR,
        organisation=make.municipality("Stadt Beispielhausen", "Beispielhausen"),
    )
    page = get_page(client, hours_url(hall))
    if method == "post":
        data = form_data(page)
        entered(data, 0, "5", "10:00", "14:00")
        assert client.post(hours_url(hall), data).status_code == 302
    assert week(hall) == (["Saturday 10:00–14:00"] if method == "post" else ["Monday 09:00–17:00"])


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
    responses = [
        client.get(hours_url(hall)).status_code,
        client.post(hours_url(hall), {"hours-TOTAL_FORMS": "0"}).status_code,
        client.get(reverse("directory:venue_hours", args=[hall.pk + 1])).status_code,
    ]
    assert responses == [403, 403, 403]
    assert week(hall) == ["Monday 09:00–17:00"]


def test_anonymous_is_sent_to_log_in(client, hall):
    response = client.get(hours_url(hall))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/en/accounts/login/?next={hours_url(hall)}",
    )


def test_a_venue_that_does_not_exist_is_not_found(coordinator_client, hall):
    response = coordinator_client.get(reverse("directory:venue_hours", args=[hall.pk + 1]))
    assert response.status_code == 404


# The venue's page leads here.


@pytest.mark.parametrize(
    ("language", "links", "none"),
    [
        (
            "de",
            ["Öffnungszeiten bearbeiten", "Ausnahme hinzufügen"],
            "Nicht erfasst: Die Prüfungen eines Besuchs nehmen den Ort als immer geöffnet an "
            "und fragen nur an Feiertagen nach.",
        ),
        (
            "en",
            ["Edit opening hours", "Add an exception"],
            "Not recorded: the visit checks take the venue as always open, and ask only about "
            "public holidays.",
        ),
    ],
)
def test_the_venue_page_links_both_and_says_how_no_hours_are_read(
    coordinator_client, musterstadt, language, links, none
):
    hall = make.venue(musterstadt)
    with translation.override(language):
        page = get_page(coordinator_client, hall.get_absolute_url())
        expected = [
            (links[0], hours_url(hall)),
            (links[1], reverse("directory:venue_exceptions", args=[hall.pk])),
        ]
    shown = [(a.text(), a.attrs["href"]) for a in page.find_all(tag="a") if a.text() in links]
    assert shown == expected
    assert page.find(tag="ul", cls="opening-hours").text() == none


def test_the_venue_page_lists_the_hours_where_there_are(coordinator_client, hall):
    page = get_page(coordinator_client, hall.get_absolute_url())
    assert page.find(tag="ul", cls="opening-hours").text() == "Monday: 09:00–17:00"
    # Split hours on one line a day, in the order of the week.
    services.set_opening_hours(
        venue=hall,
        hours=[
            (2, dt.time(14), dt.time(18)),
            (0, dt.time(13), dt.time(17)),
            (0, dt.time(9), dt.time(12)),
        ],
    )
    page = get_page(coordinator_client, hall.get_absolute_url())
    assert texts(page.find(tag="ul", cls="opening-hours").find_all(tag="li")) == [
        "Monday: 09:00–12:00, 13:00–17:00",
        "Wednesday: 14:00–18:00",
    ]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("de", ["Montag: 00:00–24:00", "Freitag: 18:00–00:00", "03.10.2025: 00:00–24:00"]),
        ("en", ["Monday: 00:00–24:00", "Friday: 18:00–00:00", "03/10/2025: 00:00–24:00"]),
    ],
)
def test_a_day_open_from_midnight_to_midnight_is_shown_as_the_whole_day(
    coordinator_client, hall, language, shown
):
    """00:00 as the closing time is the end of the day: 00:00–00:00 is open all day long,
    not the one moment "00:00" (on a weekday, and on a date of its own)."""
    services.set_opening_hours(
        venue=hall, hours=[(0, dt.time(0), dt.time(0)), (4, dt.time(18), dt.time(0))]
    )
    services.add_opening_exception(
        venue=hall,
        date=dt.date(2025, 10, 3),
        fields={"closed": False, "opens": dt.time(0), "closes": dt.time(0)},
    )
    with translation.override(language):
        page = get_page(coordinator_client, hall.get_absolute_url())
        exceptions = get_page(
            coordinator_client, reverse("directory:venue_exceptions", args=[hall.pk])
        )
    assert texts(page.find(tag="ul", cls="opening-hours").find_all(tag="li")) == shown[:2]
    assert texts(page.find(tag="ul", cls="opening-exceptions").find_all(tag="li")) == shown[2:]
    assert texts(exceptions.find_all(cls="opening-exception")) == shown[2:]


def test_the_week_takes_as_many_queries_for_one_row_as_for_three(coordinator_client, musterstadt):
    """STYLE 8: one more row is no more queries."""

    def queries_with(count: int) -> int:
        venue = make.venue(musterstadt, f"Halle {count}")
        services.set_opening_hours(
            venue=venue, hours=[(day, dt.time(9), dt.time(17)) for day in range(count)]
        )
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(hours_url(venue)).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(1)
