from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from chaveruth.lib.listing import render_list
from chaveruth.partnerships.forms import PartnershipFilter, ProjectFilter
from chaveruth.partnerships.models import Partnership, Project, ProjectPartner
from chaveruth.visits.models import Visit

_PARTNERS = Prefetch("partners", ProjectPartner.objects.select_related("organisation"))


def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related("organisations", "topics")
    )
    return render_list(
        request,
        table="partnerships/partnership_list.html",
        queryset=partnerships,
        filter_class=PartnershipFilter,
        title=_("Partnerships"),
    )


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    projects = Project.objects.visible_to(request.user).prefetch_related(_PARTNERS)
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related("organisations", "topics", Prefetch("projects", projects)),
        pk=pk,
    )
    return render(request, "partnerships/partnership_detail.html", {"partnership": partnership})


def project_list(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.visible_to(request.user)
        .select_related("partnership", "builds_on")
        .prefetch_related(_PARTNERS, "topics")
    )
    return render_list(
        request,
        table="partnerships/project_list.html",
        queryset=projects,
        filter_class=ProjectFilter,
        title=_("Projects"),
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("programme", "partnership")
        .prefetch_related(
            _PARTNERS,
            "topics",
            "events",
            Prefetch("followed_by", Project.objects.visible_to(user)),
            Prefetch("visits", Visit.objects.visible_to(user)),
            "statements__person__affiliations",
        ),
        pk=pk,
    )
    chain = project.chain()
    visible = set(
        Project.objects.visible_to(user)
        .filter(pk__in=[step.pk for step in chain])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "partnerships/project_detail.html",
        {"project": project, "chain": [step for step in chain if step.pk in visible]},
    )
