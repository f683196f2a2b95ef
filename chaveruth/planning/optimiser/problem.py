"""What the optimiser is asked and what it answers: candidates, days and plans, the checks
that a problem makes sense, and the check that a plan keeps its rules."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TypeGuard

import numpy as np

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
    there, nor ends later than the direct way back allows (see model.usable_windows). Where a
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
    hold the way from home (model.usable_windows), and every day may use every window."""
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


def _is_whole(value: object) -> TypeGuard[int | np.integer]:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _amount_errors(value: object, what: str) -> Iterator[str]:
    if not _is_whole(value) or value < 0:
        yield f"{what} is {value!r}; it must be a whole number, 0 or more."
    elif value >= MAX_TIME:
        yield f"{what} is {value}; it must be below 2**40."


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


def _day_errors(
    problem: Problem,
    by_key: dict[Hashable, Candidate],
    number: int,
    day: Day,
    stops: Sequence[Stop],
    seen: set[Hashable],
) -> list[str]:
    reasons: list[str] = []
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
