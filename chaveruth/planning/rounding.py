"""Round a plan's start times to a clock people print: 10:15, not 10:12.

The optimiser's times are exact to the minute. A programme reads better on a five-minute grid,
and the few minutes of slack are welcome. Each day is re-walked in its order, each start moved
to the grid point before it where the way there leaves time (so a visit packed in before a
reception still ends in time), else to the one after; a day on which that would break a
window, the return home or the day's longest length keeps its exact times.
"""

from dataclasses import replace

from chaveruth.planning.optimiser import Plan, Problem, Stop


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def first_grid_start(windows: tuple[tuple[int, int], ...], ready: int, step: int) -> int | None:
    """The first start on the grid, not before ``ready``, inside one of ``windows`` (in time
    order, as Problem keeps them)."""
    for earliest, latest in windows:
        start = _round_up(max(ready, earliest), step)
        if start <= latest:
            return start
    return None


def _grid_start(
    windows: tuple[tuple[int, int], ...], ready: int, planned: int, step: int
) -> int | None:
    """The grid point before the planned start where there is time, else the one after; a
    start no window allows after the planned one goes to the first grid point after `ready`."""
    down = planned // step * step
    if down >= ready and any(early <= down <= late for early, late in windows):
        return down
    after = first_grid_start(windows, max(ready, planned), step)
    return after if after is not None else first_grid_start(windows, ready, step)


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
            start = _grid_start(candidate.windows, ready, stop.start, step)
        if start is None:
            return None
        rounded.append(Stop(stop.key, start, start + candidate.duration))
        place, clock = candidate.location, start + candidate.duration
    limits = problem.days[day]
    if clock + problem.travel[place][0] > limits.end:
        return None
    if rounded and limits.longest is not None and clock - rounded[0].start > limits.longest:
        return None
    return tuple(rounded)


def round_starts(problem: Problem, plan: Plan, step: int = 5) -> Plan:
    """``plan`` with its starts on a ``step``-minute grid wherever every rule still holds."""
    days = tuple(
        _rounded_day(problem, day, stops, step) or stops for day, stops in enumerate(plan.days)
    )
    return replace(plan, days=days)
