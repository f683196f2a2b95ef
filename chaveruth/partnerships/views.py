from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from chaveruth.lib.listing import render_list
from chaveruth.partnerships.forms import PartnershipFilter, ProjectFilter
from chaveruth.partnerships.models import Partnership, Project, ProjectPartner

_PARTNERS = Prefetch("partners", ProjectPartner.objects.select_related("organisation"))


def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.select_related("programme").prefetch_related(
        "organisations", "topics"
    )
    return render_list(
        request,
        table="partnerships/partnership_list.html",
        queryset=partnerships,
        filter_class=PartnershipFilter,
        title=_("Partnerships"),
    )


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.select_related("programme").prefetch_related(
            "organisations",
            "topics",
            Prefetch("projects", Project.objects.prefetch_related(_PARTNERS)),
        ),
        pk=pk,
    )
    return render(request, "partnerships/partnership_detail.html", {"partnership": partnership})


def project_list(request: HttpRequest) -> HttpResponse:
    projects = Project.objects.select_related("partnership", "builds_on").prefetch_related(
        _PARTNERS, "topics"
    )
    return render_list(
        request,
        table="partnerships/project_list.html",
        queryset=projects,
        filter_class=ProjectFilter,
        title=_("Projects"),
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("programme", "partnership").prefetch_related(
            _PARTNERS, "topics", "events", "followed_by", "visits", "statements__person"
        ),
        pk=pk,
    )
    return render(
        request, "partnerships/project_detail.html", {"project": project, "chain": project.chain()}
    )
