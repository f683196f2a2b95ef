"""Who and where: organisations, people and their functions, venues, topics.

Names and descriptions that delegates read are translated by modeltranslation (see
``translation.py``): ``name`` reads the current language, ``name_de``/``name_en``/``name_he``
are the stored columns.
"""

import datetime as dt
from decimal import Decimal

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from chaveruth.lib.countries import Country
from chaveruth.lib.dates import check_days
from chaveruth.lib.ordering import InReadersLanguage
from chaveruth.lib.sample import SampleData


def owning_municipality() -> models.ForeignKey:
    """The ``owner`` of a record: the municipality whose coordinators may see and change it."""
    return models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("owning municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        help_text=_("Whose record this is: its coordinators may see and change it."),
    )


class Topic(models.Model):
    """A small taxonomy: civil protection, water resilience, health economy, ..."""

    slug = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narrower",
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = [InReadersLanguage("name")]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_organisations

        return visible_organisations(self, user)

    def search(self, text: str) -> "OrganisationQuerySet":
        if not text:
            return self
        return self.filter(
            Q(name_de__icontains=text)
            | Q(name_en__icontains=text)
            | Q(name_he__icontains=text)
            | Q(short_name__icontains=text)
            | Q(city__icontains=text)
        )


class Organisation(SampleData):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        STATE_GOVERNMENT = "state_government", _("State government")
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        HEALTH_CAMPUS = "health_campus", _("Health campus")
        COMPANY = "company", _("Company")
        STARTUP_HUB = "startup_hub", _("Start-up hub")
        ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development agency")
        INNOVATION = "innovation", _("Innovation organisation")
        NGO = "ngo", _("NGO")
        JEWISH_COMMUNITY = "jewish_community", _("Jewish community")
        MUSEUM = "museum", _("Museum")
        OTHER = "other", _("Other partner organisation")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )

    # Added per language by modeltranslation (translation.py) when the app loads: declared for
    # the type checker only, as the columns are nullable.
    name_de: str | None
    name_en: str | None
    name_he: str | None

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [InReadersLanguage("name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.pk])

    @property
    def place(self) -> str:
        """ "Bochum, NRW, Germany" — the parts that are known, the country named in the
        reader's language ("another country" says nothing of the place)."""
        country = self.get_country_display() if self.country != Country.OTHER else ""
        return ", ".join(str(part) for part in (self.city, self.region, country) if part)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_people

        return visible_people(self, user)

    def search(self, text: str) -> "PersonQuerySet":
        if not text:
            return self
        return self.filter(
            Q(given_name__icontains=text)
            | Q(family_name__icontains=text)
            | Q(affiliations__organisation__name_de__icontains=text)
        ).distinct()


class Person(SampleData):
    honorific = models.CharField(_("honorific"), max_length=40, blank=True)
    given_name = models.CharField(_("given name"), max_length=80)
    family_name = models.CharField(_("family name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public_figure = models.BooleanField(
        _("public figure"),
        default=False,
        help_text=_("Holds a public office; may be named in published reports."),
    )
    owner = owning_municipality()
    erased_at = models.DateTimeField(
        _("erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Name and contact details were erased; the record stays for the counts."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("Erased person"))
        return " ".join(
            part for part in (self.honorific, self.given_name, self.family_name) if part
        )

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.pk])


class Affiliation(models.Model):
    """A person's function at an organisation, e.g. Lord Mayor of Bochum."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    function = models.CharField(_("function"), max_length=200)
    start = models.DateField(_("since"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["person", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="affiliation_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.function}"


class VenueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_venues

        return visible_venues(self, user)

    def search(self, text: str) -> "VenueQuerySet":
        if not text:
            return self
        return self.filter(
            Q(name_de__icontains=text)
            | Q(name_en__icontains=text)
            | Q(city__icontains=text)
            | Q(street__icontains=text)
            | Q(organisation__name_de__icontains=text)
        )


class Venue(SampleData):
    """A place where appointments happen; belongs to an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=80)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    directions = models.TextField(_("directions"), blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = [InReadersLanguage("name"), "city"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def get_absolute_url(self) -> str:
        return reverse("directory:venue_detail", args=[self.pk])

    @property
    def address(self) -> str:
        locality = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, locality) if part)

    def clean(self) -> None:
        """Coordinates outside the venue's country are a slip (latitude and longitude swapped,
        a sign lost): travel to and from it would be estimated from the wrong place."""
        bounds = COUNTRY_BOUNDS.get(self.country)
        if bounds is None or self.latitude is None or self.longitude is None:
            return
        (south, north), (west, east) = bounds
        latitude_in = south <= self.latitude <= north
        if latitude_in and west <= self.longitude <= east:
            return
        message = _(
            "Latitude %(latitude)s and longitude %(longitude)s are not in %(country)s: "
            "are they swapped?"
        ) % {
            "latitude": _as_typed(self.latitude),
            "longitude": _as_typed(self.longitude),
            "country": self.get_country_display(),
        }
        # Beside the one that is out; both out (swapped), beside the first.
        raise ValidationError({"longitude" if latitude_in else "latitude": message})


def _as_typed(degrees: Decimal) -> str:
    """51.480000 as 51,48 on a German page; 70 as 70, not 7E+1."""
    return formats.number_format(Decimal(format(degrees.normalize(), "f")))


# Where each country's places lie (latitude, longitude), with a margin: Germany; Israel with
# the Golan and the West Bank, where delegations' cities may be.
COUNTRY_BOUNDS = {
    Country.GERMANY: ((Decimal("47.2"), Decimal("55.1")), (Decimal("5.8"), Decimal("15.1"))),
    Country.ISRAEL: ((Decimal("29.4"), Decimal("33.4")), (Decimal("34.2"), Decimal("35.95"))),
}


def shown_interval(opens: dt.time, closes: dt.time) -> str:
    """ "09:00–17:00", as a venue's page lists its hours. Closing at 00:00 is midnight at the
    day's end, so opening at 00:00 too is the whole day: "00:00–24:00", not "00:00" as if
    start and end were one moment (as the ``period`` tag shows an appointment of no length).
    """
    until = "24:00" if opens == closes == dt.time(0) else f"{closes:%H:%M}"
    return f"{opens:%H:%M}–{until}"


class OpeningHours(models.Model):
    """One opening interval on a weekday; several rows make split hours (e.g. lunch break)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["venue", "weekday", "opens"]
        constraints = [
            # 00:00 as the closing time is midnight, the end of the day; hours past midnight
            # are the next weekday's, from 00:00.
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")) | Q(closes=dt.time(0)),
                name="opening_hours_close_after_open",
                violation_error_message=_(
                    "A venue closes after it opens, or at 00:00 for midnight."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def interval(self) -> str:
        return shown_interval(self.opens, self.closes)


class OpeningException(models.Model):
    """A date on which a venue is closed or keeps other hours (holidays, events)."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["venue", "date"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "date"], name="one_exception_per_venue_day"),
            # Hours entered beside a ticked "closed all day" were silently read as closed.
            models.CheckConstraint(
                condition=Q(closed=False) | Q(opens__isnull=True, closes__isnull=True),
                name="opening_exception_closed_has_no_hours",
                violation_error_message=_(
                    "A day closed all day has no hours: untick “closed all day” to enter the "
                    "hours the venue opens and closes."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed=True) | Q(opens__isnull=False, closes__isnull=False),
                name="opening_exception_open_has_hours",
                violation_error_message=_(
                    "Enter both the hour the venue opens and the hour it closes, or tick "
                    "“closed all day”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True)
                | Q(closes__isnull=True)
                | Q(closes__gt=models.F("opens"))
                | Q(closes=dt.time(0)),
                name="opening_exception_close_after_open",
                violation_error_message=_(
                    "A venue closes after it opens, or at 00:00 for midnight."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.note}"

    def clean(self) -> None:
        """An answer for a day no visit may lie on is a slip (a year typed as 0001 or 2205):
        no check ever reads it, and the calendars could not reach around the year 1."""
        check_days({"date": self.date})

    @property
    def interval(self) -> str:
        """The hours kept that day; none on a day closed all day."""
        if self.opens is None or self.closes is None:
            return ""
        return shown_interval(self.opens, self.closes)


class TravelTime(SampleData):
    """A travel time a coordinator knows better than the estimate from coordinates.

    Entered once for a pair, it counts both ways unless the way back is entered too.
    """

    origin = models.ForeignKey(
        Venue, verbose_name=_("from"), on_delete=models.CASCADE, related_name="travel_from"
    )
    destination = models.ForeignKey(
        Venue, verbose_name=_("to"), on_delete=models.CASCADE, related_name="travel_to"
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MaxValueValidator(24 * 60)]
    )

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="one_travel_time"),
            models.CheckConstraint(
                condition=~Q(origin=models.F("destination")), name="travel_between_two_venues"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination}: {self.minutes} min"

    def clean(self) -> None:
        if self.origin_id and self.origin_id == self.destination_id:
            raise ValidationError({"destination": _("Choose another venue than the start.")})


auditlog.register(Organisation, m2m_fields={"topics"})
auditlog.register(Person)
auditlog.register(Affiliation)
auditlog.register(Venue)
auditlog.register(OpeningHours)
auditlog.register(OpeningException)
auditlog.register(Topic)
auditlog.register(TravelTime)
