"""Room for a meal break where a day's order allows it, every rule still kept."""

from datetime import UTC, datetime, timedelta

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


def checked(question: Problem, kept: Plan) -> list:
    """The checks' findings for a plan's day, its minutes counted from midnight UTC, its
    places the problem's locations with the problem's travel times."""
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
        for stop in kept.days[0]
    ]
    places = range(len(question.travel))
    entered = {(a, b): question.travel[a][b] for a in places for b in places if a != b}
    travel = TravelTimes(Mode.CAR, points={}, entered=entered)
    return check_programme(bookings, [], {}, Rules(time_zone="UTC", travel=travel))
