"""The optimiser's question and its answer: the wish list and the fixed programme as an
orienteering problem (``planning.optimiser``), and the proposal as the visit keeps it.

Time is counted in minutes from midnight a day before the visit's first day, in absolute time,
so a day with a change to summer time has 23 hours, as it should."""

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import combinations
from typing import Any, NotRequired, TypedDict
from zoneinfo import ZoneInfo

from chaveruth.directory.models import Venue
from chaveruth.planning import checks, optimiser
from chaveruth.planning.meals import MealBreak
from chaveruth.planning.travel import TravelTimes
from chaveruth.planning.windows import Windows, intersect, normalise, starts_avoiding
from chaveruth.visits.itinerary.around import (
    busy_elsewhere,
    delegation,
    opening_hours,
    own_clock,
    point_of,
    rest_periods,
    travel_times,
    unknown_to_the_city,
    wish_people,
    with_relations,
)
from chaveruth.visits.models import Appointment, Proposal, Visit, Wish

_MINUTE = dt.timedelta(minutes=1)
_DAY = dt.timedelta(days=1)


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
    """Why a wish could not be placed. Where several rules together leave it no time, each
    is named, in this order."""

    NO_DAY = "no_day"  # its day is no longer one of the visit's (the dates changed since)
    NO_COORDINATES = "no_coordinates"  # its venue has none: travel to it cannot be planned
    NO_TIME = "no_time"  # its length and hours leave no room within the visit's day hours
    VENUE_CLOSED = "venue_closed"  # on every day it may take place
    # Open, but never as long as the wish within its hours (a day's tour of a museum).
    OPEN_TOO_SHORT = "open_too_short"
    HOLIDAY = "holiday"  # a public holiday the venue gave no hours for: it may be closed
    REST = "rest"  # Shabbat or Yom Tov of an observant delegation
    # Booked, or on the way, at the times of other visits of the city's own.
    PARTICIPANTS_BUSY = "participants_busy"
    # Booked that day by another city's visit, whose time the city may not know: the optimiser
    # keeps the whole day free of them (and of the venue, below), and says which day.
    PARTICIPANTS_BUSY_UNSEEN = "participants_busy_unseen"
    VENUE_BOOKED = "venue_booked"
    VENUE_BOOKED_UNSEEN = "venue_booked_unseen"
    # Even alone, no day leaves time for the way from the hotel, the wish and the way back.
    TOO_FAR = "too_far"
    NO_GAP = "no_gap"  # the appointments already planned leave no gap for it, travel included
    LONG_DAY = "long_day"  # it fits only by making its day longer than the visit's longest
    OUTVALUED = "outvalued"  # it fits alone, but only in place of wishes worth more


# What a rule's message names, as JSON: days and moments in ISO 8601, records by their keys.
# Names are looked up when it is read, in the reader's language (findings.explain_left_out).
Facts = dict[str, Any]


class Rule(TypedDict):
    """A rule that stands in a wish's way, with the facts that say how."""

    reason: Reason
    facts: Facts


def _rule(reason: Reason, facts: Facts | None = None) -> Rule:
    return {"reason": reason, "facts": facts or {}}


@dataclass(frozen=True)
class WishWindows:
    windows: Windows
    rules: tuple[Rule, ...] = ()  # what leaves ``windows`` empty, in the order of Reason

    @property
    def reason(self) -> Reason | None:
        return self.rules[0]["reason"] if self.rules else None


def _open_spans(hours: checks.OpeningHours | None, day: dt.date, clock: Clock) -> Windows:
    """When the venue is open around a day of the visit. Its hours are read on its own clock,
    so the days before and after count too when that is not the visit's."""
    if hours is None:
        return ((clock.at(day, dt.time()), clock.at(day + dt.timedelta(days=1), dt.time())),)
    days_around = (day + dt.timedelta(days=n) for n in (-1, 0, 1))
    spans = (span for venue_day in days_around for span in hours.spans(venue_day, clock.zone))
    # Inward: a venue that opens at 09:00:30 is not open at 09:00.
    return normalise((clock.minute_after(start), clock.minute(end)) for start, end in spans)


@dataclass(frozen=True)
class Busy:
    """When a person or the venue is taken by other visits' appointments: at the times of
    those the city knows the time of (a person's with the way there and back), and all day on
    each local day one of another city's takes (checks.Rules.unseen), so that neither the
    time a wish is placed at nor the reason it is left out tells when in its day that one
    is."""

    times: tuple[tuple[int, int], ...] = ()
    days: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class _Block:
    """Times a wish may not overlap, for one reason, with what its message names of them."""

    reason: Reason
    # A holiday's day, a rest period, a person's key, a day and a person's key, a day, or None
    named: object
    spans: tuple[tuple[int, int], ...]


def _holidays(hours: checks.OpeningHours | None, clock: Clock) -> list[_Block]:
    """When a venue is taken as closed for a public holiday: where the checks would warn (the
    venue may open, but nobody said so). Each names the day to answer for, on the venue's
    clock, and the holiday (from the evening before, in Israel)."""
    if hours is None:
        return []
    zone = hours.zone or clock.zone
    blocks = []
    for start, end in checks.unanswered_holidays(hours, clock.zone):
        day = start.astimezone(zone).date()
        holiday = next((h for h in hours.holidays if h.start <= start < h.end), None)
        holiday_day = holiday.day if holiday else day
        named = {"day": day.isoformat(), "holiday": holiday_day.isoformat(), "clock": zone.key}
        if holiday and day < holiday_day:  # its eve
            named["from"] = holiday.start.isoformat()
        blocks.append(_Block(Reason.HOLIDAY, named, (clock.span(start, end),)))
    return blocks


def wish_windows(
    wish: Wish,
    visit: Visit,
    clock: Clock,
    hours: checks.OpeningHours | None,
    rest: Iterable[tuple[int, int]],
    people_busy: Mapping[int, Busy],
    venue_busy: Busy,
) -> WishWindows:
    """The start times open to a wish: within its hours and the venue's, outside a public
    holiday the venue gave no hours for, the delegation's rest, the times its people (by
    their keys) are busy elsewhere and those the venue is booked (``Busy``).

    Where none are left, the rules that leave it no time: the hours where they alone do (the
    wish's and the visit's, then the venue's); else each of the others that takes any of the
    time the hours leave, in the order of Reason. A Friday that is a holiday in question is
    named as such, and Shabbat that evening beside it."""
    minutes = wish.minutes
    if wish.day and wish.day not in visit.days():  # the visit's dates changed since
        return WishWindows((), (_rule(Reason.NO_DAY),))
    days = [wish.day] if wish.day else visit.days()
    earliest = max(wish.not_before or visit.day_starts, visit.day_starts)
    latest = min(wish.not_after or visit.day_ends, visit.day_ends)
    allowed = normalise((clock.at(day, earliest), clock.at(day, latest) - minutes) for day in days)
    if not allowed:
        return WishWindows((), (_rule(Reason.NO_TIME),))
    spans = {day: _open_spans(hours, day, clock) for day in days}
    open_ = intersect(allowed, [(a, b - minutes) for day in days for a, b in spans[day]])
    if not open_:
        return WishWindows((), (_venue_hours(wish, clock, spans, (earliest, latest)),))
    blocks = [
        *_holidays(hours, clock),
        *(_Block(Reason.REST, _moments(clock, span), (span,)) for span in rest),
        *(_Block(Reason.PARTICIPANTS_BUSY, pk, b.times) for pk, b in sorted(people_busy.items())),
        *(
            _Block(Reason.PARTICIPANTS_BUSY_UNSEEN, (day.isoformat(), pk), (_whole(clock, day),))
            for pk, busy in sorted(people_busy.items())
            for day in busy.days
        ),
        _Block(Reason.VENUE_BOOKED, None, venue_busy.times),
        *(
            _Block(Reason.VENUE_BOOKED_UNSEEN, day.isoformat(), (_whole(clock, day),))
            for day in venue_busy.days
        ),
    ]
    windows = open_
    for block in blocks:
        windows = starts_avoiding(windows, block.spans, minutes)
    if windows:
        return WishWindows(windows)
    return WishWindows((), _in_the_way(wish, open_, blocks))


def _venue_hours(
    wish: Wish, clock: Clock, spans: dict[dt.date, Windows], hours: tuple[dt.time, dt.time]
) -> Rule:
    """The venue is closed on every day the wish may take place, or never open as long as it
    within its ``hours``: its opening hours on each of those days, on the visit's clock."""
    opening: dict[str, list[list[str]]] = {}
    for day, day_spans in spans.items():
        midnight, next_midnight = (clock.at(d, dt.time()) for d in (day, day + _DAY))
        opening[day.isoformat()] = [
            _moments(clock, (start, end))
            for start, end in day_spans
            if start < next_midnight and midnight < end
        ]
    if not any(opening.values()):
        return _rule(Reason.VENUE_CLOSED, {"venue": wish.venue_id, "days": list(opening)})
    facts = {
        "venue": wish.venue_id,
        "minutes": wish.minutes,
        "from": hours[0].isoformat("minutes"),
        "until": hours[1].isoformat("minutes"),
        "days": opening,
    }
    return _rule(Reason.OPEN_TOO_SHORT, facts)


def _moments(clock: Clock, span: tuple[int, int]) -> list[str]:
    return [clock.moment(minute).isoformat() for minute in span]


def _whole(clock: Clock, day: dt.date) -> tuple[int, int]:
    """A local day from midnight to midnight, as the checks count the days of another city's
    appointment (checks.own_days)."""
    return clock.at(day, dt.time()), clock.at(day + _DAY, dt.time())


def _in_the_way(wish: Wish, open_: Windows, blocks: list[_Block]) -> tuple[Rule, ...]:
    """Each rule of ``blocks`` that takes any of the times ``open_`` leaves, with what it
    names there: the holidays, the rest periods, the people busy elsewhere (never where or
    with whom: another city's appointments are not ours to tell, nor their time, only the
    day)."""
    named: dict[Reason, list[Any]] = {}
    for block in blocks:
        if starts_avoiding(open_, block.spans, wish.minutes) != open_:
            named.setdefault(block.reason, []).append(block.named)
    return tuple(
        _rule(reason, _facts(reason, named[reason], wish)) for reason in Reason if reason in named
    )


def _facts(reason: Reason, named: list[Any], wish: Wish) -> Facts:
    """What a rule's message names, of the blocks in the way (_Block.named)."""
    match reason:
        case Reason.HOLIDAY:
            return {"venue": wish.venue_id, "days": named}  # whose hours that day to enter
        case Reason.REST:
            return {"periods": named}
        case Reason.PARTICIPANTS_BUSY:
            return {"people": named}
        case Reason.PARTICIPANTS_BUSY_UNSEEN:  # by day, who is taken that day
            days: dict[str, list[int]] = {}
            for day, person in sorted(named):
                days.setdefault(day, []).append(person)
            return {"days": days}
        case Reason.VENUE_BOOKED_UNSEEN:
            return {"venue": wish.venue_id, "days": sorted(named)}
    return {}


@dataclass(frozen=True)
class Question:
    """The optimiser's problem for a visit, with what is needed to read its answer."""

    problem: optimiser.Problem
    clock: Clock
    wishes: dict[int, Wish]
    unplaceable: dict[int, tuple[Rule, ...]]  # by wish pk, for wishes with no possible start
    basis: str  # programme_basis of the visit it was posed for


class NoHotel(ValueError):
    """The visit has no hotel (any more): the days have nowhere to start and end."""


class NoCoordinates(ValueError):
    def __init__(self, venue: Venue) -> None:
        super().__init__(venue.name)
        self.venue = venue


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


def candidate_key(key: Hashable) -> tuple[str, int]:
    """A key as the question makes it, ``("fixed", appointment pk)`` or ``("wish", wish pk)``,
    handed back by the optimiser or the checks: they take any hashable key, so their plans,
    errors and findings say no more than that. Any other key here is a defect of ours."""
    match key:
        case (str() as kind, int() as pk):
            return kind, pk
    raise TypeError(f"{key!r} is not a key of a visit's question.")


def _fixed(
    programme: list[Appointment], location: dict[int, int], clock: Clock
) -> list[optimiser.Candidate]:
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


@dataclass(frozen=True)
class _Surroundings:
    """What the wishes are placed around, read once for all of them."""

    hours: dict[int, checks.OpeningHours]  # by venue
    rest: list[tuple[int, int]]  # Shabbat and Yom Tov, in the clock's minutes
    busy: list[Appointment]  # other visits' appointments with the venues or people wished for
    people: dict[int, frozenset[int]]  # of each of ``busy`` (by key), its hosts and participants
    travel: TravelTimes  # between the places, and to the venues of ``busy``
    unseen: frozenset[int]  # of ``busy``, those whose time and place the city may not know
    delegation: frozenset[int]  # persons, who take part in every wish (around.delegation)


def _wish_windows(
    visit: Visit, wish: Wish, clock: Clock, surroundings: _Surroundings
) -> WishWindows:
    by_car = surroundings.travel.for_a_person()

    def with_the_way(appointment: Appointment) -> tuple[int, int]:
        """Their time there, with the way there from the wish's venue and back, as the checks
        time it."""
        start, end = clock.span(appointment.start, appointment.end)
        if appointment.venue_id is None:
            return start, end
        to_it = by_car.minutes(wish.venue_id, appointment.venue_id) or 0
        from_it = by_car.minutes(appointment.venue_id, wish.venue_id) or 0
        return start - to_it, end + from_it

    def at_the_venue(appointment: Appointment) -> tuple[int, int]:
        return clock.span(appointment.start, appointment.end)

    def busy(
        appointments: list[Appointment], times: Callable[[Appointment], tuple[int, int]]
    ) -> Busy:
        """By their times, or by the days they take where the city may not know the time
        (checks.Rules.unseen)."""
        seen = [a for a in appointments if a.pk not in surroundings.unseen]
        unseen = [a for a in appointments if a.pk in surroundings.unseen]
        days = {
            day
            for a in unseen
            for day in checks.dates_taken(a.start, a.end, ZoneInfo(own_clock(a)))
        }
        return Busy(tuple(map(times, seen)), tuple(sorted(days)))

    return wish_windows(
        wish,
        visit,
        clock,
        surroundings.hours.get(wish.venue_id),
        surroundings.rest,
        # By person: a wish none can be placed for names those in its way.
        people_busy={
            person: busy(
                [a for a in surroundings.busy if person in surroundings.people[a.pk]],
                with_the_way,
            )
            for person in wish_people(wish, surroundings.delegation)
        },
        venue_busy=busy(
            [a for a in surroundings.busy if a.venue_id == wish.venue_id], at_the_venue
        ),
    )


def pose_question(visit: Visit) -> Question:
    """The visit's wish list and fixed programme as an orienteering problem.

    Raises NoHotel when the visit has no hotel, NoCoordinates when the hotel or a venue of the
    programme has none; a wish at a venue without them is left out, with that reason.
    """
    if visit.hotel is None:
        raise NoHotel()
    clock = visit_clock(visit)
    programme = list(with_relations(visit.appointments.all()))
    wishes = {
        w.pk: w
        for w in visit.wishes.filter(appointment=None)
        .select_related("venue")
        .prefetch_related("participants", "venue__opening_hours", "venue__opening_exceptions")
    }
    unplaceable: dict[int, tuple[Rule, ...]] = {
        pk: (_rule(Reason.NO_COORDINATES),) for pk, w in wishes.items() if not point_of(w.venue)
    }
    placeable = [w for pk, w in wishes.items() if pk not in unplaceable]
    places = [visit.hotel]  # location 0: each day starts and ends there
    for venue in [a.venue for a in programme] + [w.venue for w in placeable]:
        if venue is not None and venue not in places:
            places.append(venue)
    location = {venue.pk: n for n, venue in enumerate(places)}
    busy = busy_elsewhere(visit, placeable)
    surroundings = _Surroundings(
        hours=opening_hours(places, visit),
        rest=[clock.span(p.start, p.end) for p in rest_periods(visit)],
        busy=busy,
        people={
            a.pk: frozenset(p.pk for p in [*a.hosts.all(), *a.participants.all()]) for a in busy
        },
        travel=travel_times(visit, [*places, *(a.venue for a in busy)]),
        unseen=unknown_to_the_city(visit, busy),
        delegation=delegation(visit),
    )
    travel = _travel_matrix(surroundings.travel, places)
    fixed = _fixed(programme, location, clock)

    candidates = list(fixed)
    for wish in placeable:
        found = _wish_windows(visit, wish, clock, surroundings)
        if found.rules:
            unplaceable[wish.pk] = found.rules
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
        days=_days(visit, clock, surroundings.rest, fixed, travel),
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
    programme, its wish list, who takes part in each wish and who is in the delegation. A
    proposal made on another is out of date; for what lies outside the visit, see
    still_holds."""
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
    delegates = visit.delegates.order_by("person_id").values_list("person_id", flat=True)
    basis = repr([rules, list(programme), list(wishes), list(participants), list(delegates)])
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


class PlacedWish(TypedDict):
    """A wish a proposal places, as ``Proposal.plan`` keeps it."""

    wish: int  # pk
    start: str  # ISO 8601, in the visit's time zone
    end: str


class LeftOutWish(TypedDict):
    """A wish a proposal leaves out, as ``Proposal.left_out`` keeps it."""

    wish: int  # pk
    reason: Reason  # the first rule in its way
    # Each rule in its way with its facts, where they say more than ``reason`` (proposals
    # made before these were kept have none).
    rules: NotRequired[list[Rule]]


def _as_plan(question: Question, proposed: list[PlacedWish]) -> optimiser.Plan | None:
    """The programme and a proposal's appointments as the optimiser's plan of the question;
    None when one of them lies outside every day."""
    problem, clock = question.problem, question.clock
    stops = [
        optimiser.Stop(c.key, c.windows[0][0], c.windows[0][0] + c.duration)
        for c in problem.candidates
        if c.required  # the programme's appointments, at their time
    ]
    for item in proposed:
        start = clock.minute(dt.datetime.fromisoformat(item["start"]))
        end = clock.minute(dt.datetime.fromisoformat(item["end"]))
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
    plan: list[PlacedWish]  # in time order
    left_out: list[LeftOutWish]
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
    for stops in plan.days:
        for stop in stops:
            kind, pk = candidate_key(stop.key)
            if kind == "wish" and question.wishes[pk].kind == Appointment.Kind.MEAL:
                meals.append((stop.start, stop.end))
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
    placed: list[PlacedWish] = []
    # By the minute, not by the text: "02:15+01:00" is later than "02:30+02:00" in the hour the
    # clocks repeat.
    for stop in sorted((stop for day in plan.days for stop in day), key=lambda s: s.start):
        kind, pk = candidate_key(stop.key)
        if kind == "wish":
            start, end = question.clock.moment(stop.start), question.clock.moment(stop.end)
            placed.append({"wish": pk, "start": start.isoformat(), "end": end.isoformat()})
    reasons = dict(question.unplaceable)
    placed_pks = {item["wish"] for item in placed}
    for candidate in question.problem.candidates:
        kind, pk = candidate_key(candidate.key)
        if kind == "wish" and pk not in placed_pks:
            why = _why_left_out(question.problem, candidate, seconds_per_reason, on_progress)
            reasons[pk] = (_rule(why),)
    left_out = [_left_out(pk, reasons[pk]) for pk in question.wishes if pk in reasons]
    return Answer(plan.score, placed, left_out, question.basis)


def _left_out(pk: int, rules: tuple[Rule, ...]) -> LeftOutWish:
    item: LeftOutWish = {"wish": pk, "reason": rules[0]["reason"]}
    if len(rules) > 1 or rules[0]["facts"]:
        item["rules"] = list(rules)
    return item
