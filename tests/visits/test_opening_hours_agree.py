"""The optimiser keeps wishes to exactly the times the checks accept at a venue: its opening
hours, exceptions and public holidays, on the venue's clock or the visit's, around both
countries' changes to and from summer time, hours inside the hour a clock skips or repeats
included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaveruth.planning import checks
from chaveruth.planning.windows import intersect, normalise, starts_avoiding
from chaveruth.visits.itinerary.question import Clock, _holidays, _open_spans

BERLIN, JERUSALEM = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Jerusalem")
TIMES = st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 30]))
INTERVALS = st.lists(st.tuples(TIMES, TIMES), max_size=2).map(tuple)
# Around both springs (Israel 28 March, Berlin 30 March 2025) and both autumns (26 October).
DAYS = st.sampled_from(
    [dt.date(2025, 3, d) for d in range(26, 32)] + [dt.date(2025, 10, d) for d in range(24, 29)]
)


@st.composite
def opening_hours(draw, day: dt.date) -> checks.OpeningHours:
    weekly = draw(st.dictionaries(st.integers(0, 6), INTERVALS, max_size=7))
    around = [day + dt.timedelta(days=n) for n in (-1, 0, 1)]
    exceptions = draw(st.dictionaries(st.sampled_from(around), INTERVALS))
    zone = draw(st.sampled_from([None, BERLIN, JERUSALEM]))
    holidays = ()
    if draw(st.booleans()):
        start = dt.datetime.combine(day, dt.time(0), zone or BERLIN)
        holidays = (checks.Holiday(day, "Feiertag", start, start + dt.timedelta(days=1)),)
    return checks.OpeningHours(weekly, exceptions, holidays, zone)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.data())
def test_the_optimiser_offers_exactly_the_starts_the_checks_accept(data):
    day = data.draw(DAYS)
    visit_zone = data.draw(st.sampled_from([BERLIN, JERUSALEM]))
    venue = data.draw(opening_hours(day))
    minutes = data.draw(st.sampled_from([30, 60, 90]))
    assert_they_agree(day, visit_zone, venue, minutes)


@pytest.mark.parametrize(
    ("day", "opens", "closes"),
    [
        (dt.date(2025, 3, 30), dt.time(2, 30), dt.time(18)),  # Berlin skips 02:00–03:00
        (dt.date(2025, 3, 30), dt.time(0), dt.time(2, 30)),
        (dt.date(2025, 10, 26), dt.time(2, 30), dt.time(18)),  # and has 02:00–03:00 twice
        (dt.date(2025, 10, 26), dt.time(0), dt.time(2, 30)),
    ],
)
@pytest.mark.parametrize("visit_zone", [BERLIN, JERUSALEM])
def test_they_agree_in_the_hour_a_clock_skips_or_repeats(day, opens, closes, visit_zone):
    venue = checks.OpeningHours({day.weekday(): ((opens, closes),)}, zone=BERLIN)
    assert_they_agree(day, visit_zone, venue, 30)


def assert_they_agree(
    day: dt.date, visit_zone: ZoneInfo, venue: checks.OpeningHours, minutes: int
) -> None:
    origin = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(), visit_zone)
    clock = Clock(origin.astimezone(dt.UTC), visit_zone)
    first, last = clock.at(day, dt.time()), clock.at(day + dt.timedelta(days=1), dt.time())
    open_ = [(a, b - minutes) for a, b in _open_spans(venue, day, clock)]
    holidays = [span for block in _holidays(venue, clock) for span in block.spans]
    offered = starts_avoiding(
        intersect(normalise([(first, last - minutes)]), open_), holidays, minutes
    )
    rules = checks.Rules(time_zone=visit_zone.key)
    for start in range(first, last - minutes + 1, 15):
        booking = checks.Booking(
            "x", "Termin", clock.moment(start), clock.moment(start + minutes), "v", frozenset()
        )
        found = checks.check_programme([booking], [], {"v": venue}, rules)
        assert any(a <= start <= b for a, b in offered) == (not found), clock.moment(start)
