import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from chaveruth.accounts.access import (
    UsersToldOf,
    can_change_visit,
    can_plan_visits,
    can_read_cancellation_reason,
    can_read_visit_facts,
    can_see_hotel,
    can_see_needs,
    can_withdraw_share,
    people_named_to,
    require,
    scope_of,
    sees_details,
    users_told_of,
    with_readable_facts,
)
from chaveruth.accounts.models import ItineraryRead, Share
from chaveruth.accounts.services import record_itinerary_read, share_appointment, withdraw_share
from chaveruth.directory.models import Person
from chaveruth.lib.dates import Continued, by_day
from chaveruth.lib.forms import form_page
from chaveruth.lib.listing import render_list
from chaveruth.lib.naming import Counted, names_and_count
from chaveruth.partnerships.models import Project
from chaveruth.planning.checks import Severity
from chaveruth.planning.travel import TravelTimes
from chaveruth.visits import services
from chaveruth.visits.change_log import change_log
from chaveruth.visits.findings import explain
from chaveruth.visits.forms import (
    AppointmentForm,
    CancelVisitForm,
    DelegateForm,
    NeedsForm,
    RescheduleForm,
    ShareForm,
    VisitFilter,
    VisitForm,
    consent_purpose,
)
from chaveruth.visits.itinerary import (
    DayNote,
    HotelWay,
    back_from,
    check_visit,
    day_notes,
    hotel_travel,
    leaving_for,
)
from chaveruth.visits.itinerary.offer import day_to_plan, new_appointment_times, resting_note
from chaveruth.visits.models import Appointment, Delegate, DelegateNeeds, Visit


def visit_list(request: HttpRequest) -> HttpResponse:
    visits = (
        Visit.objects.visible_to(request.user)
        .select_related("host_municipality")
        .prefetch_related("projects")
    )
    plans = can_plan_visits(request.user)
    return render_list(
        request,
        table="visits/visit_list.html",
        queryset=visits,
        filter_class=VisitFilter,
        title=_("Delegation visits"),
        create=(reverse("visits:create"), _("New visit")) if plans else None,
        rows=lambda visits: _rows(request.user, visits),
    )


@dataclass(frozen=True)
class VisitRow:
    visit: Visit
    conflicts: int | None  # None: not counted (see _rows)
    shows_facts: bool  # its origin and size (access.can_read_visit_facts)


# A completed or cancelled visit's programme is no longer planned: its conflicts are not
# counted, and most of a long list is spared the checks.
_PLANNED_NO_MORE = {Visit.Status.COMPLETED, Visit.Status.CANCELLED}


def _rows(user, visits: list[Visit]) -> list[VisitRow]:
    """The visits of one page of the list, with the number of conflicts of each that is still
    planned and that the user may change: the checks are the organisers'. They read a
    visit's programme and the bookings around it (about ten queries and 20 ms a visit),
    hence for the page's visits only, not the whole list's. A delegate reads their own
    visit's size here as on its page."""

    def counted(visit: Visit) -> bool:
        return visit.status not in _PLANNED_NO_MORE and can_change_visit(user, visit)

    on_page = Visit.objects.filter(pk__in=[visit.pk for visit in visits])
    readable = set(with_readable_facts(on_page, user).values_list("pk", flat=True))
    return [
        VisitRow(visit, _conflicts(visit) if counted(visit) else None, visit.pk in readable)
        for visit in visits
    ]


def _conflicts(visit: Visit) -> int:
    """The findings the visit page calls conflicts; its notes (warnings) are left out."""
    return sum(1 for finding in check_visit(visit).findings if finding.severity == Severity.ERROR)


@dataclass(frozen=True)
class DelegationRow:
    delegate: Delegate
    needs: DelegateNeeds | None  # None also when the user may not see them


def _delegation(user, visit: Visit) -> list[DelegationRow]:
    """The members of ``visit`` the user may see, in precedence, each with their needs where
    the user may see those (the needs are not even read otherwise)."""
    delegates = (
        Delegate.objects.visible_to(user)
        .filter(visit=visit)
        .select_related("person", "organisation")
        .in_precedence()
    )
    if can_change_visit(user, visit) or scope_of(user).persons:
        delegates = delegates.select_related("needs")
    rows = []
    for delegate in delegates:
        delegate.visit = visit
        needs = getattr(delegate, "needs", None) if can_see_needs(user, delegate) else None
        rows.append(DelegationRow(delegate, needs))
    return rows


@dataclass(frozen=True)
class ItineraryItem:
    appointment: Appointment
    details: bool  # False: a restricted appointment shown with its time only
    joint_with: list[Visit]  # the other visits it belongs to, those the user may see
    joint_unseen: int = 0  # how many others, told to the visit's organisers only
    # None of the delegation takes part, so none of them reads it: told to the organisers.
    not_the_delegations: bool = False
    hosted_by: str = ""  # its hosts as the user is told of them (_hosted_by)


def _items(
    user, visit: Visit, appointments: list[Appointment], members: set[int] | None
) -> list[ItineraryItem]:
    """The itinerary's appointments as the user may read them. A joint appointment names
    the other visits the user may see: a delegate does not learn of another delegation from
    a reception they share; and its hosts the user may be told of (the other city's are
    that city's to name). ``members``: the people of the visit's delegation, for its
    organisers (else None), who are told how many other visits and hosts there are, as they
    change an appointment those visits share, and which appointments no member takes part
    in."""
    organises = members is not None
    others = {v.pk for a in appointments for v in a.visits.all()} - {visit.pk}
    seen = set()
    if others:
        seen = set(
            Visit.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True)
        )
    named = _named_people(user, {p.pk for a in appointments for p in a.hosts.all()})

    def item(appointment: Appointment) -> ItineraryItem:
        joint = [v for v in appointment.visits.all() if v.pk != visit.pk]
        joint_with = [v for v in joint if v.pk in seen]
        unseen = len(joint) - len(joint_with) if organises else 0
        taking_part = {person.pk for person in appointment.participants.all()}
        absent = bool(members and not members & taking_part)
        hosted_by = _hosted_by(appointment, named, organises=organises)
        details = sees_details(user, appointment)
        return ItineraryItem(appointment, details, joint_with, unseen, absent, hosted_by)

    return [item(a) for a in appointments]


def _named_people(user, people: set[int]) -> set[int]:
    """Those of ``people`` (keys) whom ``user`` is told by name (``people_named_to``)."""
    if not people:
        return set()
    named = people_named_to(Person.objects.filter(pk__in=people), user)
    return set(named.values_list("pk", flat=True))


# After "Hosted by": in German, "von … und 2 weiteren Personen".
_HOSTS = Counted(
    alone=lambda count: (
        npgettext("hosted by", "%(count)d person", "%(count)d people", count) % {"count": count}
    ),
    more=lambda count: (
        npgettext("hosted by", "%(count)d other person", "%(count)d other people", count)
        % {"count": count}
    ),
)


def _hosted_by(appointment: Appointment, named: set[int], *, organises: bool) -> str:
    """ "WERK X; Anna Beispiel and 2 other people": the hosting organisations, then the hosts
    named to the reader (``named``) and, to the visit's organisers, who change the appointment
    for all its hosts, how many others there are; "" for none of these. Apart, so that no
    organisation reads as one of the people."""
    organisations = [o.name for o in appointment.hosting_organisations.all()]
    hosts = list(appointment.hosts.all())
    people = [str(person) for person in hosts if person.pk in named]
    others = len(hosts) - len(people) if organises else 0
    groups = {
        "organisations": get_text_list(organisations, _("and")),
        "people": names_and_count(people, others, _HOSTS),
    }
    if all(groups.values()):
        return _("%(organisations)s; %(people)s") % groups
    return groups["organisations"] or groups["people"]


@dataclass(frozen=True)
class ItineraryDay:
    day: dt.date
    items: list[ItineraryItem]  # those that begin on the day
    notes: list[DayNote]  # Shabbat times, public holiday, day off
    continued: list[Continued[ItineraryItem]]
    leave: HotelWay | None = None  # from the hotel to the first appointment
    back: HotelWay | None = None  # to the hotel after the one that ends last


def _itinerary(
    visit: Visit, items: list[ItineraryItem], *, sees_hotel: bool, shows_facts: bool
) -> list[ItineraryDay]:
    """The visit's days, each with its items in local time (empty days included), and the
    way from the hotel and back for a reader who may know where the hotel is. Candle lighting
    and havdalah are noted for a reader of the visit's facts only: they tell whether the
    delegation keeps Shabbat, a religious belief, which a host or a liaison is not told. An
    appointment is listed on the day it begins, and noted on each later day it takes."""
    spread = by_day(items, lambda item: (item.appointment.start, item.appointment.end), visit.zone)
    notes = day_notes(visit, with_rest=shows_facts)
    travel = None
    # A cancelled visit's days are no instructions: nobody is to leave the hotel for them.
    if sees_hotel and visit.status != Visit.Status.CANCELLED:
        travel = hotel_travel(visit, [item.appointment for item in items if item.details])
    days = []
    for day in sorted({*visit.days(), *spread.days()}):
        items_on, continued_on = spread.begun.get(day, []), spread.continued.get(day, [])
        # Out past midnight on one that goes on the next day: not back at the hotel today.
        out_overnight = bool(spread.continued.get(day + dt.timedelta(days=1)))
        ways = _hotel_ways(visit, items_on, continued_on, travel, out_overnight=out_overnight)
        days.append(ItineraryDay(day, items_on, notes.get(day, []), continued_on, *ways))
    return days


def _hotel_ways(
    visit: Visit,
    items: list[ItineraryItem],
    continued: list[Continued[ItineraryItem]],
    travel: TravelTimes | None,
    *,
    out_overnight: bool,
) -> tuple[HotelWay | None, HotelWay | None]:
    """Leaving for the day's first appointment at a place, back after the last one to end
    (a call before or after has no way). Neither where it would mislead: no leaving a hotel
    the delegation is not back at yet from the day before, nor back on a day they stay out."""
    if travel is None:
        return None, None
    first = _first_place(items)
    leave = leaving_for(first, visit, travel) if first else None
    if leave and any(_back_after(still, visit, travel) > leave.at for still in continued):
        leave = None
    if out_overnight:
        return leave, None
    ending = [*(still.item for still in continued), *items]
    last = _first_place(sorted(ending, key=lambda item: item.appointment.end, reverse=True))
    return leave, back_from(last, visit, travel) if last else None


def _back_after(still: Continued[ItineraryItem], visit: Visit, travel: TravelTimes) -> dt.datetime:
    """When the delegation is back at the hotel from an appointment begun the day before: at
    its end where the way back is not known."""
    back = back_from(still.item.appointment, visit, travel)
    return back.at if back else still.item.appointment.end


def _first_place(items: list[ItineraryItem]) -> Appointment | None:
    """The first of ``items`` with a venue, passing over calls and free time (held wherever the
    delegation is). None when something else comes before it: an appointment shown with its
    time only (its minutes would say how far from the hotel its place is), or one without a
    venue that goes to a place not named (a tour) or not entered yet (a meeting still being
    planned): the delegation does not leave the hotel for the next one."""
    for item in items:
        appointment = item.appointment
        if not item.details:
            return None
        if appointment.venue_id is not None:
            return appointment
        if appointment.kind not in Appointment.WHEREVER_THE_DELEGATION_IS:
            return None
    return None


def visit_to_change(request: HttpRequest, pk: int) -> Visit:
    """A visit the user may see (else 404) and change (else 403)."""
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    require(can_change_visit(request.user, visit))
    return visit


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    visit = get_object_or_404(
        Visit.objects.visible_to(user)
        .select_related("programme", "host_municipality", "hotel")
        .prefetch_related(
            Prefetch("projects", Project.objects.visible_to(user)),
            "supporting_organisations",
        ),
        pk=pk,
    )
    appointments = list(
        Appointment.objects.visible_to(user)
        .filter(visits=visit)
        .select_related("venue")
        .prefetch_related(
            "hosting_organisations",
            "hosts",
            "participants",
            "visits",
            # With their liaisons, whom the change log names; those in force are counted.
            Prefetch("shares", Share.objects.select_related("liaison")),
            Prefetch("shares", Share.objects.in_force(), to_attr="shares_in_force"),
        )
    )
    organises = can_change_visit(user, visit)
    delegation = _delegation(user, visit)
    members = {row.delegate.person_id for row in delegation} if organises else None
    items = _items(user, visit, appointments, members)
    record_itinerary_read(reader=user, visit=visit, channel=ItineraryRead.Channel.PAGE)
    # Members' names are personal data: for the organisers and the programme office.
    shows_delegation = organises or scope_of(user).reads_all
    shows_facts = can_read_visit_facts(user, visit)
    context = {
        "visit": visit,
        "days": _itinerary(
            visit, items, sees_hotel=can_see_hotel(user, visit), shows_facts=shows_facts
        ),
        "organises": organises,
        "shows_delegation": shows_delegation,
        "delegation": delegation if shows_delegation else [],
        # A delegate sees their own record for this stay (and their needs), nobody else's.
        "own_stay": [] if shows_delegation else delegation,
        "shows_facts": shows_facts,
        "reads_cancellation_reason": can_read_cancellation_reason(user, visit),
        # The changes to the visit, its delegation and the appointments the user sees, with
        # their shares, each named as it is now.
        "history": (
            change_log(visit, appointments, [row.delegate for row in delegation], reader=user)
            if organises
            else []
        ),
    }
    with timezone.override(visit.zone):  # the itinerary reads in the visit's local time
        # Checked on every view, so the findings always match the programme as it is now.
        context["findings"] = explain(check_visit(visit), user) if organises else []
        return render(request, "visits/visit_detail.html", context)


def visit_reads(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read this visit's itinerary, when: for the coordinators of its city."""
    visit = visit_to_change(request, pk)
    reads = ItineraryRead.objects.filter(visit=visit).select_related("reader")[:500]
    with timezone.override(visit.zone):  # as its change log, on the visit's clock
        return render(request, "visits/visit_reads.html", {"visit": visit, "reads": reads})


def visit_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk:
        visit = visit_to_change(request, pk)
    else:
        require(can_plan_visits(request.user))
        visit = None
    form = VisitForm(request.POST or None, instance=visit, user=request.user)

    def save() -> Visit:
        fields, relations = form.fields_for_service(), form.relations()
        seen_status = fields.pop("seen_status") or None
        if visit is None:
            return services.create_visit(
                programme=fields.pop("programme"),
                host_municipality=fields.pop("host_municipality"),
                fields=fields,
                **relations,
            )
        zone_before = Visit.objects.values_list("time_zone", flat=True).get(pk=visit.pk)
        updated = services.update_visit(
            visit=visit,
            fields=fields,
            seen_status=seen_status,
            seen_version=form.seen(),
            **relations,
        )
        if updated.time_zone != zone_before and updated.appointments.exists():
            # Kept on the clock, the programme moved in real time: say so, it is easily missed.
            message = _(
                "The programme keeps its times on the clock: 10:00 is now 10:00 %(clock)s. "
                "Check the appointments that were planned in the other time."
            )
            messages.info(request, message % {"clock": Visit.CLOCKS[updated.time_zone]})
        return updated

    if visit is None:
        title, cancel_url = _("New visit"), reverse("visits:list")
    else:
        title, cancel_url = _("Edit visit"), visit.get_absolute_url()
    return form_page(request, form, save=save, title=title, cancel_url=cancel_url)


def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Call a visit off, with the reason (the programme stays, for the record)."""
    visit = visit_to_change(request, pk)
    if request.method == "GET" and not visit.may_be_cancelled:
        return redirect(visit)  # its page says it is cancelled, or that it took place
    form = CancelVisitForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.cancel_visit(visit=visit, reason=form.cleaned_data["reason"]),
        title=_("Cancel visit: %(visit)s") % {"visit": visit.title},
        cancel_url=visit.get_absolute_url(),
        intro=_(
            "Its programme stays as it is, for the record. Its people and venues count as free "
            "again when other visits are checked, and no appointment or proposal can be added. "
            "To take it up again, set its status back to planned under “Edit visit”."
        ),
        submit_label=_("Cancel the visit"),
        back_label=_("Keep the visit"),
    )


def visit_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a visit to new dates, its itinerary with it (a postponement keeps the old dates)."""
    visit = visit_to_change(request, pk)
    initial = {"start_date": visit.start_date, "end_date": visit.end_date}
    form = RescheduleForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.reschedule_visit(visit=visit, **form.cleaned_data),
        title=_("Reschedule: %(visit)s") % {"visit": visit.title},
        cancel_url=visit.get_absolute_url(),
    )


def _appointment_to_change(request: HttpRequest, pk: int) -> tuple[Appointment, Visit]:
    """An appointment the user may see (else 404) with the first of its visits that they
    may change (else 403); its pages return to that visit."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    visits = list(appointment.visits.order_by("start_date", "pk"))
    if not visits:  # left behind when its only visit was deleted
        raise Http404
    changeable = [visit for visit in visits if can_change_visit(request.user, visit)]
    require(bool(changeable))
    return appointment, changeable[0]


def appointment_form(
    request: HttpRequest, visit_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Add an appointment to a visit (``visit_pk``) or edit one (``pk``).

    Times are entered and shown in the visit's local time, whatever the server's zone. A new
    one starts after the last appointment of the day asked for (``?day=2025-01-20``).
    """
    if pk:
        appointment, visit = _appointment_to_change(request, pk)
    else:
        appointment, visit = None, visit_to_change(request, visit_pk)
        if request.method == "GET" and visit.status == Visit.Status.CANCELLED:
            return redirect(visit)  # its page says it is cancelled, and offers no new one
    with timezone.override(visit.zone):
        initial, intro = None, None
        if appointment is None and request.method == "GET":  # a form sent back keeps its own
            today = timezone.localdate(timezone=visit.zone)
            day = day_to_plan(visit, request.GET.get("day"), today)
            initial = new_appointment_times(visit, day)
            intro = resting_note(visit, initial["start"])
        form = AppointmentForm(
            request.POST or None,
            instance=appointment,
            initial=initial,
            user=request.user,
            visit=visit,
        )

        def save() -> Visit:
            fields, relations = form.fields_for_service(), form.relations()
            if appointment is None:
                services.add_appointment(
                    visits=[visit], venue=fields.pop("venue"), fields=fields, **relations
                )
            else:
                services.update_appointment(
                    appointment=appointment,
                    fields=fields,
                    seen_version=form.seen(),
                    planned_for=visit,
                    **relations,
                )
            return visit

        title = _("Edit appointment") if appointment else _("New appointment")
        return form_page(
            request,
            form,
            save=save,
            title=f"{title}: {visit.title}",
            cancel_url=visit.get_absolute_url(),
            delete_url=appointment and reverse("visits:appointment_delete", args=[appointment.pk]),
            intro=intro,
        )


def appointment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then remove the appointment from every visit it belongs to (POST)."""
    appointment, visit = _appointment_to_change(request, pk)
    if request.method == "POST":
        services.remove_appointment(appointment=appointment)
        return redirect(visit)
    with timezone.override(visit.zone):
        return render(
            request,
            "visits/appointment_confirm_delete.html",
            {"appointment": appointment, "visit": visit},
        )


def appointment_shares(request: HttpRequest, pk: int) -> HttpResponse:
    """The security liaisons an appointment is shared with, and a form to share it with one
    more: for those who may change one of its visits."""
    appointment, visit = _appointment_to_change(request, pk)
    form = ShareForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        appointment=appointment,
    )

    def save() -> str:
        liaison = form.cleaned_data["liaison"]
        share_appointment(appointment=appointment, liaison=liaison, shared_by=request.user)
        return reverse("visits:appointment_shares", args=[appointment.pk])

    shares = appointment.shares.select_related("liaison", "shared_by").order_by("shared_at", "pk")
    # Another city's liaison of a joint appointment, and who shared it with them, are that
    # city's to name: said by the roles they hold for the appointment's cities.
    sharers = [share.shared_by for share in shares if share.shared_by is not None]
    users = users_told_of(request.user, sharers, shares, municipalities=_cities_of(appointment))
    # Those the liaison no longer sees say so, until a coordinator withdraws them.
    in_force = set(appointment.shares.in_force().values_list("pk", flat=True))
    with timezone.override(visit.zone):
        return form_page(
            request,
            form,
            save=save,
            title=_("Security liaisons"),
            cancel_url=visit.get_absolute_url(),
            template="visits/appointment_shares.html",
            appointment=appointment,
            visit=visit,
            shares=[
                (share, _liaison(users, share), users.who(share.shared_by_id)) for share in shares
            ],
            withdrawable={s.pk for s in shares if can_withdraw_share(request.user, s)},
            in_force=in_force,
            # A form whose only choice is "none" would refuse whatever is sent.
            nobody_left=not form.offered.exists(),
        )


def _liaison(users: UsersToldOf, share: Share) -> str:
    """The share's liaison by name, or by role and city (another city's, of a joint one)."""
    return users.liaison(share) or users.who(share.liaison_id)


def _cities_of(appointment: Appointment) -> set[int]:
    """The cities of the appointment's visits, on whose behalf its shares were made."""
    return set(appointment.visits.values_list("host_municipality", flat=True))


def share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then withdraw the share (POST): for those who may change one of the
    appointment's visits."""
    visible = Appointment.objects.visible_to(request.user)
    share = get_object_or_404(
        Share.objects.select_related("liaison"), pk=pk, appointment__in=visible
    )
    try:
        appointment, visit = _appointment_to_change(request, share.appointment_id)
    except PermissionDenied:
        # That the police were given an appointment is its planners' to know: a 403 would
        # tell a host or a delegate who sees the appointment.
        raise Http404 from None
    require(can_withdraw_share(request.user, share))
    if request.method == "POST":
        withdraw_share(share=share)
        return redirect("visits:appointment_shares", appointment.pk)
    users = users_told_of(request.user, [], [share], municipalities=_cities_of(appointment))
    liaison = _liaison(users, share)
    with timezone.override(visit.zone):
        return render(
            request,
            "visits/share_confirm_withdraw.html",
            {"share": share, "liaison": liaison, "appointment": appointment, "visit": visit},
        )


def _delegate_for(request: HttpRequest, pk: int) -> Delegate:
    """A delegate the user may see (else 404), with their visit."""
    return get_object_or_404(
        Delegate.objects.visible_to(request.user).select_related(
            "visit__host_municipality", "person"
        ),
        pk=pk,
    )


def delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member to the visit's delegation: for those who may change the visit."""
    visit = visit_to_change(request, pk)
    # Bound on any POST: an empty one is refused (400), not shown as a new form.
    form = DelegateForm(request.POST if request.method == "POST" else None, user=request.user)

    def save() -> Visit:
        services.add_delegate(visit=visit, **form.fields_for_service())
        return visit

    return form_page(
        request,
        form,
        save=save,
        title=_("Add delegate: %(visit)s") % {"visit": visit.title},
        cancel_url=visit.get_absolute_url(),
    )


def delegate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then take the delegate off the visit's delegation (POST): for those
    who may change the visit."""
    delegate = _delegate_for(request, pk)
    require(can_change_visit(request.user, delegate.visit))
    if request.method == "POST":
        services.remove_delegate(delegate=delegate)
        return redirect(delegate.visit)
    return render(request, "visits/delegate_confirm_remove.html", {"delegate": delegate})


def needs_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a delegate's diet and accessibility needs with their consent: for the
    coordinators of the visit's city."""
    delegate = _delegate_for(request, pk)
    require(can_change_visit(request.user, delegate.visit))
    # The version before the values, so that a change between the two can only make the
    # form refused in vain, never replaced unseen.
    seen_version = services.needs_version(delegate)
    needs = DelegateNeeds.objects.filter(delegate=delegate).first()
    days = settings.RETENTION["delegate_needs"]
    initial = {"consent_text": consent_purpose(days)}
    if needs is not None:
        initial = {
            "diet": needs.diet,
            "accessibility": needs.accessibility,
            "consent_text": needs.consent_text,
        }
    initial["seen_version"] = seen_version
    form = NeedsForm(request.POST or None, initial=initial)

    def save() -> Visit:
        services.record_needs(
            delegate=delegate,
            diet=form.cleaned_data["diet"],
            accessibility=form.cleaned_data["accessibility"],
            consent_text=form.cleaned_data["consent_text"],
            recorded_by=request.user,
            seen_version=form.cleaned_data["seen_version"] or None,
        )
        return delegate.visit

    return form_page(
        request,
        form,
        save=save,
        title=_("Diet and accessibility: %(person)s") % {"person": delegate.person},
        cancel_url=delegate.visit.get_absolute_url(),
        intro=_(
            "Health and religious needs are recorded only with the delegate's consent, are seen "
            "only by the coordinators of %(city)s and the delegate, and are deleted %(days)d "
            "days after the visit."
        )
        % {"city": delegate.visit.host_municipality.name, "days": days},
        delete_url=needs and reverse("visits:needs_withdraw", args=[delegate.pk]),
        delete_label=_("Withdraw consent"),
    )


def needs_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then delete the needs (POST): for whoever may see them, the delegate
    included (withdrawing must be as easy as consenting)."""
    delegate = _delegate_for(request, pk)
    require(can_see_needs(request.user, delegate))
    if request.method == "POST":
        services.withdraw_consent(delegate=delegate)
        return redirect(delegate.visit)
    return render(request, "visits/needs_confirm_withdraw.html", {"delegate": delegate})
