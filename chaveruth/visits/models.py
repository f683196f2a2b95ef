"""Delegation visits, their members and their programme hour by hour."""

import datetime as dt
from zoneinfo import ZoneInfo

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.lib.audit import noted_parents, parent_note
from chaveruth.lib.countries import Country
from chaveruth.lib.dates import changeover_refusal, check_days, in_changeover
from chaveruth.lib.sample import SampleData
from chaveruth.partnerships.models import Programme, Project


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see (the rules are in chaveruth.accounts.access)."""
        from chaveruth.accounts.access import visible_visits

        return visible_visits(self, user)

    def search(self, text: str) -> "VisitQuerySet":
        """By title and origin. Not by purpose: it says where the visit goes, which a host or
        a liaison must not read (the visit page hides it), nor find out word by word."""
        if not text:
            return self
        return self.filter(
            Q(title_de__icontains=text)
            | Q(title_en__icontains=text)
            | Q(title_he__icontains=text)
            | Q(origin__icontains=text)
        )

    def upcoming(self, today: dt.date) -> "VisitQuerySet":
        return self.filter(end_date__gte=today).exclude(status=Visit.Status.CANCELLED)


class TravelMode(models.TextChoices):
    """How a delegation gets from one venue to the next (chaveruth.planning.travel.Mode)."""

    WALK = "walk", _("On foot")
    TRANSIT = "transit", _("Public transport")
    CAR = "car", _("Car or coach")


# The most days a visit may last, arrival and departure included. A delegation stays days to
# weeks; two months leave room for a long exchange, while a departure typed a century out
# (2125 for 2025) is refused rather than planned: the visit page draws every day of it.
LONGEST_VISIT_DAYS = 60


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
    expected_size = models.PositiveSmallIntegerField(
        _("expected members"), null=True, blank=True, validators=[MaxValueValidator(999)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="planned")
    # Why a visit was called off, for the office's records and the programme's report; the
    # staff read it, the delegation and the hosts do not (it may name a security concern).
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    # A reason is for the records and the report, not the correspondence (``cancel_visit``).
    LONGEST_REASON = 1000
    purpose = models.TextField(_("purpose"), blank=True)
    observes_shabbat = models.BooleanField(
        _("observes Shabbat"),
        default=False,
        help_text=_("The itinerary must end, travel included, before candle lighting on Friday."),
    )

    class TimeZone(models.TextChoices):
        BERLIN = "Europe/Berlin", _("Germany (Berlin time)")
        JERUSALEM = "Asia/Jerusalem", _("Israel (Israel time)")

    # A zone as a reader names the time of day in it, beside a time.
    CLOCKS = {TimeZone.BERLIN: _("Berlin time"), TimeZone.JERUSALEM: _("Israel time")}
    # The one zone a visit staying at a hotel in the country is planned in
    # (``check_clock_of_hotel``).
    ZONE_OF_COUNTRY: dict[str, str] = {
        Country.GERMANY: TimeZone.BERLIN,
        Country.ISRAEL: TimeZone.JERUSALEM,
    }

    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.BERLIN,
        help_text=_(
            "Where the visit takes place: its programme is entered, shown and checked in this "
            "time. Changing it keeps the appointments' times on the clock."
        ),
    )
    # How the programme is planned and checked (chaveruth.visits.itinerary, chaveruth.planning).
    hotel = models.ForeignKey(
        Venue,
        verbose_name=_("hotel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotel_stays",
        help_text=_("Where each day starts and ends."),
    )
    travel_mode = models.CharField(
        _("travels by"), max_length=10, choices=TravelMode.choices, default=TravelMode.CAR
    )
    # None: the custom where the delegation stays (planning.calendars.customary_candle_minutes).
    candle_lighting_minutes = models.PositiveSmallIntegerField(
        _("candle lighting, minutes before sunset"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Empty: as is customary at the hotel: 18 in the diaspora; in Israel 40 in Jerusalem, "
            "30 in Haifa and Zikhron Ya'akov, 20 elsewhere."
        ),
    )
    day_starts = models.TimeField(_("programme day starts"), default=dt.time(9, 0))
    day_ends = models.TimeField(_("programme day ends"), default=dt.time(19, 0))
    longest_day_hours = models.PositiveSmallIntegerField(
        _("longest day, hours"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("From the first appointment's start to the last one's end."),
    )
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
            ),
            models.CheckConstraint(
                condition=Q(day_ends__gt=models.F("day_starts")), name="visit_day_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", args=[self.pk])

    def clean(self) -> None:
        check_days({"start_date": self.start_date, "end_date": self.end_date})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The departure cannot be before the arrival.")})
        last = self.start_date and self.start_date + dt.timedelta(days=LONGEST_VISIT_DAYS - 1)
        if last and self.end_date and self.end_date > last:
            message = _(
                "A visit lasts at most %(days)d days: the departure is on %(last)s at the latest."
            ) % {"days": LONGEST_VISIT_DAYS, "last": formats.date_format(last, "SHORT_DATE_FORMAT")}
            raise ValidationError({"end_date": message})
        if self.day_starts and self.day_ends and self.day_ends <= self.day_starts:
            raise ValidationError({"day_ends": _("The day must end after it starts.")})

    def check_clock_of_hotel(self) -> None:
        """A hotel in Germany or Israel sets the visit's time zone: Shabbat and the holidays
        are kept where the delegation stays, in the country the zone names
        (``itinerary.around``), so a hotel in Bochum on Israel time would keep Jerusalem's,
        three hours off. Refused beside the time zone, which is more often the slip.

        Not part of ``clean``: the services check it where a hotel or a time zone is set. A
        visit at odds with it (stored before the rule) must still be cancelled, rescheduled
        or renamed, by forms that have no time zone to correct."""
        zone = self.ZONE_OF_COUNTRY.get(self._hotel_country())
        if zone is None or self.time_zone not in self.TimeZone.values or self.time_zone == zone:
            return
        message = _HOTEL_SETS_THE_CLOCK[zone] % {"time_zone": self.TimeZone(zone).label}
        raise ValidationError({"time_zone": message})

    def _hotel_country(self) -> str | None:
        try:
            return self.hotel.country if self.hotel_id is not None else None
        except Venue.DoesNotExist:
            return None  # a hotel gone: the field says so

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    @property
    def may_be_cancelled(self) -> bool:
        """Not once cancelled, nor once it took place (services.cancel_visit)."""
        return self.status not in (self.Status.CANCELLED, self.Status.COMPLETED)

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether an appointment from start to end lies within the visit's days (local time)."""
        local_start = timezone.localtime(start, self.zone)
        local_end = timezone.localtime(end, self.zone)
        return self.start_date <= local_start.date() and local_end.date() <= self.end_date


# A visit's time zone that is not the one of its hotel's country (``check_clock_of_hotel``).
_HOTEL_SETS_THE_CLOCK = {
    Visit.TimeZone.BERLIN: _(
        "The hotel is in Germany: a visit staying there is planned in Berlin time. "
        "Choose “%(time_zone)s” as the time zone, or another hotel."
    ),
    Visit.TimeZone.JERUSALEM: _(
        "The hotel is in Israel: a visit staying there is planned in Israel time. "
        "Choose “%(time_zone)s” as the time zone, or another hotel."
    ),
}


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

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="delegates"
    )
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

    def get_additional_data(self) -> dict[str, bool]:
        """Kept by the audit trail beside each change: the visit, whose change log shows the
        delegate's removal too."""
        return parent_note(self, "visit")


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
    def in_force(self):
        """Those some visit still holds: not only of cancelled visits, nor left behind by a
        deleted one. Only these keep a person or a venue busy."""
        return self.filter(
            models.Exists(
                Visit.objects.filter(appointments=models.OuterRef("pk")).exclude(
                    status=Visit.Status.CANCELLED
                )
            )
        )

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
        CALL = "call", _("Call (phone or video)")
        CULTURAL = "cultural", _("Cultural programme")
        RECEPTION = "reception", _("Reception")
        MEAL = "meal", _("Meal")
        TRANSFER = "transfer", _("Transfer")
        FREE_TIME = "free_time", _("Free time")

    # Without a venue these take place wherever the delegation is. Any other kind without one
    # goes to a place not named (the demo's Ruhr tour) or not entered yet (a meeting still being
    # planned): the delegation may have to leave the hotel for it.
    WHEREVER_THE_DELEGATION_IS = (Kind.CALL, Kind.FREE_TIME)

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

    def get_additional_data(self) -> dict[str, bool] | None:
        """Kept by the audit trail beside a change: on deletion, the visits the appointment
        belonged to (services.remove_appointment notes them), whose change logs show it."""
        return noted_parents(self)

    def clean(self) -> None:
        # The form's field refuses these too (``LocalDateTimeField``); the demo loader and the
        # importers call the services, which come here. Around the years 1 and 9999 the moment
        # in UTC is no date Python has: saved, or checked against the visit, it would fail.
        check_days({"start": self.start and self.start.date(), "end": self.end and self.end.date()})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})


class Wish(SampleData):
    """A candidate appointment on a visit's wish list, for the optimiser to place.

    It becomes an appointment when the coordinator accepts a proposal that includes it.
    """

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="wishes"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Appointment.Kind.choices, default="meeting"
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="wishes"
    )
    minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    value = models.PositiveSmallIntegerField(
        _("value"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 (nice to have) to 10 (essential)."),
    )
    day = models.DateField(_("on day"), null=True, blank=True, help_text=_("Empty: any day."))
    not_before = models.TimeField(_("not before"), null=True, blank=True)
    not_after = models.TimeField(
        _("ends by"), null=True, blank=True, help_text=_("The latest end of the appointment.")
    )
    participants = models.ManyToManyField(
        Person,
        verbose_name=_("required participants"),
        blank=True,
        related_name="wishes",
        help_text=_("People who must be there: their other appointments are avoided."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Appointment.Confidentiality.choices,
        default=Appointment.Confidentiality.INTERNAL,
    )
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("planned as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wish",
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wish list")
        ordering = ["-value", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        visit = getattr(self, "visit", None)
        # On a day of its own its hours are read on that day's clock, which may skip an hour
        # or show one twice; on any day, on an ordinary day's.
        zone = visit.zone if visit is not None and self.day else None
        self._refuse_hours_off_the_clock(zone)
        self._refuse_hours_too_short(zone)
        if self.day and visit and not visit.start_date <= self.day <= visit.end_date:
            raise ValidationError({"day": _("The day must lie within the visit.")})

    def _refuse_hours_off_the_clock(self, zone: ZoneInfo | None) -> None:
        """An hour the clocks skip that night would be read an hour later, unsaid; one they
        show twice, as either (the appointment form refuses both alike)."""
        if zone is None or self.day is None:
            return
        hours = {"not_before": self.not_before, "not_after": self.not_after}
        walls = {n: dt.datetime.combine(self.day, t) for n, t in hours.items() if t is not None}
        off = {
            name: changeover_refusal(w, zone) for name, w in walls.items() if in_changeover(w, zone)
        }
        if off:
            raise ValidationError(off)

    def _refuse_hours_too_short(self, zone: ZoneInfo | None) -> None:
        start, end = self.not_before, self.not_after
        if start is None or end is None:
            return
        if end < start:  # 22:00 to 02:00: the optimiser places a wish within one day
            raise ValidationError(
                {
                    "not_after": _(
                        "A wish must end on the day it starts, by 23:59 at the latest: a wish "
                        "over midnight is not possible."
                    )
                }
            )
        if end == start:
            raise ValidationError({"not_after": _("The end must be after the start.")})
        room = _minutes_between(start, end, self.day, zone)
        if not self.minutes or room >= self.minutes:
            return
        message = _("Its earliest start and latest end leave less time than it lasts.")
        if room != _minutes_between(start, end, None, None):
            message = _(
                "Its earliest start and latest end leave less time than it lasts: on %(day)s "
                "the clocks change between them, and from %(start)s to %(end)s there are only "
                "%(minutes)d minutes."
            ) % {
                "day": formats.date_format(self.day, "SHORT_DATE_FORMAT"),
                "start": formats.time_format(start, "TIME_FORMAT"),
                "end": formats.time_format(end, "TIME_FORMAT"),
                "minutes": room,
            }
        raise ValidationError({"not_after": message})


def _minutes_between(
    start: dt.time, end: dt.time, day: dt.date | None, zone: ZoneInfo | None
) -> int:
    """The real minutes from ``start`` to ``end`` on ``day`` where its clock is known (01:00
    to 04:00 is two hours the night the clocks go forward, four when they go back), else on an
    ordinary day's clock."""
    if day is None or zone is None:
        return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    first, last = (dt.datetime.combine(day, t, zone).astimezone(dt.UTC) for t in (start, end))
    return (last - first) // dt.timedelta(minutes=1)


class Proposal(models.Model):
    """The optimiser's proposed programme for a visit, computed in the background.

    ``plan`` holds ``[{"wish": id, "start": iso, "end": iso}, ...]``; ``left_out`` holds
    ``[{"wish": id, "reason": code}, ...]`` with the reasons of chaveruth.visits.itinerary.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready to review")
        FAILED = "failed", _("No programme possible")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    # Still to be accepted or discarded: a visit has at most one (services.request_proposal).
    OPEN_STATUSES = (Status.QUEUED, Status.RUNNING, Status.READY)

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="proposals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    seconds = models.PositiveSmallIntegerField(
        _("search time in seconds"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("progress in percent"), default=0, editable=False)
    # When the running search last said how far it is (every half second or so).
    heard_at = models.DateTimeField(_("last heard of"), null=True, editable=False)
    score = models.PositiveIntegerField(_("value placed"), null=True, editable=False)
    plan = models.JSONField(_("proposed appointments"), default=list, blank=True)
    left_out = models.JSONField(_("wishes left out"), default=list, blank=True)
    # {"reason": code, ...facts} when no plan exists
    failure = models.JSONField(_("why there is no plan"), default=dict, blank=True)
    # The programme and wish list it was made for (chaveruth.visits.itinerary.programme_basis).
    basis = models.CharField(_("made for"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.visit} ({self.get_status_display()})"

    @property
    def open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def stalled(self) -> bool:
        """Running, but silent for a minute: its worker was stopped, or it could not save
        its result (it says how far it is every half second)."""
        return (
            self.status == self.Status.RUNNING
            and self.heard_at is not None
            and timezone.now() - self.heard_at > dt.timedelta(minutes=1)
        )

    @property
    def status_name(self) -> str:
        return _("Stopped") if self.stalled else self.get_status_display()

    @property
    def searching(self) -> bool:
        """Waiting for a worker, or running and heard of lately: the page polls."""
        return self.status == self.Status.QUEUED or (
            self.status == self.Status.RUNNING and not self.stalled
        )


# A cancellation's reason may name a security concern: the trail shows that it changed, not
# what it said (the visit keeps it for the staff, and forgets it when the visit is taken up).
auditlog.register(
    Visit,
    m2m_fields={"projects", "supporting_organisations"},
    mask_fields=["cancellation_reason"],
    mask_callable="chaveruth.lib.audit.withhold",
)
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
auditlog.register(Wish, m2m_fields={"participants"})
# A proposal's plan is the visit's whereabouts: the trail notes its status, not its contents.
auditlog.register(Proposal, include_fields=["status"])
