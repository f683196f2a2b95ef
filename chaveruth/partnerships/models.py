"""What a programme consists of: partnerships, the chain of projects, their events, statements."""

from auditlog.registry import auditlog
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chaveruth.directory.models import Organisation, Person, Topic, owning_municipality
from chaveruth.lib.ordering import InReadersLanguage
from chaveruth.lib.sample import SampleData


class Programme(SampleData):
    """A funding programme, e.g. "Schalom – Chaveruth: Solidaritätspartnerschaften NRW-Israel"."""

    slug = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    run_by = models.ForeignKey(
        Organisation,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes_run",
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = [InReadersLanguage("name")]

    def __str__(self) -> str:
        return self.name


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_partnerships

        return visible_partnerships(self, user)

    def search(self, text: str) -> "PartnershipQuerySet":
        if not text:
            return self
        return self.filter(
            Q(name_de__icontains=text)
            | Q(name_en__icontains=text)
            | Q(organisations__name_de__icontains=text)
        ).distinct()


class Partnership(SampleData):
    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        ACADEMIC = "academic", _("Academic")
        ECONOMIC = "economic", _("Economic")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="active")
    since = models.DateField(_("since"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="partnerships"
    )
    owner = owning_municipality()
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = [InReadersLanguage("name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership_detail", args=[self.pk])


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_projects

        return visible_projects(self, user)

    def search(self, text: str) -> "ProjectQuerySet":
        if not text:
            return self
        return self.filter(
            Q(title_de__icontains=text)
            | Q(title_en__icontains=text)
            | Q(description_de__icontains=text)
            | Q(partners__organisation__name_de__icontains=text)
        ).distinct()


class Project(SampleData):
    class Kind(models.TextChoices):
        RECONSTRUCTION = "reconstruction", _("Reconstruction support")
        HACKATHON = "hackathon", _("Hackathon")
        STUDENT_PROJECT = "student_project", _("Student project")
        ECONOMIC_EXCHANGE = "economic_exchange", _("Economic exchange")
        PROFESSIONAL_EXCHANGE = "professional_exchange", _("Professional exchange")
        CULTURAL_EXCHANGE = "cultural_exchange", _("Cultural exchange")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects"
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    owner = owning_municipality()
    number = models.PositiveSmallIntegerField(
        _("number"),
        help_text=_("Order of the project within its programme."),
        validators=[MaxValueValidator(999)],
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    status_as_of = models.DateField(_("status date"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    builds_on = models.ForeignKey(
        "self",
        verbose_name=_("builds on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_eur = models.DecimalField(
        _("funding (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="project_number_unique"),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="project_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:project_detail", args=[self.pk])

    def chain(self) -> list["Project"]:
        """The projects this one builds on, oldest first, ending with this one.

        Follows ``builds_on`` upwards; stops at a cycle rather than looping forever.
        """
        chain = [self]
        seen = {self.pk}
        current = self.builds_on
        while current is not None and current.pk not in seen:
            chain.insert(0, current)
            seen.add(current.pk)
            current = current.builds_on
        return chain


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        SUPPORTER = "supporter", _("Supporter")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "role", InReadersLanguage("organisation__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_role_per_project_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectEvent(SampleData):
    """Something a project organises, e.g. a hackathon: when, where, how many took part."""

    class Kind(models.TextChoices):
        HACKATHON = "hackathon", _("Hackathon")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    teams = models.PositiveSmallIntegerField(
        _("teams"), null=True, blank=True, validators=[MaxValueValidator(999)]
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="project_event_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Statement(SampleData):
    """A quote by a person, for reports and the press, with what it refers to."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="statements"
    )
    text = models.TextField(_("quote"), help_text=_("The words as said, verbatim."))
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_("What else the person said, in reported speech; never shown as a quote."),
    )
    original_language = models.CharField(_("original language"), max_length=2, default="de")
    date = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )
    visit = models.ForeignKey(
        "visits.Visit",
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )
    appointment = models.ForeignKey(
        "visits.Appointment",
        verbose_name=_("appointment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.original_text[:60]}"

    @property
    def original_text(self) -> str:
        """The words as said, in the language they were said in (``text`` is translated)."""
        return getattr(self, f"text_{self.original_language}") or self.text


auditlog.register(Programme)
auditlog.register(Partnership, m2m_fields={"organisations", "topics"})
auditlog.register(Project, m2m_fields={"topics"})
auditlog.register(ProjectPartner)
auditlog.register(ProjectEvent)
auditlog.register(Statement)
