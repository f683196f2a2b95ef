"""Retention: each kind of record is deleted once past its period, and nothing else is.

Every row here is real, with its date set explicitly just past or just within its period.
"""

import datetime as dt
import signal
import uuid
from io import StringIO

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chaveruth.accounts.models import ItineraryRead
from chaveruth.accounts.services import record_itinerary_read
from chaveruth.lib.retention import expired, purge
from chaveruth.visits import services as visits
from chaveruth.visits.models import DelegateNeeds
from tests import factories as make

pytestmark = pytest.mark.django_db

RETENTION = {
    "itinerary_reads": 365,
    "delegate_needs": 30,
    "axes_access_logs": 90,
    "axes_failure_logs": 90,
    "audit_entries": 1825,
    "task_results": 30,
    "sessions": 0,
}
SECOND = dt.timedelta(seconds=1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture
def retention(settings):
    settings.RETENTION = RETENTION
    return RETENTION


@pytest.fixture
def margin() -> dt.timedelta:
    """How far past or within its period each row of ``rows`` is."""
    return SECOND


@pytest.fixture
def rows(stay, retention, margin) -> dict:
    """For every record type one row just past its period and one just within it (by
    ``margin``), at ``now``.

    Returns ``{"now": ..., type: (past, kept)}``.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    found = {"now": now}

    def dated(model, field, past, kept, **values):
        made = [model.objects.create(**values), model.objects.create(**values)]
        for record, moment in zip(made, (past, kept), strict=True):
            model.objects.filter(pk=record.pk).update(**{field: moment})
        return tuple(made)

    reader = stay.users["noa"]
    found["itinerary_reads"] = tuple(
        record_itinerary_read(reader=reader, visit=stay.visit, channel="page") for _ in range(2)
    )
    for read, moment in zip(
        found["itinerary_reads"], (now - days(365) - margin, now - days(365) + margin), strict=True
    ):
        ItineraryRead.objects.filter(pk=read.pk).update(read_at=moment)

    # Needs of two stays: one that departed 31 days ago (past), one 30 days ago (kept).
    city, programme = stay.visit.host_municipality, stay.visit.programme
    needs = []
    for ago in (31, 30):
        departed = today - days(ago)
        visit = make.visit(programme, city, start=departed - days(2), end=departed)
        delegate = visits.add_delegate(visit=visit, person=make.person(f"Gast {ago}"))
        needs.append(
            visits.record_needs(
                delegate=delegate,
                diet="vegetarisch",
                accessibility="",
                consent_text="Einwilligung",
                recorded_by=stay.users["coordinator"],
            )
        )
    found["delegate_needs"] = tuple(needs)

    login = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "noa"}
    ninety_days = (now - days(90) - margin, now - days(90) + margin)
    found["axes_access_logs"] = dated(AccessLog, "attempt_time", *ninety_days, **login)
    found["axes_failure_logs"] = dated(AccessFailureLog, "attempt_time", *ninety_days, **login)

    entries = LogEntry.objects.order_by("pk")[:2]
    five_years = (now - days(1825) - margin, now - days(1825) + margin)
    for entry, moment in zip(entries, five_years, strict=True):
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)
    found["audit_entries"] = tuple(entries)

    task = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "chaveruth.lib.retention.purge_expired_records",
        "backend_name": "default",
        "run_after": now,
    }
    finished = dated(
        DBTaskResult,
        "finished_at",
        now - days(30) - margin,
        now - days(30) + margin,
        status=TaskResultStatus.SUCCESSFUL,
        **task,
    )
    # Waiting long is not finishing: a task deferred to tomorrow is never purged.
    waiting = DBTaskResult.objects.create(
        status=TaskResultStatus.READY, **{**task, "run_after": now + days(1)}
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - days(400))
    found["task_results"] = finished
    found["waiting_task"] = waiting

    found["sessions"] = tuple(
        Session.objects.create(session_key=uuid.uuid4().hex, session_data="", expire_date=moment)
        for moment in (now - margin, now + margin)
    )
    return found


def pks(records) -> set:
    return {record.pk for record in records}


def test_expired_lists_exactly_what_is_past_its_period(rows):
    listed = expired(now=rows["now"])

    assert sorted(listed) == sorted(RETENTION)
    past = {name: {rows[name][0].pk} for name in RETENTION}
    # The audit trail also holds the entries of today's setup: none of them is listed.
    assert {name: pks(records) for name, records in listed.items()} == past


def test_expired_only_looks(rows):
    counts = {name: model.objects.count() for name, model in MODELS.items()}

    expired(now=rows["now"])

    assert {name: model.objects.count() for name, model in MODELS.items()} == counts


MODELS = {
    "itinerary_reads": ItineraryRead,
    "delegate_needs": DelegateNeeds,
    "axes_access_logs": AccessLog,
    "axes_failure_logs": AccessFailureLog,
    "audit_entries": LogEntry,
    "task_results": DBTaskResult,
    "sessions": Session,
}


def test_purge_deletes_exactly_what_is_past_its_period(rows):
    counts = purge(now=rows["now"])

    assert counts == dict.fromkeys(RETENTION, 1)
    for name, model in MODELS.items():
        past, kept = rows[name]
        assert not model.objects.filter(pk=past.pk).exists(), name
        assert model.objects.filter(pk=kept.pk).exists(), name
    assert DBTaskResult.objects.filter(pk=rows["waiting_task"].pk).exists()


def test_periods_come_from_the_settings(rows, settings):
    settings.RETENTION = {**RETENTION, "itinerary_reads": 400, "delegate_needs": 29}

    listed = expired(now=rows["now"])

    assert pks(listed["itinerary_reads"]) == set()
    assert pks(listed["delegate_needs"]) == pks(rows["delegate_needs"])


def test_the_command_purges_at_once_and_prints_counts_only(rows):
    out = StringIO()
    call_command("purge_expired", "--now", stdout=out)

    assert out.getvalue().splitlines() == [f"{name}: 1 deleted" for name in RETENTION]
    assert DelegateNeeds.objects.get() == rows["delegate_needs"][1]


def test_the_command_counts_without_deleting_on_a_dry_run(rows):
    out = StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [f"{name}: 1 past its period" for name in RETENTION]
    assert DelegateNeeds.objects.count() == 2


@pytest.fixture
def restored_signals():
    """db_worker installs its own handlers for SIGINT and SIGTERM; put ours back after it."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


# The worker closes and reopens database connections between tasks, as a long-running process
# should: so this test runs outside the usual test transaction.
@pytest.mark.django_db(transaction=True)
# The worker purges as of its own now, which is seconds later on a busy machine.
@pytest.mark.parametrize("margin", [dt.timedelta(minutes=10)])
def test_the_command_enqueues_the_purge_for_the_database_worker(rows, restored_signals):
    out = StringIO()
    call_command("purge_expired", stdout=out)

    queued = DBTaskResult.objects.get(status=TaskResultStatus.READY, enqueued_at__gte=rows["now"])
    assert queued.task_path == "chaveruth.lib.retention.purge_expired_records"
    assert out.getvalue() == (
        f"Purge enqueued as task {queued.pk}; `manage.py db_worker` runs it.\n"
    )
    assert DelegateNeeds.objects.count() == 2  # nothing deleted until the worker runs it

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == (
        TaskResultStatus.SUCCESSFUL,
        dict.fromkeys(RETENTION, 1),
    )
    assert DelegateNeeds.objects.get() == rows["delegate_needs"][1]
    assert DBTaskResult.objects.filter(pk=rows["waiting_task"].pk).exists()


def test_with_the_immediate_backend_the_command_prints_the_counts(rows, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    out = StringIO()
    call_command("purge_expired", stdout=out)

    assert out.getvalue().splitlines() == [f"{name}: 1 deleted" for name in RETENTION]
