"""The way between the hotel and a day's programme, as a delegate reads it on the phone: when
to leave the hotel for the day's first appointment, and about when they are back after the
last. The minutes are the checks' own (``around.travel_times``): a time a coordinator entered
for the pair, else the estimate for the way the delegation travels."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from chaveruth.planning.travel import Mode, TravelTimes
from chaveruth.visits.itinerary.around import travel_times
from chaveruth.visits.models import Appointment, Visit


@dataclass(frozen=True)
class HotelWay:
    at: dt.datetime  # when to leave the hotel, or when back there
    minutes: int
    mode: Mode


def hotel_travel(visit: Visit, appointments: Iterable[Appointment]) -> TravelTimes | None:
    """The travel times between the hotel and the appointments' venues; None without a
    hotel. Needs ``venue`` selected."""
    if visit.hotel is None:
        return None
    return travel_times(visit, [visit.hotel, *(a.venue for a in appointments)])


def leaving_for(appointment: Appointment, visit: Visit, travel: TravelTimes) -> HotelWay | None:
    """When to leave the hotel to be at ``appointment`` when it starts: down to five minutes,
    since "leave at 09:15" reads better than 09:18, and errs on time."""
    minutes = _minutes(travel, visit.hotel_id, appointment.venue_id)
    if minutes is None:
        return None
    leave = appointment.start.astimezone(dt.UTC) - dt.timedelta(minutes=minutes)
    return HotelWay(_down_to_five_minutes(leave), minutes, travel.mode)


def back_from(appointment: Appointment, visit: Visit, travel: TravelTimes) -> HotelWay | None:
    """When the delegation is back at the hotel after ``appointment``: up to five minutes, as
    it is "about" anyway, and nobody plans the evening on 19:12."""
    minutes = _minutes(travel, appointment.venue_id, visit.hotel_id)
    if minutes is None:
        return None
    back = appointment.end.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
    return HotelWay(_up_to_five_minutes(back), minutes, travel.mode)


# In UTC, where minutes are minutes on the night the clocks change too. Every zone is off UTC
# by whole quarter hours, so five minutes there are five minutes on the visit's clock.
def _down_to_five_minutes(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


def _up_to_five_minutes(moment: dt.datetime) -> dt.datetime:
    down = _down_to_five_minutes(moment)
    return down if down == moment else down + dt.timedelta(minutes=5)


def _minutes(travel: TravelTimes, origin: int | None, destination: int | None) -> int | None:
    """None when there is no way to tell: at the hotel itself or a venue on its doorstep (0
    minutes), without a venue (a call), or where neither coordinates nor an entered time are
    known."""
    if origin is None or destination is None:
        return None
    return travel.minutes(origin, destination) or None
