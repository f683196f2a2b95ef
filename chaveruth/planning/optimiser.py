"""Choose and order visits so that their total value is as high as possible.

This is the orienteering problem with time windows: every candidate has a value, a service
duration and windows for its start; each day is one path from home back home. PyVRP solves it
as a prize-collecting vehicle routing problem with one vehicle per day.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

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
    Relocate3,
    Swap31,
    Swap32,
    Swap33,
    compute_neighbours,
)

# PyVRP warns above this; nothing in a day's programme comes near it.
MAX_TIME = 1 << 40


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
    """One path: leave home no earlier than start, be back by end."""

    start: int
    end: int


@dataclass(frozen=True)
class Problem:
    travel: tuple[tuple[int, ...], ...]  # square, travel[i][j] >= 0, integer
    candidates: tuple[Candidate, ...]
    days: tuple[Day, ...]

    def __post_init__(self) -> None:
        for message in _problem_errors(self):
            raise ProblemError(message)


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


def _problem_errors(problem: Problem) -> Iterator[str]:
    """What is wrong with a problem, in the order a reader would check it."""
    size = len(problem.travel)
    if size == 0:
        yield "The travel matrix is empty; it needs at least home, location 0."
    for i, row in enumerate(problem.travel):
        if len(row) != size:
            yield f"The travel matrix is not square: row {i} has {len(row)} entries, not {size}."
        for j, value in enumerate(row):
            yield from _amount_errors(value, f"Travel time from {i} to {j}")
    if not problem.days:
        yield "There are no days to plan."
    for number, day in enumerate(problem.days, start=1):
        yield from _amount_errors(day.start, f"Day {number}'s start")
        yield from _amount_errors(day.end, f"Day {number}'s end")
        if _is_whole(day.start) and _is_whole(day.end) and day.end < day.start:
            yield f"Day {number} ends ({day.end}) before it starts ({day.start})."
    seen: set[Hashable] = set()
    for candidate in problem.candidates:
        yield from _candidate_errors(candidate, size)
        if candidate.key in seen:
            yield f"Two candidates have the key {candidate.key!r}."
        seen.add(candidate.key)


def _candidate_errors(candidate: Candidate, size: int) -> Iterator[str]:
    key = candidate.key
    if not _is_whole(candidate.location) or not 0 <= candidate.location < size:
        yield (
            f"{key!r}: location {candidate.location!r} is not in the travel matrix "
            f"(0 to {size - 1})."
        )
    yield from _amount_errors(candidate.duration, f"{key!r}: duration")
    yield from _amount_errors(candidate.value, f"{key!r}: value")
    for window in candidate.windows:
        if not isinstance(window, tuple | list) or len(window) != 2:
            yield f"{key!r}: a time window is a pair (earliest, latest), not {window!r}."
            continue
        yield from _amount_errors(window[0], f"{key!r}: the earliest start of a window")
        yield from _amount_errors(window[1], f"{key!r}: the latest start of a window")
        if _is_whole(window[0]) and _is_whole(window[1]) and window[1] < window[0]:
            yield f"{key!r}: time window ({window[0]}, {window[1]}) ends before it starts."


def _is_whole(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _amount_errors(value: object, what: str) -> Iterator[str]:
    if not _is_whole(value) or value < 0:  # type: ignore[operator]
        yield f"{what} is {value!r}; it must be a whole number, 0 or more."
    elif value >= MAX_TIME:  # type: ignore[operator]
        yield f"{what} is {value}; it must be below 2**40."


# ---------------------------------------------------------------------------- engine


@dataclass(frozen=True)
class Tuning:
    """Search parameters; the defaults are what bench/optw.py measured best."""

    num_neighbours: int = 50
    weight_wait_time: float = 0.2
    min_perturbations: int = 1
    max_perturbations: int = 25
    history_length: int = 300
    iters_no_improvement: int = 150_000
    prize_unit: int | None = None  # None: prizes dominate any travel cost
    target_feasible: float = 0.65
    penalty_scale: float | None = None  # None: PyVRP's default penalties
    penalty_updates: int = 500
    restarts: int = 1
    tie_break: str = "distance"  # or "duration"
    extra_operators: bool = False


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class _Model:
    """The problem as PyVRP data, with the way back to the caller's candidates."""

    data: pyvrp.ProblemData
    owner: tuple[int, ...]  # PyVRP client -> index into problem.candidates
    window: tuple[tuple[int, int], ...]  # PyVRP client -> the start window it stands for
    slots: tuple[tuple[int, ...], ...]  # vehicle type -> indices into problem.days
    prize_unit: int  # a candidate's value is worth this much travel


def _shortest_paths(travel: np.ndarray) -> np.ndarray:
    """Floyd–Warshall: a given matrix need not obey the triangle inequality."""
    best = travel.copy()
    for k in range(len(best)):
        np.minimum(best, best[:, k : k + 1] + best[k : k + 1, :], out=best)
    return best


def _usable_windows(
    candidate: Candidate, days: tuple[Day, ...], reach: np.ndarray
) -> list[tuple[int, int]]:
    """Each window cut to the starts from which some day can still get there and back."""
    there, back = int(reach[0, candidate.location]), int(reach[candidate.location, 0])
    pieces = sorted(
        (max(early, day.start + there), min(late, day.end - candidate.duration - back))
        for early, late in candidate.windows
        for day in set(days)
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


def _build(problem: Problem, tuning: Tuning) -> tuple[_Model | None, list[int]]:
    """PyVRP data for the candidates that can be placed, and the indices of those that cannot."""
    travel = np.array(problem.travel, dtype=np.int64)
    reach = _shortest_paths(travel)
    clients: list[pyvrp.Client] = []
    groups: list[pyvrp.ClientGroup] = []
    owner: list[int] = []
    window: list[tuple[int, int]] = []
    unplaceable: list[int] = []
    prize_unit = tuning.prize_unit or _dominant_prize_unit(problem)
    for index, candidate in enumerate(problem.candidates):
        usable = _usable_windows(candidate, problem.days, reach)
        if not usable:
            unplaceable.append(index)
            continue
        # Alternatives of one candidate form a mutually exclusive group: at most one is
        # visited, and exactly one when the candidate is required.
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
    slots: dict[Day, list[int]] = {}
    for index, day in enumerate(problem.days):
        slots.setdefault(day, []).append(index)
    vehicle_types = [
        pyvrp.VehicleType(
            num_available=len(indices),
            tw_early=day.start,
            tw_late=day.end,
            unit_duration_cost=int(tuning.tie_break == "duration" and prize_unit > 1),
        )
        for day, indices in slots.items()
    ]
    data = pyvrp.ProblemData(
        locations=[pyvrp.Location(x=0, y=0) for _ in range(len(travel))],
        clients=clients,
        depots=[pyvrp.Depot(location=0)],
        vehicle_types=vehicle_types,
        distance_matrices=[
            travel if prize_unit > 1 and tuning.tie_break == "distance" else np.zeros_like(travel)
        ],
        duration_matrices=[travel],
        groups=groups,
    )
    model = _Model(
        data=data,
        owner=tuple(owner),
        window=tuple(window),
        slots=tuple(tuple(indices) for indices in slots.values()),
        prize_unit=prize_unit,
    )
    return model, unplaceable


def _dominant_prize_unit(problem: Problem) -> int:
    """How much one unit of value is worth in travel, so that no saving on travel can ever
    outweigh a lost unit of value: a path's travel fits into its day."""
    unit = 1 + sum(day.end - day.start for day in problem.days)
    total_value = sum(candidate.value for candidate in problem.candidates)
    if unit * max(total_value, 1) >= 1 << 55:
        return 1  # would overflow PyVRP's 64-bit costs: value only, no travel tie-breaker
    return unit


class _Search:
    """PyVRP's iterated local search with late acceptance, run to a deadline. It keeps the
    best feasible solution by (score, shorter travel) and reports progress now and then."""

    def __init__(self, model: _Model, seed: int, tuning: Tuning, report: _Reporter):
        self.model = model
        self.tuning = tuning
        self.report = report
        self.rng = pyvrp.RandomNumberGenerator(seed=seed)
        data = model.data
        neighbours = compute_neighbours(
            data,
            NeighbourhoodParams(
                weight_wait_time=tuning.weight_wait_time,
                num_neighbours=min(tuning.num_neighbours, max(data.num_clients - 1, 1)),
            ),
        )
        perturbation = PerturbationManager(
            PerturbationParams(tuning.min_perturbations, tuning.max_perturbations)
        )
        self.ls = LocalSearch(data, self.rng, neighbours, perturbation)
        operators = list(OPERATORS)
        if tuning.extra_operators:
            operators += [Relocate3, Swap31, Swap32, Swap33]
        for operator in operators:
            if operator.supports(data):
                self.ls.add_operator(operator(data))
        if tuning.penalty_scale is None:
            self.penalty_params = PenaltyParams(
                target_feasible=tuning.target_feasible,
                solutions_between_updates=tuning.penalty_updates,
            )
            self.initial_penalty = None
        else:
            rate = _value_per_time(model) * tuning.penalty_scale
            self.penalty_params = PenaltyParams(
                target_feasible=tuning.target_feasible,
                solutions_between_updates=tuning.penalty_updates,
                min_penalty=rate / 1000,
                max_penalty=rate * 1000,
            )
            self.initial_penalty = rate
        self.best: pyvrp.Solution | None = None
        self.best_key = (-1, 0)
        self.least_bad: pyvrp.Solution | None = None  # lowest penalised cost, feasible or not
        self.least_bad_cost = float("inf")

    def consider(self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        cost = cost_evaluator.penalised_cost(solution)
        if cost < self.least_bad_cost:
            self.least_bad, self.least_bad_cost = solution, cost
        if not solution.is_feasible():
            return False
        travel_cost = solution.distance_cost() + solution.duration_cost()
        key = (solution.prizes() // self.model.prize_unit, -travel_cost)
        if key <= self.best_key:
            return False
        self.best, self.best_key = solution, key
        self.report.score(key[0])
        return True

    def run(self, deadline: float) -> None:
        pm = PenaltyManager(
            self.penalty_params.midpoint_penalties(self.model.data), self.penalty_params
        )
        start = pyvrp.Solution.make_random(self.model.data, self.rng)
        current = self.ls(start, pm.max_cost_evaluator(), exhaustive=True)
        self.consider(current, pm.max_cost_evaluator())
        self._iterate(current, pm, deadline)

    def _iterate(self, current: pyvrp.Solution, pm: PenaltyManager, deadline: float) -> None:
        history: RingBuffer[pyvrp.Solution] = RingBuffer(self.tuning.history_length)
        initial = current
        stale = 0
        while time.perf_counter() < deadline:
            if stale == self.tuning.iters_no_improvement and self.best is not None:
                history.clear()
                current, stale = self.best, 0
            cost_evaluator = pm.cost_evaluator()
            candidate = self.ls(current, cost_evaluator, exhaustive=False)
            pm.register(candidate)
            stale += 1
            if self.consider(candidate, cost_evaluator):
                stale = 0
                polished = self.ls(candidate, cost_evaluator, exhaustive=True)
                self.consider(polished, cost_evaluator)
            candidate_cost = cost_evaluator.penalised_cost(candidate)
            current_cost = cost_evaluator.penalised_cost(current)
            late = history.peek()
            late_cost = cost_evaluator.penalised_cost(late if late is not None else initial)
            if candidate_cost < late_cost or candidate_cost < current_cost:
                current, current_cost = candidate, candidate_cost
            if late is None or current_cost < late_cost:
                history.append(current)
            else:
                history.skip()
            self.report.time()


def _value_per_time(model: _Model) -> float:
    """What a unit of time is roughly worth: the exchange rate for time warp penalties."""
    data = model.data
    clients = data.clients()
    prize = sum(c.prize for c in clients) / len(clients)
    travel = data.duration_matrix(0)
    busy = sum(c.service_duration for c in clients) / len(clients) + float(travel.mean())
    return max(prize / max(busy, 1.0), 1.0)


class _Reporter:
    """Calls on_progress at most ten times a second."""

    def __init__(self, on_progress, started: float, seconds: float):
        self.on_progress = on_progress
        self.started = started
        self.seconds = seconds
        self.best = 0
        self.last = -1.0

    def score(self, score: int) -> None:
        self.best = max(self.best, score)

    def time(self, final: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.perf_counter()
        if final or now - self.last >= 0.1:
            self.last = now
            fraction = 1.0 if final else min(1.0, (now - self.started) / self.seconds)
            self.on_progress(fraction, self.best)


def _plan(problem: Problem, model: _Model, solution: pyvrp.Solution) -> Plan:
    """The solution as stops at their earliest start: leave home at the day's start, wait
    where a window is not yet open."""
    slots = [list(indices) for indices in model.slots]
    days: list[tuple[Stop, ...]] = [() for _ in problem.days]
    for route in solution.routes():
        day_index = slots[route.vehicle_type()].pop(0)
        clients = [activity.idx for activity in route if activity.is_client()]
        days[day_index] = _schedule(problem, model, problem.days[day_index], clients)
    planned = {stop.key for day in days for stop in day}
    return Plan(
        days=tuple(days),
        score=sum(c.value for c in problem.candidates if c.key in planned),
        left_out=tuple(c.key for c in problem.candidates if c.key not in planned),
    )


def _schedule(problem: Problem, model: _Model, day: Day, clients: list[int]) -> tuple[Stop, ...]:
    stops = []
    now, here = day.start, 0
    for client in clients:
        candidate = problem.candidates[model.owner[client]]
        early, _ = model.window[client]
        start = max(now + problem.travel[here][candidate.location], early)
        stops.append(Stop(key=candidate.key, start=start, end=start + candidate.duration))
        now, here = start + candidate.duration, candidate.location
    return tuple(stops)


def _unplaced_required(problem: Problem, model: _Model, solution: pyvrp.Solution) -> list[int]:
    """Required candidates that the least bad solution leaves out or cannot fit in time."""
    placed: set[int] = set()
    for route in solution.routes():
        owners = {model.owner[a.idx] for a in route if a.is_client()}
        if route.has_time_warp():
            continue
        placed |= owners
    return [i for i, c in enumerate(problem.candidates) if c.required and i not in placed]


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    on_progress: Callable[[float, int], None] | None = None,
) -> Plan:
    """The best plan found within `seconds` (wall clock, everything included).

    Raises Infeasible when the required candidates cannot all be placed.
    """
    return _solve(problem, seconds=seconds, seed=seed, on_progress=on_progress)


def _solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    on_progress: Callable[[float, int], None] | None = None,
    tuning: Tuning = DEFAULT_TUNING,
) -> Plan:
    started = time.perf_counter()
    report = _Reporter(on_progress, started, seconds)
    report.time()
    model, unplaceable = _build(problem, tuning)
    stuck = [problem.candidates[i].key for i in unplaceable if problem.candidates[i].required]
    if stuck:
        raise Infeasible(tuple(stuck))
    if model is None:
        plan = Plan(tuple(() for _ in problem.days), 0, tuple(c.key for c in problem.candidates))
    else:
        search = _Search(model, seed, tuning, report)
        with warnings.catch_warnings():
            # PyVRP warns when its penalties hit their bound: that is how infeasible
            # required candidates show, and they are reported below instead.
            warnings.simplefilter("ignore")
            for run in range(1, tuning.restarts + 1):
                search.run(started + seconds * run / tuning.restarts)
        if search.best is None:
            assert search.least_bad is not None
            keys = _unplaced_required(problem, model, search.least_bad)
            keys = keys or [i for i, c in enumerate(problem.candidates) if c.required]
            raise Infeasible(tuple(problem.candidates[i].key for i in keys))
        plan = _plan(problem, model, search.best)
    reasons = is_feasible(problem, plan)
    if reasons:  # a defect here, not the caller's: say so loudly
        raise AssertionError("The optimiser built an infeasible plan: " + "; ".join(reasons))
    report.score(plan.score)
    report.time(final=True)
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
    return reasons
