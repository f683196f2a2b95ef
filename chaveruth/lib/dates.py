"""The days the programme plans on: visits lie on them, and so do the venues' answers about
single dates (opening exceptions), which matter only on a day of a visit."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The calendars reach a day beyond each end of a visit, which Python's dates do not have around
# the years 1 and 9999 (a 500 on the visit page and the list); and no visit is planned centuries
# ahead, so a year typed as 2205 for 2025 is refused, not planned.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)


def check_days(days: dict[str, dt.date | None]) -> None:
    """Refuse each of the named dates that lies beyond FIRST_DAY to LAST_DAY, beside its
    field: ``check_days({"date": exception.date})``. A date not given is left to its field."""
    beyond = [name for name, day in days.items() if day and not FIRST_DAY <= day <= LAST_DAY]
    if beyond:
        raise ValidationError(dict.fromkeys(beyond, _days_message()))


def _days_message() -> str:
    return _("Enter a date from %(first)s to %(last)s.") % {
        "first": formats.date_format(FIRST_DAY, "SHORT_DATE_FORMAT"),
        "last": formats.date_format(LAST_DAY, "SHORT_DATE_FORMAT"),
    }


def days_taken(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    """The days from ``start`` to ``end``, as their own clock shows them: more than one for an
    excursion overnight. An evening that ends at midnight ends on its own day, where "20:00 to
    00:00" reads it: ``days_taken(Mon 20:00, Tue 00:00) == [Mon]``."""
    first = start.date()
    last = max(first, (end - dt.timedelta(microseconds=1)).date())
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class Continued[T]:
    """An appointment begun on an earlier day that still goes on: an excursion overnight."""

    item: T
    until: dt.datetime | None  # its end, on the day it ends; None on a day it lasts through


@dataclass(frozen=True)
class ByDay[T]:
    """Appointments by the days they take (``by_day``): each listed on the day it begins and
    continued on each later day it takes, as a programme reads day by day."""

    begun: dict[dt.date, list[T]] = field(default_factory=dict)
    continued: dict[dt.date, list[Continued[T]]] = field(default_factory=dict)

    def days(self) -> set[dt.date]:
        """The days anything takes, the visit's or not: one that ends after it too."""
        return self.begun.keys() | self.continued.keys()


def by_day[T](
    items: Iterable[T], times: Callable[[T], tuple[dt.datetime, dt.datetime]], zone: dt.tzinfo
) -> ByDay[T]:
    """``items`` (each with its start and end as ``times`` gives them) on the days of the
    ``zone``'s clock, each day's in their order: an excursion from Monday 10:00 to Wednesday
    11:00 begins on Monday, is continued all day on Tuesday and until 11:00 on Wednesday."""
    spread = ByDay[T]()
    for item in items:
        start, end = (timezone.localtime(moment, zone) for moment in times(item))
        first, *later = days_taken(start, end)
        spread.begun.setdefault(first, []).append(item)
        for day in later:
            until = end if day == later[-1] else None
            spread.continued.setdefault(day, []).append(Continued(item, until))
    return spread


def on_the_clock(moment: dt.datetime) -> bool:
    """Whether a local time is shown by the clocks of its zone: not one of the hour they skip
    when they go forward, which Python keeps as given but stores an hour later."""
    wall = moment.replace(tzinfo=None)
    return moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == wall


# A time typed on a night the clocks change (``changeover_refusal``).
_SKIPPED = gettext_lazy(
    "On %(date)s, %(time)s does not exist in local time: the clocks go forward from "
    "%(first)s to %(after)s. Choose a time before %(first)s or from %(after)s on."
)
_TWICE = gettext_lazy(
    "On %(date)s, %(time)s occurs twice in local time: the clocks go back from %(after)s to "
    "%(first)s. Choose a time before %(first)s or from %(after)s on."
)


def in_changeover(wall: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the clocks of ``zone`` skip the naive time ``wall`` or show it twice: its two
    readings differ."""
    return (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        != wall.replace(tzinfo=zone, fold=1).utcoffset()
    )


def changeover_refusal(wall: dt.datetime, zone: dt.tzinfo) -> ValidationError:
    """Why ``wall`` is no time of ``zone``: 02:30 on 28 March 2027 in Germany, where the
    clocks go forward from 02:00 to 03:00 (``_SKIPPED``); on 31 October, when they go back
    from 03:00 to 02:00, it comes twice (``_TWICE``). Either way, the times before 02:00 and
    from 03:00 on are one moment each. The forms of appointments and wishes say it alike."""
    minute = dt.timedelta(minutes=1)
    first = after = wall.replace(second=0, microsecond=0)
    while in_changeover(first - minute, zone):
        first -= minute
    while in_changeover(after, zone):
        after += minute
    return ValidationError(
        _TWICE if on_the_clock(wall.replace(tzinfo=zone)) else _SKIPPED,
        code="not_on_the_clock",
        params={
            "date": formats.date_format(wall.date(), "SHORT_DATE_FORMAT"),
            "time": formats.time_format(wall.time(), "TIME_FORMAT"),
            "first": formats.time_format(first.time(), "TIME_FORMAT"),
            "after": formats.time_format(after.time(), "TIME_FORMAT"),
        },
    )
