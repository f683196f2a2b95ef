"""A person's rights over their data: a copy of everything (GDPR Art. 15) and erasure (Art. 17).

``export_person`` gathers what Chaveruth stores about one person; ``erase_person`` anonymises
the record so that counts stay right (a visit keeps its 15 members) while the name, contact
details, needs, functions, statements and the name in the audit trail are gone. Both reach
across rooms (directory, visits, partnerships, accounts, the audit trail), which is why they
live here and not in one room's ``services.py``; the views call them after
``can_change_person`` (chaveruth.accounts.access).

The export (``schema`` = ``"chaveruth/person-export/1"``) is plain JSON::

    {
      "schema": "chaveruth/person-export/1",
      "exported_at": "2025-02-01T09:00:00+00:00",         # UTC, ISO 8601
      "person": {"id": 7, "honorific": "", "given_name": "Noa", "family_name": "Beispiel",
                 "email": "", "phone": "", "is_public_figure": false,
                 "owner": {"id": 1, "name": "Stadt Bochum"} | null,
                 "erased_at": null | "<ISO 8601>"},
      "affiliations": [{"id", "organisation": {"id", "name"}, "function": {"de", "en", "he"},
                        "start": "YYYY-MM-DD" | null, "end": ... | null}],
      "delegations": [{"id", "visit": {"id", "title": {"de", "en", "he"}, "start_date",
                       "end_date"}, "role", "organisation": {"id", "name"} | null,
                       "needs": null | {"diet", "accessibility", "consent_text",
                                        "consent_given_at"}}],
      "appointments": [{"id", "title": {"de", "en", "he"}, "start", "end",
                        "roles": ["host"] | ["participant"] | ["host", "participant"]}],
      "statements": [{"id", "text": {"de", "en", "he"}, "context": {"de", "en", "he"},
                      "original_language", "date" | null, "source"}],
      "logins": [{"id", "role"}],                          # roles given to a login
      "audit_trail": [{"id", "timestamp", "action": "create" | "update" | "delete" | "access",
                       "record": {"type": "directory.person", "id": "7"},
                       "object_repr", "changes"}],         # about the records above
    }

Lists are ordered by id (the audit trail by time). Names of the staff who changed or recorded
something are not part of the export: they are the office's records, not the person's.
"""

import datetime as dt
import json
import re
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from chaveruth.accounts.models import Membership
from chaveruth.directory.models import Affiliation, Person
from chaveruth.partnerships.models import Statement
from chaveruth.visits.models import Appointment, Delegate, DelegateNeeds

SCHEMA = "chaveruth/person-export/1"

#: What an erased person is called, in the record and wherever their name stood.
PLACEHOLDER = "Gelöschte Person"
#: What stands in the audit trail for an erased value.
REDACTED = "***"

#: Per kind of record: the fields that hold the person's own words or details. In the audit
#: trail their values are redacted once the person is erased (translations included:
#: ``function`` covers ``function_de``, ``function_en``, ...).
PERSONAL_FIELDS: dict[type[models.Model], frozenset[str]] = {
    Person: frozenset({"honorific", "given_name", "family_name", "email", "phone"}),
    Affiliation: frozenset({"function"}),
    Statement: frozenset({"text", "context", "source"}),
    DelegateNeeds: frozenset({"diet", "accessibility", "consent_text"}),
}
#: The audit trail's actions, as the export names them.
ACTIONS = {
    LogEntry.Action.CREATE: "create",
    LogEntry.Action.UPDATE: "update",
    LogEntry.Action.DELETE: "delete",
    LogEntry.Action.ACCESS: "access",
}
#: Records whose description in the trail says too much ("Noa Beispiel: <the quote>"): the
#: entries about the erased person's ones keep only the placeholder.
DESCRIBED_BY_CONTENT = (Affiliation, Statement)


# --- Export -------------------------------------------------------------------------------------


def _texts(record: models.Model, field: str) -> dict[str, str]:
    return {code: getattr(record, f"{field}_{code}") or "" for code, _name in settings.LANGUAGES}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _organisation(organisation) -> dict[str, Any] | None:
    return {"id": organisation.pk, "name": organisation.name_de} if organisation else None


def _needs(delegate: Delegate) -> dict[str, Any] | None:
    needs = getattr(delegate, "needs", None)  # a missing one-to-one row raises AttributeError
    if needs is None:
        return None
    return {
        "diet": needs.diet,
        "accessibility": needs.accessibility,
        "consent_text": needs.consent_text,
        "consent_given_at": _moment(needs.consent_given_at),
    }


def export_person(*, person: Person) -> dict[str, Any]:
    """Everything stored about ``person``, as JSON-serialisable data (schema above)."""
    delegations = (
        Delegate.objects.filter(person=person)
        .select_related("visit", "organisation", "needs")
        .order_by("pk")
    )
    hosted = set(person.hosted_appointments.values_list("pk", flat=True))
    taken_part = set(person.appointments.values_list("pk", flat=True))
    appointments = Appointment.objects.filter(pk__in=hosted | taken_part).order_by("pk")
    return {
        "schema": SCHEMA,
        "exported_at": _moment(timezone.now()),
        "person": {
            "id": person.pk,
            "honorific": person.honorific,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "email": person.email,
            "phone": person.phone,
            "is_public_figure": person.is_public_figure,
            "owner": _organisation(person.owner),
            "erased_at": _moment(person.erased_at),
        },
        "affiliations": [
            {
                "id": affiliation.pk,
                "organisation": _organisation(affiliation.organisation),
                "function": _texts(affiliation, "function"),
                "start": _day(affiliation.start),
                "end": _day(affiliation.end),
            }
            for affiliation in person.affiliations.select_related("organisation").order_by("pk")
        ],
        "delegations": [
            {
                "id": delegate.pk,
                "visit": {
                    "id": delegate.visit.pk,
                    "title": _texts(delegate.visit, "title"),
                    "start_date": _day(delegate.visit.start_date),
                    "end_date": _day(delegate.visit.end_date),
                },
                "role": delegate.role,
                "organisation": _organisation(delegate.organisation),
                "needs": _needs(delegate),
            }
            for delegate in delegations
        ],
        "appointments": [
            {
                "id": appointment.pk,
                "title": _texts(appointment, "title"),
                "start": _moment(appointment.start),
                "end": _moment(appointment.end),
                "roles": [
                    role
                    for role, pks in (("host", hosted), ("participant", taken_part))
                    if appointment.pk in pks
                ],
            }
            for appointment in appointments
        ],
        "statements": [
            {
                "id": statement.pk,
                "text": _texts(statement, "text"),
                "context": _texts(statement, "context"),
                "original_language": statement.original_language,
                "date": _day(statement.date),
                "source": statement.source,
            }
            for statement in person.statements.order_by("pk")
        ],
        "logins": [
            {"id": membership.pk, "role": membership.role}
            for membership in Membership.objects.filter(person=person).order_by("pk")
        ],
        "audit_trail": [
            {
                "id": entry.pk,
                "timestamp": _moment(entry.timestamp),
                "action": ACTIONS[entry.action],
                "record": {
                    "type": f"{entry.content_type.app_label}.{entry.content_type.model}",
                    "id": entry.object_pk,
                },
                "object_repr": entry.object_repr,
                "changes": entry.changes,
            }
            for entry in audit_entries_about(person)
            .select_related("content_type")
            .order_by("timestamp", "pk")
        ],
    }


def audit_entries_about(person: Person):
    """The audit-trail entries about ``person``'s records: the person, and their affiliations,
    delegations, needs, statements and logins, those deleted since included (found by the
    person they were created for)."""
    types = ContentType.objects.get_for_models(
        Person, Affiliation, Delegate, DelegateNeeds, Statement, Membership
    )
    keys: dict[type[models.Model], set[str]] = {Person: {str(person.pk)}}
    for model in (Affiliation, Delegate, Statement, Membership):
        current = model.objects.filter(person=person).values_list("pk", flat=True)
        keys[model] = {str(pk) for pk in current} | _created_for(types[model], "person", person.pk)
    needs = DelegateNeeds.objects.filter(delegate__pk__in=keys[Delegate])
    keys[DelegateNeeds] = {str(pk) for pk in needs.values_list("pk", flat=True)}
    for delegate_pk in keys[Delegate]:
        keys[DelegateNeeds] |= _created_for(types[DelegateNeeds], "delegate", delegate_pk)
    which = Q(pk__in=[])
    for model, pks in keys.items():
        if pks:
            which |= Q(content_type=types[model], object_pk__in=pks)
    return LogEntry.objects.filter(which)


def _created_for(content_type: ContentType, field: str, pk: int | str) -> set[str]:
    """Keys of records whose creation the trail recorded with ``field`` = ``pk``."""
    created = LogEntry.objects.filter(
        content_type=content_type,
        action=LogEntry.Action.CREATE,
        **{f"changes__{field}__1": str(pk)},
    )
    return set(created.values_list("object_pk", flat=True))


# --- Erasure ------------------------------------------------------------------------------------


def _names(person: Person) -> list[str]:
    """The strings that name or reach ``person``, longest first: the full names (also as the
    trail recorded them earlier), the e-mail address and the phone number."""
    if person.erased_at:
        return []
    parts = (person.honorific, person.given_name, person.family_name)
    names = {
        " ".join(part for part in parts if part),
        f"{person.given_name} {person.family_name}".strip(),
        person.email,
        person.phone,
    }
    own = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    )
    names |= set(own.values_list("object_repr", flat=True))
    return sorted((name for name in names if len(name) > 2), key=len, reverse=True)


def _scrubbed(value: Any, names: list[str]) -> Any:
    """``value`` (text, or JSON made of it) with each of ``names`` replaced where it stands as
    a whole name: erasing "Li Beispiel" leaves "Kim-Li Beispiel" alone."""
    if isinstance(value, str):
        for name in names:
            value = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", PLACEHOLDER, value)
        return value
    if isinstance(value, list):
        return [_scrubbed(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, names) for key, item in value.items()}
    return value


def _redacted(changes: Any, fields: frozenset[str]) -> Any:
    """``changes`` with the values of ``fields`` (and their translations) replaced."""
    if not isinstance(changes, dict):
        return changes
    redacted = {}
    for key, value in changes.items():
        if isinstance(value, list) and (key in fields or key.rsplit("_", 1)[0] in fields):
            value = [REDACTED if item not in (None, "", "None") else item for item in value]
        redacted[key] = value
    return redacted


def _mentions(names: list[str]) -> Q:
    """Entries that may contain one of ``names`` (the database narrows, Python decides).

    The changes are JSON: SQLite stores non-ASCII letters escaped (``\\u00fc``), PostgreSQL as
    they are, so both spellings are looked for.
    """
    which = Q(pk__in=[])
    for name in names:
        escaped = json.dumps(name)[1:-1]
        which |= (
            Q(object_repr__contains=name)
            | Q(changes_text__contains=name)
            | Q(changes_as_text__contains=name)
            | Q(changes_as_text__contains=escaped)
        )
    return which


def _scrub_audit_trail(own, names: list[str]) -> int:
    """Replace ``names`` in every entry; redact the details in ``own`` (the entries about the
    person's records). Returns how many entries changed."""
    entries = LogEntry.objects.annotate(changes_as_text=Cast("changes", TextField())).filter(
        Q(pk__in=own.values("pk")) | _mentions(names)
    )
    types = {ContentType.objects.get_for_model(model).pk: model for model in PERSONAL_FIELDS}
    own_pks = set(own.values_list("pk", flat=True))
    changed = 0
    for entry in entries.iterator():
        before = (entry.object_repr, entry.changes, entry.changes_text, entry.additional_data)
        entry.object_repr = _scrubbed(entry.object_repr, names)
        entry.changes = _scrubbed(entry.changes, names)
        entry.changes_text = _scrubbed(entry.changes_text, names)
        entry.additional_data = _scrubbed(entry.additional_data, names)
        model = types.get(entry.content_type_id)
        if entry.pk in own_pks and model in PERSONAL_FIELDS:
            entry.changes = _redacted(entry.changes, PERSONAL_FIELDS[model])
            if model in DESCRIBED_BY_CONTENT:
                entry.object_repr = PLACEHOLDER
        if before != (entry.object_repr, entry.changes, entry.changes_text, entry.additional_data):
            entry.save(update_fields=["object_repr", "changes", "changes_text", "additional_data"])
            changed += 1
    return changed


def _scrub_appointments(person: Person, names: list[str]) -> None:
    """Titles like "Reception by Lord Mayor Thomas Eiskirch" lose the name (every language)."""
    columns = [
        f"{field}{suffix}"
        for field in ("title", "description", "attendees_note")
        for suffix in ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
    ]
    # rewrite(False): the columns as named, not modeltranslation's current-language reading;
    # and not through save(), or the trail would record the old title, name and all.
    appointments = Appointment.objects.rewrite(False)
    linked = appointments.filter(Q(hosts=person) | Q(participants=person)).distinct()
    for row in linked.values("pk", *columns):
        changed = {column: _scrubbed(row[column], names) for column in columns}
        changed = {column: value for column, value in changed.items() if value != row[column]}
        if changed:
            appointments.filter(pk=row["pk"]).update(**changed)


@transaction.atomic
def erase_person(*, person: Person, erased_by: User | None) -> Person:
    """Erase ``person`` (GDPR Art. 17) so that nothing names them, keeping the counts.

    The record stays, with its delegations and its places in appointments (a visit still has
    15 members), renamed to ``PLACEHOLDER`` and marked ``erased_at``. Deleted: e-mail, phone,
    the diet and accessibility needs of every stay, the functions (affiliations) and the
    statements. The name, e-mail and phone are replaced wherever they stand in the titles,
    descriptions and notes of the appointments the person hosts or takes part in, and in every
    audit-trail entry; the entries about the person's own records lose their details. One
    entry records the erasure itself (who, when).

    Public figures can be erased too. Erasing again changes nothing. Free text elsewhere (a
    visit's purpose, a project's description) is not searched: edit it by hand if needed.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    names = _names(person)
    # Gathered before anything is deleted: the entries the deletions add have the same keys.
    own = audit_entries_about(person)
    DelegateNeeds.objects.filter(delegate__person=person).delete()
    person.affiliations.all().delete()
    person.statements.all().delete()
    _scrub_appointments(person, names)
    first_time = person.erased_at is None
    if first_time:
        # Not through save(): the trail would record the name being replaced.
        Person.objects.filter(pk=person.pk).update(
            honorific="",
            given_name="",
            family_name=PLACEHOLDER,
            email="",
            phone="",
            erased_at=timezone.now(),
        )
        person.refresh_from_db()
    _scrub_audit_trail(own, names)
    if first_time:
        LogEntry.objects.log_create(
            person,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"erased_at": ["None", _moment(person.erased_at)]},
            actor=erased_by,
        )
    return person
