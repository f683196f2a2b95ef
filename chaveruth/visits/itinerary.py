"""A visit's programme in the planning engine's terms, and its answers back in ours.

``chaveruth.planning`` knows nothing of Django: this module reads the visit, its venues and
the appointments around it, hands plain dataclasses to the calendars, the checks and the
optimiser, and turns what comes back into findings and proposals the pages can show.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import combinations
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chaveruth.directory.models import TravelTime, Venue
from chaveruth.planning import calendars, checks, optimiser
from chaveruth.planning.meals import MealBreak
from chaveruth.planning.travel import Mode, Point, TravelTimes
from chaveruth.planning.windows import Windows, intersect, normalise, starts_avoiding
from chaveruth.visits.models import Appointment, Proposal, Visit, Wish

# --- The visit's place, calendar and travel ------------------------------------------------


def _point(venue: Venue | None) -> Point | None:
    if venue is None or venue.latitude is None or venue.longitude is None:
        return None
    return Point(float(venue.latitude), float(venue.longitude))


# Where a venue without coordinates keeps its holidays, and a visit whose hotel has none its
# Shabbat: sunset is a few minutes apart across NRW or across Israel, though candles are lit 40
# minutes before it in Jerusalem (20 elsewhere in Israel: earlier is the safe side). Düsseldorf
# (NRW) and Jerusalem:
_REFERENCE_POINTS = {"DE": Point(51.2277, 6.7735), "IL": Point(31.7683, 35.2137)}
_ZONES = {"DE": Visit.TimeZone.BERLIN, "IL": Visit.TimeZone.JERUSALEM}


def _calendar_place(point: Point, country: str, time_zone: str) -> calendars.Place:
    return calendars.Place(point.latitude, point.longitude, time_zone, in_israel=country == "IL")


def _visit_country(visit: Visit) -> str:
    return "IL" if visit.time_zone == _ZONES["IL"] else "DE"


def _place(visit: Visit) -> calendars.Place:
    """Where the delegation keeps Shabbat and Yom Tov: at its hotel, else at the reference point
    of the visit's country. Never at a programme venue: the times would depend on who may see
    which appointment, and a farewell in Bochum would make a visit to Israel keep the
    diaspora's days."""
    country = _visit_country(visit)
    hotel = _point(visit.hotel)
    if hotel is not None and visit.hotel.country == country:
        return _calendar_place(hotel, country, visit.time_zone)
    return _calendar_place(_REFERENCE_POINTS[country], country, visit.time_zone)


def rest_periods(visit: Visit) -> tuple[checks.Period, ...]:
    """Shabbat and Yom Tov of an observant delegation, from candle lighting to havdalah."""
    if not visit.observes_shabbat:
        return ()
    place = _place(visit)
    minutes = visit.candle_lighting_minutes
    if minutes is None:
        minutes = calendars.customary_candle_minutes(place)
    windows = calendars.rest_windows(
        place, visit.start_date, visit.end_date, candle_minutes=minutes
    )
    return tuple(
        checks.Period(w.start, w.end, " / ".join(map(_rest_name, w.names))) for w in windows
    )


def _rest_name(name: str) -> str:
    """Shabbat in the reader's language; the festivals keep their transliterated names."""
    return _("Shabbat") if name == "Shabbat" else name


def _holiday_language() -> str:
    """The reader's language, as ``holidays`` names its languages."""
    return {"de": "de", "he": "he"}.get(get_language(), "en_US")


def _holidays_at(venue: Venue, visit: Visit) -> tuple[checks.Holiday, ...]:
    """The public holidays of the venue's country from the day before the visit to the day
    after, named in the reader's language: NRW's in Germany, Israel's from sunset the evening
    before."""
    if venue.country not in _ZONES:
        return ()
    point = _point(venue) or _REFERENCE_POINTS[venue.country]
    place = _calendar_place(point, venue.country, _ZONES[venue.country])
    # A day either side: the venue's clock may be an hour off the visit's, and an Israeli
    # holiday begins the evening before.
    first, last = visit.start_date - dt.timedelta(days=1), visit.end_date + dt.timedelta(days=1)
    by_day: dict[dt.date, list[calendars.Holiday]] = {}
    for holiday in calendars.public_holidays(first, last, venue.country, _holiday_language()):
        by_day.setdefault(holiday.day, []).append(holiday)
    return tuple(
        checks.Holiday(
            day, " / ".join(h.name for h in same), *calendars.kept_from_until(same[0], place)
        )
        for day, same in by_day.items()
    )


class NoteKind(StrEnum):
    REST_BEGINS = "rest_begins"  # candle lighting, for an observant delegation
    REST_ENDS = "rest_ends"  # havdalah
    HOLIDAY = "holiday"  # a public holiday where the visit takes place
    DAY_OFF = "day_off"  # outside that country's work week: Friday and Saturday in Israel


@dataclass(frozen=True)
class DayNote:
    kind: NoteKind
    name: str  # of the rest period or holiday; the country's for a day off
    at: dt.datetime | None = None  # when a rest period begins or ends


def day_notes(visit: Visit) -> dict[dt.date, list[DayNote]]:
    """What the calendar of the country the visit takes place in says about each of its days:
    when an observant delegation's Shabbat or Yom Tov begins and ends, the public holidays and
    the days off in its work week. The times are the checks' own (see ``_place``)."""
    notes: dict[dt.date, list[DayNote]] = {day: [] for day in visit.days()}

    def note(day: dt.date, entry: DayNote) -> None:
        if day in notes:
            notes[day].append(entry)

    country = _visit_country(visit)
    for holiday in calendars.public_holidays(
        visit.start_date, visit.end_date, country, _holiday_language()
    ):
        note(holiday.day, DayNote(NoteKind.HOLIDAY, holiday.name))
    names = {"DE": _("Germany"), "IL": _("Israel")}
    for day, said in notes.items():
        if not said and not calendars.is_work_day(day, country):
            said.append(DayNote(NoteKind.DAY_OFF, names[country]))
    for period in rest_periods(visit):
        begins, ends = period.start.astimezone(visit.zone), period.end.astimezone(visit.zone)
        note(begins.date(), DayNote(NoteKind.REST_BEGINS, period.name, begins))
        note(ends.date(), DayNote(NoteKind.REST_ENDS, period.name, ends))
    return notes


def travel_times(visit: Visit, venues: Iterable[Venue]) -> TravelTimes:
    venues = {venue.pk: venue for venue in venues if venue is not None}
    entered = TravelTime.objects.filter(origin__in=venues, destination__in=venues)
    return TravelTimes(
        mode=Mode(visit.travel_mode),
        points={pk: point for pk, venue in venues.items() if (point := _point(venue))},
        entered={(t.origin_id, t.destination_id): t.minutes for t in entered},
    )


def opening_hours(venues: Iterable[Venue], visit: Visit) -> dict[int, checks.OpeningHours]:
    """The known hours of each venue (a venue without any is taken as always open), on its
    own clock, with the public holidays around the visit, which are in question even where no
    hours are known. Needs ``opening_hours`` and ``opening_exceptions`` prefetched."""
    known = {}
    for venue in venues:
        weekly: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for hours in venue.opening_hours.all():
            weekly.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
        exceptions = {
            e.date: () if e.closed else ((e.opens, e.closes),)
            for e in venue.opening_exceptions.all()
        }
        known[venue.pk] = checks.OpeningHours(
            weekly={day: tuple(spans) for day, spans in weekly.items()},
            exceptions=exceptions,
            holidays=_holidays_at(venue, visit),
            zone=ZoneInfo(_ZONES[venue.country]) if venue.country in _ZONES else None,
        )
    return known


# --- Findings ------------------------------------------------------------------------------


def _booking(appointment: Appointment) -> checks.Booking:
    """Needs ``hosts``, ``participants`` and ``shares`` prefetched."""
    restricted = appointment.confidentiality == Appointment.Confidentiality.RESTRICTED
    return checks.Booking(
        key=appointment.pk,
        title=appointment.title,
        start=appointment.start,
        end=appointment.end,
        venue=appointment.venue_id,
        people=frozenset(p.pk for p in appointment.hosts.all())
        | frozenset(p.pk for p in appointment.participants.all()),
        is_meal=appointment.kind == Appointment.Kind.MEAL,
        restricted=restricted,
        has_liaison=restricted and bool(appointment.shares.all()),
    )


def _with_relations(appointments):
    return appointments.select_related("venue").prefetch_related(
        "visits",
        "hosts",
        "participants",
        "shares",
        "venue__opening_hours",
        "venue__opening_exceptions",
    )


def _visit_span(visit: Visit) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(visit.start_date, dt.time(), visit.zone)
    return start, dt.datetime.combine(visit.end_date + dt.timedelta(days=1), dt.time(), visit.zone)


def _around(visit: Visit, programme: Sequence[Appointment]):
    """Other appointments during the visit that share a person or a venue with its programme."""
    people = {p.pk for a in programme for p in [*a.hosts.all(), *a.participants.all()]}
    venues = {a.venue_id for a in programme if a.venue_id}
    start, end = _visit_span(visit)
    return _with_relations(
        Appointment.objects.in_force()
        .filter(start__lt=end, end__gt=start)
        .filter(Q(venue__in=venues) | Q(hosts__in=people) | Q(participants__in=people))
        .exclude(visits=visit)
        .distinct()
    )


@dataclass(frozen=True)
class Checked:
    """The checks' findings for a visit, with the appointments they name."""

    findings: list[checks.Finding]
    appointments: dict[int, Appointment]  # by pk, the visit's and the others named
    venues: dict[int, Venue]
    proposed: dict[tuple[str, int], "Proposed"] = field(default_factory=dict)  # by key


@dataclass(frozen=True)
class Proposed:
    """An appointment a proposal would add, as a finding names it (no page of its own yet)."""

    start: dt.datetime
    end: dt.datetime
    title: str
    venue: Venue


def _not_the_city_s(visit: Visit, others: Iterable[Appointment]) -> frozenset[int]:
    """Other appointments none of whose visits the visit's own city hosts: its coordinators
    may not know their place (chaveruth.accounts.access), so a person's way to one is taken as
    an hour (checks.Rules.unseen), the same on every reader's page and in the optimiser. Needs
    ``visits`` prefetched."""
    city = visit.host_municipality_id
    return frozenset(
        a.pk for a in others if all(v.host_municipality_id != city for v in a.visits.all())
    )


def check_visit(visit: Visit) -> Checked:
    programme = list(_with_relations(visit.appointments.all()))
    return _checked(visit, programme, list(_around(visit, programme)))


def check_proposal(visit: Visit, proposal: Proposal) -> Checked:
    """What the checks would find in the programme with the proposal accepted and do not find
    now, as far as it concerns the proposed appointments (keyed ("wish", pk)): the optimiser
    keeps every rule the checks call a conflict, but not the warnings, such as a meal break;
    and a day the programme already makes too long may take wishes within its hours."""
    programme = list(_with_relations(visit.appointments.all()))
    planned = {item["wish"]: item for item in proposal.plan}
    wishes = list(
        visit.wishes.filter(pk__in=planned)
        .select_related("venue")
        .prefetch_related("participants", "venue__opening_hours", "venue__opening_exceptions")
    )
    near = {
        *_around(visit, programme).values_list("pk", flat=True),
        *(a.pk for a in _busy_elsewhere(visit, wishes)),
    }
    others = list(_with_relations(Appointment.objects.filter(pk__in=near)))
    proposed = [(_proposed_booking(wish, planned[wish.pk]), wish.venue) for wish in wishes]
    named = {
        booking.key: Proposed(booking.start, booking.end, booking.title, venue)
        for booking, venue in proposed
    }
    return replace(_checked(visit, programme, others, proposed), proposed=named)


# Findings about a day say the same whichever appointments the day holds; the others are
# about their appointments, and one that names a proposed appointment is new.
_ABOUT_A_DAY = {checks.Kind.DAY_TOO_LONG, checks.Kind.NO_MEAL_BREAK}


def _what(finding: checks.Finding) -> str:
    """What a finding says: of a day, whichever appointments it names."""
    bookings = () if finding.kind in _ABOUT_A_DAY else finding.bookings
    return repr((finding.kind, sorted(finding.facts.items()), bookings))


def _proposed_booking(wish: Wish, item: dict) -> checks.Booking:
    """A proposed appointment as accepting it would write it (services.accept_proposal)."""
    return checks.Booking(
        key=("wish", wish.pk),
        title=wish.title,
        start=dt.datetime.fromisoformat(item["start"]),
        end=dt.datetime.fromisoformat(item["end"]),
        venue=wish.venue_id,
        people=frozenset(p.pk for p in wish.participants.all()),
        is_meal=wish.kind == Appointment.Kind.MEAL,
        restricted=wish.confidentiality == Appointment.Confidentiality.RESTRICTED,
    )


def _checked(
    visit: Visit,
    programme: list[Appointment],
    others: Sequence[Appointment],
    proposed: Sequence[tuple[checks.Booking, Venue]] = (),
) -> Checked:
    """The programme's findings; with proposed appointments, only the new ones that name one
    of them (both judged by the same rules)."""
    venues = {a.venue.pk: a.venue for a in [*programme, *others] if a.venue}
    venues |= {venue.pk: venue for _, venue in proposed}
    rules = checks.Rules(
        time_zone=visit.time_zone,
        rest=rest_periods(visit),
        max_day_minutes=visit.longest_day_hours * 60,
        travel=travel_times(visit, [visit.hotel, *venues.values()]),
        home=visit.hotel_id,
        unseen=_not_the_city_s(visit, others),
    )
    mine, theirs = [_booking(a) for a in programme], [_booking(a) for a in others]
    hours = opening_hours(venues.values(), visit)
    findings = checks.check_programme(
        [*mine, *(booking for booking, _ in proposed)], theirs, hours, rules
    )
    if proposed:
        now = {_what(finding) for finding in checks.check_programme(mine, theirs, hours, rules)}
        findings = [
            finding
            for finding in findings
            if any(isinstance(key, tuple) for key in finding.bookings) and _what(finding) not in now
        ]
    return Checked(findings, {a.pk: a for a in [*programme, *others]}, venues)


# --- The optimiser's problem ---------------------------------------------------------------
# Time is counted in minutes from midnight a day before the visit's first day, in absolute
# time, so a day with a change to summer time has 23 hours, as it should.


_MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Clock:
    origin: dt.datetime  # in UTC: Python subtracts two times of one zone by the wall clock
    zone: ZoneInfo  # where the days are

    def minute(self, moment: dt.datetime) -> int:
        """The minute ``moment`` falls in: its seconds are dropped."""
        return (moment.astimezone(dt.UTC) - self.origin) // _MINUTE

    def minute_after(self, moment: dt.datetime) -> int:
        """The first whole minute not before ``moment``."""
        return -((self.origin - moment.astimezone(dt.UTC)) // _MINUTE)

    def span(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """The whole minutes that cover a busy time: an appointment that ends at 12:30:30
        keeps 12:30 too, so nothing is placed in its last seconds."""
        return self.minute(start), self.minute_after(end)

    def moment(self, minute: int) -> dt.datetime:
        return (self.origin + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def at(self, day: dt.date, time: dt.time) -> int:
        return self.minute(dt.datetime.combine(day, time, self.zone))


def visit_clock(visit: Visit) -> Clock:
    """Counting from midnight a day before the visit: the optimiser's times are 0 or more,
    and leaving the hotel for an appointment just after midnight on the first day comes
    before that day."""
    origin = dt.datetime.combine(visit.start_date - dt.timedelta(days=1), dt.time(), visit.zone)
    return Clock(origin.astimezone(dt.UTC), visit.zone)


class Reason(StrEnum):
    """Why a wish could not be placed, from the first constraint that rules it out."""

    NO_DAY = "no_day"  # its day is no longer one of the visit's (the dates changed since)
    NO_COORDINATES = "no_coordinates"  # its venue has none: travel to it cannot be planned
    NO_TIME = "no_time"  # its length and hours leave no room within the visit's day hours
    VENUE_CLOSED = "venue_closed"
    REST = "rest"  # Shabbat or Yom Tov of an observant delegation
    PARTICIPANTS_BUSY = "participants_busy"
    VENUE_BOOKED = "venue_booked"
    # Even alone, no day leaves time for the way from the hotel, the wish and the way back.
    TOO_FAR = "too_far"
    NO_GAP = "no_gap"  # the appointments already planned leave no gap for it, travel included
    LONG_DAY = "long_day"  # it fits only by making its day longer than the visit's longest
    OUTVALUED = "outvalued"  # it fits alone, but only in place of wishes worth more


@dataclass(frozen=True)
class WishWindows:
    windows: Windows
    reason: str | None  # why ``windows`` is empty


def _open_spans(hours: checks.OpeningHours | None, day: dt.date, clock: Clock) -> Windows:
    """When the venue is open around a day of the visit. Its hours are read on its own clock,
    so the days before and after count too when that is not the visit's."""
    if hours is None:
        return ((clock.at(day, dt.time()), clock.at(day + dt.timedelta(days=1), dt.time())),)
    around = (day + dt.timedelta(days=n) for n in (-1, 0, 1))
    spans = (span for venue_day in around for span in hours.spans(venue_day, clock.zone))
    # Inward: a venue that opens at 09:00:30 is not open at 09:00.
    return normalise((clock.minute_after(start), clock.minute(end)) for start, end in spans)


def _holidays(hours: checks.OpeningHours | None, clock: Clock) -> list[tuple[int, int]]:
    """When a venue is taken as closed for a public holiday: where the checks would warn (the
    venue may open, but nobody said so)."""
    if hours is None:
        return []
    unanswered = checks.unanswered_holidays(hours, clock.zone)
    return [clock.span(start, end) for start, end in unanswered]


def wish_windows(
    wish: Wish,
    visit: Visit,
    clock: Clock,
    hours: checks.OpeningHours | None,
    rest: Iterable[tuple[int, int]],
    people_busy: Iterable[tuple[int, int]],
    venue_busy: Iterable[tuple[int, int]],
) -> WishWindows:
    """The start times open to a wish, cut down one constraint at a time."""
    minutes = wish.minutes
    if wish.day and wish.day not in visit.days():  # the visit's dates changed since
        return WishWindows((), Reason.NO_DAY)
    days = [wish.day] if wish.day else visit.days()
    allowed, open_ = [], []
    for day in days:
        earliest = max(wish.not_before or visit.day_starts, visit.day_starts)
        latest = min(wish.not_after or visit.day_ends, visit.day_ends)
        allowed.append((clock.at(day, earliest), clock.at(day, latest) - minutes))
        open_.extend((a, b - minutes) for a, b in _open_spans(hours, day, clock))
    steps = [
        (Reason.NO_TIME, lambda w: w),
        (Reason.VENUE_CLOSED, lambda w: intersect(w, open_)),
        (Reason.VENUE_CLOSED, lambda w: starts_avoiding(w, _holidays(hours, clock), minutes)),
        (Reason.REST, lambda w: starts_avoiding(w, rest, minutes)),
        (Reason.PARTICIPANTS_BUSY, lambda w: starts_avoiding(w, people_busy, minutes)),
        (Reason.VENUE_BOOKED, lambda w: starts_avoiding(w, venue_busy, minutes)),
    ]
    windows = normalise(allowed)
    for reason, step in steps:
        windows = step(windows)
        if not windows:
            return WishWindows((), reason)
    return WishWindows(windows, None)


@dataclass(frozen=True)
class Question:
    """The optimiser's problem for a visit, with what is needed to read its answer."""

    problem: optimiser.Problem
    clock: Clock
    wishes: dict[int, Wish]
    unplaceable: dict[int, str]  # wish pk -> Reason, for wishes with no possible start
    basis: str  # programme_basis of the visit it was posed for


class NoHotel(ValueError):
    """The visit has no hotel (any more): the days have nowhere to start and end."""


class NoCoordinates(ValueError):
    def __init__(self, venue: Venue) -> None:
        super().__init__(venue.name)
        self.venue = venue


def _spans(appointments: Iterable[Appointment], clock: Clock) -> list[tuple[int, int]]:
    return [clock.span(a.start, a.end) for a in appointments]


def _travel_matrix(times: TravelTimes, places: list[Venue]) -> tuple[tuple[int, ...], ...]:
    for venue in places:
        if venue.pk not in times.points:
            raise NoCoordinates(venue)
    return times.matrix([venue.pk for venue in places])


def _days(
    visit: Visit,
    clock: Clock,
    rest: list[tuple[int, int]],
    fixed: list[optimiser.Candidate],
    travel: tuple[tuple[int, ...], ...],
) -> tuple[optimiser.Day, ...]:
    """Each day from the hotel and back: the visit's hours, less Shabbat, and no longer than
    its longest day, each widened to hold the appointments already fixed (the checks report
    those that break a rule)."""
    days = []
    for day in visit.days():
        start, end = clock.at(day, visit.day_starts), clock.at(day, visit.day_ends)
        for rest_start, rest_end in rest:
            if rest_start <= start and end <= rest_end:
                end = start
            elif start < rest_start < end:
                end = rest_start
            elif start < rest_end < end:
                start = rest_end
        today = _fixed_on(day, fixed, clock)
        longest = visit.longest_day_hours * 60
        for at, item in today:
            start = min(start, at - travel[0][item.location])
            end = max(end, at + item.duration + travel[item.location][0])
        if today:
            longest = max(longest, max(at + item.duration for at, item in today) - today[0][0])
        days.append(optimiser.Day(start=start, end=max(start, end), longest=longest))
    return _unlimited_where_they_overlap(days)


def _unlimited_where_they_overlap(days: list[optimiser.Day]) -> tuple[optimiser.Day, ...]:
    """Appointments late at night can stretch two days into each other, and the optimiser
    keeps a longest length only on a day that overlaps no other: those two go without (the
    checks still report a day too long)."""
    overlapping: set[int] = set()
    for n, m in combinations(range(len(days)), 2):
        if days[n].start < days[m].end and days[m].start < days[n].end:
            overlapping |= {n, m}
    return tuple(
        replace(day, longest=None) if n in overlapping else day for n, day in enumerate(days)
    )


def _fixed_on(
    day: dt.date, fixed: list[optimiser.Candidate], clock: Clock
) -> list[tuple[int, optimiser.Candidate]]:
    """The fixed appointments that start on `day` (as the checks count a day), with their
    start, in time order."""
    midnight, next_midnight = (
        clock.at(day, dt.time()),
        clock.at(day + dt.timedelta(days=1), dt.time()),
    )
    starts = sorted((item.windows[0][0], n) for n, item in enumerate(fixed))
    return [(at, fixed[n]) for at, n in starts if midnight <= at < next_midnight]


def _fixed(programme: list[Appointment], location: dict[int, int], clock: Clock):
    """The appointments already planned: required, at their time (no venue: at the hotel)."""
    return [
        optimiser.Candidate(
            key=("fixed", a.pk),
            location=location[a.venue_id] if a.venue_id else 0,
            duration=clock.minute_after(a.end) - clock.minute(a.start),
            value=0,
            windows=((clock.minute(a.start), clock.minute(a.start)),),
            required=True,
        )
        for a in programme
    ]


def _busy_elsewhere(visit: Visit, wishes: Iterable[Wish]) -> list[Appointment]:
    """Other visits' appointments at the wished-for venues or with the people wished for."""
    people = {p.pk for wish in wishes for p in wish.participants.all()}
    start, end = _visit_span(visit)
    return list(
        Appointment.objects.in_force()
        .filter(start__lt=end, end__gt=start)
        .filter(
            Q(venue__in={w.venue_id for w in wishes})
            | Q(hosts__in=people)
            | Q(participants__in=people)
        )
        .exclude(visits=visit)
        .distinct()
        .select_related("venue")
        .prefetch_related("hosts", "participants", "visits")
    )


@dataclass(frozen=True)
class _Surroundings:
    """What the wishes are placed around, read once for all of them."""

    hours: dict[int, checks.OpeningHours]  # by venue
    rest: list[tuple[int, int]]  # Shabbat and Yom Tov, in the clock's minutes
    busy: list[Appointment]  # other visits' appointments with the venues or people wished for
    travel: TravelTimes  # between the places, and to the venues of ``busy``
    unseen: frozenset[int]  # of ``busy``, those whose place the city may not know


def _wish_windows(visit: Visit, wish: Wish, clock: Clock, around: _Surroundings) -> WishWindows:
    people = {p.pk for p in wish.participants.all()}

    def needs_them(appointment: Appointment) -> bool:
        booked = {p.pk for p in [*appointment.hosts.all(), *appointment.participants.all()]}
        return bool(people & booked)

    by_car = around.travel.for_a_person()

    def with_the_way(appointment: Appointment) -> tuple[int, int]:
        """Their time there, with the way there from the wish's venue and back, as the checks
        time it: an hour where the city may not know the place (checks.Rules.unseen)."""
        start, end = clock.span(appointment.start, appointment.end)
        if appointment.pk in around.unseen:
            return start - checks.UNSEEN_WAY_MINUTES, end + checks.UNSEEN_WAY_MINUTES
        if appointment.venue_id is None:
            return start, end
        to_it = by_car.minutes(wish.venue_id, appointment.venue_id) or 0
        from_it = by_car.minutes(appointment.venue_id, wish.venue_id) or 0
        return start - to_it, end + from_it

    return wish_windows(
        wish,
        visit,
        clock,
        around.hours.get(wish.venue_id),
        around.rest,
        people_busy=[with_the_way(a) for a in around.busy if needs_them(a)],
        venue_busy=_spans((a for a in around.busy if a.venue_id == wish.venue_id), clock),
    )


def pose_question(visit: Visit) -> Question:
    """The visit's wish list and fixed programme as an orienteering problem.

    Raises NoHotel when the visit has no hotel, NoCoordinates when the hotel or a venue of the
    programme has none; a wish at a venue without them is left out, with that reason.
    """
    if visit.hotel is None:
        raise NoHotel()
    clock = visit_clock(visit)
    programme = list(_with_relations(visit.appointments.all()))
    wishes = {
        w.pk: w
        for w in visit.wishes.filter(appointment=None)
        .select_related("venue")
        .prefetch_related("participants", "venue__opening_hours", "venue__opening_exceptions")
    }
    unplaceable = {pk: Reason.NO_COORDINATES for pk, w in wishes.items() if not _point(w.venue)}
    placeable = [w for pk, w in wishes.items() if pk not in unplaceable]
    places = [visit.hotel]  # location 0: each day starts and ends there
    for venue in [a.venue for a in programme] + [w.venue for w in placeable]:
        if venue is not None and venue not in places:
            places.append(venue)
    location = {venue.pk: n for n, venue in enumerate(places)}
    busy = _busy_elsewhere(visit, placeable)
    around = _Surroundings(
        hours=opening_hours(places, visit),
        rest=[clock.span(p.start, p.end) for p in rest_periods(visit)],
        busy=busy,
        travel=travel_times(visit, [*places, *(a.venue for a in busy)]),
        unseen=_not_the_city_s(visit, busy),
    )
    travel = _travel_matrix(around.travel, places)
    fixed = _fixed(programme, location, clock)

    candidates = list(fixed)
    for wish in placeable:
        found = _wish_windows(visit, wish, clock, around)
        if found.reason:
            unplaceable[wish.pk] = found.reason
            continue
        candidates.append(
            optimiser.Candidate(
                key=("wish", wish.pk),
                location=location[wish.venue_id],
                duration=wish.minutes,
                value=wish.value,
                windows=found.windows,
            )
        )
    problem = optimiser.Problem(
        travel=travel,
        candidates=tuple(candidates),
        days=_days(visit, clock, around.rest, fixed, travel),
    )
    return Question(problem, clock, wishes, unplaceable, programme_basis(visit))


# What of a visit a proposal is made from (pose_question reads these).
_BASIS_FIELDS = (
    "start_date",
    "end_date",
    "time_zone",
    "hotel_id",
    "day_starts",
    "day_ends",
    "longest_day_hours",
    "observes_shabbat",
    "candle_lighting_minutes",
    "travel_mode",
)


def programme_basis(visit: Visit) -> str:
    """A fingerprint of what a proposal is made from: the visit's days, hotel and rules, its
    programme, its wish list and who takes part in each wish. A proposal made on another is
    out of date; for what lies outside the visit, see still_holds."""
    rules = Visit.objects.filter(pk=visit.pk).values_list(*_BASIS_FIELDS).get()
    programme = visit.appointments.order_by("pk").values_list("pk", "start", "end", "venue_id")
    wishes = visit.wishes.order_by("pk").values_list(
        "pk", "venue_id", "minutes", "value", "day", "not_before", "not_after", "appointment_id"
    )
    participants = (
        Wish.participants.through.objects.filter(wish__visit=visit)
        .order_by("wish_id", "person_id")
        .values_list("wish_id", "person_id")
    )
    basis = repr([rules, list(programme), list(wishes), list(participants)])
    return hashlib.sha256(basis.encode()).hexdigest()


def still_holds(proposal: Proposal) -> bool:
    """Whether a proposal may still be accepted: its visit's programme, wishes and rules are as
    they were, and its appointments keep every rule of the question posed now. Other visits'
    bookings, the venues' opening hours and the travel times entered may have changed since;
    only a change in the way of what it proposes puts it out of date."""
    try:
        question = pose_question(proposal.visit)
    except (NoHotel, NoCoordinates, optimiser.ProblemError):
        return False
    if question.basis != proposal.basis:
        return False
    plan = _as_plan(question, proposal.plan)
    return plan is not None and not optimiser.is_feasible(question.problem, plan)


def _as_plan(question: Question, proposed: list[dict]) -> optimiser.Plan | None:
    """The programme and a proposal's appointments as the optimiser's plan of the question;
    None when one of them lies outside every day."""
    problem, clock = question.problem, question.clock
    stops = [
        optimiser.Stop(c.key, c.windows[0][0], c.windows[0][0] + c.duration)
        for c in problem.candidates
        if c.required  # the programme's appointments, at their time
    ]
    for item in proposed:
        start, end = (
            clock.minute(dt.datetime.fromisoformat(item[key])) for key in ("start", "end")
        )
        stops.append(optimiser.Stop(("wish", item["wish"]), start, end))
    days: list[list[optimiser.Stop]] = [[] for _ in problem.days]
    for stop in sorted(stops, key=lambda stop: stop.start):
        on = [n for n, day in enumerate(problem.days) if day.start <= stop.start <= day.end]
        if not on:
            return None
        days[on[0]].append(stop)
    planned = {stop.key for stop in stops}
    return optimiser.Plan(
        days=tuple(map(tuple, days)),
        score=sum(c.value for c in problem.candidates if c.key in planned),
        left_out=tuple(c.key for c in problem.candidates if c.key not in planned),
    )


@dataclass(frozen=True)
class Answer:
    """What a proposal stores: the wishes placed and why the others were left out."""

    score: int
    plan: list[dict]  # [{"wish": pk, "start": iso, "end": iso}] in time order
    left_out: list[dict]  # [{"wish": pk, "reason": Reason}]
    basis: str  # the question's programme_basis: accepting checks that it still holds


def _fits_alone(
    problem: optimiser.Problem,
    candidate: optimiser.Candidate,
    seconds: float,
    on_progress: optimiser.OnProgress | None,
) -> bool:
    """Whether the wish fits beside the appointments already planned, without other wishes."""
    fixed = tuple(c for c in problem.candidates if c.required)
    alone = replace(problem, candidates=(*fixed, replace(candidate, required=True)))
    try:
        optimiser.solve(alone, seconds=seconds, on_progress=on_progress)
    except optimiser.Infeasible:
        return False
    return True


def meal_breaks(visit: Visit, question: Question, plan: optimiser.Plan) -> list[MealBreak | None]:
    """For each day, the meal break the checks look for; None where a meal is planned in its
    window (an appointment of the kind meal, or a proposed wish of that kind)."""
    clock = question.clock
    meals = [
        clock.span(a.start, a.end) for a in visit.appointments.filter(kind=Appointment.Kind.MEAL)
    ]
    meals += [
        (stop.start, stop.end)
        for stops in plan.days
        for stop in stops
        if stop.key[0] == "wish" and question.wishes[stop.key[1]].kind == Appointment.Kind.MEAL
    ]
    breaks: list[MealBreak | None] = []
    for day in visit.days():
        opens, closes = (clock.at(day, moment) for moment in checks.MEAL_WINDOW)
        eats = any(start < closes and end > opens for start, end in meals)
        breaks.append(None if eats else MealBreak(opens, closes, checks.MEAL_MINUTES))
    return breaks


def _why_left_out(
    problem: optimiser.Problem,
    candidate: optimiser.Candidate,
    seconds: float,
    on_progress: optimiser.OnProgress | None,
) -> Reason:
    """For a wish that could take place (its windows are open): what keeps it out."""
    any_length = replace(problem, days=tuple(replace(day, longest=None) for day in problem.days))
    if optimiser.out_of_reach(replace(any_length, candidates=(candidate,))):
        return Reason.TOO_FAR
    if _fits_alone(problem, candidate, seconds, on_progress):
        return Reason.OUTVALUED
    if _fits_alone(any_length, candidate, seconds, on_progress):
        return Reason.LONG_DAY
    return Reason.NO_GAP


def answer(
    question: Question,
    plan: optimiser.Plan,
    seconds_per_reason: float = 0.2,
    on_progress: optimiser.OnProgress | None = None,
) -> Answer:
    """The wishes placed, and for each one left out the constraint that stands in its way
    (at most two short searches per wish, which report to `on_progress` as optimiser.solve
    does)."""
    placed = []
    for day in plan.days:
        for stop in day:
            kind, pk = stop.key
            if kind == "wish":
                start, end = question.clock.moment(stop.start), question.clock.moment(stop.end)
                placed.append({"wish": pk, "start": start.isoformat(), "end": end.isoformat()})
    reasons = dict(question.unplaceable)
    placed_pks = {item["wish"] for item in placed}
    for candidate in question.problem.candidates:
        kind, pk = candidate.key
        if kind == "wish" and pk not in placed_pks:
            reasons[pk] = _why_left_out(
                question.problem, candidate, seconds_per_reason, on_progress
            )
    left_out = [{"wish": pk, "reason": reasons[pk]} for pk in question.wishes if pk in reasons]
    placed.sort(key=lambda item: item["start"])
    return Answer(plan.score, placed, left_out, question.basis)
