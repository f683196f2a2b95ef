"""Reading the audit trail that django-auditlog writes for every change (who, when, what)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from chaveruth.lib.records import as_read


def history(records: Iterable[models.Model], limit: int = 50) -> list[LogEntry]:
    """The latest changes to any of ``records``, newest first, with their actors; and those
    of any record deleted since that belonged to one of them (see ``note_parents`` and
    ``parent_note``)."""
    records = list(records)
    if not records:
        return []
    keys: dict[int, set[str]] = {}  # the records' keys by their content type
    for record in records:
        keys.setdefault(ContentType.objects.get_for_model(record).pk, set()).add(str(record.pk))
    for content_type, key in _deleted_children([_parent_key(record) for record in records]):
        keys.setdefault(content_type, set()).add(key)
    which = Q()
    for content_type, pks in keys.items():
        which |= Q(content_type_id=content_type, object_pk__in=pks)
    entries = LogEntry.objects.filter(which).select_related("actor", "content_type")
    return list(entries.order_by("-timestamp", "-pk")[:limit])


def _deleted_children(parent_keys: list[str]) -> list[tuple[int, str]]:
    """The content type and key of each record deleted with a note naming one of
    ``parent_keys``."""
    deletions = LogEntry.objects.filter(
        action=LogEntry.Action.DELETE, additional_data__has_any_keys=parent_keys
    )
    return list(deletions.values_list("content_type_id", "object_pk"))


def note_parents(record: models.Model, parents: Iterable[models.Model]) -> None:
    """Before ``record`` is deleted: the records it belonged to (an appointment's visits), so
    that their history shows its deletion, when nothing else links it to them any more. The
    model's ``get_additional_data`` hands ``noted_parents`` to the trail."""
    noted = {_parent_key(parent): True for parent in parents}
    record._audit_parents = noted  # type: ignore[attr-defined]


def noted_parents(record: models.Model) -> dict[str, bool] | None:
    """What ``note_parents`` noted for ``record``, if anything."""
    return getattr(record, "_audit_parents", None)


def parents_of(entry: LogEntry, model: type[models.Model]) -> list[str]:
    """The keys of the records of ``model`` that ``entry``'s record belonged to, as the entry
    noted them (``note_parents``, ``parent_note``): ``parents_of(deletion, Visit) == ["7"]``
    for an appointment of visit 7 deleted."""
    prefix = _key(model, "")
    return [
        key.removeprefix(prefix) for key in entry.additional_data or {} if key.startswith(prefix)
    ]


def parent_note(record: models.Model, field: str) -> dict[str, bool]:
    """For a model's ``get_additional_data``: the record ``record`` belongs to by its foreign
    key ``field`` (a delegate's visit), noted as ``note_parents`` notes parents, on each of
    its entries, so that the parent's history shows its deletion too, however it is deleted.
    Read from the key, as the parent may be being deleted with it:
    ``parent_note(delegate, "visit") == {"visits.visit:7": True}``."""
    parent = record._meta.get_field(field).related_model
    return {_key(parent, getattr(record, f"{field}_id")): True}


def _parent_key(record: models.Model) -> str:
    return _key(type(record), record.pk)


def _key(model: type[models.Model], pk: object) -> str:
    # A key of the entry's additional data (JSON), which both databases look up by key.
    return f"{model._meta.label_lower}:{pk}"


@dataclass
class Change:
    """One line of a record's history: a change and those that finished it."""

    entry: LogEntry  # the first: its time, actor, action and record
    latest: dt.datetime  # the time of the last entry folded in
    fields: list[str] = field(default_factory=list)  # changed, by their names for readers
    name: str = ""  # the record's, for its reader: see _name_records
    folded: list[LogEntry] = field(default_factory=list)  # the entries after the first

    def values(self, column: str) -> tuple[str, str] | None:
        """``column``'s value before the change and after it, over all its entries (as the
        trail stores them, as text); None where no entry changed it."""
        pairs = [
            e.changes_dict[column]
            for e in (self.entry, *self.folded)
            if e.action == LogEntry.Action.UPDATE and column in e.changes_dict
        ]
        return (pairs[0][0], pairs[-1][1]) if pairs else None


# Saving a record and then its many-to-many relations writes one entry each: read within this
# time, by one actor, of one record, they are one change.
ONE_CHANGE = dt.timedelta(seconds=5)


def summarised(entries: Iterable[LogEntry], records: Iterable[models.Model]) -> list[Change]:
    """``entries`` (newest first, as ``history`` gives them) folded into changes: a record's
    entries one after the other, by one actor, within seconds, are one; one that created
    the record names no fields. Each change names its record as one of ``records`` (those
    its reader may see, as passed to ``history``) is now, or one deleted since as it last was:
    in the reader's language, the same on all its lines (see ``_name_records``)."""
    changes: list[Change] = []
    for entry in reversed(list(entries)):
        last = changes[-1].entry if changes else None
        if (
            last is not None
            and (entry.content_type_id, entry.object_pk, entry.actor_id)
            == (last.content_type_id, last.object_pk, last.actor_id)
            and entry.action == LogEntry.Action.UPDATE
            and last.action != LogEntry.Action.DELETE
            and entry.timestamp - changes[-1].latest <= ONE_CHANGE
        ):
            changes[-1].latest = entry.timestamp
            changes[-1].folded.append(entry)
            if last.action == LogEntry.Action.UPDATE:
                changes[-1].fields.extend(_named_fields(entry, changes[-1].fields))
            continue
        updated = entry.action == LogEntry.Action.UPDATE
        changes.append(Change(entry, entry.timestamp, _named_fields(entry, []) if updated else []))
    _name_records(changes, records)
    return changes[::-1]


def _name_records(changes: list[Change], records: Iterable[models.Model]) -> None:
    # The trail keeps a record's name as it was written, in the writer's language (German for
    # the demo): a reader in English would read German titles. A record the reader has in
    # hand is named as it is now, in the active language (``str`` of a translated title gives
    # it); one deleted since by the titles its deletion stored, so that all its lines bear the
    # name it last had, in the reader's language; only failing those, by the stored name.
    names = {
        (ContentType.objects.get_for_model(record).pk, str(record.pk)): str(record)
        for record in records
    }
    for change in changes:
        key = (change.entry.content_type_id, change.entry.object_pk)
        if change.entry.action == LogEntry.Action.DELETE and key not in names:
            names[key] = _deleted_title(change.entry)
    for change in changes:
        key = (change.entry.content_type_id, change.entry.object_pk)
        change.name = names.get(key) or change.entry.object_repr


def _deleted_title(deletion: LogEntry) -> str:
    """The title ``deletion`` stored of its record, in the active language or else the first
    of modeltranslation's fallbacks it holds; "" if it stored none.

    A deletion stores each field the record had filled as its value before and after,
    ``{"title_en": ["Reception", "None"]}``; the visit page's records are named by their titles.
    """
    stored = deletion.changes_dict
    titles: list[str] = [stored.get(column, [""])[0] for column in as_read("title")]
    return next((title for title in titles if title), "")


def _named_fields(entry: LogEntry, known: list[str]) -> list[str]:
    model = entry.content_type.model_class()
    names = []
    changed = list(entry.changes_dict)
    for name in changed:
        if any(other.startswith(f"{name}_") for other in changed):
            continue  # "title" beside "title_en": the translated field names the language
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except (AttributeError, FieldDoesNotExist):
            label = name
        if label not in known and label not in names:
            names.append(label)
    return names


def withhold(value: str) -> str:
    """Stands in the audit trail for a value that must not be kept there (a health need):
    the trail shows that it changed, not what it was."""
    return "***"
