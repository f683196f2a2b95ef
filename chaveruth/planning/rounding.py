"""Round a plan's start times to a clock people print: 10:15, not 10:12.

The optimiser starts every visit as early as travel allows. A programme reads better on a
five-minute grid, and the few minutes of slack are welcome. Each day is re-walked in its order
with starts rounded up; a day on which that would break a window or the return home keeps its
exact times.
"""

from dataclasses import replace

from chaveruth.planning.optimiser import Plan, Problem, Stop


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def _earliest_start(windows: tuple[tuple[int, int], ...], ready: int, step: int) -> int | None:
    """The first start on the grid, not before ``ready``, inside one of ``windows`` (in time
    order, as Problem keeps them)."""
    for earliest, latest in windows:
        start = _round_up(max(ready, earliest), step)
        if start <= latest:
            return start
    return None


def _rounded_day(
    problem: Problem, day: int, stops: tuple[Stop, ...], step: int
) -> tuple[Stop, ...] | None:
    candidates = {c.key: c for c in problem.candidates}
    place, clock, rounded = 0, problem.days[day].start, []
    for stop in stops:
        candidate = candidates[stop.key]
        ready = clock + problem.travel[place][candidate.location]
        if candidate.required:  # required ones (the fixed appointments) keep their time
            start = stop.start if ready <= stop.start else None
        else:
            start = _earliest_start(candidate.windows, ready, step)
        if start is None:
            return None
        rounded.append(Stop(stop.key, start, start + candidate.duration))
        place, clock = candidate.location, start + candidate.duration
    if clock + problem.travel[place][0] > problem.days[day].end:
        return None
    return tuple(rounded)


def round_starts(problem: Problem, plan: Plan, step: int = 5) -> Plan:
    """``plan`` with its starts on a ``step``-minute grid wherever every rule still holds."""
    days = tuple(
        _rounded_day(problem, day, stops, step) or stops for day, stops in enumerate(plan.days)
    )
    return replace(plan, days=days)
