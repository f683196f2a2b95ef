"""Start times as intervals of whole minutes, against counting them one by one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from chaveruth.planning.windows import starts_avoiding


def test_an_appointment_fits_exactly_between_two_busy_spans():
    # Busy 9:00–12:00 and from 13:00: an hour's appointment may start at 8:00 or at 12:00.
    assert starts_avoiding([(480, 1140)], [(540, 720), (780, 1200)], 60) == (
        (480, 480),
        (720, 720),
    )


def test_it_may_end_as_a_busy_span_begins_and_begin_as_one_ends():
    assert starts_avoiding([(0, 100)], [(50, 60)], 10) == ((0, 40), (60, 100))


INTERVALS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4)


@settings(max_examples=500, derandomize=True)
@given(windows=INTERVALS, busy=INTERVALS, minutes=st.integers(0, 15))
def test_the_starts_are_those_that_overlap_nothing_busy(windows, busy, minutes):
    def allowed(start: int) -> bool:
        in_a_window = any(a <= start <= b for a, b in windows)
        return in_a_window and not any(start < e and b < start + minutes for b, e in busy)

    found = starts_avoiding(windows, busy, minutes)
    assert [s for s in range(-20, 80) if any(a <= s <= b for a, b in found)] == [
        s for s in range(-20, 80) if allowed(s)
    ]
