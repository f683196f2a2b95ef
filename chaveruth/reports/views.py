from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chaveruth.accounts.access import scope_of
from chaveruth.directory.models import Affiliation, Organisation
from chaveruth.partnerships.models import Partnership, Programme, Project, Statement
from chaveruth.visits.models import Visit


def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme at a glance, as far as the user may see it: counts, upcoming and recent
    visits, running projects, the statements on record (public quotes)."""
    user, today = request.user, timezone.localdate()
    visits = Visit.objects.visible_to(user)
    projects = Project.objects.visible_to(user)
    running = projects.filter(status=Project.Status.RUNNING)
    figures = [(visits.count(), _("Visits"), reverse("visits:list"))]
    if scope_of(user).staff:
        project_list = reverse("partnerships:project_list")
        figures = [
            (
                Organisation.objects.visible_to(user).count(),
                _("Organisations"),
                reverse("directory:organisation_list"),
            ),
            (
                Partnership.objects.visible_to(user).count(),
                _("Partnerships"),
                reverse("partnerships:partnership_list"),
            ),
            (projects.count(), _("Projects"), project_list),
            (running.count(), _("Running projects"), f"{project_list}?status=running"),
            *figures,
        ]
    statements = Statement.objects.filter(programme__isnull=False).select_related("person")
    context = {
        "programmes": Programme.objects.select_related("run_by"),
        "figures": [{"count": n, "label": label, "url": url} for n, label, url in figures],
        "upcoming_visits": visits.upcoming(today)[:5],
        "recent_visits": visits.filter(end_date__lt=today).order_by("-start_date")[:5],
        "running_projects": running,
        "statements": statements.prefetch_related(
            Prefetch("person__affiliations", Affiliation.objects.select_related("organisation"))
        ),
    }
    return render(request, "reports/dashboard.html", context)
