"""The day and times the form offers for a new appointment: after what is planned that day,
within the programme day, and outside the Shabbat and Yom Tov the delegation keeps."""

import datetime as dt

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chaveruth.visits.findings import full_moment
from chaveruth.visits.itinerary.around import rest_periods
from chaveruth.visits.models import Visit

_QUARTER = dt.timedelta(minutes=15)
_DEFAULT_LENGTH = dt.timedelta(hours=1)


def day_to_plan(visit: Visit, asked: str | None, today: dt.date) -> dt.date:
    """The day a new appointment is offered on: the day ``asked`` (``"2025-01-20"``, from a
    day of the itinerary) where it is a day of the visit; else today while the visit is under
    way, else its first day (a visit ahead is planned from its start, and one over is mostly
    recorded after the fact, from its start too)."""
    try:
        day = dt.date.fromisoformat(asked or "")
    except ValueError:
        day = None
    if day is not None and visit.start_date <= day <= visit.end_date:
        return day
    return today if visit.start_date <= today <= visit.end_date else visit.start_date


def new_appointment_times(visit: Visit, day: dt.date) -> dict[str, dt.datetime]:
    """The start and end offered for a new appointment on ``day``, in the visit's local time:
    after the day's last appointment (its end rounded up to the quarter hour, so a talk that
    ends at 14:05 is followed at 14:15), or when the programme day starts if nothing is
    planned yet; after havdalah where that start falls into the delegation's Shabbat or Yom
    Tov and havdalah is on the same day; an hour long, but not past the programme day's end
    or candle lighting while it starts before, and never past midnight."""
    zone = visit.zone
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    # The day's appointments as the itinerary groups them: by the day they start on in the
    # visit's zone (past midnight in Israel is still the day before in Berlin).
    last_end = visit.appointments.filter(
        start__gte=midnight, start__lt=midnight + dt.timedelta(days=1)
    ).aggregate(last=Max("end"))["last"]
    if last_end is None:
        start = dt.datetime.combine(day, visit.day_starts, tzinfo=zone)
    else:
        start = _next_quarter(timezone.localtime(last_end, zone))
    ends = [dt.datetime.combine(day, visit.day_ends, tzinfo=zone)]
    for rest in rest_periods(visit):
        after_rest = _next_quarter(timezone.localtime(rest.end, zone))
        if rest.start <= start < rest.end and after_rest.date() == day:
            start = after_rest  # a Saturday evening; a Friday evening has no later hour
        ends.append(rest.start)
    end = start + _DEFAULT_LENGTH
    for limit in ends:  # cut where the day or a rest begins, but never to nothing
        if start < limit < end:
            end = limit
    # Late in the evening the offer stays on its day (and on a visit's last day, within it).
    last_minute = dt.datetime.combine(day, dt.time(23, 59), tzinfo=zone)
    return {"start": min(start, last_minute - _QUARTER), "end": min(end, last_minute)}


def resting_note(visit: Visit, start: dt.datetime) -> str | None:
    """Where the time offered falls into the delegation's Shabbat or Yom Tov, which it could
    not leave that day (a Friday evening), the form says so before the checks do."""
    rest = next((r for r in rest_periods(visit) if r.start <= start < r.end), None)
    if rest is None:
        return None
    message = _(
        "The time offered falls into %(rest)s, which the delegation keeps (%(start)s to "
        "%(end)s): choose another day or an earlier hour."
    )
    return message % {
        "rest": rest.name,
        "start": full_moment(rest.start),
        "end": full_moment(rest.end),
    }


def _next_quarter(moment: dt.datetime) -> dt.datetime:
    """10:05 and 10:14:30 give 10:15; 10:15 stays (wall-clock arithmetic in its zone)."""
    past = dt.timedelta(
        minutes=moment.minute % 15, seconds=moment.second, microseconds=moment.microsecond
    )
    return moment - past + _QUARTER if past else moment
