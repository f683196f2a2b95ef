"""Who someone is in the programme (their roles), what is shared with them, who read what.

A user's roles are memberships: coordinator *of a municipality*, host *for an organisation*,
delegate *as a person*. What each role may see is decided in ``access.py``, nowhere else.
"""

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from chaveruth.directory.models import Organisation, Person
from chaveruth.lib.audit import parent_note


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    CITY_COORDINATOR = "city_coordinator", _("City coordinator")
    PARTNER_HOST = "partner_host", _("Partner host")
    DELEGATE = "delegate", _("Delegate")
    SECURITY_LIAISON = "security_liaison", _("Security liaison")


class Membership(models.Model):
    """One role of a user: e.g. city coordinator of Stadt Bochum, or delegate as a person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_(
            "The municipality a coordinator works for or a security liaison serves (a liaison "
            "without one serves every municipality); the organisation a host is."
        ),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The delegate's own record in the directory."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_has_what_its_role_needs",
                condition=(
                    Q(role__in=["city_coordinator", "partner_host"], organisation__isnull=False)
                    | Q(role="delegate", person__isnull=False)
                    | Q(role__in=["programme_office", "security_liaison"])
                ),
            )
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.person
        return f"{self.get_role_display()}: {scope}" if scope else self.get_role_display()

    def clean(self) -> None:
        """What the role needs, said beside the field (the constraint's message names only
        itself): a coordinator works for a municipality, a host is an organisation, a delegate
        is a person; an office or a liaison is none (the access rules would not read it). A
        liaison serves a municipality's visits: attached to another organisation they would
        serve nobody, unsaid."""
        organisation = self.organisation if self.organisation_id else None
        municipal = organisation is not None and organisation.kind == Organisation.Kind.MUNICIPALITY
        errors = {}
        if self.role == Role.CITY_COORDINATOR and not municipal:
            errors["organisation"] = _("A city coordinator works for a municipality: choose it.")
        elif self.role == Role.PARTNER_HOST and organisation is None:
            errors["organisation"] = _("A partner host is an organisation: choose which.")
        elif self.role == Role.SECURITY_LIAISON and organisation and not municipal:
            message = _("A security liaison serves a municipality, or every one (none).")
            errors["organisation"] = message
        if self.role == Role.DELEGATE and not self.person_id:
            errors["person"] = _("A delegate is a person in the directory: choose their record.")
        elif self.role in (Role.PROGRAMME_OFFICE, Role.SECURITY_LIAISON) and self.person_id:
            errors["person"] = _("Only a delegate is tied to a person's record: leave this empty.")
        if errors:
            raise ValidationError(errors)


def serving(appointment) -> Q:
    """The memberships (a condition on them) of the security liaisons who serve the
    municipality hosting one of the appointment's visits (two, for a joint one): their
    membership names it, or names none (a liaison for every municipality, e.g. the state's).
    ``appointment`` is an appointment or a reference to one (``OuterRef``)."""
    return Q(role=Role.SECURITY_LIAISON) & (
        Q(organisation=None) | Q(organisation__hosted_visits__appointments=appointment)
    )


class ShareQuerySet(models.QuerySet):
    def in_force(self) -> "ShareQuerySet":
        """The shares their liaison sees: an active account that still serves the city it
        was shared for, whose visit the appointment is still part of. A liaison who moved to
        another city (that of a joint appointment's other visit too), or whose account was
        closed, sees nothing of what was shared before, and the checks ask again for a
        liaison. The share itself stays, listed as lapsed on the shares page, and holds again
        if they come back (the coordinators withdraw it otherwise)."""
        still_serves = Membership.objects.filter(
            Q(organisation=None) | Q(organisation=OuterRef("municipality")),
            role=Role.SECURITY_LIAISON,
            user=OuterRef("liaison"),
        )
        appointment = self.model._meta.get_field("appointment").related_model
        still_hosted = appointment.visits.through.objects.filter(
            appointment=OuterRef("appointment"), visit__host_municipality=OuterRef("municipality")
        )
        return self.filter(liaison__is_active=True).filter(
            Exists(still_serves), Exists(still_hosted)
        )


class Share(models.Model):
    """An appointment shared with a security liaison: they see it whole, and nothing else."""

    appointment = models.ForeignKey(
        "visits.Appointment",
        verbose_name=_("appointment"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("liaison"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "The city the appointment was shared for, as its liaison: the share holds while "
            "they serve it."
        ),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared at"), auto_now_add=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "liaison"], name="share_once")
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} → {self.liaison}"

    def get_additional_data(self) -> dict[str, bool]:
        """Kept by the audit trail beside each change: the appointment, whose visits' change
        logs show the share's withdrawal too."""
        return parent_note(self, "appointment")


class ItineraryRead(models.Model):
    """Someone read a visit's itinerary (page, export or feed). Holds ids and time only:
    no itinerary content and no personal data beyond the reader's id."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        EXPORT = "export", _("Export")
        FEED = "feed", _("Calendar feed")
        API = "api", _("API")

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.CASCADE,
        related_name="itinerary_reads",
    )
    visit = models.ForeignKey(
        "visits.Visit", verbose_name=_("visit"), on_delete=models.CASCADE, related_name="reads"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    read_at = models.DateTimeField(_("read at (UTC)"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("itinerary read")
        verbose_name_plural = _("itinerary reads")
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.channel} {self.visit_id} {self.read_at:%Y-%m-%dT%H:%M:%SZ}"


def display_name(user: AbstractUser) -> str:
    """A user as others are shown them: their full name, else their user name."""
    return user.get_full_name() or user.get_username()


def by_role(users: Iterable[AbstractUser], municipalities: Iterable[int]) -> dict[int, str]:
    """Each of ``users`` (by key) as a reader not told their name is shown them
    (``access.users_named_to``) in a record of ``municipalities`` (the cities of its visits):
    by the roles they hold for those, "City coordinator, Stadt Andersstadt", which say on
    whose behalf they acted there; "Another user" for one who holds none. Not their other
    roles: that they host for a society or serve a third city says who they are and whom
    else they serve. In the order of the roles, then of the cities. One query, however many
    users."""
    keys = {user.pk for user in users}
    if not keys:
        return {}
    roles: dict[int, list[str]] = {key: [] for key in keys}
    concerned = Membership.objects.filter(user__in=keys).filter(
        Q(
            role__in=[Role.CITY_COORDINATOR, Role.SECURITY_LIAISON],
            organisation__in=list(municipalities),
        )
        # A liaison for every municipality (e.g. the state's) serves these too.
        | Q(role=Role.SECURITY_LIAISON, organisation=None)
    )
    for membership in sorted(concerned.select_related("organisation"), key=_role_order):
        roles[membership.user_id].append(_role_named(membership))
    return {key: "; ".join(named) or str(_("Another user")) for key, named in roles.items()}


def _role_order(membership: Membership) -> tuple[str, str, int]:
    city = membership.organisation.name if membership.organisation else ""
    return membership.role, city, membership.pk


def _role_named(membership: Membership) -> str:
    role = membership.get_role_display()
    if membership.organisation is None:  # a liaison for every municipality
        return str(role)
    return _("%(role)s, %(organisation)s") % {
        "role": role,
        "organisation": membership.organisation.name,
    }


auditlog.register(Membership)
auditlog.register(Share)
