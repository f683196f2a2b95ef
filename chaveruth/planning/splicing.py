"""New paths from old ones: the start of one path joined to the end of another.

Two good one-day programmes often differ in their mornings and in their afternoons, and the best
one takes the morning of the first and the afternoon of the second. Single moves seldom get from
either to it (each step on the way loses value), but a cut-and-join does, and for a pool of paths
all joins can be rated at once: a join is feasible when the first path's part, left as early as
it can, reaches the second path's part before the latest start that still lets it finish in time.

Pure numpy on plain arrays, so that it can be tested apart from the search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HOME = 0  # the location every path starts from and returns to


@dataclass(frozen=True)
class Places:
    """What a join needs to know of each client (indexed like the paths' entries)."""

    location: np.ndarray  # client -> row/column in travel
    early: np.ndarray  # earliest start of service
    late: np.ndarray  # latest start of service
    service: np.ndarray  # service duration
    prize: np.ndarray
    candidate: np.ndarray  # client -> what it stands for (one per window of a candidate)
    travel: np.ndarray  # location x location
    start: int  # leave home no earlier than this
    end: int  # be back home by this


@dataclass(frozen=True)
class Ends:
    """One feasible path, seen from both ends: for each cut 0..n, what the part before it
    has collected and when it can leave at the earliest, and what the part after it collects and
    when it must start at the latest."""

    clients: np.ndarray
    last_location: np.ndarray  # where the part before cut i ends (home for i = 0)
    leave: np.ndarray  # earliest departure from there
    collected: np.ndarray  # prizes of the part before cut i
    first_location: np.ndarray  # where the part from cut j begins (home for j = n)
    latest: np.ndarray  # latest start there (latest return home for j = n)
    remaining: np.ndarray  # prizes of the part from cut j


def ends(path: Sequence[int], places: Places) -> Ends:
    clients = np.asarray(path, dtype=np.int64)
    locations = places.location[clients]
    n = len(clients)
    leave = np.empty(n + 1, dtype=np.int64)
    leave[0] = places.start
    here = HOME
    for k, client in enumerate(clients):
        begin = max(leave[k] + places.travel[here, locations[k]], places.early[client])
        leave[k + 1] = begin + places.service[client]
        here = locations[k]
    latest = np.empty(n + 1, dtype=np.int64)
    latest[n] = places.end
    there = HOME
    for k in range(n - 1, -1, -1):
        client = clients[k]
        latest[k] = min(
            places.late[client],
            latest[k + 1] - places.travel[locations[k], there] - places.service[client],
        )
        there = locations[k]
    prizes = places.prize[clients]
    collected = np.concatenate(([0], np.cumsum(prizes)))
    return Ends(
        clients=clients,
        last_location=np.concatenate(([HOME], locations)),
        leave=leave,
        collected=collected,
        first_location=np.concatenate((locations, [HOME])),
        latest=latest,
        remaining=collected[-1] - collected,
    )


def _padded(seen: list[Ends], field: str, fill: int, width: int) -> np.ndarray:
    table = np.full((len(seen), width), fill, dtype=np.int64)
    for row, one in enumerate(seen):
        values = getattr(one, field)
        table[row, : len(values)] = values
    return table


def spliced(
    paths: Sequence[Sequence[int]], places: Places, *, above: int, limit: int
) -> list[tuple[int, ...]]:
    """The joins of two of the paths (each feasible) that collect more than `above`, best
    first, at most `limit` of them. A candidate in both parts keeps its first visit.

    The joins are on time only where travel obeys the triangle inequality (dropping the second
    visit of a client must not make the path longer): the caller checks each one it uses."""
    if len(paths) < 2:
        return []
    walked = [ends(path, places) for path in paths]
    cuts = 1 + max(len(one.clients) for one in walked)
    # Axes: (first path, cut in it, second path, cut in it); a cut past a path's end never fits.
    leave = _padded(walked, "leave", np.iinfo(np.int64).max // 2, cuts)[:, :, None, None]
    latest = _padded(walked, "latest", -1, cuts)[None, None, :, :]
    last = _padded(walked, "last_location", HOME, cuts)[:, :, None, None]
    first = _padded(walked, "first_location", HOME, cuts)[None, None, :, :]
    on_time = leave + places.travel[last, first] <= latest
    itself = np.arange(len(walked))
    on_time[itself, :, itself, :] = False  # a path joined to itself is no new path
    # A candidate in both parts is counted once: shared[a, x, b, y] is its prize when the x-th
    # visit of path a and the y-th of path b are the same candidate (perhaps in other windows);
    # join (a, i, b, j) counts it twice when x < i and j <= y.
    clients = _padded(walked, "clients", -1, cuts - 1)
    real = clients >= 0
    candidates = np.where(real, places.candidate[np.maximum(clients, 0)], -1)
    prize = np.where(real, places.prize[np.maximum(clients, 0)], 0)
    same = (candidates[:, :, None, None] == candidates[None, None, :, :]) & real[None, None]
    shared = np.where(same, prize[:, :, None, None], 0)
    count, width = clients.shape
    before = np.zeros((count, cuts, count, width), dtype=np.int64)
    before[:, 1:] = shared.cumsum(axis=1)
    twice = np.zeros((count, cuts, count, cuts), dtype=np.int64)
    twice[..., :-1] = before[..., ::-1].cumsum(axis=3)[..., ::-1]
    collected = _padded(walked, "collected", 0, cuts)[:, :, None, None]
    remaining = _padded(walked, "remaining", 0, cuts)[None, None, :, :]
    prizes = collected + remaining - twice
    found: dict[tuple[int, ...], int] = {}
    for a, i, b, j in zip(*np.nonzero(on_time & (prizes > above)), strict=True):
        head = walked[a].clients[:i].tolist()
        seen = set(places.candidate[head].tolist())
        tail = [c for c in walked[b].clients[j:].tolist() if places.candidate[c] not in seen]
        join = tuple(head + tail)
        found[join] = int(prizes[a, i, b, j])
    best = sorted(found, key=found.__getitem__, reverse=True)
    return best[:limit]


class Pool:
    """Distinct feasible paths that the search met, the best of them kept."""

    def __init__(self, size: int):
        self.size = size
        self.paths: dict[frozenset[int], tuple[int, list[int]]] = {}  # clients -> prize, path

    def add(self, path: list[int], prize: int) -> None:
        """Remember the path, unless one with the same clients is already known."""
        self.paths.setdefault(frozenset(path), (prize, path))
        if len(self.paths) > 4 * self.size:  # prune now and then, not at every path
            self.paths = dict(self._best_first()[: self.size])

    def diverse(self, count: int, difference: int) -> list[list[int]]:
        """The best paths, each differing from every better one chosen in at least
        `difference` clients (visited by one and not by the other), at most `count`."""
        chosen: list[frozenset[int]] = []
        paths: list[list[int]] = []
        for clients, (_, path) in self._best_first():
            if all(len(clients ^ other) >= difference for other in chosen):
                chosen.append(clients)
                paths.append(path)
                if len(chosen) == count:
                    break
        return paths

    def _best_first(self) -> list[tuple[frozenset[int], tuple[int, list[int]]]]:
        return sorted(self.paths.items(), key=lambda item: item[1][0], reverse=True)
