"""Findings for a visit's programme: double bookings, too little time to travel, closed venues,
Shabbat and Yom Tov, over-long days, no time to eat, restricted appointments nobody shared; and
the days a person or venue of it also has an appointment whose time the city may not know.

The Django layer translates appointments, venues and the visit into the dataclasses below and
renders each ``Finding`` as a translated message: planning returns facts, never sentences.

All arithmetic happens in UTC, because Python compares and subtracts two datetimes that share a
tzinfo by their wall clocks, which is wrong across a change to summer time. Days and the meal
window are wall-clock ideas, so those are read in the visit's zone; a venue's hours and holidays
on the venue's own clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from chaveruth.planning.travel import TravelTimes
from chaveruth.planning.windows import normalise


class Severity(StrEnum):
    ERROR = "error"  # the programme cannot happen as planned
    WARNING = "warning"  # it may go wrong, or is uncomfortable: a person should look


class Kind(StrEnum):
    PERSON_DOUBLE_BOOKED = "person_double_booked"
    VENUE_DOUBLE_BOOKED = "venue_double_booked"
    # Also taken that day by an appointment whose time the city may not know (Rules.unseen).
    PERSON_BOOKED_UNSEEN = "person_booked_unseen"
    VENUE_BOOKED_UNSEEN = "venue_booked_unseen"
    TRAVEL_TOO_SHORT = "travel_too_short"
    # A person's way between this visit and another's appointment, e.g. a mayor's.
    PERSON_TRAVEL_TOO_SHORT = "person_travel_too_short"
    OUTSIDE_OPENING_HOURS = "outside_opening_hours"
    CLOSED_ON_HOLIDAY = "closed_on_holiday"
    DURING_REST = "during_rest"  # Shabbat / Yom Tov
    DAY_TOO_LONG = "day_too_long"
    NO_MEAL_BREAK = "no_meal_break"
    RESTRICTED_WITHOUT_LIAISON = "restricted_without_liaison"


@dataclass(frozen=True)
class Booking:
    """One appointment as the checks see it."""

    key: Hashable  # appointment id
    title: str
    start: datetime  # aware
    end: datetime  # aware, after start
    venue: Hashable | None
    people: frozenset[Hashable]  # hosts and participants (person ids)
    is_meal: bool = False
    restricted: bool = False
    has_liaison: bool = False  # a restricted appointment has been shared with a security liaison
    # The clock of the visit it belongs to, by which the days of one of ``Rules.unseen`` are
    # counted (None: the programme's).
    zone: str | None = None

    def __post_init__(self) -> None:
        # A naive time would be read in whatever zone the server runs in: refuse it early.
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError(f"Booking {self.key!r} needs aware start and end times")
        # In UTC: two times of one zone compare by the wall clock, wrong as clocks go back.
        if self.end.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError(f"Booking {self.key!r} ends before it starts")


@dataclass(frozen=True)
class Holiday:
    """A public holiday where a venue is, while it is kept: an Israeli one from sunset the
    evening before ``day`` to havdalah (``planning.calendars.kept_from_until``)."""

    day: date
    name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class OpeningHours:
    """A venue's week and its exceptions, in wall-clock time where the venue is, with its public
    holidays.

    An interval that closes at or before it opens, such as (18:00, 00:00), runs to midnight; hours
    past midnight belong to the next weekday. A venue with no ``OpeningHours`` at all is treated
    as always open: nothing is known about it; one with exceptions but no weekly hours, as open
    on every day without an exception. Either way, a public holiday on a day the venue said
    nothing about is in question.
    """

    weekly: Mapping[int, tuple[tuple[time, time], ...]]  # weekday (Monday 0) -> open intervals
    # That date's intervals instead of the week's; () means closed all day.
    exceptions: Mapping[date, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    holidays: tuple[Holiday, ...] = ()  # those of the venue's country, in time order
    # The venue's clock, e.g. Berlin for a venue in Bochum seen by a visit on Israel time;
    # None: the visit's.
    zone: ZoneInfo | None = None

    def on(self, day: date) -> tuple[tuple[time, time], ...] | None:
        """The intervals the venue is open on a day of its own; None if nothing is known of
        the day, and then it is taken as open."""
        if day in self.exceptions:
            return self.exceptions[day]
        if not self.weekly:
            return None
        return self.weekly.get(day.weekday(), ())

    def spans(self, day: date, visit_zone: ZoneInfo) -> tuple[tuple[datetime, datetime], ...]:
        """When the venue is open on a day of its own, in UTC, on its clock (else the visit's):
        the whole day when nothing is known of it. The checks and the optimiser both read the
        hours here, so they agree, also in the hour a clock skips or repeats."""
        zone = self.zone or visit_zone
        midnight = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
        intervals = self.on(day)
        if intervals is None:
            return ((datetime.combine(day, time(0), zone).astimezone(UTC), midnight),)
        return tuple(
            (
                datetime.combine(day, opens, zone).astimezone(UTC),
                datetime.combine(day, closes, zone).astimezone(UTC) if closes > opens else midnight,
            )
            for opens, closes in intervals
        )


@dataclass(frozen=True)
class Period:
    """A span with a name, e.g. a Shabbat window from ``planning.calendars``."""

    start: datetime
    end: datetime
    name: str


# A meal appointment in this window, or a free gap at least this long inside it.
MEAL_WINDOW = (time(11, 30), time(14, 30))
MEAL_MINUTES = 30


@dataclass(frozen=True)
class Rules:
    time_zone: str  # the visit's zone: its days and meals are local (a venue's hours are its own)
    rest: tuple[Period, ...] = ()  # Shabbat / Yom Tov, given only for an observant delegation
    max_day_minutes: int = 12 * 60  # first start to last end of what starts on one local day
    meal_window: tuple[time, time] = MEAL_WINDOW
    # A meal appointment in the window, or a free gap at least this long inside it.
    meal_minutes: int = MEAL_MINUTES
    travel: TravelTimes | None = None
    # Where the delegation stays (a place key of ``travel``): before Shabbat it must be back.
    home: Hashable | None = None
    # Of ``others``, those whose time and place the programme's city may not know: they count
    # only by the local days they take, so that no finding tells their time or their place.
    unseen: frozenset[Hashable] = frozenset()


# A way nobody can work out (a venue without coordinates, no time entered for it): time
# enough within a region, so only a question (a warning) when less is left.
UNKNOWN_WAY_MINUTES = 60


@dataclass(frozen=True)
class Finding:
    """Something wrong with the programme, with the facts a message needs, e.g. for
    DURING_REST ``{"period": "Shabbat", "from": <Friday 17:00>, "until": <Saturday 18:14>}``.
    """

    kind: Kind
    severity: Severity
    bookings: tuple[Hashable, ...]  # the appointments concerned (keys), in time order
    facts: Mapping[str, object]


def check_programme(
    programme: Sequence[Booking],
    others: Sequence[Booking],
    venues: Mapping[Hashable, OpeningHours],
    rules: Rules,
) -> list[Finding]:
    """Every finding for ``programme``, ordered by the start of its first appointment, errors
    before warnings, then by kind.

    ``others`` are appointments outside the programme (other visits, a mayor's diary), checked
    only against the programme: for double booking, and for the ways of the people they share
    with it; one that is also in the programme (same key) is ignored. Those of
    ``rules.unseen`` count only by their days: the findings are the same wherever in its days
    one of them lies. ``venues`` holds the opening hours of the venues that have them.
    """
    zone = ZoneInfo(rules.time_zone)
    mine = [_in_utc(b) for b in programme]
    keys = {b.key for b in mine}
    theirs = [_in_utc(b) for b in others if b.key not in keys]
    seen = [b for b in theirs if b.key not in rules.unseen]
    unseen = [b for b in theirs if b.key in rules.unseen]
    ordered = _in_time_order(mine)
    days = _spans_by_day(ordered, zone)

    found = [
        *_double_bookings(mine, seen),
        *_booked_unseen(ordered, unseen, zone),
        *_travel_shortfalls(ordered, rules.travel),
        *_travel_shortfalls_of_people(ordered, seen, rules.travel),
        *_outside_opening_hours(ordered, venues, zone),
        *_during_rest(ordered, rules.rest),
        *_late_home_for_rest(ordered, rules),
        *_long_days(ordered, rules.max_day_minutes, zone),
        *_missing_meal_breaks(days, _on_the_way(ordered, rules.travel), rules, zone),
        *_restricted_without_liaison(ordered),
    ]
    # Stable sort: findings that tie keep the deterministic order they were made in.
    found.sort(
        key=lambda f: (f.start, _SEVERITY_ORDER[f.finding.severity], _KIND_ORDER[f.finding.kind])
    )
    return [f.finding for f in found]


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}
_KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


@dataclass(frozen=True)
class _Found:
    start: datetime  # of the finding's first booking, for sorting
    finding: Finding


@dataclass(frozen=True)
class _Span:
    """The part of a booking that falls on one local day (most bookings have one)."""

    booking: Booking
    day: date
    start: datetime  # UTC
    end: datetime  # UTC


def _found(
    kind: Kind, severity: Severity, bookings: Iterable[Booking], facts: Mapping[str, object]
) -> _Found:
    concerned = _in_time_order(bookings)
    finding = Finding(kind, severity, tuple(b.key for b in concerned), facts)
    return _Found(concerned[0].start, finding)


def _in_utc(booking: Booking) -> Booking:
    return replace(booking, start=booking.start.astimezone(UTC), end=booking.end.astimezone(UTC))


def _in_time_order(bookings: Iterable[Booking]) -> list[Booking]:
    return sorted(bookings, key=lambda b: (b.start, b.end))


def _overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    # Touching is not overlapping: a meeting may end at 10:00 and the next start at 10:00.
    return a_start < b_end and b_start < a_end


def _ordered(items: Collection[Hashable]) -> list[Hashable]:
    """Person and venue ids sorted, so that findings do not depend on set order. A collection,
    not any iterable: the second try must see all the items again."""
    try:
        # Hashable says nothing of order: ids of one type compare, mixed ones raise below.
        return sorted(items)  # type: ignore[type-var]
    except TypeError:  # ids of mixed types
        return sorted(items, key=repr)


def _whole_minutes(delta: timedelta) -> int:
    return math.floor(delta.total_seconds() / 60)


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _by_local_day(
    start: datetime, end: datetime, zone: ZoneInfo
) -> Iterator[tuple[date, datetime, datetime]]:
    """The parts of a stretch of time that fall on each local day, in UTC."""
    day = start.astimezone(zone).date()
    while True:
        next_midnight = _local_midnight(day + timedelta(days=1), zone)
        yield day, max(start, _local_midnight(day, zone)), min(end, next_midnight)
        if end <= next_midnight:
            return
        day += timedelta(days=1)


def _days_taken(booking: Booking, zone: ZoneInfo) -> list[date]:
    return dates_taken(booking.start, booking.end, zone)


def dates_taken(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    """The local days a stretch of time takes on ``zone``'s clock: 10:00 to 24:00 on Tuesday
    takes Tuesday only; 23:00 to 01:00 takes Tuesday and Wednesday."""
    return [
        day for day, _start, _end in _by_local_day(start.astimezone(UTC), end.astimezone(UTC), zone)
    ]


def own_days(booking: Booking, programme_zone: ZoneInfo) -> list[date]:
    """The days one of ``Rules.unseen`` takes, on the clock of its own visit: on the
    programme's, a city that moved its visit to another zone would learn from where midnight
    falls which hour the other appointment takes."""
    return _days_taken(booking, ZoneInfo(booking.zone) if booking.zone else programme_zone)


def _spans(booking: Booking, zone: ZoneInfo) -> Iterator[_Span]:
    for day, start, end in _by_local_day(booking.start, booking.end, zone):
        yield _Span(booking, day, start, end)


def _spans_by_day(ordered: Sequence[Booking], zone: ZoneInfo) -> dict[date, list[_Span]]:
    days: dict[date, list[_Span]] = {}
    for booking in ordered:
        for span in _spans(booking, zone):
            days.setdefault(span.day, []).append(span)
    return dict(sorted(days.items()))


# Double booking ---------------------------------------------------------------------------------


def _double_bookings(mine: Sequence[Booking], theirs: Sequence[Booking]) -> Iterator[_Found]:
    """Each overlapping pair once for the people it shares (a delegation of eight in two
    appointments at once is one finding, not eight) and once for a shared venue.

    Pairwise on purpose: a programme has tens of appointments, and the Django layer passes only
    other appointments that touch the visit's days.
    """
    candidates = [*mine, *theirs]
    for i, booking in enumerate(mine):
        for j, other in enumerate(candidates):
            if j < len(mine) and j <= i:
                continue  # a pair inside the programme is seen once, from its first booking
            if not _overlap(booking.start, booking.end, other.start, other.end):
                continue
            if shared := booking.people & other.people:
                facts = {"people": tuple(_ordered(shared))}
                yield _found(Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, (booking, other), facts)
            if booking.venue is not None and booking.venue == other.venue:
                yield _found(
                    Kind.VENUE_DOUBLE_BOOKED,
                    Severity.ERROR,
                    (booking, other),
                    {"venue": booking.venue},
                )


def _booked_unseen(
    ordered: Sequence[Booking], unseen: Sequence[Booking], zone: ZoneInfo
) -> Iterator[_Found]:
    """A question for each local day the programme shares with unseen appointments: for the
    people of ours who have one that day, concerning all of our appointments they take part
    in that day (those with the same appointments are one question); and for a venue of ours
    booked that day, concerning all of ours there. A delegation of four appointments and one
    dinner elsewhere is asked about once, not four times.

    Only the day, never the time: a clash to the minute, or an hour's way either side, would
    tell another city's coordinator when a restricted reception takes place as they move their
    own appointment about. Nor which of the two comes first, so the finding names ours only.
    """
    taken: dict[date, list[Booking]] = {}
    for other in unseen:
        for day in own_days(other, zone):
            taken.setdefault(day, []).append(other)
    people: dict[tuple[date, Hashable], list[Booking]] = {}  # ours each person takes that day
    venues: dict[tuple[date, Hashable], list[Booking]] = {}
    for booking in ordered:
        for day in _days_taken(booking, zone):
            that_day = taken.get(day, [])
            for person in _ordered({p for o in that_day for p in booking.people & o.people}):
                people.setdefault((day, person), []).append(booking)
            if booking.venue is not None and any(o.venue == booking.venue for o in that_day):
                venues.setdefault((day, booking.venue), []).append(booking)
    asked: dict[tuple[date, tuple[Booking, ...]], list[Hashable]] = {}
    for (day, person), bookings in people.items():
        asked.setdefault((day, tuple(bookings)), []).append(person)
    for (day, concerned), persons in asked.items():
        facts = {"people": tuple(_ordered(persons)), "day": day}
        yield _found(Kind.PERSON_BOOKED_UNSEEN, Severity.WARNING, concerned, facts)
    for (day, venue), bookings in venues.items():
        facts = {"venue": venue, "day": day}
        yield _found(Kind.VENUE_BOOKED_UNSEEN, Severity.WARNING, bookings, facts)


# Travel -----------------------------------------------------------------------------------------


def _travel_shortfalls(ordered: Sequence[Booking], travel: TravelTimes | None) -> Iterator[_Found]:
    """Too little time to get from where the group is to the next venue, by day or night.

    Appointments without a venue (a call, the bus ride itself) are skipped, so the trip from
    the venue before them to the venue after them is checked against the whole time in between.
    """
    if travel is None:
        return
    for before, after in _ways(ordered, lambda b: b.venue is not None):
        if before.venue == after.venue:
            continue
        checked = _way_checked(before, after, travel.minutes(before.venue, after.venue))
        if checked:
            severity, facts = checked
            yield _found(Kind.TRAVEL_TOO_SHORT, severity, (before, after), facts)


def _way_checked(
    before: Booking, after: Booking, needed: int | None
) -> tuple[Severity, dict[str, object]] | None:
    """How grave a way between two venues that is too short is, and its facts; None when it
    is long enough.

    A way nobody can work out (``needed`` None) is not passed as fine: with less than an hour
    it is a question (``"unknown"``), and two appointments at two places at once a conflict.
    """
    where: dict[str, object] = {"from_venue": before.venue, "to_venue": after.venue}
    if needed is not None:
        too_short = _too_short(before, after, needed)
        return (Severity.ERROR, {**where, **too_short}) if too_short else None
    too_short = _too_short(before, after, UNKNOWN_WAY_MINUTES)
    if not too_short:
        return None
    severity = Severity.ERROR if too_short.get("overlap") else Severity.WARNING
    return severity, {**where, **too_short, "unknown": True}


def _travel_shortfalls_of_people(
    ordered: Sequence[Booking], theirs: Sequence[Booking], travel: TravelTimes | None
) -> Iterator[_Found]:
    """Too little time for a person of the programme to get between one of its appointments
    and one of another visit, by car. Ways within the programme are the group's (above), ways
    between two other visits' appointments are theirs; ways that overlap are double bookings.
    ``theirs`` holds no unseen appointment: its day is the question (_booked_unseen)."""
    if travel is None:
        return
    by_car = travel.for_a_person()
    mine = {b.key for b in ordered}
    for person in _ordered({p for b in ordered for p in b.people}):
        diary = _in_time_order([b for b in [*ordered, *theirs] if person in b.people])
        for before, after in _ways(diary, lambda b: b.venue is not None):
            if (before.key in mine) == (after.key in mine) or after.start < before.end:
                continue
            if before.venue == after.venue:
                continue
            if checked := _way_checked(before, after, by_car.minutes(before.venue, after.venue)):
                severity, facts = checked
                facts = {"person": person, **facts}
                yield _found(Kind.PERSON_TRAVEL_TOO_SHORT, severity, (before, after), facts)


def _ways(
    ordered: Sequence[Booking], somewhere: Callable[[Booking], bool]
) -> Iterator[tuple[Booking, Booking]]:
    """Each appointment that is somewhere, with the one it is reached from: of those before
    it, the one that ends last. After a long visit with a short one inside it at the same
    place, the way on starts when the long one ends."""
    before = None
    for after in filter(somewhere, ordered):
        if before is not None:
            yield before, after
        if before is None or after.end > before.end:
            before = after


def _too_short(before: Booking, after: Booking, needed: int) -> dict[str, object]:
    """The minutes a way needs and the minutes between, when they are too few; empty when
    they are enough."""
    # Negative when they overlap: the group cannot be in two places either, which is said.
    available = _whole_minutes(after.start - before.end)
    if available >= needed:
        return {}
    if available < 0:
        return {"needed": needed, "available": 0, "overlap": True}
    return {"needed": needed, "available": available}


# Opening hours ----------------------------------------------------------------------------------


def _missed_by(span: tuple[datetime, datetime], interval: tuple[datetime, datetime]) -> float:
    """How much of the booking lies outside the interval, to name the hours it nearly fits."""
    (start, end), (opens, closes) = span, interval
    before = max(timedelta(0), min(end, opens) - start)
    after = max(timedelta(0), end - max(start, closes))
    return (before + after).total_seconds()


def _outside_opening_hours(
    ordered: Sequence[Booking],
    venues: Mapping[Hashable, OpeningHours],
    zone: ZoneInfo,
) -> Iterator[_Found]:
    for booking in ordered:
        hours = venues.get(booking.venue) if booking.venue is not None else None
        if hours is None:
            continue  # nothing known about the venue: assume it is open
        venue_zone = hours.zone or zone
        for span in _spans(booking, venue_zone):
            for found in _opening_findings(span, hours, venue_zone):
                if venue_zone.key != zone.key:  # its days and hours are not the visit's
                    facts = {**found.finding.facts, "clock": venue_zone.key}
                    found = replace(found, finding=replace(found.finding, facts=facts))
                yield found


def unanswered_holidays(hours: OpeningHours, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The hours of public holidays on the venue's days for which it gave no hours of its own:
    it may or may not open then, whatever it keeps on other days. The checks warn about a
    booking there, and the optimiser keeps off them. Each day stands alone: an Israeli holiday's
    eve needs its own answer, whatever the venue said about the holiday itself. ``zone`` is the
    visit's, for a venue without a zone of its own."""
    return [
        (start, end)
        for holiday in hours.holidays
        for day, start, end in _by_local_day(holiday.start, holiday.end, hours.zone or zone)
        if day not in hours.exceptions
    ]


def _holiday_facts(span: _Span, holidays: Sequence[Holiday]) -> dict[str, object]:
    """The holiday kept during the span, if any; one that began the evening before its day
    says when it begins."""
    for holiday in holidays:
        if _overlap(span.start, span.end, holiday.start, holiday.end):
            if span.day < holiday.day:
                return {"holiday": holiday.name, "from": holiday.start}
            return {"holiday": holiday.name}
    return {}


def _opening_findings(span: _Span, hours: OpeningHours, zone: ZoneInfo) -> Iterator[_Found]:
    """ERROR when the venue said it is closed; WARNING when only the calendar says a holiday.

    A venue that gave no hours of its own for a public holiday may or may not open that day: we
    only know what it told us, so that is a warning to ask. An exception that closes it on a
    holiday is certain, and names the holiday. ``zone`` is the venue's.
    """
    booking, day = span.booking, span.day
    intervals = hours.on(day)
    holiday = _holiday_facts(span, hours.holidays)
    base = {"venue": booking.venue, "day": day}
    if intervals is not None and not intervals:
        # Closed on a weekday it opens, and a holiday: the holiday is why.
        if holiday and day in hours.exceptions and hours.weekly.get(day.weekday()):
            facts = {**base, **holiday}
            yield _found(Kind.CLOSED_ON_HOLIDAY, Severity.ERROR, (booking,), facts)
        else:
            facts = {**base, "closed": True}
            yield _found(Kind.OUTSIDE_OPENING_HOURS, Severity.ERROR, (booking,), facts)
        return
    if any(_overlap(span.start, span.end, *part) for part in unanswered_holidays(hours, zone)):
        facts = {**base, **holiday}
        yield _found(Kind.CLOSED_ON_HOLIDAY, Severity.WARNING, (booking,), facts)
    if intervals is None:
        return  # nothing is known of the day's hours

    windows = hours.spans(day, zone)
    # Hours entered as 09–12 and 12–18 are open from 9 to 18: touching intervals are joined.
    if any(opens <= span.start and span.end <= closes for opens, closes in normalise(windows)):
        return
    missed = [_missed_by((span.start, span.end), window) for window in windows]
    nearest = missed.index(min(missed))
    opens, closes = intervals[nearest]
    facts = {**base, "closed": False, "opens": opens, "closes": closes, "hours": intervals}
    yield _found(Kind.OUTSIDE_OPENING_HOURS, Severity.ERROR, (booking,), facts)


# Rest, day length, meals, restricted ------------------------------------------------------------


def _during_rest(ordered: Sequence[Booking], rest: Sequence[Period]) -> Iterator[_Found]:
    periods = sorted(rest, key=lambda p: p.start)
    for booking in ordered:
        for period in periods:
            if _overlap(booking.start, booking.end, period.start, period.end):
                facts = {"period": period.name, "from": period.start, "until": period.end}
                yield _found(Kind.DURING_REST, Severity.ERROR, (booking,), facts)


def _late_home_for_rest(ordered: Sequence[Booking], rules: Rules) -> Iterator[_Found]:
    """The last appointment before candle lighting must leave time to get back home.

    Only the one with a venue that ends last counts: from earlier ones the way home leads
    through it. Appointments without a venue (a call, the bus ride) do not change where the
    group is.
    """
    if rules.travel is None or rules.home is None:
        return
    placed = [b for b in ordered if b.venue is not None]
    for period in rules.rest:
        before = [b for b in placed if b.end <= period.start]
        if not before:
            continue
        last = max(before, key=lambda b: b.end)
        if period.start - last.end >= timedelta(days=1):
            continue
        if any(_overlap(b.start, b.end, last.end, period.start) for b in placed):
            continue  # it runs into the rest itself: that is the finding
        way_home = rules.travel.minutes(last.venue, rules.home)
        if way_home is not None and last.end + timedelta(minutes=way_home) > period.start:
            facts = {
                "period": period.name,
                "from": period.start,
                "until": period.end,
                "travel_home": way_home,
            }
            yield _found(Kind.DURING_REST, Severity.ERROR, (last,), facts)


def _long_days(ordered: Sequence[Booking], limit: int, zone: ZoneInfo) -> Iterator[_Found]:
    """A day runs from the first start to the last end of the appointments that start on it:
    an evening past midnight belongs to the day it began. Measured in real time: the night
    summer time begins, 08:00 to 20:00 is 11 hours."""
    days: dict[date, list[Booking]] = {}
    for booking in ordered:
        days.setdefault(booking.start.astimezone(zone).date(), []).append(booking)
    for day, bookings in days.items():
        length = max(b.end for b in bookings) - min(b.start for b in bookings)
        if length > timedelta(minutes=limit):
            minutes = math.ceil(length.total_seconds() / 60)
            facts = {"day": day, "minutes": minutes, "limit": limit}
            yield _found(Kind.DAY_TOO_LONG, Severity.ERROR, bookings, facts)


def _missing_meal_breaks(
    days: Mapping[date, Sequence[_Span]], rides: Sequence[_Ride], rules: Rules, zone: ZoneInfo
) -> Iterator[_Found]:
    """A WARNING: people can eat on the bus, but someone should decide that they will. Time
    on the way between two venues (``rides``) is no break, but the group may eat before it
    sets off."""
    window_from, window_until = rules.meal_window
    for day, spans in days.items():
        opens = datetime.combine(day, window_from, tzinfo=zone).astimezone(UTC)
        closes = datetime.combine(day, window_until, tzinfo=zone).astimezone(UTC)
        if not (min(s.start for s in spans) < closes and max(s.end for s in spans) > opens):
            continue  # the day ends before lunch or starts after it
        inside = [s for s in spans if _overlap(s.start, s.end, opens, closes)]
        if any(s.booking.is_meal for s in inside):
            continue
        longest = _free_for_a_meal(inside, rides, opens, closes)
        if longest >= timedelta(minutes=rules.meal_minutes):
            continue
        facts = {
            "day": day,
            "from": window_from,
            "until": window_until,
            "needed": rules.meal_minutes,
            "available": _whole_minutes(longest),
        }
        concerned = (s.booking for s in inside or spans)
        yield _found(Kind.NO_MEAL_BREAK, Severity.WARNING, concerned, facts)


# Between the end of one appointment at a venue and the start of the next at another, and the
# minutes on the road from the one to the other.
_Ride = tuple[datetime, datetime, int]


def _on_the_way(ordered: Sequence[Booking], travel: TravelTimes | None) -> list[_Ride]:
    """The rides from one venue to the next. A way nobody can work out takes no time here:
    the travel check asks about it; so do two appointments at two places at once."""
    if travel is None:
        return []
    rides = []
    for before, after in _ways(ordered, lambda b: b.venue is not None):
        minutes = travel.minutes(before.venue, after.venue) if before.venue != after.venue else 0
        if minutes and before.end < after.start:
            rides.append((before.end, after.start, minutes))
    return rides


_TICK = timedelta(microseconds=1)  # a timedelta is a whole number of them: exact arithmetic


def _free_for_a_meal(
    inside: Sequence[_Span], rides: Sequence[_Ride], opens: datetime, closes: datetime
) -> timedelta:
    """``longest_break`` on the clock: counted from the window's opening, in UTC."""

    def since_opening(moment: datetime) -> int:
        return (moment - opens) // _TICK

    busy = [(since_opening(s.start), since_opening(s.end)) for s in inside]
    on_the_road = [
        (since_opening(leave), since_opening(arrive), timedelta(minutes=minutes) // _TICK)
        for leave, arrive, minutes in rides
    ]
    return _TICK * longest_break(busy, on_the_road, 0, since_opening(closes))


def longest_break(
    busy: Sequence[tuple[int, int]],
    rides: Sequence[tuple[int, int, int]],
    opens: int,
    closes: int,
) -> int:
    """The longest time in the meal window [opens, closes] that nothing in ``busy`` covers
    and no ride takes. A ride ``(leave, arrive, length)`` may leave whenever between the two
    appointments, so the break can be before it or after it: it is placed at the start of
    its gap or at the end, whichever leaves the longer break (somewhere in between only
    splits the free time). A break cannot pass an appointment, so each gap is judged on its
    own, and the better of all rides early and all rides late is the best every gap can do.

    Numbers, so that the checks (from the window's opening) and the optimiser's room for
    lunch (its minutes) judge alike. With lunch from 11:30 to 14:30, a day 9:30 to 12:30
    and, a quarter of an hour away, 13:00 to 14:00, then 10 minutes on the road to 17:30,
    has half an hour after 14:00, on the road only later:
    ``longest_break([(570, 750), (780, 840)], [(750, 780, 15), (840, 1050, 10)], 690, 870)``
    is 30.
    """
    early = [(leave, min(arrive, leave + length)) for leave, arrive, length in rides]
    late = [(max(leave, arrive - length), arrive) for leave, arrive, length in rides]
    return max(
        _longest_gap([*busy, *early], opens, closes), _longest_gap([*busy, *late], opens, closes)
    )


def _longest_gap(busy: Sequence[tuple[int, int]], opens: int, closes: int) -> int:
    """The longest time in [opens, closes] that nothing in ``busy`` covers, overlaps merged."""
    longest, free_from = 0, opens
    for start, end in sorted(busy):
        longest = max(longest, min(start, closes) - free_from)
        free_from = max(free_from, end)
    return max(longest, closes - free_from)


def _restricted_without_liaison(ordered: Sequence[Booking]) -> Iterator[_Found]:
    """A WARNING: sharing is the coordinator's call, but security should not hear it last."""
    for booking in ordered:
        if booking.restricted and not booking.has_liaison:
            yield _found(Kind.RESTRICTED_WITHOUT_LIAISON, Severity.WARNING, (booking,), {})
