import datetime as dt

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chaveruth.lib.audit import history
from chaveruth.lib.forms import form_page
from chaveruth.lib.listing import render_list
from chaveruth.visits import services
from chaveruth.visits.forms import AppointmentForm, RescheduleForm, VisitFilter, VisitForm
from chaveruth.visits.models import Appointment, Delegate, Visit


def visit_list(request: HttpRequest) -> HttpResponse:
    visits = Visit.objects.select_related("host_municipality").prefetch_related("projects")
    return render_list(
        request,
        table="visits/visit_list.html",
        queryset=visits,
        filter_class=VisitFilter,
        title=_("Delegation visits"),
        create=(reverse("visits:create"), _("New visit")),
    )


def _itinerary(visit: Visit, appointments: list[Appointment]) -> list[tuple[dt.date, list]]:
    """The visit's days, each with its appointments in local time (empty days included)."""
    by_day: dict[dt.date, list[Appointment]] = {day: [] for day in visit.days()}
    for appointment in appointments:
        by_day.setdefault(timezone.localtime(appointment.start, visit.zone).date(), []).append(
            appointment
        )
    return sorted(by_day.items())


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.select_related("programme", "host_municipality").prefetch_related(
            "projects",
            "supporting_organisations",
            Prefetch(
                "delegates",
                Delegate.objects.select_related("person", "organisation").in_precedence(),
            ),
        ),
        pk=pk,
    )
    appointments = list(
        visit.appointments.select_related("venue").prefetch_related(
            "hosting_organisations", "hosts", "participants", "visits"
        )
    )
    with timezone.override(visit.zone):  # the itinerary reads in the visit's local time
        return render(
            request,
            "visits/visit_detail.html",
            {
                "visit": visit,
                "days": _itinerary(visit, appointments),
                "history": history([visit, *appointments]),
            },
        )


def visit_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    visit = get_object_or_404(Visit, pk=pk) if pk else None
    form = VisitForm(request.POST or None, instance=visit)

    def save() -> Visit:
        fields, relations = form.fields_for_service(), form.relations()
        if visit is None:
            return services.create_visit(
                programme=fields.pop("programme"),
                host_municipality=fields.pop("host_municipality"),
                fields=fields,
                **relations,
            )
        return services.update_visit(visit=visit, fields=fields, **relations)

    if visit is None:
        title, cancel_url = _("New visit"), reverse("visits:list")
    else:
        title, cancel_url = _("Edit visit"), visit.get_absolute_url()
    return form_page(request, form, save=save, title=title, cancel_url=cancel_url)


def visit_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a visit to new dates, its itinerary with it (a postponement keeps the old dates)."""
    visit = get_object_or_404(Visit, pk=pk)
    initial = {"start_date": visit.start_date, "end_date": visit.end_date}
    form = RescheduleForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.reschedule_visit(visit=visit, **form.cleaned_data),
        title=_("Reschedule: %(visit)s") % {"visit": visit.title},
        cancel_url=visit.get_absolute_url(),
    )


def _first_visit(appointment: Appointment) -> Visit:
    """The visit whose page an appointment's pages return to (the first, for a joint one)."""
    visit = appointment.visits.order_by("start_date", "pk").first()
    if visit is None:  # left behind when its only visit was deleted
        raise Http404
    return visit


def appointment_form(
    request: HttpRequest, visit_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Add an appointment to a visit (``visit_pk``) or edit one (``pk``).

    Times are entered and shown in the visit's local time, whatever the server's zone.
    """
    appointment = get_object_or_404(Appointment, pk=pk) if pk else None
    visit = get_object_or_404(Visit, pk=visit_pk) if visit_pk else _first_visit(appointment)
    with timezone.override(visit.zone):
        form = AppointmentForm(request.POST or None, instance=appointment)

        def save() -> Visit:
            fields, relations = form.fields_for_service(), form.relations()
            if appointment is None:
                services.add_appointment(
                    visits=[visit], venue=fields.pop("venue"), fields=fields, **relations
                )
            else:
                services.update_appointment(appointment=appointment, fields=fields, **relations)
            return visit

        title = _("Edit appointment") if appointment else _("New appointment")
        return form_page(
            request,
            form,
            save=save,
            title=f"{title}: {visit.title}",
            cancel_url=visit.get_absolute_url(),
            delete_url=appointment and reverse("visits:appointment_delete", args=[appointment.pk]),
        )


def appointment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then remove the appointment from every visit it belongs to (POST)."""
    appointment = get_object_or_404(Appointment, pk=pk)
    visit = _first_visit(appointment)
    if request.method == "POST":
        services.remove_appointment(appointment=appointment)
        return redirect(visit)
    with timezone.override(visit.zone):
        return render(
            request,
            "visits/appointment_confirm_delete.html",
            {"appointment": appointment, "visit": visit},
        )
