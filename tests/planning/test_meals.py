"""Room for a meal break where a day's order allows it, every rule still kept."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chaveruth.planning.checks import Booking, Kind, Rules, check_programme
from chaveruth.planning.meals import MealBreak, with_meal_breaks
from chaveruth.planning.optimiser import Candidate, Day, Plan, Problem, Stop, is_feasible, solve
from chaveruth.planning.travel import Mode, TravelTimes

TRAVEL = ((0, 20, 20), (20, 0, 15), (20, 15, 0))
LUNCH = MealBreak(opens=690, closes=870, minutes=30)  # 11:30 to 14:30


def wide(key: str, location: int, minutes: int) -> Candidate:
    return Candidate(key, location, minutes, 5, ((540, 1140),))


TOUR = Candidate("tour", 1, 240, 0, ((540, 540),), required=True)  # 09:00-13:00, fixed
MUSEUM, TALK = wide("museum", 2, 150), wide("talk", 1, 120)


def problem(*candidates: Candidate, longest: int | None = None) -> Problem:
    return Problem(travel=TRAVEL, candidates=candidates, days=(Day(480, 1140, longest),))


def plan(*stops: Stop) -> Plan:
    return Plan(days=(stops,), score=5 * (len(stops) - 1), left_out=())


PACKED = plan(Stop("tour", 540, 780), Stop("museum", 795, 945), Stop("talk", 960, 1080))
ROOMY = (Stop("tour", 540, 780), Stop("museum", 825, 975), Stop("talk", 990, 1110))


def test_the_visits_after_lunch_move_later_to_leave_a_break():
    kept = with_meal_breaks(problem(TOUR, MUSEUM, TALK), PACKED, [LUNCH])
    # 13:00-13:15 on the way to the museum, 13:15-13:45 free (time on the road is no break);
    # the museum then 13:45-16:15, the talk 16:30-18:30.
    assert kept.days == (ROOMY,)


def test_a_day_that_cannot_make_room_keeps_its_times():
    # The day may last no longer than it does: nothing can move later.
    assert with_meal_breaks(problem(TOUR, MUSEUM, TALK, longest=540), PACKED, [LUNCH]) == PACKED
    # A fixed reception straight after the museum: it cannot move either.
    reception = Candidate("talk", 1, 120, 0, ((960, 960),), required=True)
    assert with_meal_breaks(problem(TOUR, MUSEUM, reception), PACKED, [LUNCH]) == PACKED


def test_of_the_gaps_that_can_hold_the_break_the_one_moving_least_is_widened():
    early, late = wide("early", 1, 120), wide("late", 1, 105)
    stops = (Stop("early", 540, 660), Stop("museum", 675, 825), Stop("late", 840, 945))
    packed = Plan(days=(stops,), score=15, left_out=())
    kept = with_meal_breaks(problem(early, MUSEUM, late), packed, [LUNCH])
    # Not the whole day from noon on: only the last visit moves, by half an hour (the way
    # there takes the quarter of an hour it had).
    assert kept.days == (
        (Stop("early", 540, 660), Stop("museum", 675, 825), Stop("late", 870, 975)),
    )


def test_days_with_a_break_or_a_meal_are_left_alone():
    assert with_meal_breaks(problem(TOUR, MUSEUM, TALK), PACKED, [None]) == PACKED
    roomy = plan(*ROOMY)
    assert with_meal_breaks(problem(TOUR, MUSEUM, TALK), roomy, [LUNCH]) == roomy
    # Half an hour between the tour and the museum, but on the way there for a quarter.
    on_the_road = plan(Stop("tour", 540, 780), Stop("museum", 810, 960), Stop("talk", 975, 1095))
    assert with_meal_breaks(problem(TOUR, MUSEUM, TALK), on_the_road, [LUNCH]) == roomy


# DZPG 09:30-12:30 (fixed), the museum 13:00-14:00, a quarter of an hour away by road.
DZPG = Candidate("dzpg", 1, 180, 0, ((570, 570),), required=True)
HOUR_AT_THE_MUSEUM = wide("museum", 2, 60)


def no_meal_break_found(question: Problem, day: Plan) -> list[int]:
    """The free minutes of each meal finding the checks report for the plan."""
    return [f.facts["available"] for f in checked(question, day) if f.kind == Kind.NO_MEAL_BREAK]


def days_without_meal_break(question: Problem, proposal: Plan) -> set[date]:
    """The days the checks find no meal break on."""
    found = checked(question, proposal)
    return {f.facts["day"] for f in found if f.kind == Kind.NO_MEAL_BREAK}


def test_a_day_free_before_the_way_on_is_left_alone():
    """14:00-14:30 is free: the way back to the reception at 17:30 can wait until after
    lunch, so the checks find a break and the museum stays where it is."""
    reception = wide("reception", 1, 60)
    question = problem(DZPG, HOUR_AT_THE_MUSEUM, reception)
    day = plan(Stop("dzpg", 570, 750), Stop("museum", 780, 840), Stop("reception", 1050, 1110))
    assert no_meal_break_found(question, day) == []
    assert with_meal_breaks(question, day, [LUNCH]) == day


def test_the_break_may_come_before_the_way_on():
    """Every gap is on the road. A break after the way to the talk would end at 14:45,
    after the window; before it, 14:00-14:30 at the museum, only the talk moves, by half an
    hour, where making room after the tour would move the museum by as much as well."""
    museum = wide("museum", 2, 45)
    question = problem(TOUR, museum, TALK)
    packed = plan(Stop("tour", 540, 780), Stop("museum", 795, 840), Stop("talk", 855, 975))
    assert no_meal_break_found(question, packed) == [0]
    kept = with_meal_breaks(question, packed, [LUNCH])
    assert kept.days == (
        (Stop("tour", 540, 780), Stop("museum", 795, 840), Stop("talk", 885, 1005)),
    )
    assert no_meal_break_found(question, kept) == []


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(st.integers(1, 2), st.integers(15, 180), st.integers(480, 900)),
        min_size=1,
        max_size=6,
    ),
    st.none() | st.integers(120, 600),
)
def test_plans_given_room_for_a_meal_keep_every_rule(specs, longest):
    candidates = tuple(
        Candidate(n, place, minutes, 1, ((start, start + 120),))
        for n, (place, minutes, start) in enumerate(specs)
    )
    question = problem(*candidates, longest=longest)
    exact = solve(question, seconds=0.02, seed=0)
    kept = with_meal_breaks(question, exact, [LUNCH])
    assert is_feasible(question, kept) == []
    assert [[s.key for s in day] for day in kept.days] == [[s.key for s in d] for d in exact.days]
    if kept != exact:  # as the checks see it, the day now has its break
        assert Kind.NO_MEAL_BREAK not in {f.kind for f in checked(question, kept)}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.integers(480, 720),
    st.lists(
        st.tuples(st.integers(1, 2), st.integers(3, 24), st.integers(0, 9)),
        min_size=1,
        max_size=5,
    ),
)
def test_the_meal_step_and_the_checks_judge_a_day_alike(first, specs):
    """A day of visits that may all move later, in five-minute steps: where the checks find
    a break the day is left alone, and where they find none it is given one."""
    candidates, stops, clock, here = [], [], first, None
    for n, (place, fives, waiting) in enumerate(specs):
        start = clock + (TRAVEL[here][place] if here is not None else 0) + 5 * waiting
        candidates.append(Candidate(n, place, 5 * fives, 1, ((start, 2400),)))
        stops.append(Stop(n, start, start + 5 * fives))
        clock, here = start + 5 * fives, place
    question = Problem(travel=TRAVEL, candidates=tuple(candidates), days=(Day(0, 2880),))
    day = Plan(days=(tuple(stops),), score=len(stops), left_out=())
    kept = with_meal_breaks(question, day, [LUNCH])
    if no_meal_break_found(question, day):
        assert kept != day and no_meal_break_found(question, kept) == []
    else:
        assert kept == day


# Monday and Tuesday, 08:00 to 19:00 each, Tuesday's minutes a day on from Monday's.
TUESDAY = 1440
TWO_DAYS = (Day(480, 1140), Day(TUESDAY + 480, TUESDAY + 1140))
LUNCHES = [LUNCH, MealBreak(TUESDAY + 690, TUESDAY + 870, 30)]


def fixed(key: str, location: int, start: int, end: int) -> Candidate:
    return Candidate(key, location, end - start, 0, ((start, start),), required=True)


def on_both_days(key: str, location: int, minutes: int, earliest: int, latest: int) -> Candidate:
    """A wish that may start from `earliest` to `latest` on Monday or at those times on Tuesday."""
    return Candidate(
        key, location, minutes, 5, ((earliest, latest), (TUESDAY + earliest, TUESDAY + latest))
    )


def two_days(*candidates: Candidate) -> Problem:
    return Problem(travel=TRAVEL, candidates=candidates, days=TWO_DAYS)


def planned(monday: tuple[Stop, ...], tuesday: tuple[Stop, ...]) -> Plan:
    """Monday and Tuesday's stops, one wish among them."""
    return Plan(days=(monday, tuesday), score=5, left_out=())


# Tuesday: talks 10:00-12:45 and a signing 13:45-15:00, both fixed, both at venue 1, and an
# hour's walk from there placed between them, 12:45-13:45: no break at all, and the fixed
# appointments leave none to widen.
TALKS = fixed("talks", 1, TUESDAY + 600, TUESDAY + 765)
SIGNING = fixed("signing", 1, TUESDAY + 825, TUESDAY + 900)
TUESDAY_PACKED = (
    Stop("talks", TUESDAY + 600, TUESDAY + 765),
    Stop("walk", TUESDAY + 765, TUESDAY + 825),
    Stop("signing", TUESDAY + 825, TUESDAY + 900),
)
TUESDAY_WITH_LUNCH = (TUESDAY_PACKED[0], TUESDAY_PACKED[2])


def test_a_wish_moves_to_a_day_with_time_to_leave_a_break():
    """Monday has a reception at venue 2 until 12:30 and its afternoon free. The walk's
    earliest start there is 12:45, after the quarter of an hour on the way (before the
    reception it would be late for it); Monday keeps 13:45-14:30 for lunch, and Tuesday has
    12:45-13:45."""
    reception = fixed("reception", 2, 540, 750)
    question = two_days(reception, TALKS, SIGNING, on_both_days("walk", 1, 60, 540, 960))
    packed = planned((Stop("reception", 540, 750),), TUESDAY_PACKED)
    assert no_meal_break_found(question, packed) == [0]
    kept = with_meal_breaks(question, packed, LUNCHES)
    assert kept == planned(
        (Stop("reception", 540, 750), Stop("walk", 765, 825)), TUESDAY_WITH_LUNCH
    )
    assert is_feasible(question, kept) == []
    assert no_meal_break_found(question, kept) == []


def test_of_the_times_another_day_has_for_the_wish_the_earliest_is_taken():
    """Monday's reception is at 11:00 now: the walk fits before it, 09:00-10:00 (the first
    start its window allows), as well as after it, at 12:45."""
    reception = fixed("reception", 2, 660, 750)
    question = two_days(reception, TALKS, SIGNING, on_both_days("walk", 1, 60, 540, 960))
    packed = planned((Stop("reception", 660, 750),), TUESDAY_PACKED)
    kept = with_meal_breaks(question, packed, LUNCHES)
    assert kept == planned(
        (Stop("walk", 540, 600), Stop("reception", 660, 750)), TUESDAY_WITH_LUNCH
    )


def test_a_wish_no_other_day_can_take_without_losing_its_break_stays():
    # Monday has a tour until noon and a visit at 13:30 at venue 2: the walk fits only
    # between them, in Monday's lunch; after the visit it would start too late.
    tour, visit = fixed("tour", 2, 540, 720), fixed("visit", 2, 810, 1020)
    walk = on_both_days("walk", 1, 60, 540, 960)
    monday = (Stop("tour", 540, 720), Stop("visit", 810, 1020))
    packed = planned(monday, TUESDAY_PACKED)
    assert with_meal_breaks(two_days(tour, visit, TALKS, SIGNING, walk), packed, LUNCHES) == packed
    # A walk that may take place on Tuesday only.
    tuesday_only = Candidate("walk", 1, 60, 5, ((TUESDAY + 540, TUESDAY + 960),))
    packed = planned((), TUESDAY_PACKED)
    question = two_days(TALKS, SIGNING, tuesday_only)
    assert with_meal_breaks(question, packed, LUNCHES) == packed


def test_a_fixed_appointment_never_moves_to_another_day():
    """The reception between the talks and the signing could take place on the free Monday,
    but it is fixed; the breakfast, a wish, could go, but Tuesday would still have no break."""
    reception = Candidate("reception", 1, 60, 0, ((540, 960), (TUESDAY + 540, TUESDAY + 960)), True)
    breakfast = on_both_days("breakfast", 1, 45, 480, 560)
    question = two_days(breakfast, TALKS, reception, SIGNING)
    tuesday = (
        Stop("breakfast", TUESDAY + 500, TUESDAY + 545),
        Stop("talks", TUESDAY + 600, TUESDAY + 765),
        Stop("reception", TUESDAY + 765, TUESDAY + 825),
        Stop("signing", TUESDAY + 825, TUESDAY + 900),
    )
    packed = planned((), tuesday)
    assert is_feasible(question, packed) == []
    assert with_meal_breaks(question, packed, LUNCHES) == packed


@st.composite
def two_days_planned(draw) -> tuple[Problem, Plan]:
    """Monday and Tuesday walked as the one-day property above walks a day: each stop after
    the way there and some waiting, some fixed, the others wishes that may also start at
    about the same time on the other day."""
    candidates, days = [], []
    for day, offset in enumerate((0, TUESDAY)):
        specs = draw(
            st.lists(
                st.tuples(st.integers(1, 2), st.integers(3, 24), st.integers(0, 6), st.booleans()),
                max_size=4,
            )
        )
        stops, clock, here = [], offset + draw(st.integers(480, 660)), 0
        for n, (place, fives, waiting, required) in enumerate(specs):
            start = clock + TRAVEL[here][place] + 5 * waiting
            stops.append(Stop((day, n), start, start + 5 * fives))
            candidates.append(near(draw, stops[-1], place, offset, required))
            clock, here = start + 5 * fives, place
        days.append(tuple(stops))
    question = Problem(
        travel=TRAVEL,
        candidates=tuple(candidates),
        days=(Day(420, TUESDAY - 1), Day(TUESDAY + 420, 2 * TUESDAY - 1)),
    )
    wishes = sum(not c.required for c in candidates)
    return question, Plan(days=tuple(days), score=wishes, left_out=())


def near(draw, stop: Stop, place: int, offset: int, required: bool) -> Candidate:
    """A fixed appointment at the stop's time, or a wish that may start up to two hours
    either side of that time of day (its start less its day's `offset`), on either day."""
    minutes = stop.end - stop.start
    if required:
        return Candidate(stop.key, place, minutes, 0, ((stop.start, stop.start),), required=True)
    at = stop.start - offset
    earliest, latest = at - 5 * draw(st.integers(0, 24)), at + 5 * draw(st.integers(0, 24))
    windows = ((earliest, latest), (TUESDAY + earliest, TUESDAY + latest))
    return Candidate(stop.key, place, minutes, 1, windows)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(two_days_planned())
def test_moving_wishes_keeps_every_rule_and_loses_no_break(planned_days):
    question, given_plan = planned_days
    kept = with_meal_breaks(question, given_plan, LUNCHES)
    assert is_feasible(question, kept) == []
    assert (kept.score, kept.left_out) == (given_plan.score, given_plan.left_out)
    assert keys(kept) == keys(given_plan)
    assert fixed_stops(question, kept) == fixed_stops(question, given_plan)
    # Judged day by day: one day gaining its break while another lost one would keep the count.
    assert days_without_meal_break(question, kept) <= days_without_meal_break(question, given_plan)


def keys(plan: Plan) -> list:
    return sorted(stop.key for day in plan.days for stop in day)


def fixed_stops(question: Problem, plan: Plan) -> set[tuple[int, Stop]]:
    """Each fixed appointment's stop with the number of its day."""
    required = {c.key for c in question.candidates if c.required}
    return {(n, stop) for n, day in enumerate(plan.days) for stop in day if stop.key in required}


def checked(question: Problem, kept: Plan) -> list:
    """The checks' findings for a plan's days, its minutes counted from midnight UTC on the
    first, its places the problem's locations with the problem's travel times."""
    midnight = datetime(2025, 1, 28, tzinfo=UTC)
    location = {c.key: c.location for c in question.candidates}
    bookings = [
        Booking(
            key=stop.key,
            title=str(stop.key),
            start=midnight + timedelta(minutes=stop.start),
            end=midnight + timedelta(minutes=max(stop.end, stop.start + 1)),
            venue=location[stop.key],
            people=frozenset(),
        )
        for day in kept.days
        for stop in day
    ]
    places = range(len(question.travel))
    entered = {(a, b): question.travel[a][b] for a in places for b in places if a != b}
    travel = TravelTimes(Mode.CAR, points={}, entered=entered)
    return check_programme(bookings, [], {}, Rules(time_zone="UTC", travel=travel))
