"""The optimiser and the checks agree: a programme the optimiser proposes breaks no hard rule.

Random small visits (venues at random places with random opening hours, Shabbat on the
Friday, people busy elsewhere, appointments already fixed) are turned into start windows with
``planning.windows`` as the app does, solved, and the proposal is handed to ``check_programme``
with the same rules: it must report no double booking, no travel shortfall, nothing outside
opening hours and nothing inside Shabbat. Where the other visit's appointment is one whose time
the city may not know, the optimiser keeps its whole day free of its venue and person, as the
app does, and the checks have nothing to ask about either.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaveruth.planning import checks, optimiser
from chaveruth.planning.travel import Mode, Point, TravelTimes
from chaveruth.planning.windows import intersect, normalise, starts_avoiding

ZONE = ZoneInfo("Europe/Berlin")
ORIGIN = dt.datetime(2025, 1, 29, tzinfo=ZONE)  # a Wednesday; the visit runs to Friday
DAYS = 3
DAY_START, DAY_END = 9 * 60, 19 * 60
SHABBAT = (
    dt.datetime(2025, 1, 31, 17, 1, tzinfo=ZONE),
    dt.datetime(2025, 2, 1, 18, 14, tzinfo=ZONE),
)
HARD = {
    checks.Kind.PERSON_DOUBLE_BOOKED,
    checks.Kind.VENUE_DOUBLE_BOOKED,
    checks.Kind.TRAVEL_TOO_SHORT,
    checks.Kind.PERSON_TRAVEL_TOO_SHORT,
    checks.Kind.OUTSIDE_OPENING_HOURS,
    checks.Kind.DURING_REST,
}
# Questions about a day an appointment whose time the city may not know takes.
ASKED = {checks.Kind.PERSON_BOOKED_UNSEEN, checks.Kind.VENUE_BOOKED_UNSEEN}


def minute(moment: dt.datetime) -> int:
    return int((moment - ORIGIN).total_seconds() // 60)


def moment(value: int) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=value)


venue_strategy = st.fixed_dictionaries(
    {
        # Within about 10 km of Bochum's town hall.
        "point": st.tuples(st.floats(51.40, 51.55), st.floats(7.10, 7.35)),
        "opens": st.integers(7, 12).map(lambda hour: dt.time(hour)),
        "closes": st.integers(13, 20).map(lambda hour: dt.time(hour)),
    }
)
wish_strategy = st.fixed_dictionaries(
    {
        "venue": st.integers(1, 4),
        "minutes": st.sampled_from([30, 45, 60, 90, 120, 180]),
        "value": st.integers(1, 10),
        "day": st.none() | st.integers(0, DAYS - 1),
    }
)


@st.composite
def visits(draw):
    venues = draw(st.lists(venue_strategy, min_size=4, max_size=4))
    wishes = draw(st.lists(wish_strategy, min_size=1, max_size=8))
    # Another visit's appointment at a venue, and a person busy elsewhere; perhaps unseen.
    busy_day = draw(st.integers(0, DAYS - 1))
    busy_start = draw(st.integers(DAY_START, DAY_END - 60))
    unseen = draw(st.booleans())
    return venues, wishes, (draw(st.integers(1, 4)), busy_day * 1440 + busy_start, unseen)


def travel_times(venues) -> TravelTimes:
    points = {0: Point(51.4789, 7.2233)}  # the hotel
    points |= {n + 1: Point(*venue["point"]) for n, venue in enumerate(venues)}
    return TravelTimes(mode=Mode.CAR, points=points)


def opening_hours(venues) -> dict[int, checks.OpeningHours]:
    week = {
        n + 1: checks.OpeningHours(weekly=dict.fromkeys(range(7), ((v["opens"], v["closes"]),)))
        for n, v in enumerate(venues)
    }
    return week


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(visits())
def test_proposals_break_no_hard_rule(visit):
    venues, wishes, (busy_venue, busy_at, unseen) = visit
    travel = travel_times(venues)
    rest = [(minute(SHABBAT[0]), minute(SHABBAT[1]))]
    other = checks.Booking(
        key="other",
        title="",
        start=moment(busy_at),
        end=moment(busy_at + 60),
        venue=busy_venue,
        people=frozenset({"dana"}),
    )
    # The whole day of one whose time the city may not know, as the app reads it.
    taken = checks.dates_taken(moment(busy_at), moment(busy_at + 60), ZONE)
    midnights = [dt.datetime.combine(day, dt.time(), ZONE) for day in taken]
    whole_day = [(minute(at), minute(at + dt.timedelta(days=1))) for at in midnights]
    candidates = []
    for n, wish in enumerate(wishes):
        days = [wish["day"]] if wish["day"] is not None else range(DAYS)
        allowed = [(d * 1440 + DAY_START, d * 1440 + DAY_END - wish["minutes"]) for d in days]
        venue = venues[wish["venue"] - 1]
        open_ = [
            (
                d * 1440 + venue["opens"].hour * 60,
                d * 1440 + venue["closes"].hour * 60 - wish["minutes"],
            )
            for d in range(DAYS)
        ]
        windows = intersect(normalise(allowed), normalise(open_))
        windows = starts_avoiding(windows, rest, wish["minutes"])
        if wish["venue"] == busy_venue:
            booked = whole_day if unseen else [(busy_at, busy_at + 60)]
            windows = starts_avoiding(windows, booked, wish["minutes"])
        if n % 2 == 0:  # every other wish needs Dana, and time to get to her and back
            to_her = travel.minutes(wish["venue"], busy_venue)
            back = travel.minutes(busy_venue, wish["venue"])
            dana = whole_day if unseen else [(busy_at - to_her, busy_at + 60 + back)]
            windows = starts_avoiding(windows, dana, wish["minutes"])
        candidates.append(
            optimiser.Candidate(
                key=n,
                location=wish["venue"],
                duration=wish["minutes"],
                value=wish["value"],
                windows=windows,
            )
        )
    # The day ends at 19:00, or on Friday when Shabbat begins (back at the hotel by then).
    days = tuple(
        optimiser.Day(d * 1440 + DAY_START, min(d * 1440 + DAY_END, rest[0][0]))
        for d in range(DAYS)
    )
    problem = optimiser.Problem(
        travel=travel.matrix(range(5)), candidates=tuple(candidates), days=days
    )
    plan = optimiser.solve(problem, seconds=0.05, seed=1)

    by_key = {c.key: c for c in candidates}
    programme = [
        checks.Booking(
            key=stop.key,
            title="",
            start=moment(stop.start),
            end=moment(stop.end),
            venue=by_key[stop.key].location,
            people=frozenset({"dana"}) if stop.key % 2 == 0 else frozenset(),
        )
        for day in plan.days
        for stop in day
    ]
    rules = checks.Rules(
        time_zone="Europe/Berlin",
        rest=(checks.Period(*SHABBAT, "Shabbat"),),
        travel=travel,
        home=0,
        max_day_minutes=24 * 60,
        unseen=frozenset({"other"} if unseen else ()),
    )
    findings = checks.check_programme(programme, [other], opening_hours(venues), rules)
    assert [f for f in findings if f.kind in HARD | ASKED] == []
    assert plan.score == sum(by_key[b.key].value for b in programme)
