"""The opening-hours page sent back with its hidden fields changed: a count of rows below zero
would save an empty week, and a fingerprint that is no text must not switch the check for a
week changed meanwhile off. Neither may change the stored week."""

import datetime as dt

import pytest
from django.utils import translation

from chaveruth.directory import services
from tests import factories as make
from tests.directory.test_opening_hours_pages import form_data, hours_url, week
from tests.html import get_page, parse, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall(musterstadt):
    """Open Monday 09:00–17:00."""
    venue = make.venue(musterstadt)
    services.set_opening_hours(venue=venue, hours=[(0, dt.time(9), dt.time(17))])
    return venue


def page_as_sent(client, venue) -> dict:
    """What the page's form sends unchanged."""
    return form_data(get_page(client, hours_url(venue)))


def alerts(response) -> list[str]:
    return texts(parse(response.content.decode()).find_all(cls="kern-alert"))


BELOW_ZERO = (
    "The form was sent with a row count below zero: open the page again and save it from there."
)
STALE = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)


@pytest.mark.parametrize("count", ["-1", "-50"])
def test_a_count_of_rows_below_zero_is_refused_and_the_week_kept(coordinator_client, hall, count):
    data = page_as_sent(coordinator_client, hall) | {"hours-TOTAL_FORMS": count}
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, alerts(response)) == (400, [BELOW_ZERO])
    assert week(hall) == ["Monday 09:00–17:00"]


def test_a_count_of_rows_below_zero_is_refused_in_german(coordinator_client, hall):
    data = page_as_sent(coordinator_client, hall) | {"hours-TOTAL_FORMS": "-1"}
    with translation.override("de"):
        response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, alerts(response)) == (
        400,
        [
            "Das Formular wurde mit einer Zeilenzahl unter null gesendet: Öffnen Sie die Seite "
            "noch einmal und speichern Sie sie von dort."
        ],
    )
    assert week(hall) == ["Monday 09:00–17:00"]


def test_no_rows_at_all_still_empty_the_week(coordinator_client, hall):
    """A count of nought is a week without rows, as a script may send it: saved."""
    data = page_as_sent(coordinator_client, hall) | {"hours-TOTAL_FORMS": "0"}
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, response["Location"]) == (302, hall.get_absolute_url())
    assert week(hall) == []


@pytest.mark.parametrize("seen", ["\x00", "abc\x00def"])
def test_a_seen_week_that_is_no_text_is_a_week_not_seen(coordinator_client, hall, seen):
    """The fingerprint refused by its field does not switch the comparison off: the week is
    refused as changed meanwhile, and the page then carries the week as stored, so that
    saving again, having been told, replaces it."""
    data = page_as_sent(coordinator_client, hall) | {
        "hours-seen": seen,
        "hours-0-opens": "08:00",
    }
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, alerts(response)) == (400, [STALE])
    assert week(hall) == ["Monday 09:00–17:00"]
    again = form_data(parse(response.content.decode()))
    assert again["hours-seen"] == services.week_fingerprint([(0, dt.time(9), dt.time(17))])
    assert coordinator_client.post(hours_url(hall), again).status_code == 302
    assert week(hall) == ["Monday 08:00–17:00"]


def test_a_seen_week_that_is_no_text_does_not_replace_a_week_changed_meanwhile(
    coordinator_client, hall
):
    data = page_as_sent(coordinator_client, hall) | {"hours-seen": "\x00"}
    services.set_opening_hours(venue=hall, hours=[(6, dt.time(10), dt.time(12))])
    response = coordinator_client.post(hours_url(hall), data)
    assert (response.status_code, alerts(response)) == (400, [STALE])
    assert week(hall) == ["Sunday 10:00–12:00"]
