from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chaveruth.directory import services
from chaveruth.directory.forms import OrganisationFilter, OrganisationForm, VenueForm
from chaveruth.directory.models import Affiliation, Organisation, Person, Venue
from chaveruth.lib.forms import ListFilter, render_form
from chaveruth.lib.listing import render_list
from chaveruth.partnerships.models import ProjectPartner


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.prefetch_related("topics")
    return render_list(
        request,
        table="directory/organisation_list.html",
        queryset=organisations,
        filter_class=OrganisationFilter,
        title=_("Organisations"),
        create=(reverse("directory:organisation_create"), _("New organisation")),
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent").prefetch_related(
            "topics",
            "units",
            "venues",
            "partnerships",
            Prefetch("affiliations", Affiliation.objects.select_related("person")),
            Prefetch("project_roles", ProjectPartner.objects.select_related("project")),
        ),
        pk=pk,
    )
    visits = organisation.hosted_visits.all() | organisation.supported_visits.all()
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "visits": visits.distinct()},
    )


def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if form.is_bound and form.is_valid():
        try:
            if organisation is None:
                organisation = services.create_organisation(
                    fields=form.fields_for_service(), **form.relations()
                )
            else:
                services.update_organisation(
                    organisation=organisation,
                    fields=form.fields_for_service(),
                    **form.relations(),
                )
            return redirect(organisation)
        except ValidationError as error:
            form.add_service_error(error)
    title = _("Edit organisation") if pk else _("New organisation")
    cancel_url = organisation.get_absolute_url() if pk else reverse("directory:organisation_list")
    return render_form(
        request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.prefetch_related(
        Prefetch("affiliations", Affiliation.objects.select_related("organisation"))
    )
    return render_list(
        request,
        table="directory/person_list.html",
        queryset=people,
        filter_class=ListFilter,
        title=_("People"),
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.prefetch_related(
            Prefetch("affiliations", Affiliation.objects.select_related("organisation")),
            "delegations__visit",
            "statements",
        ),
        pk=pk,
    )
    appointments = (person.appointments.all() | person.hosted_appointments.all()).distinct()
    return render(
        request,
        "directory/person_detail.html",
        {"person": person, "appointments": appointments.select_related("venue")},
    )


def venue_list(request: HttpRequest) -> HttpResponse:
    venues = Venue.objects.select_related("organisation")
    return render_list(
        request,
        table="directory/venue_list.html",
        queryset=venues,
        filter_class=ListFilter,
        title=_("Venues"),
        create=(reverse("directory:venue_create"), _("New venue")),
    )


def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(
        Venue.objects.select_related("organisation").prefetch_related(
            "opening_hours", "opening_exceptions"
        ),
        pk=pk,
    )
    return render(request, "directory/venue_detail.html", {"venue": venue})


def venue_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    venue = get_object_or_404(Venue, pk=pk) if pk else None
    form = VenueForm(request.POST or None, instance=venue)
    if form.is_bound and form.is_valid():
        fields = form.fields_for_service()
        try:
            if venue is None:
                venue = services.create_venue(
                    organisation=fields.pop("organisation"), fields=fields
                )
            else:
                services.update_venue(venue=venue, fields=fields)
            return redirect(venue)
        except ValidationError as error:
            form.add_service_error(error)
    title = _("Edit venue") if pk else _("New venue")
    cancel_url = venue.get_absolute_url() if pk else reverse("directory:venue_list")
    return render_form(
        request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )
