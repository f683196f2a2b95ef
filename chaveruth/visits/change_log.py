"""The visit page's change log: what the audit trail holds about a visit, its appointments, its
delegation and the shares of its appointments with security liaisons, as lines its coordinators
read ("Delegate added: Noa Beispiel (Member)"), in their language, each with who made it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chaveruth.accounts.access import AnyUser, UsersToldOf, users_told_of
from chaveruth.accounts.models import Share
from chaveruth.directory.models import Person
from chaveruth.directory.privacy import PLACEHOLDER
from chaveruth.lib.audit import ONE_CHANGE, Change, history, parents_of, summarised
from chaveruth.visits.models import Appointment, Delegate, Visit


@dataclass(frozen=True)
class Line:
    change: Change  # when, which fields
    what: str  # what happened to which record, in the reader's language
    who: str  # who did it, as the reader is told (``users_told_of``); "" for the system


def change_log(
    visit: Visit, appointments: list[Appointment], delegates: list[Delegate], *, reader: AnyUser
) -> list[Line]:
    """The latest changes to ``visit``, to ``appointments`` and ``delegates`` (those of it
    ``reader`` sees) and to the shares of those appointments, with those deleted since.

    A share of an appointment not in ``appointments`` is left out, withdrawn or not: that the
    police were given an appointment is for those who see it. ``appointments`` come with their
    shares and those with their liaisons (``prefetch_related``), ``delegates`` with their
    people: the log looks up only the people and liaisons of those removed since, at once.
    """
    shares = [share for appointment in appointments for share in appointment.shares.all()]
    records = [visit, *appointments, *delegates, *shares]
    # The delegation's and the shares' lines come on top of the programme's: reach further back.
    changes = summarised(history(records, limit=100), records)
    held = {_key_of(record): record for record in (*delegates, *shares)}
    held |= _as_they_were(changes, appointments)
    along = _along_with_delegates(changes, held)
    users = _users(reader, changes, held.values(), _cities(visit, appointments, changes))
    lines = []
    for change in changes:
        if id(change) in along["folded"]:
            continue  # said on the addition's or the removal's line
        record = held.get((change.entry.content_type_id, change.entry.object_pk))
        if record is None and change.entry.content_type.model_class() is Share:
            continue  # not one of the reader's appointments' (history finds none such)
        what = _what(change, record, users)
        if count := along["counts"].get(id(change)):
            what += _appointments_along(change, count)
        lines.append(Line(change, what, users.who(change.entry.actor_id)))
    return lines


def _users(
    reader: AnyUser, changes: list[Change], records: Iterable[models.Model], cities: set[int]
) -> UsersToldOf:
    """Who made ``changes`` and the liaisons of the shares among ``records``, as ``reader`` is
    told of them (``users_told_of``) and the shares page names them: another city's
    coordinator who changed a joint appointment by the roles they hold for ``cities``; a
    liaison by name where the reader's city chose them (``names_liaison``), also once they
    serve another city, or where they are named to the reader anyway."""
    accounts = {change.entry.actor for change in changes if change.entry.actor_id is not None}
    shares = [record for record in records if isinstance(record, Share)]
    return users_told_of(reader, accounts, shares, municipalities=cities)


def _cities(visit: Visit, appointments: list[Appointment], changes: list[Change]) -> set[int]:
    """The cities on whose behalf the log's changes were made: ``visit``'s, and those of the
    other visits of its joint appointments, of those deleted since too (as their deletions
    noted them: another city's coordinator may have changed or deleted one)."""
    cities = {visit.host_municipality_id}
    cities |= {other.host_municipality_id for a in appointments for other in a.visits.all()}
    noted = {
        key
        for change in changes
        if change.entry.action == LogEntry.Action.DELETE
        and change.entry.content_type.model_class() is Appointment
        for key in parents_of(change.entry, Visit)
    }
    if noted:
        hosts = Visit.objects.filter(pk__in=noted).values_list("host_municipality", flat=True)
        cities |= set(hosts)
    return cities


def _appointments_along(change: Change, count: int) -> str:
    if change.entry.action == LogEntry.Action.CREATE:
        message = ngettext(
            ", and added to %(count)d appointment", ", and added to %(count)d appointments", count
        )
    else:
        message = ngettext(
            ", and taken off %(count)d appointment", ", and taken off %(count)d appointments", count
        )
    return message % {"count": count}


def _along_with_delegates(
    changes: list[Change], held: dict[tuple[int, str], models.Model]
) -> dict[str, dict[int, int]]:
    """A delegate added joins the appointments the whole delegation takes part in
    (``services.add_delegate``), a moment after; one removed is taken off the participants of
    the visit's appointments (``services.remove_delegate``), a moment before: one entry each,
    by the same hand, naming that delegate alone. Those lines are said once, on the addition's
    or the removal's. ``held`` has the delegates by their keys. Returns the changes folded
    (``"folded"``) and how many each addition or removal took (``"counts"``), by ``id``."""
    delegations = [
        change
        for change in changes
        if change.entry.content_type.model_class() is Delegate
        and change.entry.action in (LogEntry.Action.CREATE, LogEntry.Action.DELETE)
    ]
    folded: dict[int, int] = {}
    counts: dict[int, int] = {}
    for change in changes:
        people = _participants_only(change)
        if people is None:
            continue
        for delegation in delegations:
            delegate = held.get((delegation.entry.content_type_id, delegation.entry.object_pk))
            if _along_with(change, people, delegation, delegate):
                folded[id(change)] = id(delegation)
                counts[id(delegation)] = counts.get(id(delegation), 0) + 1
                break
    return {"folded": folded, "counts": counts}


def _along_with(
    change: Change,
    people: tuple[str, set[str]],
    delegation: Change,
    delegate: models.Model | None,
) -> bool:
    """Whether ``change`` of an appointment's participants (``people``: "add" or "delete",
    and whom) was made with ``delegation``, the addition or removal of ``delegate``: by the
    same hand, at the same moment, and of that delegate alone."""
    operation, named = people
    entry = delegation.entry
    if entry.actor_id != change.entry.actor_id or named != _as_the_trail_names(delegate):
        return False
    if operation == "add" and entry.action == LogEntry.Action.CREATE:
        moment = change.entry.timestamp - entry.timestamp
    elif operation == "delete" and entry.action == LogEntry.Action.DELETE:
        moment = entry.timestamp - change.latest
    else:
        return False
    return timedelta(0) <= moment <= ONE_CHANGE


def _participants_only(change: Change) -> tuple[str, set[str]] | None:
    """ "add" or "delete", and the people as the trail names them, for an appointment's
    change that only added people to its participants or only took people off them (over
    all its entries: a guest added by hand seconds after a delegate joined is folded into
    the same change); None for any other change."""
    if (
        change.entry.action != LogEntry.Action.UPDATE
        or change.entry.content_type.model_class() is not Appointment
    ):
        return None
    operations: set[str] = set()
    people: set[str] = set()
    for entry in (change.entry, *change.folded):
        changed = entry.changes_dict
        participants = changed.get("participants")
        if set(changed) != {"participants"} or not isinstance(participants, dict):
            return None
        operations.add(str(participants.get("operation")))
        people.update(participants.get("objects", []))
    return (operations.pop(), people) if len(operations) == 1 else None


def _as_the_trail_names(delegate: models.Model | None) -> set[str]:
    """The delegate's person as the trail names a participant (``str()`` when written; the
    erasure's placeholder since): empty if the person is gone. A namesake added by hand in
    the same seconds is taken for them: the trail keeps no key of a participant."""
    if not isinstance(delegate, Delegate) or delegate.person_id is None:
        return set()
    person = delegate.person
    return {PLACEHOLDER if person.erased_at else str(person)}


def _key_of(record: models.Model) -> tuple[int, str]:
    return ContentType.objects.get_for_model(record).pk, str(record.pk)


def _as_they_were(
    changes: list[Change], appointments: list[Appointment]
) -> dict[tuple[int, str], models.Model]:
    """The delegates and shares deleted since, as their deletions stored them (unsaved), by
    their keys: see ``_removed`` and ``_withdrawn``."""
    deletions = [
        change.entry for change in changes if change.entry.action == LogEntry.Action.DELETE
    ]
    gone: list[tuple[LogEntry, models.Model]] = [
        *_removed([entry for entry in deletions if entry.content_type.model_class() is Delegate]),
        *_withdrawn(
            [entry for entry in deletions if entry.content_type.model_class() is Share],
            appointments,
        ),
    ]
    return {(entry.content_type_id, entry.object_pk): record for entry, record in gone}


def _removed(deletions: list[LogEntry]) -> list[tuple[LogEntry, Delegate]]:
    """Each delegate with their person as the directory has them now (erased, perhaps), and
    none if the person is gone."""
    people = Person.objects.in_bulk([_stored(entry, "person") for entry in deletions])
    removed = []
    for entry in deletions:
        delegate = Delegate(pk=int(entry.object_pk), role=entry.changes_dict["role"][0])
        if person := people.get(_stored(entry, "person")):
            delegate.person = person
        removed.append((entry, delegate))
    return removed


def _withdrawn(
    deletions: list[LogEntry], appointments: list[Appointment]
) -> list[tuple[LogEntry, Share]]:
    """Each share of one of ``appointments`` (as the reader sees it) with its liaison's
    account, if it still exists, and the city it was made for (``names_liaison`` reads it),
    if the deletion stored one."""
    users = get_user_model().objects.in_bulk([_stored(entry, "liaison") for entry in deletions])
    seen = {appointment.pk: appointment for appointment in appointments}
    withdrawn = []
    for entry in deletions:
        if (appointment := seen.get(_stored(entry, "appointment"))) is None:
            continue
        share = Share(pk=int(entry.object_pk), appointment=appointment)
        # Shares withdrawn before they were made for a city stored none.
        if "municipality" in entry.changes_dict:
            share.municipality_id = _stored(entry, "municipality")
        if liaison := users.get(_stored(entry, "liaison")):
            share.liaison = liaison
        withdrawn.append((entry, share))
    return withdrawn


def _stored(deletion: LogEntry, field: str) -> int:
    """The key the deleted record's foreign key ``field`` held (stored as ``[before, after]``)."""
    return int(deletion.changes_dict[field][0])


def _what(change: Change, record: models.Model | None, users: UsersToldOf) -> str:
    if isinstance(record, Delegate):
        return _delegate_changed(change, record)
    if isinstance(record, Share):
        return _share_changed(change, record, users)
    names = {"kind": capfirst(change.entry.content_type.name), "name": change.name}
    if cancelling := _cancelling(change):
        return cancelling % names
    if change.entry.action == LogEntry.Action.CREATE:
        return _("%(kind)s created: %(name)s") % names
    if change.entry.action == LogEntry.Action.DELETE:
        return _("%(kind)s deleted: %(name)s") % names
    return _changed(change, change.name)


def _cancelling(change: Change) -> str:
    """ "Visit cancelled: %(name)s" or "Visit taken up again: %(name)s" for a change of a
    visit's status to or from cancelled; "" for any other change."""
    if change.entry.action != LogEntry.Action.UPDATE:
        return ""  # a visit created and cancelled at once is said created
    # Over all its entries: a take-up saved seconds after another edit is folded into it.
    status = change.values("status")
    if status is None or change.entry.content_type.model_class() is not Visit:
        return ""
    before, after = status
    if after == Visit.Status.CANCELLED:
        return _("Visit cancelled: %(name)s")
    if before == Visit.Status.CANCELLED:
        return _("Visit taken up again: %(name)s")
    return ""


def _delegate_changed(change: Change, delegate: Delegate) -> str:
    name = _delegate(delegate) or change.name
    if change.entry.action == LogEntry.Action.CREATE:
        return _("Delegate added: %(name)s") % {"name": name}
    if change.entry.action == LogEntry.Action.DELETE:
        return _("Delegate removed: %(name)s") % {"name": name}
    return _changed(change, name)


def _share_changed(change: Change, share: Share, users: UsersToldOf) -> str:
    names = {"appointment": str(share.appointment)}
    # As the shares page names them (``users_told_of``): by name where the share is the
    # reader's city's, also once its liaison serves another city.
    liaison = users.liaison(share)
    if liaison is None:
        # Their account was deleted since, and its shares with it: the trail keeps a login
        # name at best, which is not how the page names a liaison. Or the share is another
        # city's, of a joint appointment, whose liaison is that city's to name: the shares
        # page says their role and city, the log says "a security liaison".
        if change.entry.action == LogEntry.Action.CREATE:
            return _("Shared with a security liaison: %(appointment)s") % names
        if change.entry.action == LogEntry.Action.DELETE:
            return _("Share withdrawn: %(appointment)s") % names
        return _changed(change, names["appointment"])
    names["liaison"] = liaison
    if change.entry.action == LogEntry.Action.CREATE:
        return _("Shared with security liaison %(liaison)s: %(appointment)s") % names
    if change.entry.action == LogEntry.Action.DELETE:
        return _("Share withdrawn: %(appointment)s (security liaison %(liaison)s)") % names
    return _changed(change, names["appointment"])


def _changed(change: Change, name: str) -> str:
    kind = capfirst(change.entry.content_type.name)
    return _("%(kind)s changed: %(name)s") % {"kind": kind, "name": name}


def _delegate(delegate: Delegate) -> str:
    """The delegate by person and role; "" if the person is no longer in the directory."""
    if delegate.person_id is None:
        return ""
    person = delegate.person
    # The name is gone from the directory and the trail alike: the trail keeps a placeholder
    # in the language of the erasure, which the reader may not read.
    name = _("an erased person") if person.erased_at else str(person)
    return f"{name} ({delegate.get_role_display()})"
