"""The wish list and the optimiser's proposals: for the coordinators of the visit's city."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chaveruth.accounts.access import can_change_visit
from chaveruth.directory.models import Venue
from chaveruth.lib.dates import ByDay, Continued, by_day
from chaveruth.lib.forms import form_page
from chaveruth.visits import itinerary, services
from chaveruth.visits.findings import explain, explain_failure, explain_left_out
from chaveruth.visits.forms import ProposalForm, WishForm
from chaveruth.visits.itinerary import DayNote
from chaveruth.visits.models import Proposal, Visit, Wish
from chaveruth.visits.views import visit_to_change


def _action(page: str) -> Callable:
    """A POST-only action whose GET goes to ``page`` (with the same key): switching the
    language on the page a refused action answers with asks for that address again."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return redirect(page, pk)
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, pk)

        return dispatch

    return decorate


def _organisers_only(request: HttpRequest, visit: Visit) -> None:
    """Wishes and proposals are the organisers' working papers: to anyone else they do not
    exist (404), as an appointment they may not see. A 403 would let a host or a liaison
    count a visit's wishes and proposals by trying their numbers."""
    if not can_change_visit(request.user, visit):
        raise Http404


def _wish_to_change(request: HttpRequest, pk: int) -> Wish:
    wish = get_object_or_404(Wish.objects.select_related("visit"), pk=pk)
    _organisers_only(request, wish.visit)
    return wish


def _proposal_to_change(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("visit"), pk=pk)
    _organisers_only(request, proposal.visit)
    return proposal


def _wish_list_page(
    request: HttpRequest, visit: Visit, form: ProposalForm, status: int = 200
) -> HttpResponse:
    wishes = visit.wishes.select_related("venue", "appointment").prefetch_related("participants")
    refusal = services.proposal_refusal(visit=visit)
    proposal = visit.proposals.filter(status__in=Proposal.OPEN_STATUSES).first()
    context = {
        "visit": visit,
        "wishes": wishes,
        "form": form,
        "proposal": proposal,
        # Said beside its link: opened, it could only be asked for again.
        "proposal_out_of_date": proposal is not None and bool(_out_of_date(proposal)),
        "refusal": refusal,
        # What the coordinator can mend on the visit's form (the rest on the wish list above).
        "refusal_mended_at": refusal
        and refusal.code in {"no_hotel", "cancelled"}
        and reverse("visits:edit", args=[visit.pk]),
    }
    with timezone.override(visit.zone):
        return render(request, "visits/wish_list.html", context, status=status)


def wish_list(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_to_change(request, pk)
    return _wish_list_page(request, visit, ProposalForm())


def wish_form(request: HttpRequest, visit_pk: int | None = None, pk: int | None = None):
    if pk:
        wish = _wish_to_change(request, pk)
        visit = wish.visit
    else:
        visit = visit_to_change(request, visit_pk)
        wish = Wish(visit=visit)
    form = WishForm(request.POST or None, instance=wish, user=request.user)

    def save() -> str:
        fields, relations = form.fields_for_service(), form.relations()
        if wish.pk is None:
            services.add_wish(visit=visit, fields=fields, **relations)
        else:
            services.update_wish(wish=wish, fields=fields, seen_version=form.seen(), **relations)
        return reverse("visits:wishes", args=[visit.pk])

    title = _("Edit wish") if wish.pk else _("New wish")
    return form_page(
        request,
        form,
        save=save,
        title=f"{title}: {visit.title}",
        cancel_url=reverse("visits:wishes", args=[visit.pk]),
        delete_url=wish.pk and reverse("visits:wish_delete", args=[wish.pk]),
    )


def wish_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then take the wish off the list (POST)."""
    wish = _wish_to_change(request, pk)
    if request.method == "POST":
        services.remove_wish(wish=wish)
        return redirect("visits:wishes", wish.visit_id)
    return render(request, "visits/wish_confirm_delete.html", {"wish": wish})


@_action("visits:wishes")
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_to_change(request, pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            proposal, replaced = services.request_proposal(
                visit=visit, requested_by=request.user, seconds=form.cleaned_data["seconds"]
            )
            if replaced:
                messages.info(request, _("The earlier proposal was discarded."))
            return redirect("visits:proposal", proposal.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _wish_list_page(request, visit, form, status=400)


@dataclass(frozen=True)
class Entry:
    """An appointment, or a wish where the proposal places it, as the comparison lists it."""

    start: dt.datetime
    end: dt.datetime
    title: str
    venue: Venue | None
    new: bool  # what the proposal adds


@dataclass(frozen=True)
class Column:
    """One side of a day's comparison, as the visit page lists a day: what goes on from an
    earlier day (an excursion overnight), then what begins on it."""

    continued: list[Continued[Entry]]
    begun: list[Entry]

    def __len__(self) -> int:  # what is planned on the day, counted where it is folded
        return len(self.continued) + len(self.begun)

    @property
    def adds(self) -> bool:
        return any(e.new for e in self.begun) or any(s.item.new for s in self.continued)


@dataclass(frozen=True)
class ComparedDay:
    day: dt.date
    notes: list[DayNote]
    current: Column
    proposed: Column

    @property
    def changed(self) -> bool:
        """False for a day the proposal adds nothing to: the page folds it, so that the days
        to read stand out. A day an appointment it adds goes on into is changed too."""
        return self.proposed.adds


def _programme_by_day(visit: Visit, proposal: Proposal) -> list[ComparedDay]:
    """Each day's current programme beside the proposal (the current one plus the wishes),
    with the day's notes as the visit page gives them: a Friday's candle lighting is read
    before the day is accepted. An appointment that goes on overnight is listed on each day
    it takes, as on the visit page, even a day after the visit's last. An accepted proposal
    shows what it added the same way."""
    current, proposed = _compared(visit, proposal)
    now = by_day(current, _times, visit.zone)
    then = by_day(sorted(proposed, key=lambda entry: entry.start), _times, visit.zone)
    notes = itinerary.day_notes(visit, with_rest=True)  # for the visit's coordinators
    return [
        ComparedDay(day, notes.get(day, []), _column(now, day), _column(then, day))
        for day in sorted({*visit.days(), *now.days(), *then.days()})
    ]


def _times(entry: Entry) -> tuple[dt.datetime, dt.datetime]:
    return entry.start, entry.end


def _column(entries: ByDay[Entry], day: dt.date) -> Column:
    return Column(entries.continued.get(day, []), entries.begun.get(day, []))


def _compared(visit: Visit, proposal: Proposal) -> tuple[list[Entry], list[Entry]]:
    """The current programme, in its order, and the proposed one."""
    appointments = list(visit.appointments.select_related("venue"))
    wishes = {w.pk: w for w in visit.wishes.select_related("venue")}
    # Once accepted, what it added is in the programme: shown as new beside the programme
    # before, as when it was read; what was deleted since is gone from both.
    accepted = proposal.status == Proposal.Status.ACCEPTED
    added = {wishes[i["wish"]].appointment_id for i in proposal.plan if i["wish"] in wishes}
    current, proposed = [], []
    for a in appointments:
        new = accepted and a.pk in added
        if not new:
            current.append(Entry(a.start, a.end, a.title, a.venue, new=False))
        proposed.append(Entry(a.start, a.end, a.title, a.venue, new=new))
    for item in [] if accepted else proposal.plan:
        wish = wishes.get(item["wish"])
        if wish is not None and wish.appointment_id is None:  # accepted: among the current
            start, end = (dt.datetime.fromisoformat(item[key]) for key in ("start", "end"))
            proposed.append(Entry(start, end, wish.title, wish.venue, new=True))
    return current, proposed


def _findings_if_accepted(request: HttpRequest, proposal: Proposal) -> list:
    """What the checks would say once the proposal is accepted (itinerary.check_acceptance):
    a ready proposal keeps every rule the checks call a conflict, but may leave, say, no time
    for a meal, and the conflicts the programme has now stay."""
    if proposal.status != Proposal.Status.READY or not proposal.plan:
        return []
    with timezone.override(proposal.visit.zone):  # the messages' times are the visit's
        return explain(itinerary.check_acceptance(proposal.visit, proposal), request.user)


def _proposal_page(
    request: HttpRequest, proposal: Proposal, refusal: str = "", status: int = 200
) -> HttpResponse:
    visit = proposal.visit
    context = {
        "visit": visit,
        "proposal": proposal,
        "refusal": refusal,
        "out_of_date": _out_of_date(proposal),
        "comparison": _programme_by_day(visit, proposal) if proposal.plan else [],
        "failure": _failure(proposal),
        "findings": _findings_if_accepted(request, proposal),
    }
    searching = proposal.searching
    template = (
        "visits/proposal_progress.html" if request.htmx and searching else "visits/proposal.html"
    )
    with timezone.override(visit.zone):  # the reasons' times are the visit's, as the page's
        context["left_out"] = explain_left_out(proposal, request.user)
        response = render(request, template, context, status=status)
    if request.htmx and not searching:
        response["HX-Refresh"] = "true"  # the search ended while the page polled: show it whole
    return response


def _out_of_date(proposal: Proposal) -> str:
    """Why a ready proposal can no longer be accepted, said before its button rather than
    after it: the page offers to ask again instead."""
    if proposal.status != Proposal.Status.READY or not proposal.plan:
        return ""
    return "" if itinerary.still_holds(proposal) else str(services.PROPOSAL_OUT_OF_DATE)


def _failure(proposal: Proposal) -> str:
    if proposal.stalled:
        return explain_failure({"reason": "stalled"})
    return explain_failure(proposal.failure) if proposal.failure else ""


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal beside the current programme; while it runs, its progress (htmx polls)."""
    return _proposal_page(request, _proposal_to_change(request, pk))


@_action("visits:proposal")
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_to_change(request, pk)
    try:
        added = services.accept_proposal(proposal=proposal)
    except ValidationError as error:
        # Refused (out of date, not ready): nothing was written; the page says why, as the
        # proposal stands now (another tab may have accepted it meanwhile).
        proposal.refresh_from_db()
        return _proposal_page(request, proposal, refusal=" ".join(error.messages), status=409)
    message = ngettext(
        "%(count)d appointment added from the proposal.",
        "%(count)d appointments added from the proposal.",
        len(added),
    )
    messages.success(request, message % {"count": len(added)})
    return redirect(proposal.visit)


@_action("visits:proposal")
def proposal_discard(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_to_change(request, pk)
    proposal = services.discard_proposal(proposal=proposal)
    if proposal.status == Proposal.Status.ACCEPTED:
        # Accepted meanwhile (another tab): "as it was" would hide the appointments it added.
        refusal = _(
            "This proposal was accepted meanwhile: its appointments are in the programme. "
            "Delete them on the visit page to undo it."
        )
        return _proposal_page(request, proposal, refusal=refusal, status=409)
    messages.info(request, _("Proposal discarded: the programme is as it was."))
    return redirect("visits:wishes", proposal.visit_id)
