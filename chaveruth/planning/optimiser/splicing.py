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

import numpy as np

from chaveruth.planning.optimiser.paths import HOME, Ends, Places, ends


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
