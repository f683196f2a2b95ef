"""The wish list and the optimiser's proposals: for the coordinators of the visit's city."""

import datetime as dt
from collections.abc import Callable
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
from chaveruth.lib.forms import form_page
from chaveruth.visits import itinerary, services
from chaveruth.visits.findings import explain, explain_failure, explain_left_out
from chaveruth.visits.forms import ProposalForm, WishForm
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


def _programme_by_day(visit: Visit, proposal: Proposal) -> list[dict]:
    """Each day's current programme beside the proposal (the current one plus the wishes),
    with the day's notes as the visit page gives them: a Friday's candle lighting is read
    before the day is accepted. ``changed`` is False for a day the proposal adds nothing to:
    the page folds it, so that the days to read stand out. An accepted proposal shows what it
    added the same way."""
    current = list(visit.appointments.select_related("venue"))
    wishes = {w.pk: w for w in visit.wishes.select_related("venue")}
    notes = itinerary.day_notes(visit, with_rest=True)  # for the visit's coordinators

    def new_day(day: dt.date) -> dict:
        return {"day": day, "notes": notes.get(day, []), "current": [], "proposed": []}

    days = {day: new_day(day) for day in visit.days()}

    def add(column: str, start: dt.datetime, end: dt.datetime, title: str, venue, new: bool):
        day = timezone.localtime(start, visit.zone).date()
        entry = {"start": start, "end": end, "title": title, "venue": venue, "new": new}
        if day not in days:
            days[day] = new_day(day)
        days[day][column].append(entry)

    # Once accepted, what it added is in the programme: shown as new beside the programme
    # before, as when it was read; what was deleted since is gone from both.
    accepted = proposal.status == Proposal.Status.ACCEPTED
    added = {wishes[i["wish"]].appointment_id for i in proposal.plan if i["wish"] in wishes}
    for a in current:
        if not (accepted and a.pk in added):
            add("current", a.start, a.end, a.title, a.venue, new=False)
        add("proposed", a.start, a.end, a.title, a.venue, new=accepted and a.pk in added)
    for item in [] if accepted else proposal.plan:
        wish = wishes.get(item["wish"])
        if wish is not None and wish.appointment_id is None:  # accepted: among the current
            start = dt.datetime.fromisoformat(item["start"])
            add(
                "proposed",
                start,
                dt.datetime.fromisoformat(item["end"]),
                wish.title,
                wish.venue,
                True,
            )
    for entry in days.values():
        entry["proposed"].sort(key=lambda e: e["start"])
        entry["changed"] = any(e["new"] for e in entry["proposed"])
    return [days[day] for day in sorted(days)]


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
    wishes = {w.pk: w for w in visit.wishes.all()}
    context = {
        "visit": visit,
        "proposal": proposal,
        "refusal": refusal,
        "out_of_date": _out_of_date(proposal),
        "comparison": _programme_by_day(visit, proposal) if proposal.plan else [],
        "left_out": [
            (wishes[item["wish"]], explain_left_out(item["reason"]))
            for item in proposal.left_out
            if item["wish"] in wishes
        ],
        "failure": _failure(proposal),
        "findings": _findings_if_accepted(request, proposal),
    }
    searching = proposal.searching
    template = (
        "visits/proposal_progress.html" if request.htmx and searching else "visits/proposal.html"
    )
    with timezone.override(visit.zone):
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
