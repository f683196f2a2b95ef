import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chaveruth.accounts.access import (
    can_change_person,
    can_edit_person,
    can_enter_people,
    can_work_with_directory,
    require,
    with_details,
)
from chaveruth.directory import privacy, services
from chaveruth.directory.forms import (
    OpeningExceptionForm,
    OpeningHoursFormSet,
    OrganisationFilter,
    OrganisationForm,
    PersonForm,
    TravelTimeForm,
    VenueForm,
)
from chaveruth.directory.models import (
    Affiliation,
    OpeningException,
    Organisation,
    Person,
    TravelTime,
    Venue,
)
from chaveruth.lib.forms import ListFilter, form_page
from chaveruth.lib.listing import render_list
from chaveruth.partnerships.models import Partnership, Project, ProjectPartner
from chaveruth.visits.models import Appointment, Delegate, Visit


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.visible_to(request.user).prefetch_related("topics")
    creates = can_work_with_directory(request.user)
    return render_list(
        request,
        table="directory/organisation_list.html",
        queryset=organisations,
        filter_class=OrganisationFilter,
        title=_("Organisations"),
        create=(reverse("directory:organisation_create"), _("New organisation"))
        if creates
        else None,
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    people = Person.objects.visible_to(user)
    organisation = get_object_or_404(
        Organisation.objects.visible_to(user)
        .select_related("parent")
        .prefetch_related(
            "topics",
            "units",
            Prefetch("venues", Venue.objects.visible_to(user)),
            Prefetch("partnerships", Partnership.objects.visible_to(user)),
            Prefetch(
                "affiliations",
                Affiliation.objects.filter(person__in=people).select_related("person"),
            ),
            Prefetch(
                "project_roles",
                ProjectPartner.objects.filter(
                    project__in=Project.objects.visible_to(user)
                ).select_related("project"),
            ),
        ),
        pk=pk,
    )
    visits = Visit.objects.visible_to(user).filter(
        pk__in=(organisation.hosted_visits.all() | organisation.supported_visits.all()).values("pk")
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "visits": visits},
    )


def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(can_work_with_directory(request.user))
    organisation = (
        get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk) if pk else None
    )
    form = OrganisationForm(request.POST or None, instance=organisation)

    def save() -> Organisation:
        fields, relations = form.fields_for_service(), form.relations()
        if organisation is None:
            return services.create_organisation(fields=fields, **relations)
        return services.update_organisation(
            organisation=organisation, fields=fields, seen_version=form.seen(), **relations
        )

    if organisation is None:
        title, cancel_url = _("New organisation"), reverse("directory:organisation_list")
    else:
        title, cancel_url = _("Edit organisation"), organisation.get_absolute_url()
    return form_page(request, form, save=save, title=title, cancel_url=cancel_url)


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.visible_to(request.user).prefetch_related(
        Prefetch("affiliations", Affiliation.objects.select_related("organisation"))
    )
    return render_list(
        request,
        table="directory/person_list.html",
        queryset=people,
        filter_class=ListFilter,
        title=_("People"),
        create=(reverse("directory:person_create"), _("New person"))
        if can_enter_people(request.user)
        else None,
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = get_object_or_404(
        Person.objects.visible_to(user).prefetch_related(
            Prefetch("affiliations", Affiliation.objects.select_related("organisation")),
            Prefetch(
                "delegations",
                Delegate.objects.filter(visit__in=Visit.objects.visible_to(user)).select_related(
                    "visit"
                ),
            ),
            "statements__person__affiliations",
        ),
        pk=pk,
    )
    appointments = Appointment.objects.visible_to(user).filter(
        pk__in=(person.appointments.all() | person.hosted_appointments.all()).values("pk")
    )
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "appointments": [
                _as_listed(appointment)
                for appointment in with_details(
                    user,
                    appointments.select_related("venue").prefetch_related(
                        "visits", "participants", "hosts", "hosting_organisations", "shares"
                    ),
                )
            ],
            "changes_person": can_change_person(user, person),
            "edits_person": can_edit_person(user, person),
        },
    )


@dataclass(frozen=True)
class ListedAppointment:
    appointment: Appointment
    zone: ZoneInfo  # its visit's clock, as on the visit's page
    clock: str  # the name of that clock where it is not the server's, e.g. "Israel time"


def _as_listed(appointment: Appointment) -> ListedAppointment:
    visit = next(iter(appointment.visits.all()), None)
    if visit is None or visit.zone == timezone.get_default_timezone():
        return ListedAppointment(appointment, timezone.get_default_timezone(), "")
    return ListedAppointment(appointment, visit.zone, Visit.CLOCKS[visit.time_zone])


def _person_to_change(request: HttpRequest, pk: int) -> Person:
    """A person the user may see (else 404) and change (else 403)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    require(can_change_person(request.user, person))
    return person


def person_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Enter a person, or correct one's name and contact details (not their functions)."""
    if pk:
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
        require(can_edit_person(request.user, person))
    else:
        require(can_enter_people(request.user))
        person = None
    form = PersonForm(request.POST or None, instance=person, user=request.user)

    def save() -> Person:
        fields = form.fields_for_service()
        if person is None:
            return services.create_person(fields=fields)
        return services.update_person(person=person, fields=fields, seen_version=form.seen())

    if person is None:
        title, cancel_url = _("New person"), reverse("directory:person_list")
    else:
        title, cancel_url = _("Edit person"), person.get_absolute_url()
    return form_page(request, form, save=save, title=title, cancel_url=cancel_url)


def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about a person, as a JSON file (a GDPR Art. 15 request, answered by
    the office that owns the record)."""
    person = _person_to_change(request, pk)
    response = JsonResponse(
        privacy.export_person(person=person), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    # The file name carries the record's number, not the name (downloads folders, logs).
    response["Content-Disposition"] = f'attachment; filename="chaveruth-person-{person.pk}.json"'
    return response


def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then erase the person (POST, GDPR Art. 17): the record stays for the
    counts, without anything that names them."""
    person = _person_to_change(request, pk)
    if request.method == "POST":
        privacy.erase_person(person=person, erased_by=request.user)
        return redirect(person)
    return render(request, "directory/person_confirm_erase.html", {"person": person})


def venue_list(request: HttpRequest) -> HttpResponse:
    venues = Venue.objects.visible_to(request.user).select_related("organisation")
    creates = can_work_with_directory(request.user)
    return render_list(
        request,
        table="directory/venue_list.html",
        queryset=venues,
        filter_class=ListFilter,
        title=_("Venues"),
        create=(reverse("directory:venue_create"), _("New venue")) if creates else None,
    )


def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(
        Venue.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("opening_hours", "opening_exceptions"),
        pk=pk,
    )
    entered = TravelTime.objects.filter(Q(origin=venue) | Q(destination=venue)).select_related(
        "origin", "destination"
    )
    context = {"venue": venue, "travel_times": entered}
    return render(request, "directory/venue_detail.html", context)


def _venues_to_change(request: HttpRequest) -> QuerySet[Venue]:
    """The venues the user may change: only staff work with the directory (others get 403
    before anything is looked up), and of it only what they see (else 404)."""
    require(can_work_with_directory(request.user))
    return Venue.objects.visible_to(request.user)


def _venue_to_change(request: HttpRequest, pk: int) -> Venue:
    return get_object_or_404(_venues_to_change(request), pk=pk)


def venue_travel(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the travel time from this venue to another, overriding the estimate. A finding
    of the visit checks links here with the other venue chosen (``?to=12``)."""
    venue = _venue_to_change(request, pk)
    form = TravelTimeForm(
        request.POST or None, origin=venue, user=request.user, to=request.GET.get("to", "")
    )

    def save() -> Venue:
        services.enter_travel_time(origin=venue, **form.cleaned_data)
        return venue

    return form_page(
        request,
        form,
        save=save,
        title=_("Travel time from %(venue)s") % {"venue": venue.name},
        cancel_url=venue.get_absolute_url(),
        intro=_(
            "Without an entry, travel times are estimated from the coordinates for the "
            "visit's way of travelling."
        ),
    )


def venue_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    venues = _venues_to_change(request)
    venue = get_object_or_404(venues, pk=pk) if pk else None
    form = VenueForm(request.POST or None, instance=venue)

    def save() -> Venue:
        fields = form.fields_for_service()
        if venue is None:
            return services.create_venue(organisation=fields.pop("organisation"), fields=fields)
        return services.update_venue(venue=venue, fields=fields, seen_version=form.seen())

    if venue is None:
        title, cancel_url = _("New venue"), reverse("directory:venue_list")
    else:
        title, cancel_url = _("Edit venue"), venue.get_absolute_url()
    return form_page(request, form, save=save, title=title, cancel_url=cancel_url)


def venue_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The venue's week, one interval a row, saved as a whole (the visit checks read it)."""
    venue = _venue_to_change(request, pk)
    week = services.stored_week(venue)
    # Bound on any POST, an empty one too: that is refused (400), not shown as a new page.
    formset = OpeningHoursFormSet(
        request.POST if request.method == "POST" else None,
        initial=[{"weekday": day, "opens": opens, "closes": closes} for day, opens, closes in week],
        prefix="hours",
        seen=services.week_fingerprint(week),
    )

    def save() -> Venue:
        services.set_opening_hours(venue=venue, hours=formset.week(), seen=formset.seen())
        return venue

    return form_page(
        request,
        formset,
        save=save,
        title=_("Opening hours: %(venue)s") % {"venue": venue.name},
        cancel_url=venue.get_absolute_url(),
        template="directory/venue_hours.html",
        venue=venue,
    )


def venue_exceptions(request: HttpRequest, pk: int) -> HttpResponse:
    """The dates on which the venue keeps other hours, and a form to add one. A finding of the
    visit checks links here with the date in question (``?date=2025-10-03&note=...``)."""
    venue = _venue_to_change(request, pk)
    form = OpeningExceptionForm(
        request.POST if request.method == "POST" else None, initial=_asked(request)
    )

    def save() -> str:
        fields = form.fields_for_service()
        services.add_opening_exception(venue=venue, date=fields.pop("date"), fields=fields)
        return reverse("directory:venue_exceptions", args=[venue.pk])

    return form_page(
        request,
        form,
        save=save,
        title=_("Opening exceptions: %(venue)s") % {"venue": venue.name},
        cancel_url=venue.get_absolute_url(),
        template="directory/venue_exceptions.html",
        venue=venue,
        exceptions=venue.opening_exceptions.all(),
    )


def _asked(request: HttpRequest) -> dict[str, object]:
    """The date and note a link asks about, and whether it asks for the hours the venue keeps
    then (``open=1``) rather than "closed all day"; one that is not a date is left out."""
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return {}
    note = request.GET.get("note", "")[:200]
    return {"date": day, "note": note, "closed": request.GET.get("open") != "1"}


def opening_exception_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then remove the exception (POST): the weekly hours apply again."""
    of_venues = OpeningException.objects.filter(venue__in=_venues_to_change(request))
    exception = get_object_or_404(of_venues.select_related("venue"), pk=pk)
    if request.method == "POST":
        services.remove_opening_exception(exception=exception)
        return redirect("directory:venue_exceptions", exception.venue_id)
    return render(
        request,
        "directory/opening_exception_confirm_remove.html",
        {"exception": exception, "venue": exception.venue},
    )
