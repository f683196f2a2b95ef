"""Proposed starts on a five-minute grid, wherever every rule still holds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from chaveruth.planning.optimiser import Candidate, Day, Plan, Problem, Stop, is_feasible, solve
from chaveruth.planning.rounding import round_starts

TRAVEL = ((0, 12, 7), (12, 0, 9), (7, 9, 0))


def problem(*candidates: Candidate, end: int = 1000, longest: int | None = None) -> Problem:
    return Problem(travel=TRAVEL, candidates=candidates, days=(Day(600, end, longest),))


def test_starts_move_up_to_the_next_five_minutes():
    talk = Candidate("talk", location=1, duration=60, value=1, windows=((600, 900),))
    tour = Candidate("tour", location=2, duration=30, value=1, windows=((600, 900),))
    exact = Plan(days=((Stop("talk", 612, 672), Stop("tour", 681, 711)),), score=2, left_out=())
    rounded = round_starts(problem(talk, tour), exact)
    assert rounded.days == ((Stop("talk", 615, 675), Stop("tour", 685, 715)),)
    assert is_feasible(problem(talk, tour), rounded) == []


def test_a_visit_packed_in_before_a_reception_moves_to_the_grid_point_before():
    talk = Candidate("talk", location=1, duration=60, value=1, windows=((600, 900),))
    reception = Candidate(
        "reception", location=2, duration=45, value=0, windows=((702, 702),), required=True
    )
    exact = Plan(
        days=((Stop("talk", 633, 693), Stop("reception", 702, 747)),), score=1, left_out=()
    )
    rounded = round_starts(problem(talk, reception), exact)
    # At 635 the talk would end too late for the 9 minutes to the reception.
    assert rounded.days == ((Stop("talk", 630, 690), Stop("reception", 702, 747)),)


def test_windows_given_out_of_order_round_to_the_nearest_grid_start():
    talk = Candidate("talk", location=1, duration=60, value=1, windows=((900, 950), (600, 700)))
    exact = Plan(days=((Stop("talk", 612, 672),),), score=1, left_out=())
    assert round_starts(problem(talk), exact).days == ((Stop("talk", 615, 675),),)


def test_a_day_that_rounding_would_break_keeps_its_exact_times():
    talk = Candidate("talk", location=1, duration=60, value=1, windows=((600, 612),))
    exact = Plan(days=((Stop("talk", 612, 672),),), score=1, left_out=())
    assert round_starts(problem(talk), exact) == exact
    # The way home (12 minutes) must still fit: back by 684, not 687.
    late = Candidate("talk", location=1, duration=60, value=1, windows=((600, 700),))
    assert round_starts(problem(late, end=684), exact) == exact


def test_a_day_that_rounding_would_make_too_long_keeps_its_exact_times():
    talk = Candidate("talk", location=1, duration=60, value=1, windows=((600, 900),))
    tour = Candidate("tour", location=2, duration=30, value=1, windows=((600, 900),))
    exact = Plan(days=((Stop("talk", 612, 672), Stop("tour", 681, 711)),), score=2, left_out=())
    # Rounded, the day lasts from 615 to 715: 100 minutes.
    assert round_starts(problem(talk, tour, longest=99), exact) == exact
    rounded = round_starts(problem(talk, tour, longest=100), exact)
    assert rounded.days == ((Stop("talk", 615, 675), Stop("tour", 685, 715)),)


def test_fixed_appointments_keep_their_time():
    reception = Candidate(
        "reception", location=2, duration=45, value=0, windows=((703, 703),), required=True
    )
    exact = Plan(days=((Stop("reception", 703, 748),),), score=0, left_out=())
    assert round_starts(problem(reception), exact) == exact


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 2), st.integers(5, 90), st.integers(600, 900), st.integers(0, 120)
        ),
        min_size=1,
        max_size=6,
    ),
    st.none() | st.integers(0, 300),
)
def test_rounded_plans_stay_feasible_and_keep_their_score(specs, longest):
    candidates = tuple(
        Candidate(n, location=place, duration=minutes, value=1, windows=((start, start + width),))
        for n, (place, minutes, start, width) in enumerate(specs)
    )
    question = problem(*candidates, longest=longest)
    plan = solve(question, seconds=0.02, seed=0)
    rounded = round_starts(question, plan)
    assert is_feasible(question, rounded) == []
    assert rounded.score == plan.score
    assert [[s.key for s in day] for day in rounded.days] == [[s.key for s in d] for d in plan.days]
