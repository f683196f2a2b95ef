from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chaveruth.directory.models import Affiliation, Organisation
from chaveruth.partnerships.models import Partnership, Programme, Project, Statement
from chaveruth.visits.models import Visit


def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme at a glance: counts, upcoming and recent visits, running projects."""
    today = timezone.localdate()
    running = Project.objects.filter(status=Project.Status.RUNNING)
    figures = [
        {
            "count": Organisation.objects.count(),
            "label": _("Organisations"),
            "url": reverse("directory:organisation_list"),
        },
        {
            "count": Partnership.objects.count(),
            "label": _("Partnerships"),
            "url": reverse("partnerships:partnership_list"),
        },
        {
            "count": Project.objects.count(),
            "label": _("Projects"),
            "url": reverse("partnerships:project_list"),
        },
        {
            "count": running.count(),
            "label": _("Running projects"),
            "url": reverse("partnerships:project_list") + "?status=running",
        },
        {"count": Visit.objects.count(), "label": _("Visits"), "url": reverse("visits:list")},
    ]
    statements = Statement.objects.select_related("person").prefetch_related(
        Prefetch("person__affiliations", Affiliation.objects.select_related("organisation"))
    )
    context = {
        "programmes": Programme.objects.select_related("run_by"),
        "figures": figures,
        "upcoming_visits": Visit.objects.upcoming(today)[:5],
        "recent_visits": Visit.objects.filter(end_date__lt=today).order_by("-start_date")[:5],
        "running_projects": running,
        "statements": statements.filter(programme__isnull=False),
    }
    return render(request, "reports/dashboard.html", context)
