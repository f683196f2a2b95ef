"""Two writes to one venue at once: the service locks its row, so the second waits for the
first and then works on what the first wrote (PostgreSQL only, see ``tests.locks``).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chaveruth.directory import services
from chaveruth.directory.models import Venue
from chaveruth.lib.records import CHANGED_MEANWHILE
from tests import factories as make
from tests.locks import ROW_LOCKS, second_waits_for_first

pytestmark = [*ROW_LOCKS, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall():
    """Open on Mondays, 09:00–17:00."""
    venue = make.venue(make.municipality())
    services.set_opening_hours(venue=venue, hours=[(0, dt.time(9), dt.time(17))])
    return venue


def week(venue: Venue) -> list[tuple[int, dt.time, dt.time]]:
    return sorted(venue.opening_hours.values_list("weekday", "opens", "closes"))


def test_two_weeks_saved_at_once_leave_the_later_one_whole(hall):
    """Each save deletes the old week and inserts its own. Without the venue's lock, the
    second would delete only the rows it saw (the old Monday, gone already) and add its week
    to the first's: Tuesday and Wednesday from one form, Thursday from the other. It waits,
    then replaces the first's week, writing nothing while it waits."""
    first = [(1, dt.time(10), dt.time(18)), (2, dt.time(10), dt.time(18))]
    second = [(3, dt.time(9), dt.time(12)), (3, dt.time(14), dt.time(20))]
    seen_before = Venue.objects.get(pk=hall.pk)  # as the second form loaded it
    outcome = second_waits_for_first(
        lambda: services.set_opening_hours(venue=Venue.objects.get(pk=hall.pk), hours=first),
        lambda: services.set_opening_hours(venue=seen_before, hours=second),
    )
    assert outcome.raised is None
    assert [(r.weekday, r.opens, r.closes) for r in outcome.returned] == second
    assert week(hall) == second


def test_hours_entered_after_invented_ones_are_not_sample_data(hall):
    """The demo's invented week is saved as sample data while a coordinator saves the week
    they know. Theirs waits and replaces it, and takes the mark off the venue as the demo
    left it: marked on the coordinator's copy, read before, there would be none to take off,
    and the known week would stay marked as invented."""
    seen_before = Venue.objects.get(pk=hall.pk)  # as the coordinator's form loaded it
    known = [(2, dt.time(10), dt.time(18))]
    second_waits_for_first(
        lambda: services.set_opening_hours(
            venue=Venue.objects.get(pk=hall.pk), hours=[(1, dt.time(9), dt.time(17))], sample=True
        ),
        lambda: services.set_opening_hours(venue=seen_before, hours=known),
    )
    assert week(hall) == known
    assert Venue.objects.get(pk=hall.pk).sample_fields == []


def test_a_week_saved_from_a_page_drawn_before_another_save_is_refused_after_the_wait(hall):
    """Both pages showed Monday; the first saves Tuesday. The second, which waited for the
    first's lock, compares what its page showed with the week the first wrote, not with the
    Monday it would have read before the lock, and writes nothing."""
    seen = services.week_fingerprint(week(hall))
    tuesday = [(1, dt.time(10), dt.time(18))]
    outcome = second_waits_for_first(
        lambda: services.set_opening_hours(venue=hall, hours=tuesday, seen=seen),
        lambda: services.set_opening_hours(
            venue=hall, hours=[(3, dt.time(9), dt.time(12))], seen=seen
        ),
    )
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.code == CHANGED_MEANWHILE
    assert week(hall) == tuesday
