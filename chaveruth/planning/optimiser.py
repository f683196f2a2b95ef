"""Choose and order visits so that their total value is as high as possible.

This is the orienteering problem with time windows: every candidate has a value, a service
duration and windows for its start; each day is one path from home back home. PyVRP solves it
as a prize-collecting vehicle routing problem with one vehicle per day.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
import pyvrp
from pyvrp.PenaltyManager import PenaltyManager, PenaltyParams
from pyvrp.RingBuffer import RingBuffer
from pyvrp.search import (
    OPERATORS,
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)

from chaveruth.planning.paths import Places
from chaveruth.planning.refilling import refilled
from chaveruth.planning.splicing import Pool, spliced

# Our limit for times and values: far beyond any programme (2**40 minutes are two million
# years), and low enough for PyVRP's 64-bit costs to hold prizes, travel and penalties.
MAX_TIME = 1 << 40


# Called with the share of the time spent (0..1) and the best score so far; it may raise to
# stop the search.
OnProgress = Callable[[float, int], None]


class ProblemError(ValueError):
    """Contradictory or malformed input, with a plain English message."""


class Infeasible(Exception):
    """Required candidates cannot all be placed; .keys names them."""

    def __init__(self, keys: tuple[Hashable, ...]):
        self.keys = keys
        names = ", ".join(str(key) for key in keys)
        super().__init__(f"These required items cannot all be placed: {names}")


@dataclass(frozen=True)
class Candidate:
    key: Hashable  # caller's identifier
    location: int  # row/column in Problem.travel; 0 is home (the hotel / depot)
    duration: int  # service time, in the problem's time unit (>= 0)
    value: int  # prize (>= 0)
    windows: tuple[tuple[int, int], ...]  # allowed START times, inclusive; () = cannot be placed
    required: bool = False  # fixed items (receptions) must be in the plan


@dataclass(frozen=True)
class Day:
    """One path: leave home no earlier than start, be back by end, and (when `longest` is
    given) at most that long from the first stop's start to the last stop's end, the way
    from and back home not counted.

    On such a day no stop starts before the direct way from home could bring the delegation
    there, nor ends later than the direct way back allows (see _usable_windows). Where a
    detour is quicker than the direct way (travel times entered by hand), that costs a few
    minutes the day could have used; it never breaks a rule.
    """

    start: int
    end: int
    longest: int | None = None


@dataclass(frozen=True)
class Problem:
    travel: tuple[tuple[int, ...], ...]  # square, travel[i][j] >= 0, integer
    candidates: tuple[Candidate, ...]
    days: tuple[Day, ...]

    def __post_init__(self) -> None:
        for message in _problem_errors(self):
            raise ProblemError(message)
        # Plain ints from here on, and windows in time order: numpy's integers wrap around
        # where Python's grow, and a caller may give windows in any order.
        object.__setattr__(self, "travel", tuple(tuple(map(int, row)) for row in self.travel))
        object.__setattr__(self, "candidates", tuple(map(_plain, self.candidates)))
        object.__setattr__(self, "days", tuple(map(_plain_day, self.days)))


@dataclass(frozen=True)
class Stop:
    key: Hashable
    start: int  # start of service (after any waiting)
    end: int  # start + duration


@dataclass(frozen=True)
class Plan:
    days: tuple[tuple[Stop, ...], ...]  # one tuple per Problem.days entry, in visiting order
    score: int  # sum of values of planned candidates
    left_out: tuple[Hashable, ...]  # candidates not planned


def _plain(candidate: Candidate) -> Candidate:
    return replace(
        candidate,
        location=int(candidate.location),
        duration=int(candidate.duration),
        value=int(candidate.value),
        windows=tuple(sorted((int(early), int(late)) for early, late in candidate.windows)),
        required=bool(candidate.required),
    )


def _plain_day(day: Day) -> Day:
    return Day(int(day.start), int(day.end), None if day.longest is None else int(day.longest))


def _overlap_errors(days: Sequence[Day]) -> Iterator[str]:
    """A day with a longest length may overlap no other day but an identical one: its windows
    hold the way from home (_usable_windows), and every day may use every window."""
    timed = [
        (number, day)
        for number, day in enumerate(days, start=1)
        if isinstance(day, Day) and _is_whole(day.start) and _is_whole(day.end)
    ]
    for (n, day), (m, other) in combinations(timed, 2):
        limited = day.longest is not None or other.longest is not None
        if limited and day != other and day.start < other.end and other.start < day.end:
            yield f"Days {n} and {m} overlap; a day with a longest length may not."


def _is_list(value: object) -> bool:
    return isinstance(value, tuple | list | np.ndarray)


def _problem_errors(problem: Problem) -> Iterator[str]:
    """What is wrong with a problem, in the order a reader would check it."""
    for part in ("travel", "candidates", "days"):
        if not _is_list(getattr(problem, part)):
            yield f"The problem's {part} is {getattr(problem, part)!r}, not a list."
            return
    size = len(problem.travel)
    if size == 0:
        yield "The travel matrix is empty; it needs at least home, location 0."
    for i, row in enumerate(problem.travel):
        if not _is_list(row):
            yield f"Row {i} of the travel matrix is {row!r}, not a list of travel times."
            continue
        if len(row) != size:
            yield f"The travel matrix is not square: row {i} has {len(row)} entries, not {size}."
        for j, value in enumerate(row):
            yield from _amount_errors(value, f"Travel time from {i} to {j}")
        if i < len(row) and _is_whole(row[i]) and row[i] != 0:
            yield f"Travel time from {i} to itself is {row[i]}; it must be 0."
    if not problem.days:
        yield "There are no days to plan."
    for number, day in enumerate(problem.days, start=1):
        if not isinstance(day, Day):
            yield f"Day {number} is {day!r}, not a Day(start, end)."
            continue
        yield from _amount_errors(day.start, f"Day {number}'s start")
        yield from _amount_errors(day.end, f"Day {number}'s end")
        if _is_whole(day.start) and _is_whole(day.end) and day.end < day.start:
            yield f"Day {number} ends ({day.end}) before it starts ({day.start})."
        if day.longest is not None:
            yield from _amount_errors(day.longest, f"Day {number}'s longest length")
    yield from _overlap_errors(problem.days)
    seen: set[Hashable] = set()
    for number, candidate in enumerate(problem.candidates, start=1):
        if not isinstance(candidate, Candidate):
            yield f"Candidate {number} is {candidate!r}, not a Candidate."
            continue
        yield from _candidate_errors(candidate, size)
        if not _hashable(candidate.key):
            continue
        if candidate.key in seen:
            yield f"Two candidates have the key {candidate.key!r}."
        seen.add(candidate.key)


def _candidate_errors(candidate: Candidate, size: int) -> Iterator[str]:
    key = candidate.key
    if not _hashable(key):
        yield f"{key!r}: a key must be a string, a number or a tuple of them."
    if not isinstance(candidate.required, bool | np.bool_):
        yield f"{key!r}: required is {candidate.required!r}; it must be True or False."
    if not _is_whole(candidate.location) or not 0 <= candidate.location < size:
        yield (
            f"{key!r}: location {candidate.location!r} is not in the travel matrix "
            f"(0 to {size - 1})."
        )
    yield from _amount_errors(candidate.duration, f"{key!r}: duration")
    yield from _amount_errors(candidate.value, f"{key!r}: value")
    if not _is_list(candidate.windows):
        yield f"{key!r}: the time windows are {candidate.windows!r}, not a list of pairs."
        return
    for window in candidate.windows:
        if not _is_list(window) or len(window) != 2:
            yield f"{key!r}: a time window is a pair (earliest, latest), not {window!r}."
            continue
        yield from _amount_errors(window[0], f"{key!r}: the earliest start of a window")
        yield from _amount_errors(window[1], f"{key!r}: the latest start of a window")
        if _is_whole(window[0]) and _is_whole(window[1]) and window[1] < window[0]:
            yield f"{key!r}: time window ({window[0]}, {window[1]}) ends before it starts."


def _hashable(key: object) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def _is_whole(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _amount_errors(value: object, what: str) -> Iterator[str]:
    if not _is_whole(value) or value < 0:  # type: ignore[operator]
        yield f"{what} is {value!r}; it must be a whole number, 0 or more."
    elif value >= MAX_TIME:  # type: ignore[operator]
        yield f"{what} is {value}; it must be below 2**40."


# ---------------------------------------------------------------------------- engine


@dataclass(frozen=True)
class _Tuning:
    """Search parameters. The defaults measured best on the hard instances of the
    orienteering benchmark, 5 s per run over several seeds, as bench/optw_settings.py
    compares settings (figures in bench/README.md)."""

    num_neighbours: int = 50  # PyVRP's granular neighbourhood
    # How far apart two clients are counts their travel plus this times the least wait
    # between them. With PyVRP's 0.2, a quarter of pr03's neighbours cannot follow each
    # other in either order without waiting or being late; with 1.0, a tenth. Measured over two
    # sets of eight seeds on narrow-window instances: average gap 1.17 -> 0.86 % and
    # 0.98 -> 0.63 % (pr03 and pr04 with three paths gain about 0.8 % in both sets, pr09 in
    # one); 2.0 and 3.0 no better.
    weight_wait_time: float = 1.0
    # Clients removed or inserted before each local search, at most. A programme is short
    # (10-30 visits) beside its candidates: it takes strong shakes to change what is in it.
    max_perturbations: int = 30
    # Late acceptance compares with the solution this many steps ago. Measured: a longer
    # memory helps one day's path escape (pr09 with 100: three runs of eight 4-6 % short),
    # a shorter one helps several days converge (2 paths, 5 s, against a 60 s run: pr05
    # 1.6 % -> 0.5 %, r201 1.2 % -> 0.7 %, on average over four seeds).
    history_length: int = 300
    history_length_several_days: int = 100
    # Time warp penalty per unit of time, in multiples of what a unit of time is worth
    # (average prize over average service plus travel). PyVRP's own default (50 000 per
    # unit, whatever the prizes) is far too strict here: the search then stays feasible and
    # stalls early. Updated every `penalty_updates` solutions towards `target_feasible`.
    penalty_start: float = 100.0
    penalty_low: float = 1e-4
    penalty_high: float = 1000.0
    penalty_updates: int = 100
    # Mostly infeasible: the best programmes fill their days to the minute, and the way to
    # a better one goes through a visit too many, then reordering or dropping a cheaper one.
    # (PyVRP's default 0.65 left c104 one visit short in six of eight seeds.)
    target_feasible: float = 0.2
    # After this many iterations without a better solution, jump: halve the prizes of about
    # half the visits of the best plan, descend, restore the prizes and descend again.
    kick_after: int = 3000
    kick_share: float = 0.5
    kick_factor: float = 0.5
    # With one path, repair an infeasible step that the walk rates above the best plan (a full
    # descent with the highest penalty) and keep it when it is the better plan. Measured, 16
    # seeds each on c104, pr09, pr04 (and pr02): average gap 0.761 -> 0.487 % and 0.654 ->
    # 0.490 %, c104's one-visit-short runs mostly gone. With several paths no better: 1.663 ->
    # 1.548 % on six instances, 1.130 -> 1.384 % on five others (eight seeds each).
    repair: bool = True
    # With one path, every this many steps without a better plan, join the start of one good
    # plan met so far to the end of another (splicing.py), from `splice_paths` of them that
    # differ from each other in at least `splice_difference` visits. Measured on pr09 (one
    # path), 32 seeds: average gap 0.437 -> 0.273 %, worst 2.64 -> 1.22 %; over 16 seeds on
    # c104, pr09, pr05, pr02: 0.213 -> 0.067 %. Every 250 or 125 steps, 15 or 20 plans, or 3 or
    # 10 visits' difference: no better beyond the noise.
    splice_every: int = 500
    splice_paths: int = 30
    splice_difference: int = 6
    # With one path, once the walk has gone this many steps without a better plan, replace
    # a stretch of `refill_width` visits of the best plan by the best clients to visit there,
    # trying one stretch after the other until a better plan comes out (refilling.py; each
    # search stops after `refill_labels` labels). Why: pr05's walk now and then settles for
    # seconds on a plan with a wrong last hour (583 of 595). Measured, 16 seeds: pr05 reaches
    # 595 in all (average 594.2 without), c104 and pr09 unchanged. Refilling every plan the
    # walk keeps for 500 steps, within a tenth of the time, spends that time on plans the walk
    # would soon have left: no better.
    refill_after: int = 2000
    refill_width: int = 10
    refill_labels: int = 1500
    # With several days, search first among the most promising `focus_share` of the candidates
    # alone (value per unit of time spent on them: duration plus travel to their nearest
    # neighbours), for `focus_time` of the run, then among all, from the best plan found. Why:
    # the walk climbs slowly where candidates are many and windows wide; on pr16 with four
    # paths (288 candidates) a good plan visits about 110, all but a few among the most
    # promising 60 %, and the walk's shakes and neighbourhoods waste less on the others.
    # Measured (five wide-window instances, two sets of eight seeds): average gap to the best
    # run 2.11 -> 1.41 % and 2.06 -> 1.22 %; the same two phases without the focus, no better
    # than one walk. Never fewer than `focus_room` times the visits the days could hold: on
    # r201 and rc206 with two paths, whose plans visit three candidates in four, keeping 60 %
    # lost 6 on average.
    focus_share: float = 0.6
    focus_room: float = 1.5
    focus_time: float = 0.4
    min_iterations: int = 20  # even when the deadline has passed: tiny problems need a few
    max_iterations: int | None = None  # reproducible experiments stop here, not on time


# Relocate2, Swap21 and Swap22 slow every iteration down by about half and, measured, find
# nothing the others miss here. The group, multi-route and shipment operators stay: PyVRP
# leaves out those that do not apply.
_SKIPPED_OPERATORS = {"Relocate2", "Swap21", "Swap22"}
_OPERATORS = [op for op in OPERATORS if op.__name__ not in _SKIPPED_OPERATORS]


@dataclass(frozen=True)
class _Model:
    """The problem as PyVRP data, with the way back to the caller's candidates."""

    data: pyvrp.ProblemData
    owner: tuple[int, ...]  # PyVRP client -> index into problem.candidates
    window: tuple[tuple[int, int], ...]  # PyVRP client -> the start window it stands for
    required: frozenset[int]  # PyVRP clients that stand for a required candidate
    slots: tuple[tuple[int, ...], ...]  # vehicle type -> indices into problem.days
    prize_unit: int  # one unit of a candidate's value, in PyVRP's cost units


def _shortest_paths(travel: np.ndarray) -> np.ndarray:
    """Floyd–Warshall: a given matrix need not obey the triangle inequality."""
    best = travel.copy()
    for k in range(len(best)):
        np.minimum(best, best[:, k : k + 1] + best[k : k + 1, :], out=best)
    return best


def _usable_windows(
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


def _build(problem: Problem, only: set[int] | None = None) -> tuple[_Model | None, list[int]]:
    """PyVRP data for the candidates that can be placed (of those with an index in `only`,
    when given), and the indices of those that cannot."""
    travel = np.array(problem.travel, dtype=np.int64)
    reach = _shortest_paths(travel)
    prize_unit = _dominant_prize_unit(problem)
    clients: list[pyvrp.Client] = []
    groups: list[pyvrp.ClientGroup] = []
    owner: list[int] = []
    window: list[tuple[int, int]] = []
    unplaceable: list[int] = []
    for index, candidate in enumerate(problem.candidates):
        if only is not None and index not in only:
            continue
        usable = _usable_windows(candidate, problem.days, travel, reach)
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
        distance_matrices=[distance] * len(durations),
        duration_matrices=durations,
        groups=groups,
    )
    model = _Model(
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


def _focused_start(
    problem: Problem,
    model: _Model,
    seed: int,
    tuning: _Tuning,
    report: _Reporter,
    deadline: float,
) -> pyvrp.Solution | None:
    """With several days, the best plan a search among the most promising candidates finds
    by the deadline, as a solution of the whole model; None with one day or no such plan."""
    focused = _focused(problem, tuning) if len(problem.days) > 1 else None
    if focused is None:
        return None
    small, _ = _build(problem, only=focused)
    if small is None:
        return None
    search = _Search(small, seed, tuning, report)
    search.run(deadline)
    if search.best is None:
        return None
    return _carried(search.best, small, model)


def _carried(solution: pyvrp.Solution, small: _Model, model: _Model) -> pyvrp.Solution:
    """A solution of a model of some of the candidates as one of the model of all: the same
    candidates in the same windows (both cut from the same travel times), the same days."""
    client = {key: index for index, key in enumerate(zip(model.owner, model.window, strict=True))}
    routes = [
        pyvrp.Route(
            model.data,
            [client[small.owner[c], small.window[c]] for c in _clients(route)],
            route.vehicle_type(),
        )
        for route in solution.routes()
    ]
    return pyvrp.Solution(model.data, routes)


def _focused(problem: Problem, tuning: _Tuning) -> set[int] | None:
    """The indices of the most promising candidates, and of every required one; None when it
    is not worth leaving any out.

    How promising a candidate is: its value per unit of time spent on it, its duration plus
    the average travel to its five nearest neighbours. How many are kept: `focus_share` of
    them, but at least `focus_room` times as many as the days could hold, roughly.
    """
    candidates = problem.candidates
    if len(candidates) < 2:
        return None
    places = np.array([c.location for c in candidates], dtype=np.int64)
    travel = np.asarray(problem.travel, dtype=np.float64)[np.ix_(places, places)]
    np.fill_diagonal(travel, np.inf)
    nearby = np.sort(travel, axis=1)[:, : min(5, len(candidates) - 1)].mean(axis=1)
    durations = np.array([c.duration for c in candidates], dtype=np.float64)
    last = max((late for c in candidates for _, late in c.windows), default=0)
    hours = sum(max(0, min(day.end, last) - day.start) for day in problem.days)
    room = hours / max(durations.mean() + nearby.mean(), 1.0)
    count = round(max(tuning.focus_share * len(candidates), tuning.focus_room * room))
    if count >= len(candidates):
        return None
    promise = np.array([c.value for c in candidates]) / (durations + nearby + 1)
    kept = set(np.argsort(-promise, kind="stable")[:count].tolist())
    return kept | {i for i, c in enumerate(candidates) if c.required}


def _dominant_prize_unit(problem: Problem) -> int:
    """A unit of value is worth more than any plan's travel, which fits into its days: no
    saving on travel can outweigh a lost unit of value."""
    unit = 1 + sum(day.end - day.start for day in problem.days)
    total_value = sum(candidate.value for candidate in problem.candidates)
    if unit * max(total_value, 1) >= 1 << 55:
        return 1  # would overflow PyVRP's 64-bit costs: value only, no travel tie-breaker
    return unit


class _Search:
    """PyVRP's iterated local search with late acceptance (as pyvrp.solve runs it), with
    penalties scaled to the prizes, kicks out of deep local optima, and a deadline. It keeps
    the best feasible solution by (score, less travel)."""

    def __init__(self, model: _Model, seed: int, tuning: _Tuning, report: _Reporter):
        self.model = model
        self.tuning = tuning
        self.report = report
        self.rng = pyvrp.RandomNumberGenerator(seed=seed)
        self.coin = random.Random(seed)
        self.neighbours = compute_neighbours(
            model.data,
            NeighbourhoodParams(
                weight_wait_time=tuning.weight_wait_time, num_neighbours=tuning.num_neighbours
            ),
        )
        self.ls = self._local_search(model.data, tuning.max_perturbations)
        rate = _value_per_time(model)
        highest = min(rate * tuning.penalty_high, _penalty_ceiling(model))
        self.penalty_params = PenaltyParams(
            solutions_between_updates=tuning.penalty_updates,
            target_feasible=tuning.target_feasible,
            min_penalty=min(rate * tuning.penalty_low, highest),
            max_penalty=highest,
        )
        self.initial_penalty = min(rate * tuning.penalty_start, highest)
        self.best: pyvrp.Solution | None = None
        self.best_key = (-1, 0)
        self.least_bad: pyvrp.Solution | None = None  # lowest penalised cost, feasible or not
        self.least_bad_cost = float("inf")
        self.repairs = tuning.repair and model.data.num_vehicles == 1
        self.splices = tuning.splice_every > 0 and model.data.num_vehicles == 1
        self.pool = Pool(size=10 * tuning.splice_paths)  # feasible plans met, when splicing
        self.refills = tuning.refill_after > 0 and model.data.num_vehicles == 1
        self.places = _places(model) if self.splices or self.refills else None
        self.refilled = self.best_key  # the best plan refilled last
        self.deadline = float("inf")
        self.iterations = 0
        self.started = time.perf_counter()  # for the average length of a step

    def _local_search(self, data: pyvrp.ProblemData, perturbations: int) -> LocalSearch:
        manager = PerturbationManager(PerturbationParams(min(1, perturbations), perturbations))
        ls = LocalSearch(data, self.rng, self.neighbours, manager)
        for operator in _OPERATORS:
            if operator.supports(data):
                ls.add_operator(operator(data))
        return ls

    def kick(self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator):
        """A jump to another region that single moves rarely make: lower the prizes of some
        visited clients, descend, then descend again with the true prizes."""
        data = self.model.data
        visited = _visits(solution)
        lowered = {i for i in visited if self.coin.random() < self.tuning.kick_share}
        factor = self.tuning.kick_factor
        noisy = data.replace(
            clients=[
                _with_prize(client, int(client.prize * factor)) if i in lowered else client
                for i, client in enumerate(data.clients())
            ]
        )
        elsewhere = self._local_search(noisy, 0)(
            _transfer(solution, noisy), cost_evaluator, exhaustive=True
        )
        return self.ls(_transfer(elsewhere, data), cost_evaluator, exhaustive=True)

    def key(self, solution: pyvrp.Solution) -> tuple[int, int] | None:
        """How good a feasible solution is: score first, then less travel; None if infeasible."""
        if not solution.is_feasible():
            return None
        return solution.prizes() // self.model.prize_unit, -solution.distance_cost()

    def consider(self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Record the solution; True when it is the best so far."""
        cost = cost_evaluator.penalised_cost(solution)
        if cost < self.least_bad_cost:
            self.least_bad, self.least_bad_cost = solution, cost
        key = self.key(solution)
        if key is not None and self.splices:
            visits = _visits(solution)
            self.pool.add(visits, solution.prizes())
        if key is None or key <= self.best_key:
            return False
        self.best, self.best_key = solution, key
        self.report.score(key[0])
        return True

    def time_to_splice(self, stale: int) -> bool:
        """Whether to splice now, `stale` steps after the last better plan."""
        every = self.tuning.splice_every
        return self.splices and self.best is not None and stale % every == every - 1

    def splice(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Join the start of one good plan to the end of another; True when a join is the
        best plan so far (checked by PyVRP: travel may break the triangle inequality)."""
        assert self.best is not None and self.places is not None
        tuning, data = self.tuning, self.model.data
        paths = self.pool.diverse(tuning.splice_paths, tuning.splice_difference)
        for visits in spliced(paths, self.places, above=self.best.prizes(), limit=5):
            if self.consider(_one_path(data, visits), cost_evaluator):
                return True
        return False

    def time_to_refill(self, stale: int) -> bool:
        """Whether to refill the best plan now, `stale` steps after it was found."""
        return (
            self.refills
            and self.best is not None
            and stale >= self.tuning.refill_after
            and self.refilled != self.best_key
        )

    def refill(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Replace a stretch of the best plan by the best clients to visit there
        (refilling.py); True when that makes a better plan. Each plan once."""
        assert self.best is not None and self.places is not None
        self.refilled = self.best_key
        data = self.model.data
        path = _visits(self.best)
        for cut, resume in self.stretches(path):
            if time.perf_counter() > self.deadline:
                return False
            stretch = refilled(
                path,
                self.places,
                cut,
                resume,
                max_labels=self.tuning.refill_labels,
                deadline=self.deadline,
            )
            if stretch is None:
                continue
            visits = [*path[:cut], *stretch, *path[resume:]]
            if self.consider(_one_path(data, visits), cost_evaluator):
                return True
        return False

    def stretches(self, path: list[int]) -> Iterator[tuple[int, int]]:
        """Cut and resume of each stretch of `refill_width` visits to refill, ending before a
        required visit (which refilling would leave out): an empty plan has one, to fill."""
        width = self.tuning.refill_width
        for cut in range(max(len(path), 1)):
            resume = min(len(path), cut + width)
            fixed = [k for k in range(cut, resume) if path[k] in self.model.required]
            yield cut, min(fixed, default=resume)

    def polish(self, cost_evaluator: pyvrp.CostEvaluator) -> None:
        """A full descent from a new best plan: the step that found it looked only near the
        clients it moved."""
        assert self.best is not None
        self.consider(self.ls(self.best, cost_evaluator, exhaustive=True), cost_evaluator)

    def worth_repairing(
        self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator
    ) -> bool:
        """Whether an infeasible solution may hide a better plan: the walk's penalties rate
        it above the best plan (and so, prizes outweighing travel, it collects at least as
        much)."""
        best = self.best
        return (
            self.repairs
            and best is not None
            and not solution.is_feasible()
            and cost_evaluator.penalised_cost(solution) < cost_evaluator.penalised_cost(best)
        )

    def penalty_manager(self) -> PenaltyManager:
        start = self.initial_penalty
        return PenaltyManager(([], start, start), self.penalty_params)

    def go_on(self, deadline: float) -> bool:
        """Whether to take another step: not when the steps taken so far say that one more,
        at twice their average length, would end after the deadline."""
        self.report.time()
        self.iterations += 1
        if self.iterations > (self.tuning.max_iterations or self.iterations):
            return False
        now = time.perf_counter()
        average = (now - self.started) / self.iterations
        return self.iterations <= self.tuning.min_iterations or now + 2 * average < deadline

    def run(self, deadline: float, start: pyvrp.Solution | None = None) -> None:
        """Walk until the deadline, from `start` or else from a random solution."""
        self.deadline = deadline
        walk = _Walk(self, start)
        while self.go_on(deadline):
            walk.step()


class _Walk:
    """One late-acceptance walk: its current solution, penalties and history."""

    def __init__(self, search: _Search, start: pyvrp.Solution | None):
        self.search = search
        self.pm = search.penalty_manager()
        if start is None:
            start = pyvrp.Solution.make_random(search.model.data, search.rng)
        else:
            search.consider(start, self.pm.max_cost_evaluator())
        self.current = search.ls(start, self.pm.max_cost_evaluator(), exhaustive=True)
        self.initial = self.current
        tuning = search.tuning
        one_day = search.model.data.num_vehicles == 1
        length = tuning.history_length if one_day else tuning.history_length_several_days
        self.history: RingBuffer[pyvrp.Solution] = RingBuffer(length)
        self.stale = 0
        search.consider(self.current, self.pm.max_cost_evaluator())

    def step(self) -> None:
        search, kick_after = self.search, self.search.tuning.kick_after
        if self.stale and self.stale % kick_after == 0 and search.best is not None:
            self.history.clear()
            self.current = search.kick(search.best, self.pm.cost_evaluator())
            search.consider(self.current, self.pm.cost_evaluator())
        cost_evaluator = self.pm.cost_evaluator()
        if self.rebuilt(cost_evaluator):
            self.stale = 0
            search.polish(cost_evaluator)
        candidate = search.ls(self.current, cost_evaluator, exhaustive=False)
        self.pm.register(candidate)
        self.stale += 1
        found = search.consider(candidate, cost_evaluator)
        if not found and search.worth_repairing(candidate, cost_evaluator):
            strict = self.pm.max_cost_evaluator()
            found = search.consider(search.ls(candidate, strict, exhaustive=True), cost_evaluator)
        if found:
            self.stale = 0
            search.polish(cost_evaluator)
        self.accept(candidate, cost_evaluator)

    def rebuilt(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """With one path, after many steps without a better plan: whether joining parts of
        the plans met, or refilling a stretch of the best, has made a better plan."""
        search, stale = self.search, self.stale
        if search.time_to_splice(stale) and search.splice(cost_evaluator):
            return True
        return search.time_to_refill(stale) and search.refill(cost_evaluator)

    def accept(self, candidate: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> None:
        """Late acceptance (Burke and Bykov 2017): better than now, or than some steps ago."""
        candidate_cost = cost_evaluator.penalised_cost(candidate)
        current_cost = cost_evaluator.penalised_cost(self.current)
        late = self.history.peek()
        late_cost = cost_evaluator.penalised_cost(late if late is not None else self.initial)
        if candidate_cost < late_cost or candidate_cost < current_cost:
            self.current, current_cost = candidate, candidate_cost
        if late is None or current_cost < late_cost:
            self.history.append(self.current)
        else:
            self.history.skip()


def _with_prize(client: pyvrp.Client, prize: int) -> pyvrp.Client:
    return pyvrp.Client(
        location=client.location,
        service_duration=client.service_duration,
        tw_early=client.tw_early,
        tw_late=client.tw_late,
        prize=prize,
        required=client.required,
        group=client.group,
    )


def _clients(route: pyvrp.Route) -> list[int]:
    """The clients one route visits, in visiting order (without the depot's activities)."""
    return [activity.idx for activity in route if activity.is_client()]


def _visits(solution: pyvrp.Solution) -> list[int]:
    """The clients a solution visits, day after day, in visiting order."""
    return [client for route in solution.routes() for client in _clients(route)]


def _one_path(data: pyvrp.ProblemData, visits: Sequence[int]) -> pyvrp.Solution:
    """A one-day solution visiting these clients in this order."""
    return pyvrp.Solution(data, [pyvrp.Route(data, list(visits), 0)])


def _transfer(solution: pyvrp.Solution, data: pyvrp.ProblemData) -> pyvrp.Solution:
    """The same routes on data that differ only in prizes."""
    routes = [
        pyvrp.Route(data, _clients(route), route.vehicle_type()) for route in solution.routes()
    ]
    return pyvrp.Solution(data, routes)


def _places(model: _Model) -> Places:
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


def _value_per_time(model: _Model) -> float:
    """What a unit of time is roughly worth: the exchange rate for time warp penalties."""
    clients = model.data.clients()
    prize = sum(client.prize for client in clients) / len(clients)
    service = sum(client.service_duration for client in clients) / len(clients)
    busy = service + float(model.data.duration_matrix(0).mean())
    return max(prize / max(busy, 1.0), 1.0)


def _penalty_ceiling(model: _Model) -> float:
    """The highest time warp penalty that keeps every cost within PyVRP's 64 bits.

    Without it, with values and times near our limits, a badly late solution's cost wraps
    around to a hugely negative one, and the local search, which cannot be interrupted, goes
    on for ever. A service never starts after the latest time anything closes, so arriving
    at a visit (or back home) is late by at most that time, the longest way and a service;
    and all paths together are longer than their days allow by no more than that sum.
    """
    data = model.data
    clients = data.clients()
    longest = int(np.asarray(data.duration_matrix(0)).max())
    latest = max(max(c.tw_late for c in clients), max(day.tw_late for day in data.vehicle_types()))
    arrivals = len(clients) + data.num_vehicles
    late = arrivals * (latest + longest) + sum(c.service_duration for c in clients)
    warp = 2 * late  # late at the arrivals, and a path longer than its day's longest length
    rest = sum(c.prize for c in clients) + arrivals * longest  # all prizes lost, longest ways
    return max((2**62 - rest) / max(warp, 1), 1.0)


class _Reporter:
    """Passes progress on to the caller: at the start, at most ten times a second while
    searching, and once at the end."""

    def __init__(self, on_progress: OnProgress | None, seconds: float):
        self.on_progress = on_progress
        self.started = time.perf_counter()
        self.seconds = max(seconds, 1e-9)
        self.best = 0
        self.last = self.started
        if on_progress is not None:
            on_progress(0.0, 0)

    def score(self, score: int) -> None:
        self.best = max(self.best, score)

    def time(self) -> None:
        if self.on_progress is None:
            return
        now = time.perf_counter()
        if now - self.last >= 0.1:
            self.last = now
            self.on_progress(min(1.0, (now - self.started) / self.seconds), self.best)

    def finish(self, score: int) -> None:
        if self.on_progress is not None:
            self.on_progress(1.0, score)


def _plan(problem: Problem, model: _Model, solution: pyvrp.Solution) -> Plan:
    """The solution as stops, each day as short as it can be (_schedule)."""
    slots = [list(indices) for indices in model.slots]
    days: list[tuple[Stop, ...]] = [() for _ in problem.days]
    for route in solution.routes():
        day_index = slots[route.vehicle_type()].pop(0)
        days[day_index] = _schedule(problem, model, problem.days[day_index], _clients(route))
    planned = {stop.key for day in days for stop in day}
    return Plan(
        days=tuple(days),
        score=sum(c.value for c in problem.candidates if c.key in planned),
        left_out=tuple(c.key for c in problem.candidates if c.key not in planned),
    )


def _schedule(problem: Problem, model: _Model, day: Day, clients: list[int]) -> tuple[Stop, ...]:
    """The day's stops as short as the day can be: each as early as travel and its window
    allow, then, from the last one back, each as late as the next one and its window allow.
    So the day ends at its earliest, begins at its latest, and waits only where a window
    makes it wait."""
    candidates = [problem.candidates[model.owner[client]] for client in clients]
    starts, now, here = [], day.start, 0
    for client, candidate in zip(clients, candidates, strict=True):
        start = max(now + problem.travel[here][candidate.location], model.window[client][0])
        starts.append(start)
        now, here = start + candidate.duration, candidate.location
    for k in range(len(starts) - 2, -1, -1):
        way = problem.travel[candidates[k].location][candidates[k + 1].location]
        latest = starts[k + 1] - way - candidates[k].duration
        starts[k] = min(model.window[clients[k]][1], latest)
    return tuple(
        Stop(key=c.key, start=start, end=start + c.duration)
        for c, start in zip(candidates, starts, strict=True)
    )


def _unplaced_required(problem: Problem, model: _Model, solution: pyvrp.Solution) -> list[int]:
    """Required candidates that the least bad solution leaves out or cannot fit in time: on a
    day that runs late, those whose removal would make it less late."""
    placed, in_the_way = set(), set()
    for route in solution.routes():
        clients = _clients(route)
        placed |= {model.owner[client] for client in clients}
        if route.has_time_warp():
            in_the_way |= {model.owner[client] for client in _late_because_of(model, route)}
    return [
        i
        for i, c in enumerate(problem.candidates)
        if c.required and (i not in placed or i in in_the_way)
    ]


def _late_because_of(model: _Model, route: pyvrp.Route) -> list[int]:
    """The clients of a day that runs late without whom it would run less late (all of them
    when no one alone makes a difference)."""
    clients = _clients(route)
    without = (clients[:n] + clients[n + 1 :] for n in range(len(clients)))
    less_late = [
        client
        for client, others in zip(clients, without, strict=True)
        if pyvrp.Route(model.data, others, route.vehicle_type()).time_warp() < route.time_warp()
    ]
    return less_late or clients


def _empty_plan(problem: Problem) -> Plan:
    return Plan(tuple(() for _ in problem.days), 0, tuple(c.key for c in problem.candidates))


def out_of_reach(problem: Problem) -> tuple[Hashable, ...]:
    """The candidates no day can take even alone: none of their windows leaves time to get
    there from home and back within a day."""
    travel = np.array(problem.travel, dtype=np.int64)
    reach = _shortest_paths(travel)
    return tuple(
        c.key for c in problem.candidates if not _usable_windows(c, problem.days, travel, reach)
    )


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    on_progress: OnProgress | None = None,
) -> Plan:
    """The best plan found within `seconds` (wall clock, everything included): a local
    search under way is not interrupted, so the run may end a step later, and even a tiny
    problem gets a few steps.

    Raises Infeasible when the required candidates cannot all be placed.
    """
    return _solve(problem, seconds=seconds, seed=seed, on_progress=on_progress)


def _solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    on_progress: OnProgress | None = None,
    tuning: _Tuning = _Tuning(),
) -> Plan:
    report = _Reporter(on_progress, seconds)
    started = report.started
    model, unplaceable = _build(problem)
    stuck = [problem.candidates[i].key for i in unplaceable if problem.candidates[i].required]
    if stuck:
        raise Infeasible(tuple(stuck))
    if model is None:
        plan = _empty_plan(problem)
    else:
        # The last one per cent is for turning the solution into a checked plan.
        deadline = started + 0.99 * seconds
        with warnings.catch_warnings():
            # PyVRP warns when its penalties hit their bound: that is how infeasible
            # required candidates show, and they are reported below instead.
            warnings.simplefilter("ignore")
            focus_deadline = started + tuning.focus_time * (deadline - started)
            start = _focused_start(problem, model, seed, tuning, report, focus_deadline)
            search = _Search(model, seed, tuning, report)
            search.run(deadline, start)
        required = [i for i, c in enumerate(problem.candidates) if c.required]
        if search.best is not None:
            plan = _plan(problem, model, search.best)
        elif required:
            assert search.least_bad is not None
            keys = _unplaced_required(problem, model, search.least_bad) or required
            raise Infeasible(tuple(problem.candidates[i].key for i in keys))
        else:  # nothing feasible found in time, and staying home is allowed
            plan = _empty_plan(problem)
    reasons = is_feasible(problem, plan)
    if reasons:  # a defect here, not the caller's: say so loudly
        raise RuntimeError("The optimiser built an infeasible plan: " + "; ".join(reasons))
    report.finish(plan.score)
    return plan


def is_feasible(problem: Problem, plan: Plan) -> list[str]:
    """Why the plan breaks the problem's rules, in plain words; [] when it keeps them all.

    Written apart from the search, so that it checks the search rather than repeats it.
    """
    reasons: list[str] = []
    if len(plan.days) != len(problem.days):
        return [f"The plan has {len(plan.days)} days, the problem {len(problem.days)}."]
    by_key = {candidate.key: candidate for candidate in problem.candidates}
    seen: set[Hashable] = set()
    for number, (day, stops) in enumerate(zip(problem.days, plan.days, strict=True), start=1):
        reasons += _day_errors(problem, by_key, number, day, stops, seen)
    for candidate in problem.candidates:
        if candidate.required and candidate.key not in seen:
            reasons.append(f"{candidate.key!r} is required but not planned.")
    score = sum(by_key[key].value for key in seen if key in by_key)
    if plan.score != score:
        reasons.append(f"The score is {plan.score}, but the planned values add up to {score}.")
    left_out = [c.key for c in problem.candidates if c.key not in seen]
    if sorted(map(repr, plan.left_out)) != sorted(map(repr, left_out)):
        reasons.append("The left-out list does not match the candidates not planned.")
    return reasons


def _day_errors(problem, by_key, number, day, stops, seen) -> list[str]:
    reasons = []
    now, here = day.start, 0
    for stop in stops:
        candidate = by_key.get(stop.key)
        if candidate is None:
            reasons.append(f"Day {number}: {stop.key!r} is not a candidate.")
            continue
        if stop.key in seen:
            reasons.append(f"Day {number}: {stop.key!r} is planned twice.")
        seen.add(stop.key)
        arrival = now + problem.travel[here][candidate.location]
        if stop.start < arrival:
            reasons.append(
                f"Day {number}: {stop.key!r} starts at {stop.start}, before arrival at {arrival}."
            )
        if not any(early <= stop.start <= late for early, late in candidate.windows):
            reasons.append(
                f"Day {number}: {stop.key!r} starts at {stop.start}, outside its windows."
            )
        if stop.end != stop.start + candidate.duration:
            reasons.append(f"Day {number}: {stop.key!r} ends at {stop.end}, not start + duration.")
        now, here = max(stop.end, stop.start + candidate.duration), candidate.location
    back = now + problem.travel[here][0]
    if back > day.end:
        reasons.append(f"Day {number}: back home at {back}, after the day ends at {day.end}.")
    length = stops[-1].end - stops[0].start if stops else 0
    if day.longest is not None and length > day.longest:
        reasons.append(f"Day {number} lasts {length}, longer than its longest, {day.longest}.")
    return reasons
