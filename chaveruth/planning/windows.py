"""Sets of time intervals, as sorted tuples of closed ``(earliest, latest)`` pairs.

The optimiser's wishes may start within several windows: a day's hours, cut to the venue's
opening hours, less Shabbat and the times their participants are busy elsewhere.
"""

from collections.abc import Iterable
from datetime import datetime

Interval = tuple[int, int]
Windows = tuple[Interval, ...]


def normalise[T: (int, datetime)](windows: Iterable[tuple[T, T]]) -> tuple[tuple[T, T], ...]:
    """Sorted, without empty intervals, overlapping or touching ones merged: minutes for the
    optimiser, the moments a venue is open for the checks."""
    merged: list[tuple[T, T]] = []
    for start, end in sorted(w for w in windows if w[0] <= w[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> Windows:
    """The times in both ``a`` and ``b``."""
    return normalise(
        (max(a_start, b_start), min(a_end, b_end))
        for a_start, a_end in normalise(a)
        for b_start, b_end in normalise(b)
    )


def subtract(windows: Iterable[Interval], blocked: Iterable[Interval]) -> Windows:
    """The times in ``windows`` outside the *open* intervals ``blocked``.

    Blocked spans are open because an appointment may end exactly when the next begins.
    """
    result = normalise(windows)
    # Not merged: between (8, 12) and (12, 20) the moment 12 is free.
    for block_start, block_end in sorted((b, e) for b, e in blocked if b < e):
        kept: list[Interval] = []
        for start, end in result:
            if block_end <= start or end <= block_start:
                kept.append((start, end))
                continue
            if start <= block_start:
                kept.append((start, block_start))
            if block_end <= end:
                kept.append((block_end, end))
        result = normalise(kept)
    return result


def starts_avoiding(windows: Iterable[Interval], busy: Iterable[Interval], minutes: int) -> Windows:
    """Start times in ``windows`` for an appointment of ``minutes`` that overlaps no busy span.

    Starting at ``s`` overlaps a busy span (b, e) when s < e and b < s + minutes.
    """
    return subtract(windows, ((b - minutes, e) for b, e in busy))
