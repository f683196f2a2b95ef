from dataclasses import replace
from itertools import permutations

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from chaveruth.planning.optimiser.paths import Places
from chaveruth.planning.optimiser.refilling import refilled
from tests.planning.one_day import line_places, places_in_a_square, walk


def with_prizes(places: Places, prizes) -> Places:
    return replace(places, prize=np.array(prizes))


def test_a_gap_in_a_path_is_filled_with_the_clients_that_fit():
    places = line_places(early=[0, 0, 0, 0], late=[100, 100, 100, 100])

    assert refilled([0, 3], places, 1, 1) == [1, 2]


def test_one_visit_is_replaced_by_two_that_are_worth_more():
    # Client 1 (20 units out) waits until 25; then client 0 (back at 10) opens at 65. Instead,
    # clients 2 and 3 (30 and 40 out) fit between 55 and 75, and only in that order.
    places = with_prizes(
        line_places(early=[65, 25, 55, 55], late=[65, 40, 60, 75], end=200), [1, 3, 2, 2]
    )
    assert walk([1, 0], places)

    assert refilled([1, 0], places, 1, 2) == [2, 3]


def test_the_most_valuable_stretch_wins_whether_it_ends_first_or_last():
    # One of two clients: 0 is worth 2 and done at 15; 1 is worth 5, opens at 20 (which 0
    # leaves no time to reach) and takes until 120. Then the other way round: 0 takes until 105.
    late_and_valuable = replace(
        with_prizes(line_places(early=[0, 20], late=[10, 20], end=200), [2, 5]),
        service=np.array([5, 100]),
    )
    early_and_valuable = replace(
        with_prizes(line_places(early=[0, 20], late=[10, 20], end=200), [2, 5]),
        service=np.array([95, 0]),
    )

    assert refilled([], late_and_valuable, 0, 0) == [1]
    assert refilled([], early_and_valuable, 0, 0) == [1]


def test_nothing_is_returned_when_the_stretch_is_already_the_best():
    places = line_places(early=[0, 0, 0], late=[100, 100, 100])

    assert refilled([0, 1, 2], places, 0, 3) is None
    assert refilled([0, 1, 2], places, 1, 2) is None


def test_a_candidate_is_visited_once_and_not_again_after_the_cut():
    # Clients 0 and 2 are two windows of one candidate.
    places = line_places(early=[0, 0, 0], late=[100, 100, 300], candidate=[0, 1, 0])

    assert refilled([], places, 0, 0) == [0, 1]
    assert refilled([0], places, 1, 1) == [1]  # the head has visited it


def test_the_rest_of_the_path_still_starts_in_time():
    # Clients 0 and 1 lie on the way to client 2, which must start by 30: both fit before it,
    # unless client 1 takes 11 units.
    in_time = line_places(early=[0, 0, 0], late=[100, 100, 30], service=0)
    too_late = replace(in_time, service=np.array([0, 11, 0]))

    assert refilled([2], in_time, 0, 0) == [0, 1]
    assert refilled([2], too_late, 0, 0) == [0]


def test_a_search_stopped_early_gives_the_best_stretch_found_so_far():
    places = line_places(early=[0] * 6, late=[500] * 6)

    assert refilled([], places, 0, 0) == [0, 1, 2, 3, 4, 5]
    assert refilled([], places, 0, 0, max_labels=0) is None
    assert refilled([], places, 0, 0, max_labels=6) == [0]  # the root's six children
    assert refilled([], places, 0, 0, deadline=0) is None  # stopped at the first child


# ----------------------------------------------------------------------- property


@st.composite
def gaps(draw):
    """A small feasible path and a stretch of it."""
    places = draw(places_in_a_square(most=6, shared_candidate=True))
    count = len(places.location)
    path: list[int] = []
    for client in draw(st.permutations(range(count))):
        if walk([*path, client], places) and not visits_twice([*path, client], places):
            path.append(client)
    cut = draw(st.integers(0, len(path)))
    resume = draw(st.integers(cut, len(path)))
    return places, path, cut, resume


def visits_twice(path, places: Places) -> bool:
    candidates = [places.candidate[client] for client in path]
    return len(set(candidates)) != len(candidates)


def best_worth(places: Places, path, cut, resume) -> int:
    """By brute force: the most any stretch between the cuts collects, on time."""
    kept = [*path[:cut], *path[resume:]]
    free = [
        c
        for c in range(len(places.location))
        if places.candidate[c] not in {places.candidate[k] for k in kept}
    ]
    best = 0
    for size in range(len(free) + 1):
        for stretch in permutations(free, size):
            joined = [*path[:cut], *stretch, *path[resume:]]
            if walk(joined, places) and not visits_twice(joined, places):
                best = max(best, sum(int(places.prize[c]) for c in stretch))
    return best


@settings(max_examples=1000, deadline=None)
@given(gaps())
def test_a_refilled_stretch_is_on_time_and_worth_more_and_the_exact_one_is_the_best(gap):
    places, path, cut, resume = gap
    old = value(path[cut:resume], places)
    best = best_worth(places, path, cut, resume)

    found = refilled(path, places, cut, resume)
    exact = refilled(path, places, cut, resume, exact=True)

    for stretch in (found, exact):
        if stretch is not None:
            joined = [*path[:cut], *stretch, *path[resume:]]
            assert walk(joined, places)
            assert not visits_twice(joined, places)
            assert value(stretch, places) > old
    assert (old if exact is None else value(exact, places)) == best
    worth = old if found is None else value(found, places)
    assert worth <= best
    event("better" if best > old else "nothing better")
    event("the best" if worth == best else "not the best")


def value(stretch, places: Places) -> int:
    return sum(int(places.prize[client]) for client in stretch)
