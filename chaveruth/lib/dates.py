"""The days the programme plans on: visits lie on them, and so do the venues' answers about
single dates (opening exceptions), which matter only on a day of a visit."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

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


def on_the_clock(moment: dt.datetime) -> bool:
    """Whether a local time is shown by the clocks of its zone: not one of the hour they skip
    when they go forward, which Python keeps as given but stores an hour later."""
    wall = moment.replace(tzinfo=None)
    return moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == wall
