"""Every write to programmes, partnerships, projects, project events and statements."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chaveruth.directory.models import Organisation, Person, Topic
from chaveruth.lib.records import Fields, save_valid
from chaveruth.partnerships.models import (
    Partnership,
    Programme,
    Project,
    ProjectEvent,
    ProjectPartner,
    Statement,
)


def create_programme(*, slug: str, fields: Fields) -> Programme:
    return save_valid(Programme(slug=slug), fields)


@transaction.atomic
def create_partnership(
    *,
    programme: Programme,
    organisations: Iterable[Organisation],
    fields: Fields,
    topics: Iterable[Topic] = (),
) -> Partnership:
    organisations = list(organisations)
    if len(organisations) < 2:
        raise ValidationError(
            {"organisations": _("A partnership needs at least two organisations.")}
        )
    partnership = save_valid(Partnership(programme=programme), fields)
    partnership.organisations.set(organisations)
    partnership.topics.set(topics)
    return partnership


def _check_builds_on(project: Project) -> None:
    """A project cannot build on itself, directly or through a chain."""
    current = project.builds_on
    while current is not None:
        if project.pk is not None and current.pk == project.pk:
            raise ValidationError({"builds_on": _("A project cannot build on itself.")})
        current = current.builds_on


@transaction.atomic
def create_project(
    *,
    programme: Programme,
    fields: Fields,
    partners: Iterable[tuple[Organisation, str]] = (),
    topics: Iterable[Topic] = (),
) -> Project:
    """Create a project with its partner organisations as ``(organisation, role)`` pairs."""
    project = Project(programme=programme, **fields)
    _check_builds_on(project)
    save_valid(project)
    project.topics.set(topics)
    for organisation, role in partners:
        add_project_partner(project=project, organisation=organisation, role=role)
    return project


@transaction.atomic
def update_project(
    *, project: Project, fields: Fields, topics: Iterable[Topic] | None = None
) -> Project:
    for name, value in fields.items():
        setattr(project, name, value)
    _check_builds_on(project)
    save_valid(project)
    if topics is not None:
        project.topics.set(topics)
    return project


def add_project_partner(
    *, project: Project, organisation: Organisation, role: str
) -> ProjectPartner:
    return save_valid(ProjectPartner(project=project, organisation=organisation, role=role))


def add_project_event(*, project: Project, fields: Fields) -> ProjectEvent:
    return save_valid(ProjectEvent(project=project), fields)


def record_statement(*, person: Person, fields: Fields) -> Statement:
    """Record a quote; ``fields`` say what it refers to: programme, project, visit, appointment."""
    statement = Statement(person=person, **fields)
    if not any(
        (statement.programme_id, statement.project_id, statement.visit_id, statement.appointment_id)
    ):
        raise ValidationError(_("Say what the statement refers to."))
    return save_valid(statement)
