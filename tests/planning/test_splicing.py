from itertools import permutations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from chaveruth.planning.optimiser.splicing import Pool, spliced
from tests.planning.one_day import line_places, places_in_a_square, walk


def test_the_morning_of_one_path_joins_the_afternoon_of_another():
    places = line_places(early=[0, 0, 500, 500], late=[20, 30, 600, 700])
    morning, afternoon = [0, 1], [2, 3]

    joins = spliced([morning, afternoon], places, above=2, limit=10)

    # The afternoon's clients cannot be followed by the morning's (their windows have closed).
    assert joins[0] == (0, 1, 2, 3)
    assert set(joins[1:]) == {(0, 2, 3), (0, 1, 3)}


def test_a_client_in_both_parts_is_visited_and_counted_once():
    places = line_places(early=[0, 0, 500], late=[20, 30, 600])

    assert spliced([[0, 1], [1, 2]], places, above=2, limit=10) == [(0, 1, 2)]
    assert spliced([[0, 1], [1, 2]], places, above=3, limit=10) == []


def test_a_candidate_is_visited_once_even_in_another_window():
    # Clients 1 and 3 are the morning and the afternoon window of one candidate.
    places = line_places(early=[0, 0, 500, 500], late=[20, 30, 600, 700], candidate=[0, 1, 2, 1])

    joins = spliced([[0, 1], [2, 3]], places, above=2, limit=10)

    # (0, 1, 2, 3) would visit it twice, and (0, 1, 3) is worth only 2.
    assert sorted(joins) == [(0, 1, 2), (0, 2, 3)]


def test_a_join_that_would_come_home_late_is_left_out():
    # 0, 1, 2 (thirty units each) are back home at 10 + 30 + 10 + 30 + 10 + 30 + 30 = 150.
    late = line_places(early=[0, 0, 0], late=[100, 100, 100], service=30, end=149)
    in_time = line_places(early=[0, 0, 0], late=[100, 100, 100], service=30, end=150)

    assert spliced([[0, 1], [2]], late, above=2, limit=10) == []
    assert spliced([[0, 1], [2]], in_time, above=2, limit=10) == [(0, 1, 2)]


def test_at_most_limit_joins_best_first():
    places = line_places(early=[0, 0, 500, 500], late=[20, 30, 600, 700])

    assert spliced([[0, 1], [2, 3]], places, above=0, limit=2)[0] == (0, 1, 2, 3)
    assert len(spliced([[0, 1], [2, 3]], places, above=0, limit=2)) == 2


def test_the_pool_keeps_one_path_per_set_of_clients_and_offers_the_best_different_ones():
    pool = Pool(size=2)
    pool.add([1, 2, 3], prize=30)
    pool.add([3, 2, 1], prize=30)  # the same clients in another order: not kept
    pool.add([1, 2, 4], prize=29)  # two clients differ from the best
    pool.add([5, 6], prize=20)

    assert pool.diverse(count=5, difference=2) == [[1, 2, 3], [1, 2, 4], [5, 6]]
    assert pool.diverse(count=5, difference=3) == [[1, 2, 3], [5, 6]]
    assert pool.diverse(count=1, difference=2) == [[1, 2, 3]]


def test_a_full_pool_keeps_its_best_paths():
    pool = Pool(size=2)
    for prize in range(9):  # the ninth is one more than four times its size
        pool.add([prize], prize=prize)

    assert pool.diverse(count=9, difference=0) == [[8], [7]]


# ----------------------------------------------------------------------- property


@st.composite
def instances(draw):
    places = draw(places_in_a_square(most=7))
    count = len(places.location)
    # Feasible paths: clients in a random order, each kept when the path stays on time.
    paths = []
    for order in draw(st.lists(st.permutations(range(count)), min_size=2, max_size=5)):
        path: list[int] = []
        for client in order:
            if walk([*path, client], places):
                path.append(client)
        paths.append(path)
    best = max(sum(places.prize[client] for client in path) for path in paths)
    return places, paths, best - draw(st.integers(0, 6))


@settings(max_examples=400, deadline=None)
@given(instances())
def test_joins_are_on_time_better_best_first_and_none_is_missed(instance):
    places, paths, above = instance
    prize = {}

    joins = spliced(paths, places, above=above, limit=1000)
    event(f"paths {min(len(paths), 3)}, joins {min(len(joins), 3)}")

    for join in joins:
        assert walk(join, places)
        prize[join] = sum(places.prize[client] for client in join)
        assert prize[join] > above
    assert [prize[join] for join in joins] == sorted(prize.values(), reverse=True)
    # Every join of two parts without a client in common, on time and better, is found.
    for first, second in permutations(paths, 2):
        for i in range(len(first) + 1):
            for j in range(len(second) + 1):
                join = tuple(first[:i]) + tuple(second[j:])
                worth = sum(places.prize[client] for client in join)
                if walk(join, places) and worth > above:
                    assert join in joins
