"""How long each kind of record is kept, and the purge that deletes what is older.

The periods are ``settings.RETENTION`` (days per record type; README, "Retention"). ``expired``
only looks: for a moment ``now`` it gives, per record type, the records past their period.
``purge`` deletes them and returns counts; ``purge_expired_records`` is the same as a task
(Django's task framework; ``manage.py purge_expired`` enqueues it, ``manage.py db_worker``
runs it). Counts only, everywhere: nothing that is purged is ever printed or logged.

For example ``expired(now=now)["delegate_needs"].count()`` is how many delegates' needs are
due for deletion, and ``purge(now=now)`` returns ``{"itinerary_reads": 12, ...}``.
"""

import datetime as dt
from collections.abc import Mapping

from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chaveruth.accounts.models import ItineraryRead
from chaveruth.visits.models import DelegateNeeds


def expired(*, now: dt.datetime, retention: Mapping[str, int] | None = None) -> dict[str, QuerySet]:
    """Per record type, the records past their retention period at ``now`` (reads nothing yet:
    the querysets are lazy). ``retention`` defaults to ``settings.RETENTION``.

    A period of N days keeps a record for N days after its date: a login at 09:00 on 1 March
    with 90 days is purged after 09:00 on 30 May; needs of a visit that departed on 1 March,
    with 30 days, are purged from 1 April on (the departure day and 30 more are kept).
    """
    days = settings.RETENTION if retention is None else retention

    def before(name: str) -> dt.datetime:
        return now - dt.timedelta(days=days[name])

    last_day_kept = timezone.localdate(now) - dt.timedelta(days=days["delegate_needs"])
    return {
        "itinerary_reads": ItineraryRead.objects.filter(read_at__lt=before("itinerary_reads")),
        "delegate_needs": DelegateNeeds.objects.filter(delegate__visit__end_date__lt=last_day_kept),
        "axes_access_logs": AccessLog.objects.filter(attempt_time__lt=before("axes_access_logs")),
        "axes_failure_logs": AccessFailureLog.objects.filter(
            attempt_time__lt=before("axes_failure_logs")
        ),
        "audit_entries": LogEntry.objects.filter(timestamp__lt=before("audit_entries")),
        # Only finished tasks: one waiting or running is not a record of the past yet.
        "task_results": DBTaskResult.objects.finished().filter(
            finished_at__lt=before("task_results")
        ),
        "sessions": Session.objects.filter(expire_date__lt=before("sessions")),
    }


@transaction.atomic
def purge(*, now: dt.datetime) -> dict[str, int]:
    """Delete everything past its retention period at ``now``; how many of each type."""
    counts = {}
    for name, records in expired(now=now).items():
        _total, per_model = records.delete()
        counts[name] = per_model.get(records.model._meta.label, 0)
    return counts


@task
def purge_expired_records() -> dict[str, int]:
    """The daily purge, as a background task; its result is the counts."""
    return purge(now=timezone.now())
