"""Solve a problem: build the PyVRP model, search (first among the most promising
candidates, with several days), and turn the best solution into a checked plan; and which
candidates no day can take even alone (out_of_reach)."""

from __future__ import annotations

import warnings
from collections.abc import Hashable

import numpy as np
import pyvrp

from chaveruth.planning.optimiser.model import (
    Model,
    build,
    clients_of,
    shortest_paths,
    usable_windows,
)
from chaveruth.planning.optimiser.problem import (
    Day,
    Infeasible,
    OnProgress,
    Plan,
    Problem,
    Stop,
    is_feasible,
)
from chaveruth.planning.optimiser.search import Reporter, Search, Tuning

_DEFAULTS = Tuning()  # frozen: one instance serves every call


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    on_progress: OnProgress | None = None,
    tuning: Tuning = _DEFAULTS,
) -> Plan:
    """The best plan found within `seconds` (wall clock, everything included): a local
    search under way is not interrupted, so the run may end a step later, and even a tiny
    problem gets a few steps. `tuning` (search.Tuning) is for experiments
    (bench/optw_settings.py).

    Raises Infeasible when the required candidates cannot all be placed.
    """
    report = Reporter(on_progress, seconds)
    model, unplaceable = build(problem)
    stuck = [problem.candidates[i].key for i in unplaceable if problem.candidates[i].required]
    if stuck:
        raise Infeasible(tuple(stuck))
    # The last one per cent is for turning the solution into a checked plan.
    deadline = report.started + 0.99 * seconds
    if model is None:
        plan = _empty_plan(problem)
    else:
        plan = _searched(problem, model, seed, tuning, report, deadline)
    reasons = is_feasible(problem, plan)
    if reasons:  # a defect here, not the caller's: say so loudly
        raise RuntimeError("The optimiser built an infeasible plan: " + "; ".join(reasons))
    report.finish(plan.score)
    return plan


def _searched(
    problem: Problem, model: Model, seed: int, tuning: Tuning, report: Reporter, deadline: float
) -> Plan:
    """The best plan the search finds by the deadline; when it found none in time and
    nothing is required, the empty plan (staying home is allowed)."""
    with warnings.catch_warnings():
        # PyVRP warns when its penalties hit their bound: that is how infeasible required
        # candidates show, and they are reported below instead.
        warnings.simplefilter("ignore")
        focus_deadline = report.started + tuning.focus_time * (deadline - report.started)
        start = _focused_start(problem, model, seed, tuning, report, focus_deadline)
        search = Search(model, seed, tuning, report)
        search.run(deadline, start)
    if search.best is not None:
        return _plan(problem, model, search.best)
    required = [i for i, c in enumerate(problem.candidates) if c.required]
    if required:
        assert search.least_bad is not None
        keys = _unplaced_required(problem, model, search.least_bad) or required
        raise Infeasible(tuple(problem.candidates[i].key for i in keys))
    return _empty_plan(problem)


def _focused_start(
    problem: Problem,
    model: Model,
    seed: int,
    tuning: Tuning,
    report: Reporter,
    deadline: float,
) -> pyvrp.Solution | None:
    """With several days, the best plan a search among the most promising candidates finds
    by the deadline, as a solution of the whole model; None with one day or no such plan."""
    focused = _focused(problem, tuning) if len(problem.days) > 1 else None
    if focused is None:
        return None
    small, _ = build(problem, only=focused)
    if small is None:
        return None
    search = Search(small, seed, tuning, report)
    search.run(deadline)
    if search.best is None:
        return None
    return _carried(search.best, small, model)


def _carried(solution: pyvrp.Solution, small: Model, model: Model) -> pyvrp.Solution:
    """A solution of a model of some of the candidates as one of the model of all: the same
    candidates in the same windows (both cut from the same travel times), the same days."""
    client = {key: index for index, key in enumerate(zip(model.owner, model.window, strict=True))}
    routes = [
        pyvrp.Route(
            model.data,
            [client[small.owner[c], small.window[c]] for c in clients_of(route)],
            route.vehicle_type(),
        )
        for route in solution.routes()
    ]
    return pyvrp.Solution(model.data, routes)


def _focused(problem: Problem, tuning: Tuning) -> set[int] | None:
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


def _plan(problem: Problem, model: Model, solution: pyvrp.Solution) -> Plan:
    """The solution as stops, each day as short as it can be (_schedule)."""
    slots = [list(indices) for indices in model.slots]
    days: list[tuple[Stop, ...]] = [() for _ in problem.days]
    for route in solution.routes():
        day_index = slots[route.vehicle_type()].pop(0)
        days[day_index] = _schedule(problem, model, problem.days[day_index], clients_of(route))
    planned = {stop.key for day in days for stop in day}
    return Plan(
        days=tuple(days),
        score=sum(c.value for c in problem.candidates if c.key in planned),
        left_out=tuple(c.key for c in problem.candidates if c.key not in planned),
    )


def _schedule(problem: Problem, model: Model, day: Day, clients: list[int]) -> tuple[Stop, ...]:
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


def _unplaced_required(problem: Problem, model: Model, solution: pyvrp.Solution) -> list[int]:
    """Required candidates that the least bad solution leaves out or cannot fit in time: on a
    day that runs late, those whose removal would make it less late."""
    placed, in_the_way = set(), set()
    for route in solution.routes():
        clients = clients_of(route)
        placed |= {model.owner[client] for client in clients}
        if route.has_time_warp():
            in_the_way |= {model.owner[client] for client in _late_because_of(model, route)}
    return [
        i
        for i, c in enumerate(problem.candidates)
        if c.required and (i not in placed or i in in_the_way)
    ]


def _late_because_of(model: Model, route: pyvrp.Route) -> list[int]:
    """The clients of a day that runs late without whom it would run less late (all of them
    when no one alone makes a difference)."""
    clients = clients_of(route)
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
    reach = shortest_paths(travel)
    return tuple(
        c.key for c in problem.candidates if not usable_windows(c, problem.days, travel, reach)
    )
