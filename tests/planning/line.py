"""Small one-day problems on a line, for the tests of splicing and refilling, and an independent
walker."""

import numpy as np

from chaveruth.planning.paths import Places


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
