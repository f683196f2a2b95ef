from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import npgettext

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
    # Each label follows its number ("1 Visit", "3 Visits"), hence the plurals.
    n_visits = visits.count()
    figures = [
        (
            n_visits,
            npgettext("dashboard figure", "Visit", "Visits", n_visits),
            reverse("visits:list"),
        )
    ]
    if scope_of(user).staff:
        n_organisations = Organisation.objects.visible_to(user).count()
        n_partnerships = Partnership.objects.visible_to(user).count()
        n_projects, n_running = projects.count(), running.count()
        project_list = reverse("partnerships:project_list")
        figures = [
            (
                n_organisations,
                npgettext("dashboard figure", "Organisation", "Organisations", n_organisations),
                reverse("directory:organisation_list"),
            ),
            (
                n_partnerships,
                npgettext("dashboard figure", "Partnership", "Partnerships", n_partnerships),
                reverse("partnerships:partnership_list"),
            ),
            (
                n_projects,
                npgettext("dashboard figure", "Project", "Projects", n_projects),
                project_list,
            ),
            (
                n_running,
                npgettext("dashboard figure", "Running project", "Running projects", n_running),
                f"{project_list}?status=running",
            ),
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
