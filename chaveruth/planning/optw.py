"""Orienteering benchmark instances (OPTW / TOPTW) and the command that solves one.

    python -m chaveruth.planning.optw FILE [--paths M] [--seconds S] [--seed N] [--decimals D]

prints one JSON object: ``{"instance": NAME, "paths": [[vertex ids], ...], "score": TOTAL}``.
The file format is described in /work/shared/data/README.md (section optw). Travel time is the
Euclidean distance truncated to one decimal (Solomon sets) or two (Cordeau sets, ``pr*``), told
by the file's name or folder, or by ``--decimals``; the optimiser works in integers, so every
time is scaled by 10 or 100, which keeps it exact.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import TypedDict

from chaveruth.planning.optimiser import Candidate, Day, Problem, ProblemError, solve


class InstanceError(ValueError):
    """The file is not an instance in the expected format; the message says where."""


@dataclass(frozen=True)
class Vertex:
    id: int
    x: Decimal
    y: Decimal
    duration: Decimal  # service time
    score: int
    open: Decimal  # earliest start of service
    close: Decimal  # latest start of service; for vertex 0 the latest return


@dataclass(frozen=True)
class Instance:
    name: str
    vertices: tuple[Vertex, ...]  # vertex 0 is where every path starts and ends
    decimals: int  # travel times are truncated to this many decimals

    @property
    def scale(self) -> int:
        """Multiplying every time by this makes it a whole number."""
        return int(10**self.decimals)  # int ** int is typed Any: a negative power is a float


def read_instance(path: str | Path, decimals: int | None = None) -> Instance:
    """Read an instance file; raises InstanceError (or OSError) with a one-line reason.

    Without ``decimals``, the file's name or folder tells its set (``decimals_of``).
    """
    path = Path(path)
    text = path.read_text(encoding="ascii", errors="replace")
    if decimals is None:
        try:
            decimals = decimals_of(path)
        except InstanceError:
            # What is wrong in the file comes first: no precision mends an empty one.
            parse_instance(text, name=path.stem, decimals=1)
            raise
    return parse_instance(text, name=path.stem, decimals=decimals)


def decimals_of(path: Path) -> int:
    """Cordeau's sets (pr01–pr20) truncate travel times to two decimals, Solomon's (c, r, rc,
    their 50-customer copies 50_c101 …) to one. Nothing in a file says which it is, and the
    wrong guess makes plans infeasible or too good: a name that tells neither is refused."""
    folder = path.parent.name
    if re.fullmatch(r"pr\d+", path.stem) or folder.startswith("cordeau"):
        return 2
    if re.fullmatch(r"(50_)?(c|r|rc)\d+", path.stem) or folder.startswith("solomon"):
        return 1
    raise InstanceError(
        "neither a Solomon (c101 …) nor a Cordeau (pr01 …) file by its name: give --decimals "
        "1 or 2 for the precision of its travel times"
    )


def parse_instance(text: str, *, name: str, decimals: int) -> Instance:
    """Parse by whitespace tokens: line breaks differ between the published files."""
    tokens = text.split()
    if len(tokens) < 4:
        raise InstanceError("the header needs four numbers: k v N t")
    count = _integer(tokens[2], "N in the header") + 1
    if count < 1:
        raise InstanceError(f"N in the header must be 0 or more, not {tokens[2]!r}")
    # The second header line is "D Q", but some files omit D: try both.
    first_error: InstanceError | None = None
    for header in (6, 5):
        try:
            vertices = _parse_vertices(tokens, header, count)
        except InstanceError as error:
            first_error = first_error or error
            continue
        instance = Instance(name=name, vertices=vertices, decimals=decimals)
        _check_scalable(instance)
        return instance
    assert first_error is not None
    raise first_error


def _parse_vertices(tokens: list[str], position: int, count: int) -> tuple[Vertex, ...]:
    vertices = []
    for expected in range(count):
        vertex, position = _parse_vertex(tokens, position, expected)
        vertices.append(vertex)
    if position != len(tokens):
        raise InstanceError(f"{len(tokens) - position} unexpected tokens after vertex {count - 1}")
    return tuple(vertices)


def _parse_vertex(tokens: list[str], at: int, expected: int) -> tuple[Vertex, int]:
    """One vertex: i x y d S f a <a numbers> O C."""
    what = f"vertex {expected}"
    fields = _take(tokens, at, 7, what)
    if _integer(fields[0], f"the id of {what}") != expected:
        raise InstanceError(f"expected vertex {expected}, found {fields[0]!r}")
    listed = _integer(fields[6], f"the list length of {what}")
    if listed < 0:
        raise InstanceError(f"{what}: negative list length {listed}")
    at += 7 + listed
    opening, closing = _take(tokens, at, 2, what)
    vertex = Vertex(
        id=expected,
        x=_number(fields[1], f"x of {what}"),
        y=_number(fields[2], f"y of {what}"),
        duration=_number(fields[3], f"the service duration of {what}"),
        score=_integer(fields[4], f"the score of {what}"),
        open=_number(opening, f"the opening time of {what}"),
        close=_number(closing, f"the closing time of {what}"),
    )
    _check_vertex(vertex)
    return vertex, at + 2


def _check_vertex(vertex: Vertex) -> None:
    what = f"vertex {vertex.id}"
    if vertex.duration < 0:
        raise InstanceError(f"{what}: negative service duration {vertex.duration}")
    if vertex.score < 0:
        raise InstanceError(f"{what}: negative score {vertex.score}")
    if vertex.open < 0:
        raise InstanceError(f"{what}: negative opening time {vertex.open}")
    if vertex.close < vertex.open:
        raise InstanceError(
            f"{what}: time window ends ({vertex.close}) before it starts ({vertex.open})"
        )


def _check_scalable(instance: Instance) -> None:
    """Times must be exact in the instance's unit (0.1 or 0.01), or scaling would round them."""
    for vertex in instance.vertices:
        for label, value in (
            ("service duration", vertex.duration),
            ("opening time", vertex.open),
            ("closing time", vertex.close),
        ):
            if not _whole(value * instance.scale):
                step = Decimal(1).scaleb(-instance.decimals)
                raise InstanceError(
                    f"vertex {vertex.id}: {label} {value} is not a multiple of {step}"
                )


def _take(tokens: list[str], at: int, count: int, what: str) -> list[str]:
    if at + count > len(tokens):
        raise InstanceError(f"the file ends in the middle of {what}")
    return tokens[at : at + count]


# Far beyond any instance, and small enough that the arithmetic on them stays quick: int() of
# 1e999999 alone takes 25 s, and scaling by 10**999999 runs out of memory.
_LARGEST_EXPONENT = 15
_FINEST_EXPONENT = -15


def _number(token: str, what: str) -> Decimal:
    try:
        value = Decimal(token)
    except InvalidOperation:
        raise InstanceError(f"{what} is not a number: {token!r}") from None
    if not value.is_finite():
        raise InstanceError(f"{what} is not a finite number: {token!r}")
    if value and value.adjusted() > _LARGEST_EXPONENT:
        raise InstanceError(f"{what} is out of range: {token!r}")
    if _exponent(value) < _FINEST_EXPONENT:
        raise InstanceError(f"{what} has too many decimals: {token!r}")
    return value


def _exponent(value: Decimal) -> int:
    """The exponent of a finite number (that of NaN or infinity is a letter: "n", "N", "F")."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, str):
        raise ValueError(f"{value} is not a finite number")
    return exponent


def _integer(token: str, what: str) -> int:
    value = _number(token, what)
    if not _whole(value):
        raise InstanceError(f"{what} is not a whole number: {token!r}")
    return int(value)


def _whole(value: Decimal) -> bool:
    # Not value % 1: that raises for numbers beyond the decimal context's precision (1e28).
    return value == value.to_integral_value()


def travel_time(instance: Instance, i: int, j: int) -> Decimal:
    """Euclidean distance truncated to the instance's decimals, as the benchmark defines it."""
    a, b = instance.vertices[i], instance.vertices[j]
    with localcontext() as context:
        context.prec = 50  # exact enough that truncation never depends on rounding
        distance = ((a.x - b.x) ** 2 + (a.y - b.y) ** 2).sqrt()
    return distance.quantize(Decimal(1).scaleb(-instance.decimals), rounding=ROUND_DOWN)


def _scaled_travel(instance: Instance) -> tuple[tuple[int, ...], ...]:
    """travel_time × scale for all pairs, in integer arithmetic (floor of an integer root)."""
    places = max(-min(_exponent(v.x), _exponent(v.y), 0) for v in instance.vertices)
    unit = 10**places
    points = [(int(v.x * unit), int(v.y * unit)) for v in instance.vertices]
    factor = instance.scale**2
    return tuple(
        tuple(math.isqrt(((x1 - x2) ** 2 + (y1 - y2) ** 2) * factor) // unit for x2, y2 in points)
        for x1, y1 in points
    )


def to_problem(instance: Instance, *, paths: int = 1) -> Problem:
    """The instance as an optimiser Problem: vertex i is candidate i at location i."""
    scale = instance.scale
    home = instance.vertices[0]
    day = Day(start=int(home.open * scale), end=int(home.close * scale))
    candidates = tuple(
        Candidate(
            key=v.id,
            location=v.id,
            duration=int(v.duration * scale),
            value=v.score,
            windows=((int(v.open * scale), int(v.close * scale)),),
        )
        for v in instance.vertices[1:]
    )
    return Problem(travel=_scaled_travel(instance), candidates=candidates, days=(day,) * paths)


def score_paths(instance: Instance, paths: Sequence[Sequence[int]]) -> int:
    """The total score of the paths; ValueError with a plain reason if they are not feasible.

    Re-walks every path in the instance's own decimal times, independently of the optimiser.
    """
    seen: set[int] = set()
    total = 0
    for number, path in enumerate(paths, start=1):
        for vertex in path:
            if not isinstance(vertex, int) or not 1 <= vertex < len(instance.vertices):
                raise ValueError(f"path {number}: {vertex!r} is not a vertex to visit")
            if vertex in seen:
                raise ValueError(f"path {number}: vertex {vertex} is visited twice")
            seen.add(vertex)
            total += instance.vertices[vertex].score
        _walk(instance, path, number)
    return total


def _walk(instance: Instance, path: Sequence[int], number: int) -> None:
    home = instance.vertices[0]
    now, here = home.open, 0
    for vertex in path:
        arrival = now + travel_time(instance, here, vertex)
        target = instance.vertices[vertex]
        if arrival > target.close:
            raise ValueError(
                f"path {number}: arrives at vertex {vertex} at {arrival}, after it closes "
                f"at {target.close}"
            )
        now, here = max(arrival, target.open) + target.duration, vertex
    back = now + travel_time(instance, here, 0)
    if back > home.close:
        raise ValueError(f"path {number}: back home at {back}, later than {home.close}")


class Solution(TypedDict):
    """What the command prints, as JSON."""

    instance: str
    paths: list[list[Hashable]]  # vertex ids, one list per path
    score: int


def solve_instance(instance: Instance, *, paths: int, seconds: float, seed: int) -> Solution:
    """Solve within `seconds`, building the travel matrix included. Paths beyond one per
    vertex to visit stay empty: they are not given to the search."""
    started = time.perf_counter()
    usable = min(paths, max(len(instance.vertices) - 1, 1))
    problem = to_problem(instance, paths=usable)
    left = max(seconds - (time.perf_counter() - started), 0.01)
    plan = solve(problem, seconds=left, seed=seed)
    return {
        "instance": instance.name,
        "paths": [[stop.key for stop in day] for day in plan.days] + [[]] * (paths - usable),
        "score": plan.score,
    }


def _number_from[N: (int, float)](
    kind: Callable[[str], N], least: float, most: float
) -> Callable[[str], N]:
    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (least <= value <= most and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"must be from {least:g} to {most:g}: {text!r}")
        return value

    return parse


def _seed(text: str) -> int:
    """PyVRP's random numbers take an unsigned 32-bit seed."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 1 << 32:
        raise argparse.ArgumentTypeError(f"must be from 0 to {(1 << 32) - 1}: {text!r}")
    return value


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m chaveruth.planning.optw",
        description="Solve one orienteering instance and print the paths as JSON.",
    )
    parser.add_argument("file", type=Path, help="instance file (see data/README.md, optw)")
    parser.add_argument(
        "--paths", type=_number_from(int, 1, 1000), default=1, help="number of paths (days)"
    )
    parser.add_argument(
        "--seconds", type=_number_from(float, 0.01, 86400), default=5.0, help="time limit"
    )
    parser.add_argument("--seed", type=_seed, default=0, help="random seed (0 to 2**32 - 1)")
    parser.add_argument(
        "--decimals",
        type=int,
        choices=(1, 2),
        help="travel times' decimals: 1 for Solomon's sets, 2 for Cordeau's (default: by the "
        "file's name or folder)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        instance = read_instance(args.file, args.decimals)
        result = solve_instance(instance, paths=args.paths, seconds=args.seconds, seed=args.seed)
    except OSError as error:
        print(f"optw: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    except (InstanceError, ProblemError) as error:
        print(f"optw: {args.file}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
