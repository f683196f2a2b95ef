"""Two writes to one venue at once: the service locks its row, so the second waits for the
first and then works on what the first wrote (PostgreSQL only: SQLite writes one transaction
at a time, and has no row locks to test).

``second_waits_for_first`` is the harness, shared with the visits' tests: the first writer's
transaction stays open until PostgreSQL shows the second waiting for one of its locks, as a
request that came a moment later would; no sleep decides the order.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.utils import translation

from chaveruth.directory import services
from chaveruth.directory.models import Venue
from tests import factories as make

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),  # each writer commits in a connection of its own
    pytest.mark.usefixtures("english"),
]

WAIT = 30  # seconds: far longer than either writer needs, short enough to end a hung test


@dataclass
class Outcome:
    """What the second writer's service returned, or the error it raised."""

    returned: object = None
    raised: Exception | None = None


def second_waits_for_first(first: Callable[[], object], second: Callable[[], object]) -> Outcome:
    """Run ``first`` in a transaction that stays open, then ``second`` in a thread of its own;
    commit the first only once the second waits for a lock the first holds. Asserts that the
    second wrote nothing before it began to wait (it holds no table's write lock), and returns
    its outcome once both are done. Each runs in the caller's language."""
    language = translation.get_language()
    wrote, started, release = threading.Event(), threading.Event(), threading.Event()
    pids: dict[str, int] = {}
    failed: list[BaseException] = []
    outcome = Outcome()

    def write_first() -> None:
        try:
            with translation.override(language), transaction.atomic():
                pids["first"] = _backend_pid()
                first()
                wrote.set()
                release.wait(timeout=WAIT)
        except BaseException as error:  # raised again in the test's thread
            failed.append(error)
        finally:
            wrote.set()
            connection.close()

    def write_second() -> None:
        try:
            pids["second"] = _backend_pid()
            started.set()
            with translation.override(language):
                outcome.returned = second()
        except Exception as error:
            outcome.raised = error
        finally:
            started.set()
            connection.close()

    holder = threading.Thread(target=write_first)
    waiter = threading.Thread(target=write_second)
    holder.start()
    try:
        assert wrote.wait(timeout=WAIT)
        if failed:
            raise failed[0]
        waiter.start()
        assert started.wait(timeout=WAIT)
        _wait_until_blocked(pids["second"], by=pids["first"])
        assert _tables_written(pids["second"]) == []
    finally:
        release.set()
        holder.join(timeout=WAIT)
        if waiter.ident is not None:  # started
            waiter.join(timeout=WAIT)
    assert not holder.is_alive() and not waiter.is_alive()
    if failed:
        raise failed[0]
    return outcome


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _wait_until_blocked(waiter: int, by: int) -> None:
    """Until PostgreSQL says that ``waiter`` waits for a lock ``by`` holds. Polled: there is no
    event to wait for, and a writer that never waits (no lock) fails here after ``WAIT``."""
    deadline = time.monotonic() + WAIT
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [by, waiter])
            if cursor.fetchone()[0]:
                return
        assert time.monotonic() < deadline, "the second writer never waited for the first"
        time.sleep(0.01)


def _tables_written(pid: int) -> list[str]:
    """The tables (and their indexes) the transaction of ``pid`` has inserted into, updated
    or deleted from so far: each write takes a ROW EXCLUSIVE lock on its table till the end."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relation::regclass::text FROM pg_locks WHERE pid = %s "
            "AND locktype = 'relation' AND mode = 'RowExclusiveLock' ORDER BY 1",
            [pid],
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.fixture
def hall():
    """Open on Mondays, 09:00–17:00."""
    venue = make.venue(make.municipality())
    services.set_opening_hours(venue=venue, hours=[(0, dt.time(9), dt.time(17))])
    return venue


def week(venue: Venue) -> list[tuple[int, dt.time, dt.time]]:
    return sorted(venue.opening_hours.values_list("weekday", "opens", "closes"))


def test_two_weeks_saved_at_once_leave_the_later_one_whole(hall):
    """Each save deletes the old week and inserts its own. Without the venue's lock, the
    second would delete only the rows it saw (the old Monday, gone already) and add its week
    to the first's: Tuesday and Wednesday from one form, Thursday from the other. It waits,
    then replaces the first's week, writing nothing while it waits."""
    first = [(1, dt.time(10), dt.time(18)), (2, dt.time(10), dt.time(18))]
    second = [(3, dt.time(9), dt.time(12)), (3, dt.time(14), dt.time(20))]
    seen_before = Venue.objects.get(pk=hall.pk)  # as the second form loaded it
    outcome = second_waits_for_first(
        lambda: services.set_opening_hours(venue=Venue.objects.get(pk=hall.pk), hours=first),
        lambda: services.set_opening_hours(venue=seen_before, hours=second),
    )
    assert outcome.raised is None
    assert [(r.weekday, r.opens, r.closes) for r in outcome.returned] == second
    assert week(hall) == second


@pytest.mark.xfail(
    strict=True,
    reason="race: set_opening_hours locks the venue but marks sample data on the caller's "
    "venue, read before the lock",
)
def test_hours_entered_after_invented_ones_are_not_sample_data(hall):
    """The demo's invented week is saved as sample data while a coordinator saves the week
    they know. Theirs waits and replaces it, but the mark is taken off the coordinator's
    copy of the venue, read before the demo's week, which had none to take off: the known
    week stays marked as invented."""
    seen_before = Venue.objects.get(pk=hall.pk)  # as the coordinator's form loaded it
    known = [(2, dt.time(10), dt.time(18))]
    second_waits_for_first(
        lambda: services.set_opening_hours(
            venue=Venue.objects.get(pk=hall.pk), hours=[(1, dt.time(9), dt.time(17))], sample=True
        ),
        lambda: services.set_opening_hours(venue=seen_before, hours=known),
    )
    assert week(hall) == known
    assert Venue.objects.get(pk=hall.pk).sample_fields == []
