"""Every write to visits, their delegates and their programme."""

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.lib import audit
from chaveruth.lib.dates import on_the_clock
from chaveruth.lib.records import (
    CHANGED_MEANWHILE,
    Fields,
    changed_meanwhile,
    lock_row,
    refuse_if_changed,
    save_valid,
    version_of,
)
from chaveruth.partnerships.models import Programme, Project
from chaveruth.visits import tasks  # the module, not its task: tasks imports this module too
from chaveruth.visits.itinerary import Answer, still_holds
from chaveruth.visits.models import Appointment, Delegate, DelegateNeeds, Proposal, Visit, Wish

LANGUAGES = settings.LANGUAGES


@transaction.atomic
def create_visit(
    *,
    programme: Programme,
    host_municipality: Organisation,
    fields: Fields,
    projects: Iterable[Project] = (),
    supporting_organisations: Iterable[Organisation] = (),
) -> Visit:
    if fields.get("status") == Visit.Status.CANCELLED:
        raise _cancel_with_a_reason()
    visit = Visit(programme=programme, host_municipality=host_municipality, **fields)
    _refuse_completed_before_its_end(visit)
    visit.check_clock_of_hotel()
    save_valid(visit)
    visit.projects.set(projects)
    visit.supporting_organisations.set(supporting_organisations)
    return visit


def _as_changed(visit: Visit, fields: Fields) -> Visit:
    """A copy of ``visit`` with ``fields`` set, to check before anything is written."""
    changed = copy.copy(visit)
    for name, value in fields.items():
        setattr(changed, name, value)
    return changed


def _refuse_completed_before_its_end(visit: Visit) -> None:
    """A visit is completed on its last day at the earliest: one still to come marked
    completed would drop out of the lists of visits to plan, its conflicts unshown."""
    if visit.status != Visit.Status.COMPLETED or visit.end_date is None:
        return
    if visit.end_date > timezone.localdate(timezone=visit.zone):
        message = _("A visit can be marked completed from its last day on (%(day)s).")
        day = formats.date_format(visit.end_date, "SHORT_DATE_FORMAT")
        raise ValidationError({"status": message % {"day": day}})


@transaction.atomic
def cancel_visit(*, visit: Visit, reason: str) -> Visit:
    """Call a visit off, saying why. Its programme stays, for the record, but keeps nobody
    busy (the checks of other visits leave it out) and takes no new appointment or proposal;
    an open proposal is discarded. "Edit visit" can set it back to planned."""
    # As it is now, and written as it is now: another tab may have changed it meanwhile.
    locked = _lock(visit)
    if not locked.may_be_cancelled:
        if locked.status == Visit.Status.CANCELLED:
            raise ValidationError(_("The visit is cancelled already."))
        raise ValidationError(_("The visit took place: it cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the visit is cancelled.")})
    if len(reason.strip()) > Visit.LONGEST_REASON:
        message = _("Say why in at most %(count)d characters.") % {"count": Visit.LONGEST_REASON}
        raise ValidationError({"reason": message})
    locked.proposals.filter(status__in=Proposal.OPEN_STATUSES).update(
        status=Proposal.Status.DISCARDED
    )
    fields = {"status": Visit.Status.CANCELLED, "cancellation_reason": reason.strip()}
    save_valid(locked, fields)
    visit.status, visit.cancellation_reason = locked.status, locked.cancellation_reason
    return locked


def _cancel_with_a_reason() -> ValidationError:
    return ValidationError({"status": _("Cancel a visit with “Cancel visit”: it asks why.")})


def _appointments_outside(visit: Visit) -> list[Appointment]:
    return [a for a in visit.appointments.all() if not visit.covers(a.start, a.end)]


def _dates_refused(field: str, message: str, concerned: list[str]) -> ValidationError:
    """New dates refused because the ``concerned`` items of the programme would lie outside
    them, named so that the coordinator knows which to move."""
    return ValidationError({field: _outside(message, concerned)})


def _outside(message: str, concerned: list[str]) -> str:
    which = _("Concerned: %(items)s.") % {"items": "; ".join(concerned)}
    return f"{message % {'count': len(concerned)}} {which}"


def _named(visit: Visit, appointments: list[Appointment]) -> list[str]:
    """ "Empfang (Mon 3 Mar, 10:00)", in time order, in the visit's time."""
    return [
        f"{a.title} ({formats.date_format(timezone.localtime(a.start, visit.zone), 'D j M, H:i')})"
        for a in sorted(appointments, key=lambda a: a.start)
    ]


# Said to a form drawn before the visit was cancelled: taking it up again is a decision of its
# own (the visit form says it before it merges anything, ``VisitForm.clean``).
CANCELLED_MEANWHILE = gettext_lazy("The visit was cancelled meanwhile: reload the page to see it.")


@transaction.atomic
def update_visit(
    *,
    visit: Visit,
    fields: Fields,
    projects: Iterable[Project] | None = None,
    supporting_organisations: Iterable[Organisation] | None = None,
    seen_status: str | None = None,
    seen_version: str | None = None,
) -> Visit:
    """Change a visit. Refuses new dates that would leave appointments outside the visit:
    ``reschedule_visit`` moves the programme along with the dates. A new time zone keeps the
    programme on the clock: a zone chosen late is usually one chosen wrongly, and the times
    were typed for the place of the visit. ``seen_status`` is the status a form showed: one
    drawn before the visit was cancelled does not take it up again unasked; ``seen_version``
    is the version it was drawn with (see ``update_appointment``)."""
    # As saved, and locked till the end: ``fields`` are written over it, and what the form
    # does not show (the first planned dates, the reason) stays as another tab left it.
    visit = _lock(visit)
    zone, status = visit.zone, visit.status
    cancelled = Visit.Status.CANCELLED
    if status == cancelled and seen_status not in (None, cancelled):
        raise ValidationError(CANCELLED_MEANWHILE)
    # Before the status's own rule: a form drawn while the visit was cancelled, still showing
    # "cancelled", is told that it was taken up again meanwhile, not how to cancel.
    refuse_if_changed(visit, seen_version)
    if fields.get("status") == cancelled and status != cancelled:
        raise _cancel_with_a_reason()
    if status == cancelled and fields.get("status", cancelled) != cancelled:
        fields = {**fields, "cancellation_reason": ""}  # reinstated: the reason is history
    changed = _as_changed(visit, fields)
    _refuse_completed_before_its_end(changed)
    if {"hotel", "time_zone"} & set(fields):
        # Only then: a visit at odds with its hotel (stored so) is still renamed or cancelled.
        changed.check_clock_of_hotel()
    save_valid(visit, fields)
    if visit.zone != zone:
        _keep_on_the_clock(visit, zone)
    outside = _appointments_outside(visit)
    if outside:
        message = ngettext(
            "%(count)d appointment would lie outside the new dates. "
            "Use “Reschedule” to move the visit together with its itinerary.",
            "%(count)d appointments would lie outside the new dates. "
            "Use “Reschedule” to move the visit together with its itinerary.",
            len(outside),
        )
        raise _dates_refused("start_date", message, _named(visit, outside))
    if projects is not None:
        visit.projects.set(projects)
    if supporting_organisations is not None:
        visit.supporting_organisations.set(supporting_organisations)
    return visit


def _keep_on_the_clock(visit: Visit, old: ZoneInfo) -> None:
    """Give each appointment the same wall-clock times in the visit's new zone; one shared
    with another visit is that visit's too, and refuses the change."""
    appointments = list(_locked(visit.appointments.all()).prefetch_related("visits"))
    if any(len(a.visits.all()) > 1 for a in appointments):
        message = _("The programme shares appointments with other visits: their times stay.")
        raise ValidationError({"time_zone": message})

    def same_clock(moment: dt.datetime, appointment: Appointment) -> dt.datetime:
        wall = moment.astimezone(old).replace(tzinfo=None)
        moved = wall.replace(tzinfo=visit.zone)
        if not on_the_clock(moved):
            message = _(
                "“%(title)s” at %(time)s: the new time zone puts its clocks forward over that "
                "hour. Move the appointment first."
            ) % {"title": appointment.title, "time": formats.time_format(wall, "TIME_FORMAT")}
            raise ValidationError({"time_zone": message})
        return moved

    for appointment in appointments:
        fields = {
            "start": same_clock(appointment.start, appointment),
            "end": same_clock(appointment.end, appointment),
        }
        update_appointment(appointment=appointment, fields=fields)


@transaction.atomic
def reschedule_visit(*, visit: Visit, start_date: dt.date, end_date: dt.date) -> Visit:
    """Postpone (or bring forward) a visit and move its programme by the same number of days.

    The first planned dates are kept in ``postponed_from_*``. Appointments shared with another
    visit (a joint reception) stay where they are: the other visit still needs them. A
    cancelled visit is refused: set back to planned first, or it would be postponed unasked.
    """
    # As it is now, and written as it is now: another tab may have changed it meanwhile; its
    # programme locked too before anything is written, each part as an edit of it left it.
    visit = _lock(visit)
    appointments = list(_locked(visit.appointments.all()).prefetch_related("visits"))
    wishes = list(_locked(visit.wishes.exclude(day=None)))
    _refuse_if_cancelled(visit)
    shift = start_date - visit.start_date
    if visit.postponed_from_start is None:
        visit.postponed_from_start, visit.postponed_from_end = visit.start_date, visit.end_date
    save_valid(
        visit,
        {"start_date": start_date, "end_date": end_date, "status": Visit.Status.POSTPONED},
    )
    for appointment in appointments:
        if len(appointment.visits.all()) == 1:
            # Adding days to local time keeps 10:00 at 10:00 across a change to summer time.
            start = timezone.localtime(appointment.start, visit.zone) + shift
            end = timezone.localtime(appointment.end, visit.zone) + shift
            _refuse_unless_on_the_clock(appointment, start, end)
            save_valid(appointment, {"start": start, "end": end})
    wishes_outside = _move_wishes(visit, wishes, shift)
    appointments_outside = _named(visit, _appointments_outside(visit))
    if appointments_outside or wishes_outside:
        # All at once: a coordinator told of the wishes only learns of the appointments
        # after moving those, and tries again.
        raise _too_short(appointments_outside, wishes_outside)
    return visit


def _too_short(appointments: list[str], wishes: list[str]) -> ValidationError:
    """New dates refused with each kind of item that would lie outside them named."""
    messages = []
    if appointments:
        message = ngettext(
            "The new dates are too short: %(count)d appointment would lie outside them.",
            "The new dates are too short: %(count)d appointments would lie outside them.",
            len(appointments),
        )
        messages.append(_outside(message, appointments))
    if wishes:
        message = ngettext(
            "The new dates are too short: %(count)d wish would lie outside them.",
            "The new dates are too short: %(count)d wishes would lie outside them.",
            len(wishes),
        )
        messages.append(_outside(message, wishes))
    return ValidationError({"end_date": messages})


def _refuse_unless_on_the_clock(
    appointment: Appointment, start: dt.datetime, end: dt.datetime
) -> None:
    """An appointment moved onto the night the clocks go forward keeps its times only where
    the clocks show them; else it would start or end an hour later than typed, unsaid."""
    for moment in (start, end):
        if not on_the_clock(moment):
            message = _(
                "“%(title)s” at %(time)s: on its new date the clocks go forward over that hour. "
                "Move the appointment first."
            ) % {
                "title": appointment.title,
                "time": formats.time_format(moment.replace(tzinfo=None), "TIME_FORMAT"),
            }
            raise ValidationError({"start_date": message})


def _move_wishes(visit: Visit, wishes: list[Wish], shift: dt.timedelta) -> list[str]:
    """Move the ``wishes`` for a given day along with the visit; for new dates too short for
    them, move none and return the titles of those that would lie outside."""
    # The query leaves out wishes without a day; `is not None` says so to the type checker.
    moved = [(w, w.day + shift) for w in wishes if w.day is not None]
    outside = [wish.title for wish, day in moved if not visit.start_date <= day <= visit.end_date]
    if not outside:
        for wish, day in moved:
            save_valid(wish, {"day": day})
    return outside


@transaction.atomic
def add_delegate(
    *, visit: Visit, person: Person, role: str = Delegate.Role.MEMBER, **fields: Any
) -> Delegate:
    """Add ``person`` to ``visit``'s delegation, e.g. ``role=Delegate.Role.HEAD,
    organisation=...``. Refuses a person already in it (``delegate_once_per_visit``) with a
    message beside ``person``, where the constraint's own would name no field.

    The new member takes part in the appointments the whole delegation takes part in
    (``_whole_delegations``), as the others do; ``remove_delegate`` takes them off again."""
    locked = _lock(visit)  # the delegation and status read here are those the member joins
    if Delegate.objects.filter(visit=visit, person=person).exists():
        raise ValidationError(
            {"person": _("%(person)s is already a member of this delegation.") % {"person": person}}
        )
    joined = _whole_delegations(locked)
    delegate = save_valid(Delegate(visit=visit, person=person, role=role), fields)
    for appointment in joined:
        # As remove_delegate takes them off: the trail records it as any change of participants.
        appointment.participants.add(person)
    return delegate


def _whole_delegations(visit: Visit) -> list[Appointment]:
    """The visit's appointments its whole delegation takes part in, when it has two members
    at least (none of them erased). Not those of a delegation of one: every appointment of
    that member's is theirs, a one-to-one talk among them, not one for a member added later
    to read. Not a cancelled visit's: its programme is no longer planned, and a joint
    appointment in it is another visit's still. Not a restricted one: it names exactly whom
    its coordinator chose to tell, and one more is for them to choose."""
    # An erased member is no one to plan for: what is planned after the erasure leaves them out.
    members = set(
        visit.delegates.filter(person__erased_at=None).values_list("person_id", flat=True)
    )
    if len(members) < 2 or visit.status == Visit.Status.CANCELLED:
        return []
    appointments = (
        Appointment.objects.filter(visits=visit)
        .exclude(confidentiality=Appointment.Confidentiality.RESTRICTED)
        .prefetch_related(
            Prefetch("participants", Person.objects.filter(pk__in=members), to_attr="members")
        )
        .order_by("pk")
    )
    return [a for a in appointments if {p.pk for p in a.members} == members]


@transaction.atomic
def remove_delegate(*, delegate: Delegate) -> None:
    """Take a delegate off the visit's delegation; their recorded needs go with them, and they
    are taken off the participants of the visit's appointments, or their login would still
    see the restricted ones (the audit trail notes all three). The person stays in the
    directory, and a participant of a joint appointment with another visit in whose
    delegation they are."""
    person, visit = delegate.person, delegate.visit
    elsewhere = Visit.objects.filter(delegates__person=person).exclude(pk=visit.pk)
    appointments = (
        Appointment.objects.filter(visits=visit, participants=person)
        .exclude(visits__in=elsewhere)
        .order_by("pk")
    )
    for appointment in appointments:
        # Not through update_appointment: that checks the whole appointment again, and taking
        # someone off must not wait for, say, its time to fit the visit's dates. The trail
        # records the removal as it records any change of participants.
        appointment.participants.remove(person)
    # Nor required by its wishes: an accepted proposal would name them again.
    for wish in visit.wishes.filter(participants=person).order_by("pk"):
        wish.participants.remove(person)
    delegate.delete()


def _check_within_visits(
    appointment: Appointment, visits: Iterable[Visit], planned_for: Visit | None = None
) -> None:
    """Refuse an appointment that leaves the dates of a visit it belongs to. Another city's
    visit (not the host city of ``planned_for``, the one the coordinator plans) is not named:
    its coordinators' page calls it "a visit of another city", its title and dates unsaid."""
    for visit in visits:
        if visit.covers(appointment.start, appointment.end):
            continue
        # Beside the one that is out: an evening that runs past the visit's last midnight
        # has its start inside.
        field = "end" if visit.covers(appointment.start, appointment.start) else "start"
        if planned_for and visit.host_municipality_id != planned_for.host_municipality_id:
            message = _("The appointment lies outside the dates of the other city's visit.")
        else:
            message = _(
                "The appointment lies outside the visit “%(visit)s” (%(first)s–%(last)s)."
            ) % {
                "visit": visit.title,
                "first": formats.date_format(visit.start_date, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(visit.end_date, "SHORT_DATE_FORMAT"),
            }
        raise ValidationError({field: message})


def _set_people(
    appointment: Appointment,
    hosting_organisations: Iterable[Organisation] | None,
    hosts: Iterable[Person] | None,
    participants: Iterable[Person] | None,
) -> None:
    if hosting_organisations is not None:
        appointment.hosting_organisations.set(hosting_organisations)
    if hosts is not None:
        appointment.hosts.set(hosts)
    if participants is not None:
        appointment.participants.set(participants)


@transaction.atomic
def add_appointment(
    *,
    visits: Iterable[Visit],
    fields: Fields,
    venue: Venue | None = None,
    hosting_organisations: Iterable[Organisation] = (),
    hosts: Iterable[Person] = (),
    participants: Iterable[Person] = (),
) -> Appointment:
    """Add an item to the programme of one or more visits (several for a joint reception)."""
    visits = list(visits)
    if not visits:
        raise ValidationError({"visits": _("An appointment must belong to at least one visit.")})
    for visit in visits:
        _refuse_if_cancelled(visit)
    appointment = Appointment(venue=venue, **fields)
    appointment.full_clean()
    _check_within_visits(appointment, visits)
    appointment.save()
    appointment.visits.set(visits)
    _set_people(appointment, hosting_organisations, hosts, participants)
    return appointment


@transaction.atomic
def update_appointment(
    *,
    appointment: Appointment,
    fields: Fields,
    hosting_organisations: Iterable[Organisation] | None = None,
    hosts: Iterable[Person] | None = None,
    participants: Iterable[Person] | None = None,
    seen_version: str | None = None,
    planned_for: Visit | None = None,
) -> Appointment:
    """Written on the appointment as stored, under its lock (what ``fields`` leaves out stays
    as another writer left it); ``appointment`` is brought up to date too. ``seen_version``:
    the version an edit form was drawn with; saved over a change made since, it is refused
    (``refuse_if_changed``). ``planned_for``: the visit its coordinator plans it for, whose
    city's visits a refusal may name (``_check_within_visits``)."""
    stored = lock_row(appointment)
    refuse_if_changed(stored, seen_version)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    _check_within_visits(stored, stored.visits.all(), planned_for)
    stored.save()
    _set_people(stored, hosting_organisations, hosts, participants)
    appointment.refresh_from_db()
    return stored


def remove_appointment(*, appointment: Appointment) -> None:
    audit.note_parents(appointment, appointment.visits.all())
    appointment.delete()


# What the needs form was drawn with when no needs are recorded (``needs_version``).
NO_NEEDS = "none"


def needs_version(delegate: Delegate) -> str:
    """The version of the delegate's needs as stored, for the needs form to carry: recording
    them is refused after a change made since (as an edit form's is, ``refuse_if_changed``),
    above all after the delegate withdrew their consent."""
    needs = DelegateNeeds.objects.filter(delegate=delegate).first()
    return NO_NEEDS if needs is None else version_of(needs)


@transaction.atomic
def record_needs(
    *,
    delegate: Delegate,
    diet: str,
    accessibility: str,
    consent_text: str,
    recorded_by: User,
    seen_version: str | None = None,
) -> DelegateNeeds:
    """Record a delegate's diet and accessibility needs for their stay, with the consent
    that allows it: the purpose text they agreed to, who recorded it and when.

    Refuses without consent, and when there is nothing to record. Recording again replaces
    the needs and records the consent anew. ``seen_version``: the ``needs_version`` the form
    was drawn with; needs changed or deleted since are not replaced unseen.
    """
    diet, accessibility, consent_text = diet.strip(), accessibility.strip(), consent_text.strip()
    if not consent_text:
        raise ValidationError(
            {"consent_text": _("Needs are recorded only with the delegate's consent.")}
        )
    if not diet and not accessibility:
        raise ValidationError(_("Give a diet or an accessibility need (or nothing is recorded)."))
    lock_row(delegate)  # one recording or withdrawal at a time: the needs are one row
    _refuse_needs_changed(delegate, seen_version)
    needs = DelegateNeeds.objects.filter(delegate=delegate).first() or DelegateNeeds(
        delegate=delegate
    )
    return save_valid(
        needs,
        {
            "diet": diet,
            "accessibility": accessibility,
            "consent_text": consent_text,
            "consent_given_at": timezone.now(),
            "consent_recorded_by": recorded_by,
        },
    )


def _refuse_needs_changed(delegate: Delegate, seen: str | None) -> None:
    now = needs_version(delegate)
    if seen is None or seen == now:
        return
    if now != NO_NEEDS:
        raise changed_meanwhile(now)
    # Withdrawn meanwhile: a form still showing the old needs must not record them again
    # as if nothing had happened; the coordinator is asked to confirm a new consent.
    message = _(
        "The consent was withdrawn meanwhile and the needs were deleted. Record them again "
        "only if the delegate has agreed anew: tick the consent and save."
    )
    raise ValidationError(
        message, code=CHANGED_MEANWHILE, params={"version": now, "withdrawn": True}
    )


@transaction.atomic
def withdraw_consent(*, delegate: Delegate) -> None:
    """The delegate withdrew their consent: their needs are deleted (nothing is kept)."""
    lock_row(delegate)  # not between a recording's check and its save
    DelegateNeeds.objects.filter(delegate=delegate).delete()


# --- Wish list and optimised proposals -----------------------------------------------------


@transaction.atomic
def add_wish(*, visit: Visit, fields: Fields, participants: Iterable[Person] = ()) -> Wish:
    wish = save_valid(Wish(visit=visit), fields)
    wish.participants.set(participants)
    return wish


@transaction.atomic
def update_wish(
    *,
    wish: Wish,
    fields: Fields,
    participants: Iterable[Person] | None = None,
    seen_version: str | None = None,
) -> Wish:
    """A wish already planned stays as its appointment was made from it: the two would
    otherwise fall out of step, and the list show a length or a venue nobody planned.
    Written as ``update_appointment`` writes, ``seen_version`` as there."""
    stored = lock_row(wish)
    if stored.appointment_id is not None:  # planned meanwhile too: said before "changed"
        raise ValidationError(
            _(
                "This wish is in the programme already: change its appointment on the visit "
                "page, or delete the appointment to plan the wish anew."
            )
        )
    refuse_if_changed(stored, seen_version)
    save_valid(stored, fields)
    if participants is not None:
        stored.participants.set(participants)
    wish.refresh_from_db()
    return stored


def remove_wish(*, wish: Wish) -> None:
    wish.delete()


def proposal_refusal(*, visit: Visit) -> ValidationError | None:
    """Why ``request_proposal`` would refuse to ask for ``visit`` now, or None. The wish list
    says it in place of the button, so that no one presses a button to be told no; the code
    tells the page what the coordinator can change (``"cancelled"`` and ``"no_hotel"``: the
    visit; ``"no_wishes"`` and ``"all_planned"``: the wish list)."""
    if visit.status == Visit.Status.CANCELLED:
        return _cancelled()
    if visit.hotel_id is None:
        return ValidationError(
            _("Give the visit's hotel first: each day starts and ends there."), code="no_hotel"
        )
    if not visit.wishes.exists():
        return ValidationError(
            _("The wish list is empty: add the appointments you wish for."), code="no_wishes"
        )
    if not visit.wishes.filter(appointment=None).exists():
        return ValidationError(
            _("Every wish is in the programme: add a wish to ask for a new proposal."),
            code="all_planned",
        )
    return None


def request_proposal(
    *, visit: Visit, requested_by: User, seconds: int = 10
) -> tuple[Proposal, bool]:
    """Ask the optimiser (a background task) for the best programme from the wish list.

    One proposal at a time per visit: asking again replaces the open one. Returns the new
    proposal and whether it replaced one, which the coordinator is told.
    """
    with transaction.atomic():
        # Two requests at once leave one open proposal, not two; and the visit is read as it
        # is now: one cancelled since the page was drawn takes none.
        refusal = proposal_refusal(visit=_lock(visit))
        if refusal is not None:
            raise refusal
        replaced = visit.proposals.filter(status__in=Proposal.OPEN_STATUSES).update(
            status=Proposal.Status.DISCARDED
        )
        proposal = Proposal.objects.create(visit=visit, requested_by=requested_by, seconds=seconds)
    # Enqueued after the commit, so that a worker finds the proposal.
    transaction.on_commit(lambda: tasks.propose_programme.enqueue(proposal.pk))
    return proposal, replaced > 0


PROPOSAL_OUT_OF_DATE = gettext_lazy(
    "The programme, the wish list or the bookings, opening hours and travel times they "
    "depend on changed since this proposal was made: ask again."
)


@transaction.atomic
def accept_proposal(*, proposal: Proposal) -> list[Appointment]:
    """Write the proposed appointments into the programme (each wish becomes one)."""
    visit = _lock(proposal.visit)  # one acceptance at a time, in the order they come
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.visit = visit  # the locked row, its hotel loaded: still_holds reads them
    _refuse_if_cancelled(visit)  # first: cancelling discarded the proposal too
    if proposal.status == Proposal.Status.ACCEPTED:  # in another tab, say
        raise ValidationError(
            _("This proposal was accepted already: its appointments are in the programme.")
        )
    if proposal.status != Proposal.Status.READY:
        raise ValidationError(_("Only a proposal that is ready can be accepted."))
    # Read before the check: a wish removed meanwhile changes the visit's fingerprint.
    wishes = {w.pk: w for w in visit.wishes.prefetch_related("participants")}
    # The delegation takes part in all it places, as the optimiser planned (itinerary.delegation).
    delegates = [d.person for d in visit.delegates.select_related("person").order_by("person_id")]
    _lock_what_it_books(
        [wishes[item["wish"]] for item in proposal.plan if item["wish"] in wishes], delegates
    )
    if not still_holds(proposal):
        raise ValidationError(PROPOSAL_OUT_OF_DATE)
    added = []
    for item in proposal.plan:
        wish = wishes[item["wish"]]
        appointment = add_appointment(
            visits=[visit],
            venue=wish.venue,
            fields={
                **{f"title_{code}": getattr(wish, f"title_{code}") for code, _ in LANGUAGES},
                "kind": wish.kind,
                "confidentiality": wish.confidentiality,
                "start": dt.datetime.fromisoformat(item["start"]),
                "end": dt.datetime.fromisoformat(item["end"]),
                # An invented wish makes an invented appointment, its time included.
                "sample_fields": ["*"] if wish.sample_fields else [],
            },
            participants={*wish.participants.all(), *delegates},
        )
        save_valid(wish, {"appointment": appointment})
        added.append(appointment)
    _save_proposal(proposal, {"status": Proposal.Status.ACCEPTED})
    return added


def _lock_what_it_books(wishes: list[Wish], delegates: list[Person]) -> None:
    """Another visit's acceptance may book the same venues or people at this moment: the
    later one waits for the earlier to end, then sees its appointments in its own check.
    (Each locks its own visit first, then these rows in one order, so neither waits for the
    other in turn. SQLite writes one transaction at a time anyway.)"""
    venues = sorted({wish.venue_id for wish in wishes})
    people = sorted(
        {p.pk for p in delegates} | {p.pk for w in wishes for p in w.participants.all()}
    )
    list(Venue.objects.select_for_update().filter(pk__in=venues).order_by("pk"))
    list(Person.objects.select_for_update().filter(pk__in=people).order_by("pk"))


def _refuse_if_cancelled(visit: Visit) -> None:
    """A cancelled visit keeps nobody busy: a programme planned into it would be planned in
    vain, and clash with nothing."""
    if visit.status == Visit.Status.CANCELLED:
        raise _cancelled()


def _cancelled() -> ValidationError:
    return ValidationError(
        _("The visit is cancelled: its programme is no longer planned."), code="cancelled"
    )


@transaction.atomic
def discard_proposal(*, proposal: Proposal) -> Proposal:
    """Set an open proposal aside; one accepted or failed meanwhile stays as it is. Returns
    the proposal as it now stands, which says which of the two happened."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.open:
        _save_proposal(proposal, {"status": Proposal.Status.DISCARDED})
    return proposal


# --- The optimiser's run: the background task writes through these --------------------------
# Each changes a proposal only in the state it expects: the coordinator may have discarded or
# replaced it meanwhile, and that decision stands.


@transaction.atomic
def start_proposal(*, pk: int) -> Proposal | None:
    """The queued proposal, now running; None when it is no longer queued."""
    # Only the proposal's row is locked: its visit's hotel may be missing (an outer join).
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("visit__hotel")
    proposal = locked.filter(pk=pk).first()
    if proposal is None or proposal.status != Proposal.Status.QUEUED:
        return None
    return _save_proposal(proposal, {"status": Proposal.Status.RUNNING, "heard_at": timezone.now()})


def note_progress(*, proposal: Proposal, percent: int) -> bool:
    """How far the search is, for the page that polls it (not in the audit trail); False
    when the proposal is no longer running, and the search may stop."""
    running = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.RUNNING)
    return running.update(progress=percent, heard_at=timezone.now()) > 0


def finish_proposal(*, proposal: Proposal, answer: Answer) -> None:
    fields = {
        "score": answer.score,
        "plan": answer.plan,
        "left_out": answer.left_out,
        "basis": answer.basis,
    }
    _end_run(proposal, {"status": Proposal.Status.READY, **fields})


def fail_proposal(*, proposal: Proposal, failure: dict[str, object]) -> None:
    """No programme: ``failure`` holds the reason's code and facts (findings.explain_failure)."""
    _end_run(proposal, {"status": Proposal.Status.FAILED, "failure": failure})


@transaction.atomic
def _end_run(proposal: Proposal, fields: Fields) -> None:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.RUNNING:
        _save_proposal(proposal, {"progress": 100, **fields})


def _lock(visit: Visit) -> Visit:
    """The visit, its row locked until the transaction ends."""
    return Visit.objects.select_for_update(of=("self",)).select_related("hotel").get(pk=visit.pk)


def _locked[M: Model](records: QuerySet[M]) -> QuerySet[M]:
    """A visit's appointments or wishes, as stored and locked (after the visit, in the order
    of their keys: nothing locks them the other way round), for a service that moves them
    all: an edit of one that came first is not written over with what was read before it."""
    return records.select_for_update(of=("self",), no_key=True).order_by("pk")


def _save_proposal(proposal: Proposal, fields: Fields) -> Proposal:
    """Saved without validation as a form: no one typed these values, and a proposal may
    have lost its requester (an account deleted since), which a form would not allow."""
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=list(fields))
    return proposal
