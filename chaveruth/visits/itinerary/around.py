"""What a visit's programme is planned around: where the delegation keeps Shabbat and the
holidays, the days' notes, the ways between venues, the venues' opening hours, and the other
visits' appointments that share a venue or a person with it (with which of them the city may
not know the time and place of)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chaveruth.accounts.models import Share
from chaveruth.directory.models import TravelTime, Venue
from chaveruth.planning import calendars, checks
from chaveruth.planning.travel import Mode, Point, TravelTimes
from chaveruth.visits.models import Appointment, Visit, Wish


def point_of(venue: Venue | None) -> Point | None:
    """Where the venue is, if its coordinates are known."""
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
    hotel = visit.hotel
    if hotel is not None and hotel.country == country and (point := point_of(hotel)):
        return _calendar_place(point, country, visit.time_zone)
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


# hdate's English names of the rest days (``calendars.rest_day_names``), as the reader spells
# them: "Pesach" is "Pessach" in German.
_REST_DAYS = {
    "Shabbat": gettext_lazy("Shabbat"),
    "Rosh Hashana I": gettext_lazy("Rosh Hashana I"),
    "Rosh Hashana II": gettext_lazy("Rosh Hashana II"),
    "Yom Kippur": gettext_lazy("Yom Kippur"),
    "Sukkot": gettext_lazy("Sukkot"),
    "Sukkot II": gettext_lazy("Sukkot II"),
    "Shmini Atzeret": gettext_lazy("Shmini Atzeret"),
    "Simchat Torah": gettext_lazy("Simchat Torah"),
    "Pesach": gettext_lazy("Pesach"),
    "Pesach II": gettext_lazy("Pesach II"),
    "Pesach VII": gettext_lazy("Pesach VII"),
    "Pesach VIII": gettext_lazy("Pesach VIII"),
    "Shavuot": gettext_lazy("Shavuot"),
    "Shavuot II": gettext_lazy("Shavuot II"),
}


# The public holidays of Israel that are no Yom Tov, as ``holidays`` names them in English (it
# has no German names for Israel).
_ISRAELI_DAYS = {
    "Independence Day": gettext_lazy("Independence Day"),
    "Independence Day (observed)": gettext_lazy("Independence Day (observed)"),
}


def _rest_name(name: str) -> str:
    """A Shabbat or Yom Tov in the reader's language."""
    return str(_REST_DAYS.get(name, name))


def _yom_tov(holiday: calendars.Holiday) -> tuple[str, ...]:
    """The Yom Tov that an Israeli public holiday is, in the reader's language, or ()."""
    if holiday.country != "IL":
        return ()
    names = calendars.rest_day_names(holiday.day, in_israel=True)
    return tuple(_rest_name(name) for name in names if name != "Shabbat")


def _holiday_name(holiday: calendars.Holiday) -> str:
    """The holiday's name; a Yom Tov's as the Shabbat and Yom Tov times give it, not as
    ``holidays`` does ("Rosh Hashanah" for both days, in English on a German page)."""
    return " / ".join(_yom_tov(holiday)) or str(_ISRAELI_DAYS.get(holiday.name, holiday.name))


def _holiday_language() -> str:
    """The reader's language, as ``holidays`` names its languages."""
    return {"de": "de", "he": "he"}.get(get_language(), "en_US")


def _holidays_at(venue: Venue, visit: Visit) -> tuple[checks.Holiday, ...]:
    """The public holidays of the venue's country from the day before the visit to the day
    after, named in the reader's language: NRW's in Germany, Israel's from sunset the evening
    before."""
    if venue.country not in _ZONES:
        return ()
    point = point_of(venue) or _REFERENCE_POINTS[venue.country]
    place = _calendar_place(point, venue.country, _ZONES[venue.country])
    # A day either side: the venue's clock may be an hour off the visit's, and an Israeli
    # holiday begins the evening before.
    first, last = visit.start_date - dt.timedelta(days=1), visit.end_date + dt.timedelta(days=1)
    by_day: dict[dt.date, list[calendars.Holiday]] = {}
    for holiday in calendars.public_holidays(first, last, venue.country, _holiday_language()):
        by_day.setdefault(holiday.day, []).append(holiday)
    return tuple(
        checks.Holiday(
            day, " / ".join(map(_holiday_name, same)), *calendars.kept_from_until(same[0], place)
        )
        for day, same in by_day.items()
    )


def holiday_at(venue: Venue, day: dt.date) -> str:
    """The public holiday on ``day`` where the venue is, named as the checks name it, in the
    reader's language; "" for none."""
    if venue.country not in _ZONES:
        return ""
    same = calendars.public_holidays(day, day, venue.country, _holiday_language())
    return " / ".join(map(_holiday_name, same))


class NoteKind(StrEnum):
    REST_BEGINS = "rest_begins"  # candle lighting, for an observant delegation
    REST_ALL_DAY = "rest_all_day"  # a day wholly inside a rest period: no programme at all
    REST_ENDS = "rest_ends"  # havdalah
    HOLIDAY = "holiday"  # a public holiday where the visit takes place
    # Not a working day in that country (``calendars.is_work_day``) and no public holiday
    # noted: its weekend, Friday and Saturday in Israel, and a Yom Tov there that an
    # observant delegation's rest note names.
    DAY_OFF = "day_off"


@dataclass(frozen=True)
class DayNote:
    kind: NoteKind
    # The rest period's days, or for a day wholly inside it that day's (Shabbat, Yom Tov);
    # the holiday's; the country's for a day off.
    name: str
    at: dt.datetime | None = None  # when a rest period begins or ends


def day_notes(visit: Visit, *, with_rest: bool) -> dict[dt.date, list[DayNote]]:
    """What the calendar of the country the visit takes place in says about each of its days:
    when an observant delegation's Shabbat or Yom Tov begins and ends, and which days lie
    wholly inside it; the public holidays and the days off in its work week. The times are the
    checks' own (see ``_place``). A day names each holiday once: Israel's Yom Tov, a public
    holiday there, is not noted again on a day a note of the rest period names it (the day is
    noted as not a working day instead).

    Pesach 5786 in NRW, one period from Wednesday 1 April 2026 at 19:47 to Saturday 4 April at
    21:02: Wednesday says when it begins, Saturday when it ends, Thursday (Pesach) and Friday
    (Pesach II, and Good Friday's own note) that the delegation rests all day.

    Without the rest (``with_rest=False``: for a reader not to be told whether the delegation
    keeps Shabbat, ``access.can_read_visit_facts``), the days name their holidays as for a
    delegation that does not. Asked each time, so that no new page tells it by default."""
    country = _visit_country(visit)
    rest = _rest_notes(visit, in_israel=country == "IL") if with_rest else {}
    notes: dict[dt.date, list[DayNote]] = {day: [] for day in visit.days()}
    for holiday in calendars.public_holidays(
        visit.start_date, visit.end_date, country, _holiday_language()
    ):
        if not (holiday.day in rest and _yom_tov(holiday)):  # else its rest note names it
            notes[holiday.day].append(DayNote(NoteKind.HOLIDAY, _holiday_name(holiday)))
    names = {"DE": _("Germany"), "IL": _("Israel")}
    for day, said in notes.items():
        if not said and not calendars.is_work_day(day, country):
            said.append(DayNote(NoteKind.DAY_OFF, names[country]))
        if day in rest:
            said.append(rest[day])
    return notes


def _rest_notes(visit: Visit, in_israel: bool) -> dict[dt.date, DayNote]:
    """Each day's note of an observant delegation's rest: when it begins, that it lasts all
    day, or when it ends. (Rest days in a row are one period, so no two share a day.)"""
    rest: dict[dt.date, DayNote] = {}
    for period in rest_periods(visit):
        begins, ends = period.start.astimezone(visit.zone), period.end.astimezone(visit.zone)
        rest[begins.date()] = DayNote(NoteKind.REST_BEGINS, period.name, begins)
        day = begins.date() + dt.timedelta(days=1)
        while day < ends.date():
            kept = calendars.rest_day_names(day, in_israel)
            rest[day] = DayNote(NoteKind.REST_ALL_DAY, " / ".join(map(_rest_name, kept)))
            day += dt.timedelta(days=1)
        rest[ends.date()] = DayNote(NoteKind.REST_ENDS, period.name, ends)
    return rest


def travel_times(visit: Visit, venues: Iterable[Venue | None]) -> TravelTimes:
    by_pk = {venue.pk: venue for venue in venues if venue is not None}
    entered = TravelTime.objects.filter(origin__in=by_pk, destination__in=by_pk)
    return TravelTimes(
        mode=Mode(visit.travel_mode),
        points={pk: point for pk, venue in by_pk.items() if (point := point_of(venue))},
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
            # Not closed means both hours are given (a constraint of OpeningException).
            e.date: ((e.opens, e.closes),)
            if not e.closed and e.opens is not None and e.closes is not None
            else ()
            for e in venue.opening_exceptions.all()
        }
        known[venue.pk] = checks.OpeningHours(
            weekly={day: tuple(spans) for day, spans in weekly.items()},
            exceptions=exceptions,
            holidays=_holidays_at(venue, visit),
            zone=ZoneInfo(_ZONES[venue.country]) if venue.country in _ZONES else None,
        )
    return known


def with_relations(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """What the checks read of each appointment, in a fixed number of queries; of its shares
    those in force (a liaison moved to another city no longer counts)."""
    return appointments.select_related("venue").prefetch_related(
        "visits",
        "hosts",
        "participants",
        Prefetch("shares", Share.objects.in_force()),
        "venue__opening_hours",
        "venue__opening_exceptions",
    )


def visit_span(visit: Visit) -> tuple[dt.datetime, dt.datetime]:
    """From midnight of its first day to midnight after its last, on its clock."""
    start = dt.datetime.combine(visit.start_date, dt.time(), visit.zone)
    return start, dt.datetime.combine(visit.end_date + dt.timedelta(days=1), dt.time(), visit.zone)


def appointments_around(visit: Visit, programme: Sequence[Appointment]) -> QuerySet[Appointment]:
    """Other appointments during the visit that share a person or a venue with its programme."""
    people = {p.pk for a in programme for p in [*a.hosts.all(), *a.participants.all()]}
    venues = {a.venue_id for a in programme if a.venue_id}
    start, end = visit_span(visit)
    return with_relations(
        Appointment.objects.in_force()
        .filter(start__lt=end, end__gt=start)
        .filter(Q(venue__in=venues) | Q(hosts__in=people) | Q(participants__in=people))
        .exclude(visits=visit)
        .distinct()
    )


def unknown_to_the_city(visit: Visit, others: Iterable[Appointment]) -> frozenset[int]:
    """Other appointments none of whose visits the visit's own city hosts: its coordinators
    may not know their time or place (chaveruth.accounts.access), so a clash with one is told
    only by the day (checks.Rules.unseen), the same on every reader's page and in the
    optimiser. Needs ``visits`` prefetched."""
    city = visit.host_municipality_id
    return frozenset(
        a.pk for a in others if all(v.host_municipality_id != city for v in a.visits.all())
    )


def own_clock(appointment: Appointment) -> str:
    """The time zone of the visit an appointment belongs to (of a joint one, the first): the
    days of another city's appointment are counted on it (checks.own_days). Needs ``visits``
    prefetched."""
    visits = sorted(appointment.visits.all(), key=lambda visit: visit.pk)
    return visits[0].time_zone if visits else settings.TIME_ZONE


def delegation(visit: Visit) -> frozenset[int]:
    """The persons of the visit's delegation. The optimiser plans one path a day for the
    delegation as a whole, so every wish it places is theirs as well as its required
    participants': they take part in it (see wish_people)."""
    return frozenset(visit.delegates.values_list("person_id", flat=True))


def wish_people(wish: Wish, delegation: frozenset[int]) -> frozenset[int]:
    """Who must be free for a wish: its required participants and the delegation."""
    return delegation | {p.pk for p in wish.participants.all()}


def busy_elsewhere(visit: Visit, wishes: Iterable[Wish]) -> list[Appointment]:
    """Other visits' appointments at the wished-for venues or with the people wished for."""
    people = delegation(visit) | {p.pk for wish in wishes for p in wish.participants.all()}
    start, end = visit_span(visit)
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
