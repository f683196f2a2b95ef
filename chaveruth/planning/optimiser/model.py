"""The problem as PyVRP data (one client per start window of a candidate, one vehicle per
day), and the small conversions between PyVRP's solutions and plain lists of clients."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyvrp

from chaveruth.planning.optimiser.paths import Places
from chaveruth.planning.optimiser.problem import Candidate, Day, Problem


@dataclass(frozen=True)
class Model:
    """The problem as PyVRP data, with the way back to the caller's candidates."""

    data: pyvrp.ProblemData
    owner: tuple[int, ...]  # PyVRP client -> index into problem.candidates
    window: tuple[tuple[int, int], ...]  # PyVRP client -> the start window it stands for
    required: frozenset[int]  # PyVRP clients that stand for a required candidate
    slots: tuple[tuple[int, ...], ...]  # vehicle type -> indices into problem.days
    prize_unit: int  # one unit of a candidate's value, in PyVRP's cost units


def shortest_paths(travel: np.ndarray) -> np.ndarray:
    """Floyd–Warshall: a given matrix need not obey the triangle inequality."""
    best = travel.copy()
    for k in range(len(best)):
        np.minimum(best, best[:, k : k + 1] + best[k : k + 1, :], out=best)
    return best


def usable_windows(
    candidate: Candidate, days: tuple[Day, ...], travel: np.ndarray, reach: np.ndarray
) -> list[tuple[int, int]]:
    """Each window cut to the starts from which some day can get there and back in time.

    Tighter windows prune the search, and a window no day can use is dropped altogether. On
    a day with a longest length the search does not count the way from and back home
    (_profiles), so the window holds it: the direct way, which a first or last stop takes.
    """
    pieces = sorted(
        (max(early, day.start + there), min(late, day.end - candidate.duration - back))
        for early, late in candidate.windows
        for day in set(days)
        for there, back in [_home_ways(candidate.location, day, travel, reach)]
    )
    merged: list[tuple[int, int]] = []
    for early, late in pieces:
        if early > late:
            continue
        if merged and early <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], late))
        else:
            merged.append((early, late))
    return merged


def _home_ways(location: int, day: Day, travel: np.ndarray, reach: np.ndarray) -> tuple[int, int]:
    """The least time to get from home to `location`, and back, on `day`."""
    ways = travel if day.longest is not None else reach
    return int(ways[0, location]), int(ways[location, 0])


def _profiles(problem: Problem, travel: np.ndarray) -> tuple[list[np.ndarray], int]:
    """PyVRP's travel times, one matrix per profile, and home's location in them.

    A day with a longest length is measured from its first stop's start to its last one's
    end, while PyVRP limits a path from leaving home to coming back: such days get a profile
    of their own in which the ways from and back home take no time. Home is then a location
    of its own beside the hotel's, so that stops at the hotel itself still count their ways.
    """
    if all(day.longest is None for day in problem.days):
        return [travel], 0
    size = len(travel)
    apart = np.zeros((size + 1, size + 1), dtype=np.int64)
    apart[:size, :size] = travel
    apart[size, :size], apart[:size, size] = travel[0], travel[:, 0]
    free = apart.copy()
    free[size, :], free[:, size] = 0, 0
    return [apart, free], size


def build(problem: Problem, only: set[int] | None = None) -> tuple[Model | None, list[int]]:
    """PyVRP data for the candidates that can be placed (of those with an index in `only`,
    when given), and the indices of those that cannot."""
    travel = np.array(problem.travel, dtype=np.int64)
    reach = shortest_paths(travel)
    prize_unit = _dominant_prize_unit(problem)
    clients: list[pyvrp.Client] = []
    groups: list[pyvrp.ClientGroup] = []
    owner: list[int] = []
    window: list[tuple[int, int]] = []
    unplaceable: list[int] = []
    for index, candidate in enumerate(problem.candidates):
        if only is not None and index not in only:
            continue
        usable = usable_windows(candidate, problem.days, travel, reach)
        if not usable:
            unplaceable.append(index)
            continue
        # One client per window. Alternatives form a mutually exclusive group: at most one
        # is visited, and exactly one when the candidate is required.
        group = None
        if len(usable) > 1:
            group = len(groups)
            groups.append(pyvrp.ClientGroup(required=candidate.required))
        for early, late in usable:
            if group is not None:
                groups[group].add_client(len(clients))
            clients.append(
                pyvrp.Client(
                    location=candidate.location,
                    service_duration=candidate.duration,
                    tw_early=early,
                    tw_late=late,
                    prize=candidate.value * prize_unit,
                    required=candidate.required and group is None,
                    group=group,
                )
            )
            owner.append(index)
            window.append((early, late))
    if not clients:
        return None, unplaceable
    # Identical days are one vehicle type with several vehicles; each other day its own.
    slots: dict[Day, list[int]] = {}
    for index, day in enumerate(problem.days):
        slots.setdefault(day, []).append(index)
    vehicle_types = [_vehicle_type(day, len(indices)) for day, indices in slots.items()]
    durations, home = _profiles(problem, travel)
    # Travel is the tie-breaker among plans of equal value: shorter paths leave room.
    distance = durations[0] if prize_unit > 1 else np.zeros_like(durations[0])
    data = pyvrp.ProblemData(
        locations=[pyvrp.Location(x=0, y=0) for _ in range(len(durations[0]))],
        clients=clients,
        depots=[pyvrp.Depot(location=home)],
        vehicle_types=vehicle_types,
        # pyvrp types a matrix as np.ndarray[int], which numpy reads as a shape of int.
        distance_matrices=[distance] * len(durations),  # type: ignore[list-item]
        duration_matrices=durations,  # type: ignore[arg-type]
        groups=groups,
    )
    model = Model(
        data=data,
        owner=tuple(owner),
        window=tuple(window),
        required=frozenset(c for c, i in enumerate(owner) if problem.candidates[i].required),
        slots=tuple(tuple(indices) for indices in slots.values()),
        prize_unit=prize_unit,
    )
    return model, unplaceable


def _vehicle_type(day: Day, count: int) -> pyvrp.VehicleType:
    if day.longest is None:
        return pyvrp.VehicleType(num_available=count, tw_early=day.start, tw_late=day.end)
    return pyvrp.VehicleType(
        num_available=count,
        tw_early=day.start,
        tw_late=day.end,
        shift_duration=day.longest,  # a path longer is late by the difference
        profile=1,  # see _profiles
    )


def _dominant_prize_unit(problem: Problem) -> int:
    """A unit of value is worth more than any plan's travel, which fits into its days: no
    saving on travel can outweigh a lost unit of value."""
    unit = 1 + sum(day.end - day.start for day in problem.days)
    total_value = sum(candidate.value for candidate in problem.candidates)
    if unit * max(total_value, 1) >= 1 << 55:
        return 1  # would overflow PyVRP's 64-bit costs: value only, no travel tie-breaker
    return unit


def with_prize(client: pyvrp.Client, prize: int) -> pyvrp.Client:
    return pyvrp.Client(
        location=client.location,
        service_duration=client.service_duration,
        tw_early=client.tw_early,
        tw_late=client.tw_late,
        prize=prize,
        required=client.required,
        group=client.group,
    )


def clients_of(route: pyvrp.Route) -> list[int]:
    """The clients one route visits, in visiting order (without the depot's activities)."""
    return [activity.idx for activity in route if activity.is_client()]


def visits_of(solution: pyvrp.Solution) -> list[int]:
    """The clients a solution visits, day after day, in visiting order."""
    return [client for route in solution.routes() for client in clients_of(route)]


def one_path(data: pyvrp.ProblemData, visits: Sequence[int]) -> pyvrp.Solution:
    """A one-day solution visiting these clients in this order."""
    return pyvrp.Solution(data, [pyvrp.Route(data, list(visits), 0)])


def transfer(solution: pyvrp.Solution, data: pyvrp.ProblemData) -> pyvrp.Solution:
    """The same routes on data that differ only in prizes."""
    routes = [
        pyvrp.Route(data, clients_of(route), route.vehicle_type()) for route in solution.routes()
    ]
    return pyvrp.Solution(data, routes)


def places_of(model: Model) -> Places:
    """What splicing needs to know of a one-day problem's clients."""
    clients = model.data.clients()
    day = model.data.vehicle_type(0)
    return Places(
        location=np.array([c.location for c in clients], dtype=np.int64),
        early=np.array([c.tw_early for c in clients], dtype=np.int64),
        late=np.array([c.tw_late for c in clients], dtype=np.int64),
        service=np.array([c.service_duration for c in clients], dtype=np.int64),
        prize=np.array([c.prize for c in clients], dtype=np.int64),
        candidate=np.array(model.owner, dtype=np.int64),
        travel=np.asarray(model.data.duration_matrix(0), dtype=np.int64),
        start=day.tw_early,
        end=day.tw_late,
    )
