"""Two writers at once, on PostgreSQL: ``second_waits_for_first`` holds the first writer's
transaction open until PostgreSQL shows the second waiting for one of its locks, as a request
that came a moment later would; no sleep decides the order. SQLite writes one transaction at
a time and has no row locks: the tests that use this skip there (``ROW_LOCKS``).
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.utils import translation

ROW_LOCKS = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),  # each writer commits in a connection of its own
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
