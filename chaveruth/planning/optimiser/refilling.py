"""A better stretch of a path: which clients to visit between two cuts.

The walk sometimes settles on a plan whose last hour is wrong: replacing it needs many moves at
once, each of which loses value on its own. Between a cut after the i-th visit (leave there as
early as the path allows) and the visit it resumes with (start there no later than the rest of
the path allows), the best stretch is a small orienteering problem of its own, and a labelling
search solves it: a label is a partial stretch ending at a client, kept only while no other
label there leaves as early and has collected as much.

That rule drops a label even when the one that beats it has visited a candidate the dropped one
could still have gone on to, so the search is exact in practice, not in theory (bench/README.md
says how often it misses and what the exact rule, kept for the tests, costs). A client is also
tried only where it fits when reached directly, which misses nothing where travel obeys the
triangle inequality.

Pure numpy on plain arrays, so that it can be tested apart from the search.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chaveruth.planning.optimiser.paths import Places, ends


@dataclass
class _Label:
    client: int  # -1: the cut itself
    leave: int  # when it leaves the client
    prize: int  # collected since the cut
    visited: int  # bit k set: candidate k of the stretch's candidates visited
    parent: _Label | None
    dropped: bool = False  # another label at the client beats it

    def clients(self) -> list[int]:
        stretch: list[int] = []
        label: _Label | None = self
        while label is not None and label.client >= 0:
            stretch.append(label.client)
            label = label.parent
        return stretch[::-1]


def refilled(
    path: Sequence[int],
    places: Places,
    cut: int,
    resume: int,
    *,
    max_labels: int = 20_000,
    deadline: float = math.inf,
    exact: bool = False,
) -> list[int] | None:
    """The clients to visit between path[:cut] and path[resume:] that collect most, in
    visiting order, when they collect more than path[cut:resume] does; None when nothing does.
    Candidates of the kept parts are left out. After `max_labels` labels, or past `deadline`
    (time.perf_counter), the best stretch found so far.

    The stretch returned is always on time. It is the best one in practice, not in theory
    (see the module's docstring); `exact` makes it so in theory too, at a cost."""
    assert 0 <= cut <= resume <= len(path)
    way = ends(path, places)
    gap = _Gap(
        location=int(way.last_location[cut]),
        leave=int(way.leave[cut]),
        goal=int(way.first_location[resume]),
        latest=int(way.latest[resume]),
    )
    kept = [*path[:cut], *path[resume:]]
    eligible = _eligible(places, gap, excluded=set(places.candidate[kept].tolist()))
    if eligible is None:
        return None
    worth = int(way.collected[resume] - way.collected[cut])
    best = _best_stretch(eligible, places, gap, worth, _Limits(max_labels, deadline, exact))
    return None if best is None else best.clients()


@dataclass(frozen=True)
class _Limits:
    labels: int
    deadline: float
    exact: bool  # keep a label when the one as early and as rich has visited more


@dataclass(frozen=True)
class _Gap:
    location: int  # where the stretch starts: the last kept visit, or home
    leave: int  # when it can leave there at the earliest
    goal: int  # where the path resumes: its next kept visit, or home
    latest: int  # the latest start there


@dataclass(frozen=True)
class _Eligible:
    """The clients that fit into the gap on their own, as arrays, with a bit per candidate."""

    clients: np.ndarray
    location: np.ndarray
    early: np.ndarray
    late: np.ndarray
    service: np.ndarray
    prize: np.ndarray
    back: np.ndarray  # travel from the client to the goal
    bit: list[int]
    by_late: np.ndarray  # latest starts, in order
    prize_from: np.ndarray  # k -> prizes of the clients whose latest start is by_late[k] or later

    def still_open(self, now: int) -> int:
        """The most that clients whose windows have not closed by `now` can add."""
        return int(self.prize_from[np.searchsorted(self.by_late, now)])


def _eligible(places: Places, gap: _Gap, excluded: set[int]) -> _Eligible | None:
    travel = places.travel
    begin = np.maximum(gap.leave + travel[gap.location, places.location], places.early)
    fits = (begin <= places.late) & (
        begin + places.service + travel[places.location, gap.goal] <= gap.latest
    )
    fits &= ~np.isin(places.candidate, list(excluded))
    clients = np.flatnonzero(fits)
    if len(clients) == 0:
        return None
    candidates = places.candidate[clients].tolist()
    bits = {candidate: 1 << k for k, candidate in enumerate(set(candidates))}
    bit = [bits[candidate] for candidate in candidates]
    late, prize = places.late[clients], places.prize[clients]
    order = np.argsort(late)
    return _Eligible(
        clients=clients,
        location=places.location[clients],
        early=places.early[clients],
        late=late,
        service=places.service[clients],
        prize=prize,
        back=travel[places.location[clients], gap.goal],
        bit=bit,
        by_late=late[order],
        prize_from=np.concatenate((np.cumsum(prize[order][::-1])[::-1], [0])),
    )


def _best_stretch(
    eligible: _Eligible, places: Places, gap: _Gap, worth: int, limits: _Limits
) -> _Label | None:
    """Labels in the order they leave their clients; the last one of the best stretch
    collecting more than `worth` (every label can still reach the goal in time)."""
    travel = places.travel
    best: _Label | None = None
    fronts: list[list[_Label]] = [[] for _ in eligible.clients]
    root = _Label(client=-1, leave=gap.leave, prize=0, visited=0, parent=None)
    queue = [(gap.leave, 0, root)]
    count = 0
    while queue:
        _, _, label = heapq.heappop(queue)
        if label.dropped:
            continue
        if label.prize > worth:
            best, worth = label, label.prize
        if label.prize + eligible.still_open(label.leave) <= worth:
            continue  # it cannot beat the best stretch any more
        here = gap.location if label.client < 0 else int(places.location[label.client])
        begin = np.maximum(label.leave + travel[here, eligible.location], eligible.early)
        leave = begin + eligible.service
        reachable = (begin <= eligible.late) & (leave + eligible.back <= gap.latest)
        for k in np.flatnonzero(reachable):
            if label.visited & eligible.bit[k]:
                continue
            child = _Label(
                client=int(eligible.clients[k]),
                leave=int(leave[k]),
                prize=label.prize + int(eligible.prize[k]),
                visited=label.visited | eligible.bit[k],
                parent=label,
            )
            if not _joins_front(fronts[k], child, limits.exact):
                continue
            count += 1
            if count > limits.labels or time.perf_counter() > limits.deadline:
                return best
            heapq.heappush(queue, (child.leave, count, child))
    return best


def _joins_front(front: list[_Label], label: _Label, exact: bool) -> bool:
    """Add the label to its client's labels unless one of them beats it; drop those it beats."""
    if any(_beats(other, label, exact) for other in front):
        return False
    for other in front:
        other.dropped = _beats(label, other, exact)
    front[:] = [other for other in front if not other.dropped]
    front.append(label)
    return True


def _beats(one: _Label, other: _Label, exact: bool) -> bool:
    """One label beats another at the same client when it leaves no later and has collected no
    less; by the exact rule only when it has also visited nothing the other has not."""
    if one.leave > other.leave or one.prize < other.prize:
        return False
    return not exact or one.visited & ~other.visited == 0
