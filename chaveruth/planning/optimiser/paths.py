"""One day's path as plain arrays: what splicing and refilling know of the clients, and a path
seen from both of its ends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HOME = 0  # the location every path starts from and returns to


@dataclass(frozen=True)
class Places:
    """What joins and refills need to know of each client (indexed like the paths' entries)."""

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
