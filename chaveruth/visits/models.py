"""Delegation visits, their members and their programme hour by hour."""

import datetime as dt
from zoneinfo import ZoneInfo

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.lib.countries import Country
from chaveruth.lib.sample import SampleData
from chaveruth.partnerships.models import Programme, Project


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_visits

        return visible_visits(self, user)

    def search(self, text: str) -> "VisitQuerySet":
        if not text:
            return self
        return self.filter(
            Q(title_de__icontains=text)
            | Q(title_en__icontains=text)
            | Q(purpose_de__icontains=text)
            | Q(origin__icontains=text)
        )

    def upcoming(self, today: dt.date) -> "VisitQuerySet":
        return self.filter(end_date__gte=today).exclude(status=Visit.Status.CANCELLED)


class Visit(SampleData):
    """A delegation's stay, e.g. 15 people from Israel in Bochum from 19 to 23 January 2025."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        POSTPONED = "postponed", _("Postponed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="visits"
    )
    title = models.CharField(_("title"), max_length=200)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    host_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("host municipality"),
        on_delete=models.PROTECT,
        related_name="hosted_visits",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    origin_country = models.CharField(_("country of origin"), max_length=2, choices=Country.choices)
    origin = models.CharField(_("place of origin"), max_length=120, blank=True)
    start_date = models.DateField(_("arrival"))
    end_date = models.DateField(_("departure"))
    postponed_from_start = models.DateField(_("earlier planned arrival"), null=True, blank=True)
    postponed_from_end = models.DateField(_("earlier planned departure"), null=True, blank=True)
    expected_size = models.PositiveSmallIntegerField(_("expected members"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="planned")
    purpose = models.TextField(_("purpose"), blank=True)
    observes_shabbat = models.BooleanField(
        _("observes Shabbat"),
        default=False,
        help_text=_("The itinerary must end, travel included, before candle lighting on Friday."),
    )
    time_zone = models.CharField(_("time zone"), max_length=40, default="Europe/Berlin")
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="visits"
    )
    supporting_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("supported by"),
        blank=True,
        related_name="supported_visits",
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="visit_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The departure cannot be before the arrival.")})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether an appointment from start to end lies within the visit's days (local time)."""
        local_start = timezone.localtime(start, self.zone)
        local_end = timezone.localtime(end, self.zone)
        return self.start_date <= local_start.date() and local_end.date() <= self.end_date


class DelegateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_delegates

        return visible_delegates(self, user)

    def in_precedence(self) -> "DelegateQuerySet":
        """Head of delegation first, then members, interpreters and escorts; by name within."""
        rank = models.Case(
            *(models.When(role=role, then=n) for n, role in enumerate(Delegate.Role.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "person__family_name", "person__given_name")


class Delegate(SampleData):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        MEMBER = "member", _("Member")
        INTERPRETER = "interpreter", _("Interpreter")
        ESCORT = "escort", _("Escort")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="delegations"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default="member")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegates",
    )

    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["visit", "role", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="delegate_once_per_visit")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class DelegateNeeds(models.Model):
    """A delegate's diet and accessibility needs for one stay, kept only with their consent.

    Health and religious diet are special categories of personal data (GDPR Art. 9), so they
    live apart from ``Delegate``: no list, export or admin page that shows delegates loads
    them by accident, they are read only where ``can_see_needs`` allows, and withdrawing the
    consent or the end of the retention period deletes the row with its consent.
    Shabbat observance is not a need of a person: it is ``Visit.observes_shabbat``.
    """

    delegate = models.OneToOneField(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="needs"
    )
    diet = models.CharField(_("diet"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    consent_text = models.TextField(
        _("purpose consented to"), help_text=_("The text the delegate agreed to, as shown.")
    )
    consent_given_at = models.DateTimeField(_("consent recorded at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("diet and accessibility needs")
        verbose_name_plural = _("diet and accessibility needs")

    def __str__(self) -> str:
        return str(self.delegate)


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_appointments

        return visible_appointments(self, user)


class Appointment(SampleData):
    """One item of a programme. May belong to several visits, like a joint reception."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        SITE_VISIT = "site_visit", _("Site visit")
        STARTUP_EXCHANGE = "startup_exchange", _("Start-up exchange")
        TOUR = "tour", _("Tour")
        EXPERT_TALK = "expert_talk", _("Expert talk")
        CULTURAL = "cultural", _("Cultural programme")
        RECEPTION = "reception", _("Reception")
        MEAL = "meal", _("Meal")
        TRANSFER = "transfer", _("Transfer")
        FREE_TIME = "free_time", _("Free time")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")
        RESTRICTED = "restricted", _("Restricted")

    visits = models.ManyToManyField(Visit, verbose_name=_("visits"), related_name="appointments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    hosting_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("hosted by"), blank=True, related_name="hosted_appointments"
    )
    hosts = models.ManyToManyField(
        Person, verbose_name=_("hosts"), blank=True, related_name="hosted_appointments"
    )
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), blank=True, related_name="appointments"
    )
    attendees_note = models.CharField(
        _("also attending"),
        max_length=300,
        blank=True,
        help_text=_("Groups without names, e.g. council members and project participants."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appointment_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:appointment_edit", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})


auditlog.register(Visit, m2m_fields={"projects", "supporting_organisations"})
auditlog.register(Delegate)
# The trail shows that needs changed and who recorded which consent, never the needs themselves:
# they must be gone once the consent is withdrawn or their retention period ends.
auditlog.register(
    DelegateNeeds,
    mask_fields=["diet", "accessibility"],
    mask_callable="chaveruth.lib.audit.withhold",
)
auditlog.register(
    Appointment, m2m_fields={"visits", "hosting_organisations", "hosts", "participants"}
)
