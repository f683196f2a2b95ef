"""Make room for a meal break where a day's order allows it.

The optimiser keeps every rule the checks call a conflict, but not the meal break, which is a
note: a day may come out with visits packed from the morning past lunch. Often the same order
leaves time for a break when the later visits move a little later. For each day that needs
one, each gap (before the first visit, between two, after the last) is widened to a break
inside the meal window by moving the visits after it later, on the grid; of those that keep
every rule, the one that moves the visits least is kept.

Where a day's fixed appointments leave no gap to widen, a wish may fit on another day instead:
one of the day's wishes goes to a gap of another day, at the earliest start there on the grid,
where the day it leaves then has its break (widened as above if need be), the day it goes to
keeps any break it had, and every rule holds. The plan keeps its stops, so its value. A day
where neither helps keeps its times (the proposal's page then notes it).
"""

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import NamedTuple

from chaveruth.planning.checks import longest_break
from chaveruth.planning.optimiser import Candidate, Day, Plan, Problem, Stop, is_feasible
from chaveruth.planning.rounding import first_grid_start


@dataclass(frozen=True)
class MealBreak:
    """A day's meal window and the break it needs, in the problem's minutes."""

    opens: int
    closes: int
    minutes: int


def with_meal_breaks(
    problem: Problem, plan: Plan, breaks: Sequence[MealBreak | None], step: int = 5
) -> Plan:
    """`plan` with room for a meal break on each day whose `breaks` entry asks for one (None:
    a day with a meal appointment, or none to plan): its visits moved later, else one of its
    wishes moved to another day."""
    days = []
    for number, (stops, meal) in enumerate(zip(plan.days, breaks, strict=True)):
        ways = _ways_on(problem, stops)
        if meal is None or not _needs_break(stops, ways, meal):
            days.append(stops)
            continue
        days.append(_with_break(problem, plan, number, ways, meal, step) or stops)
    return _with_wishes_moved(problem, replace(plan, days=tuple(days)), breaks, step)


def _ways_on(problem: Problem, stops: Sequence[Stop]) -> list[int]:
    """The minutes on the way from each stop to the next (none after the last)."""
    location = {c.key: c.location for c in problem.candidates}
    ways = [problem.travel[location[a.key]][location[b.key]] for a, b in pairwise(stops)]
    return [*ways, 0]


def _needs_break(stops: Sequence[Stop], ways: Sequence[int], meal: MealBreak) -> bool:
    """As the checks see it: the day reaches into the meal window and leaves no gap there as
    long as the break; time on the road between two stops is no break, whether the group
    leaves at once or eats first."""
    if not stops or stops[0].start >= meal.closes or stops[-1].end <= meal.opens:
        return False
    rides = [
        (before.end, after.start, way)
        for (before, after), way in zip(pairwise(stops), ways, strict=False)
    ]
    busy = [(stop.start, stop.end) for stop in stops]
    return longest_break(busy, rides, meal.opens, meal.closes) < meal.minutes


def _with_break(
    problem: Problem, plan: Plan, number: int, ways: Sequence[int], meal: MealBreak, step: int
) -> tuple[Stop, ...] | None:
    """The day with the gap widened that moves its visits least, or None."""
    stops, day = plan.days[number], problem.days[number]
    by_key = {c.key: c for c in problem.candidates}
    kept = []
    for after in range(-1, len(stops)):  # the gap after stop `after` (-1: before the first)
        end, way = (stops[after].end, ways[after]) if after >= 0 else (meal.opens, 0)
        not_before = _next_start_after_break(end, way, meal)
        if not_before is None:
            break  # later gaps start later still
        moved = _later(problem, by_key, day, stops, after + 1, not_before, step)
        if moved is None:
            continue
        if not is_feasible(problem, _with_day(plan, number, moved)):
            shift = sum(new.start - old.start for new, old in zip(moved, stops, strict=True))
            kept.append((shift, moved))
    return min(kept, key=lambda pair: pair[0])[1] if kept else None


def _next_start_after_break(end: int, way: int, meal: MealBreak) -> int | None:
    """The earliest the stop after one ending at ``end`` may start with the break between:
    on the way first and the break on arrival, which never starts the stop later than the
    other order; or, where that break would end after the window, the break first and then
    on the way. None when no break can start in time."""
    on_the_way_first = max(meal.opens, end + way)
    if on_the_way_first + meal.minutes <= meal.closes:
        return on_the_way_first + meal.minutes
    break_first = max(meal.opens, end)
    if break_first + meal.minutes <= meal.closes:
        return break_first + meal.minutes + way
    return None


def _later(
    problem: Problem,
    by_key: dict[Hashable, Candidate],
    day: Day,
    stops: Sequence[Stop],
    first: int,
    not_before: int,
    step: int,
) -> tuple[Stop, ...] | None:
    """The stops from `first` on moved later as little as needed for that one to start no
    earlier than `not_before`, each on the grid; None when a fixed one would have to move or
    no window allows it (is_feasible judges the rest)."""
    moved = list(stops[:first])
    clock = moved[-1].end if moved else day.start
    here = by_key[moved[-1].key].location if moved else 0
    for stop in stops[first:]:
        candidate = by_key[stop.key]
        ready = max(clock + problem.travel[here][candidate.location], stop.start, not_before)
        if ready <= stop.start:
            start: int | None = stop.start
        elif candidate.required:
            return None
        else:
            start = first_grid_start(candidate.windows, ready, step)
        if start is None:
            return None
        moved.append(Stop(stop.key, start, start + candidate.duration))
        clock, here, not_before = start + candidate.duration, candidate.location, 0
    return tuple(moved)


class _Move(NamedTuple):
    """One wish moved to another day, each day's other stops as they were: light enough to
    sort every one, the plan with it built only when it is tried (_kept)."""

    start: int  # the wish's, on the day it goes to
    day: int  # the day it goes to
    position: int  # the wish's, on the day it leaves
    placed: tuple[Stop, ...]  # the day it goes to, with the wish


def _with_wishes_moved(
    problem: Problem, plan: Plan, breaks: Sequence[MealBreak | None], step: int
) -> Plan:
    """Each day still without a break, in turn, with one of its wishes moved to another day
    where that gives it one; a day sees the moves made for the days before it."""
    for number, meal in enumerate(breaks):
        if meal is not None and _lacks_break(problem, plan.days[number], meal):
            plan = _one_wish_moved(problem, plan, breaks, number, meal, step) or plan
    return plan


def _one_wish_moved(
    problem: Problem,
    plan: Plan,
    breaks: Sequence[MealBreak | None],
    number: int,
    meal: MealBreak,
    step: int,
) -> Plan | None:
    """The plan with the move that gives day `number` its break, or None."""
    # Every move keeps the plan's value, so the optimiser has no preference among them. The
    # earliest start is the one a coordinator would find first, leafing through the
    # programme for free time; then the lowest day and the wish earliest in its day, so that
    # the same plan always gives the same answer; where two gaps of a day give the wish the
    # same start, the earlier gap, found first (the sort keeps the order of equals).
    moves = sorted(_moves(problem, plan, number, step), key=lambda m: (m.start, m.day, m.position))
    for move in moves:
        kept = _kept(problem, plan, move, breaks, number, meal, step)
        if kept is not None:
            return kept
    return None


def _moves(problem: Problem, plan: Plan, number: int, step: int) -> Iterator[_Move]:
    """Each wish of day `number` in each gap of each other day, at the earliest grid start its
    windows allow there (is_feasible judges whether it is in time for the next stop)."""
    by_key = {c.key: c for c in problem.candidates}
    for position, stop in enumerate(plan.days[number]):
        candidate = by_key[stop.key]
        if candidate.required:
            continue  # a fixed appointment keeps its time
        for day, there in enumerate(plan.days):
            windows = () if day == number else _on_day(candidate.windows, problem.days[day])
            if not windows:
                continue
            for start, placed in _placements(problem, by_key, day, there, candidate, windows, step):
                yield _Move(start, day, position, placed)


def _on_day(windows: tuple[tuple[int, int], ...], day: Day) -> tuple[tuple[int, int], ...]:
    """The parts of the windows from the day's start to its end, in time order. On a day that
    keeps its rules no gap's earliest start is before the day's start, and a start after its
    end could not be back home in time (is_feasible refuses it): the moves that can be kept
    are the same, and a wish whose windows all lie on other days is not tried on this one.
    Example: windows ((600, 900), (2040, 2340)) on Day(1860, 2580) leave ((2040, 2340),)."""
    clipped = ((max(early, day.start), min(late, day.end)) for early, late in windows)
    return tuple((early, late) for early, late in clipped if early <= late)


def _placements(
    problem: Problem,
    by_key: dict[Hashable, Candidate],
    day: int,
    stops: Sequence[Stop],
    candidate: Candidate,
    windows: tuple[tuple[int, int], ...],
    step: int,
) -> Iterator[tuple[int, tuple[Stop, ...]]]:
    """The candidate's start in each gap of the day's stops where one of `windows` (its own,
    within the day) allows one, on the grid, and the day with it there."""
    for gap in range(len(stops) + 1):  # before stop `gap` (len(stops): after the last)
        if gap:
            end, here = stops[gap - 1].end, by_key[stops[gap - 1].key].location
        else:
            end, here = problem.days[day].start, 0
        ready = end + problem.travel[here][candidate.location]
        start = first_grid_start(windows, ready, step)
        if start is not None:
            stop = Stop(candidate.key, start, start + candidate.duration)
            yield start, (*stops[:gap], stop, *stops[gap:])


def _kept(
    problem: Problem,
    given: Plan,
    move: _Move,
    breaks: Sequence[MealBreak | None],
    number: int,
    meal: MealBreak,
    step: int,
) -> Plan | None:
    """The move's plan, with the day it leaves widened for its break if need be, where every
    rule holds and the day the wish goes to keeps any break it had; else None."""
    if _loses_break(problem, given.days[move.day], move.placed, breaks[move.day]):
        return None
    stops = given.days[number]
    left = (*stops[: move.position], *stops[move.position + 1 :])
    moved = _with_day(_with_day(given, number, left), move.day, move.placed)
    if _lacks_break(problem, left, meal):
        widened = _with_break(problem, moved, number, _ways_on(problem, left), meal, step)
        return None if widened is None else _with_day(moved, number, widened)
    return None if is_feasible(problem, moved) else moved


def _loses_break(
    problem: Problem, before: Sequence[Stop], after: Sequence[Stop], meal: MealBreak | None
) -> bool:
    return (
        meal is not None
        and _lacks_break(problem, after, meal)
        and not _lacks_break(problem, before, meal)
    )


def _lacks_break(problem: Problem, stops: Sequence[Stop], meal: MealBreak) -> bool:
    return _needs_break(stops, _ways_on(problem, stops), meal)


def _with_day(plan: Plan, number: int, stops: tuple[Stop, ...]) -> Plan:
    return replace(plan, days=(*plan.days[:number], stops, *plan.days[number + 1 :]))
