"""Shabbat and Yom Tov windows, public holidays and work weeks, for Germany (NRW) and Israel.

A delegation that keeps Shabbat has no programme from candle lighting to havdalah; the times
follow Hebcal's conventions, because that is the calendar the delegations themselves read:

- sunset: NOAA, the sun's centre 90.8333° from the zenith (16' radius plus a fixed 34' of
  refraction, no other refraction model), at sea level unless the place has an elevation;
- candle lighting: sunset with its seconds dropped, minus N minutes (18 in the diaspora; in
  Israel 40 in Jerusalem, 30 in Haifa and Zikhron Ya'akov, 20 elsewhere);
- havdalah: the sun's centre 8.5° below the horizon (no refraction, no elevation), rounded to
  the nearest minute; or, where a community uses fixed minutes, sunset rounded plus N minutes.

The sun times come from astral (NOAA), not from hdate: hdate's are 3-4 minutes early at NRW's
latitudes. hdate gives the Jewish calendar and the diaspora/Israel difference (two-day or one-day
Yom Tov); ``holidays`` gives the public holidays. All times are aware, in the place's zone.
"""

import contextvars
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from astral import Observer, SunDirection
from astral.sun import noon, time_of_transit
from hdate.hebrew_date import HebrewDate
from hdate.holidays import Holiday as HebrewHoliday
from hdate.holidays import HolidayDatabase, HolidayTypes
from hdate.translator import set_language

from chaveruth.planning.travel import Point, distance_km

SUNSET_ZENITH = 90 + 50 / 60  # degrees: the sun's centre when its upper limb meets the horizon
HAVDALAH_DEGREES = 8.5  # the sun's centre below the horizon
DIASPORA_CANDLE_MINUTES = 18
ISRAEL_CANDLE_MINUTES = 20
# Israel's cities that light earlier, as Hebcal has it (``israelCityOffset``): a centre, a
# radius that roughly covers the city, and the minutes. Hebcal goes by the city's name; a
# circle is as near as coordinates get.
_EARLIER_IN_ISRAEL = (
    (Point(31.76904, 35.21633), 10.0, 40),  # Jerusalem
    (Point(32.81841, 34.98850), 6.0, 30),  # Haifa
    (Point(32.57070, 34.95360), 3.0, 30),  # Zikhron Ya'akov
)
SATURDAY = 5  # date.weekday()

# Python's weekday numbers: Monday 0 … Sunday 6.
_WORK_WEEKS = {"DE": frozenset({0, 1, 2, 3, 4}), "IL": frozenset({6, 0, 1, 2, 3})}
_SUBDIVISIONS = {"DE": "NW", "IL": None}  # public holidays differ by German state; ours is NRW


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    time_zone: str  # IANA name, e.g. "Europe/Berlin"
    elevation: float = 0.0  # metres; lowers the horizon for sunset (not for havdalah)
    in_israel: bool = False  # one-day Yom Tov and Israel's calendar


@dataclass(frozen=True)
class RestWindow:
    """A span in which an observant delegation does no programme."""

    start: datetime  # candle lighting (aware)
    end: datetime  # havdalah (aware)
    names: tuple[str, ...]  # e.g. ("Shabbat",), ("Pesach", "Pesach II"), ("Sukkot", "Shabbat")


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str  # as ``holidays`` gives it, in English
    country: str  # "DE" or "IL"


class SunNeverReaches(ValueError):
    """The sun does not reach the asked depression on that day (white nights, polar days)."""


# --- Sun times ------------------------------------------------------------------------------


def _setting(place: Place, day: date, zenith: float, elevation: float) -> datetime:
    """When the setting sun's centre passes ``zenith`` degrees from the zenith, in UTC."""
    observer = Observer(place.latitude, place.longitude, float(elevation))
    try:
        # Refraction off: Hebcal's 0.8333° already includes a fixed refraction.
        return time_of_transit(observer, day, zenith, SunDirection.SETTING, with_refraction=False)
    except ValueError as error:  # astral's acos leaves the domain: the sun never gets there
        raise SunNeverReaches(f"no sun at {zenith:.4f}° from the zenith on {day}") from error


def _sunset_utc(place: Place, day: date) -> datetime:
    # A place above sea level sees the sun longer; Hebcal lowers only sunset's horizon.
    return _setting(place, day, SUNSET_ZENITH, max(place.elevation, 0.0))


def _floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _round_minute(moment: datetime) -> datetime:
    return _floor_minute(moment + timedelta(seconds=30))


def _local(place: Place, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(place.time_zone))


def sunset(place: Place, day: date) -> datetime:
    """Sunset to the second; the place's elevation lowers the horizon."""
    return _local(place, _sunset_utc(place, day))


def nightfall(place: Place, day: date, degrees: float = HAVDALAH_DEGREES) -> datetime:
    """When the sun's centre is ``degrees`` below the horizon in the evening, to the second.

    Raises ``SunNeverReaches`` in summer far north (Helsinki in June never reaches 8.5°).
    """
    return _local(place, _setting(place, day, 90 + degrees, 0.0))


def customary_candle_minutes(place: Place) -> int:
    """How many minutes before sunset candles are lit where ``place`` is, as Hebcal has it: 18
    in the diaspora; in Israel 40 in Jerusalem, 30 in Haifa and Zikhron Ya'akov, 20 elsewhere."""
    if not place.in_israel:
        return DIASPORA_CANDLE_MINUTES
    here = Point(place.latitude, place.longitude)
    for centre, radius_km, minutes in _EARLIER_IN_ISRAEL:
        if distance_km(here, centre) <= radius_km:
            return minutes
    return ISRAEL_CANDLE_MINUTES


def candle_lighting(place: Place, day: date, minutes: int = DIASPORA_CANDLE_MINUTES) -> datetime:
    """Sunset with its seconds dropped, less ``minutes``.

    >>> candle_lighting(Place(51.4818, 7.2162, "Europe/Berlin"), date(2025, 1, 31))
    datetime.datetime(2025, 1, 31, 17, 1, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
    """
    utc = _sunset_utc(place, day)
    # In UTC because aware local arithmetic is wall-clock arithmetic across a DST change.
    return _local(place, _floor_minute(utc) - timedelta(minutes=minutes))


def havdalah(
    place: Place, day: date, *, minutes: int | None = None, degrees: float = HAVDALAH_DEGREES
) -> datetime:
    """The end of Shabbat or Yom Tov on ``day``, to the nearest minute.

    By default the sun 8.5° below the horizon; with ``minutes``, sunset rounded plus minutes
    (some communities use 42, 50 or 72). May fall after midnight, on the next civil day.
    """
    if minutes is not None:
        utc = _round_minute(_sunset_utc(place, day))
        return _local(place, utc + timedelta(minutes=minutes))
    return _local(place, _round_minute(_setting(place, day, 90 + degrees, 0.0)))


def _end_of_rest(place: Place, day: date, havdalah_minutes: int | None) -> datetime:
    try:
        return havdalah(place, day, minutes=havdalah_minutes)
    except SunNeverReaches:
        # White nights: Hebcal gives no havdalah. The darkest moment, solar midnight, is the
        # latest defensible end, so no programme is planned while it may still be Shabbat.
        observer = Observer(place.latitude, place.longitude, 0.0)
        midnight = noon(observer, day) + timedelta(hours=12)
        return _local(place, _round_minute(midnight))


# --- Shabbat and Yom Tov --------------------------------------------------------------------


def _in_english(holiday: HebrewHoliday) -> str:
    set_language("en")
    return str(holiday)


@lru_cache(maxsize=128)
def _yom_tov_names(hebrew_year: int, diaspora: bool) -> Mapping[date, tuple[str, ...]]:
    """The Yom Tov days of a Hebrew year, with their English names."""
    # One table per year: hdate's per-day lookup re-sorts its whole database on every call.
    table = HolidayDatabase(diaspora).lookup_holidays_for_year(
        HebrewDate(hebrew_year), types=HolidayTypes.YOM_TOV
    )
    # hdate keeps its language in a context variable that defaults to Hebrew; switching it in a
    # copied context leaves the caller's language untouched.
    english = contextvars.copy_context()
    return MappingProxyType(
        {
            hebrew_day.to_gdate(): tuple(english.run(_in_english, h) for h in day_holidays)
            for hebrew_day, day_holidays in table.items()
        }
    )


def rest_day_names(day: date, in_israel: bool) -> tuple[str, ...]:
    """The Yom Tov and Shabbat that ``day`` is, or () for a day with programme.

    >>> rest_day_names(date(2025, 9, 25), in_israel=False)
    ()
    >>> rest_day_names(date(2026, 4, 4), in_israel=False)
    ('Shabbat',)
    >>> rest_day_names(date(2026, 4, 3), in_israel=False)
    ('Pesach II',)
    """
    names = _yom_tov_names(HebrewDate.from_gdate(day).year, not in_israel).get(day, ())
    if day.weekday() == SATURDAY:
        names += ("Shabbat",)
    return names


def _rest_day_runs(first: date, last: date, in_israel: bool) -> Iterator[list[date]]:
    """Consecutive rest days touching [first, last], each run whole even past the ends."""
    one_day = timedelta(days=1)
    while rest_day_names(first - one_day, in_israel):
        first -= one_day
    while rest_day_names(last + one_day, in_israel):
        last += one_day
    run: list[date] = []
    day = first
    while day <= last:
        if rest_day_names(day, in_israel):
            run.append(day)
        elif run:
            yield run
            run = []
        day += one_day
    if run:
        yield run


def _window(
    place: Place, run: list[date], candle_minutes: int, havdalah_minutes: int | None
) -> RestWindow:
    # The evenings inside a run (a second Yom Tov, Shabbat after Yom Tov) are within the
    # window; their own candle lighting (Hebcal: at havdalah time) only names them.
    return RestWindow(
        start=candle_lighting(place, run[0] - timedelta(days=1), candle_minutes),
        end=_end_of_rest(place, run[-1], havdalah_minutes),
        names=tuple(name for day in run for name in rest_day_names(day, place.in_israel)),
    )


def rest_windows(
    place: Place,
    first: date,
    last: date,
    candle_minutes: int = DIASPORA_CANDLE_MINUTES,
    *,
    havdalah_minutes: int | None = None,
) -> list[RestWindow]:
    """Every Shabbat and Yom Tov window overlapping [first 00:00, last 24:00) local time, sorted.

    Consecutive rest days are one window, from the first candle lighting to the last havdalah:
    Rosh Hashana on Thursday and Friday with Shabbat is Wednesday evening to Saturday night.
    """
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    zone = ZoneInfo(place.time_zone)
    range_start = datetime.combine(first, time(), zone)
    range_end = datetime.combine(last + timedelta(days=1), time(), zone)
    # A day earlier and later: a window may start the evening before ``first``'s rest day or
    # the evening of ``last``.
    runs = _rest_day_runs(first - timedelta(days=1), last + timedelta(days=1), place.in_israel)
    windows = (_window(place, run, candle_minutes, havdalah_minutes) for run in runs)
    return [w for w in windows if w.start < range_end and w.end > range_start]


# --- Public holidays and work weeks ---------------------------------------------------------


def _check_country(country: str) -> None:
    if country not in _WORK_WEEKS:
        raise ValueError(f"country must be 'DE' or 'IL', not {country!r}")


@lru_cache(maxsize=128)
def _public_holidays_of_year(country: str, year: int, language: str) -> tuple[Holiday, ...]:
    if language not in holidays.list_localized_countries()[country]:
        language = "en_US"  # rather than the country's own: Hebrew names on a German page
    calendar = holidays.country_holidays(
        country, subdiv=_SUBDIVISIONS[country], years=year, language=language
    )
    return tuple(
        Holiday(day=day, name=name, country=country)
        for day in sorted(calendar)
        for name in calendar.get_list(day)
    )


def public_holidays(
    first: date, last: date, country: str, language: str = "en_US"
) -> list[Holiday]:
    """Public holidays from ``first`` to ``last`` inclusive: "DE" is NRW, "IL" Israel.

    Names in ``language`` ("de", "en_US", "he") where the country's calendar has them, else in
    English. A day with two holidays appears twice, once per name.
    """
    _check_country(country)
    return [
        holiday
        for year in range(first.year, last.year + 1)
        for holiday in _public_holidays_of_year(country, year, language)
        if first <= holiday.day <= last
    ]


def kept_from_until(holiday: Holiday, place: Place) -> tuple[datetime, datetime]:
    """When ``holiday`` is kept at ``place``: an Israeli one, like every day of the Jewish
    calendar, from sunset the evening before (its seconds dropped) to nightfall (``havdalah``,
    to the nearest minute); a German one, the civil day in the place's zone (where only the
    zone counts). Whole minutes, as the planner counts and the findings print them."""
    if holiday.country == "IL":
        eve = holiday.day - timedelta(days=1)
        return candle_lighting(place, eve, minutes=0), havdalah(place, holiday.day)
    zone = ZoneInfo(place.time_zone)
    midnight = datetime.combine(holiday.day, time(), zone)
    return midnight, datetime.combine(holiday.day + timedelta(days=1), time(), zone)


def is_work_day(day: date, country: str) -> bool:
    """Israel works Sunday to Thursday, Germany Monday to Friday; neither on public holidays."""
    _check_country(country)
    if day.weekday() not in _WORK_WEEKS[country]:
        return False
    return all(
        holiday.day != day for holiday in _public_holidays_of_year(country, day.year, "en_US")
    )
