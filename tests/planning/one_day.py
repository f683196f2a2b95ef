"""Small one-day problems for the tests of splicing and refilling, and an independent walker."""

import numpy as np
from hypothesis import strategies as st

from chaveruth.planning.optimiser.paths import Places


def line_places(early, late, *, service=0, end=1000, candidate=None) -> Places:
    """Client c at location c + 1, ten units further along a line than the one before."""
    count = len(early)
    position = np.arange(count + 1) * 10
    return Places(
        location=np.arange(1, count + 1),
        early=np.array(early),
        late=np.array(late),
        service=np.full(count, service),
        prize=np.ones(count, dtype=np.int64),
        candidate=np.arange(count) if candidate is None else np.array(candidate),
        travel=np.abs(position[:, None] - position[None, :]),
        start=0,
        end=end,
    )


def walk(path, places: Places) -> bool:
    """Independently of the module: is the path on time, each client visited once?"""
    if len(set(path)) != len(path):
        return False
    now, here = places.start, 0
    for client in path:
        there = places.location[client]
        now = max(now + places.travel[here, there], places.early[client])
        if now > places.late[client]:
            return False
        now, here = now + places.service[client], there
    return now + places.travel[here, 0] <= places.end


@st.composite
def places_in_a_square(draw, *, most: int, shared_candidate: bool = False) -> Places:
    """2 to `most` clients at random points of a square, travel by Manhattan distance (so the
    triangle inequality holds), random windows, services and prizes. With `shared_candidate`,
    clients 0 and 1 may be two windows of one candidate."""
    count = draw(st.integers(2, most))

    def numbers(low: int, high: int) -> np.ndarray:
        return np.array(draw(st.lists(st.integers(low, high), min_size=count, max_size=count)))

    points = draw(
        st.lists(
            st.tuples(st.integers(0, 30), st.integers(0, 30)),
            min_size=count + 1,
            max_size=count + 1,
        )
    )
    xy = np.array(points)
    early = numbers(0, 150)
    shared = shared_candidate and draw(st.booleans())
    return Places(
        location=np.arange(1, count + 1),
        early=early,
        late=early + numbers(0, 120),
        service=numbers(0, 15),
        prize=numbers(1, 9),
        candidate=np.array([0, *range(count - 1)]) if shared else np.arange(count),
        travel=np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2),
        start=0,
        end=draw(st.integers(60, 220)),
    )
