"""Reading the audit trail that django-auditlog writes for every change (who, when, what)."""

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


def history(records: Iterable[models.Model], limit: int = 50) -> list[LogEntry]:
    """The latest changes to any of ``records``, newest first, with their actors."""
    by_model: dict[type[models.Model], list[str]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(str(record.pk))
    if not by_model:
        return []
    types = ContentType.objects.get_for_models(*by_model)
    which = Q()
    for model, keys in by_model.items():
        which |= Q(content_type=types[model], object_pk__in=keys)
    entries = LogEntry.objects.filter(which).select_related("actor", "content_type")
    return list(entries.order_by("-timestamp", "-pk")[:limit])


def withhold(value: str) -> str:
    """Stands in the audit trail for a value that must not be kept there (a health need):
    the trail shows that it changed, not what it was."""
    return "***"
