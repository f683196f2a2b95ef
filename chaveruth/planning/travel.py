"""Travel time between two venues, estimated from their coordinates.

No outside routing service: a programme is planned weeks ahead, often for a town the coordinator
knows, so a straight-line distance stretched by a detour factor is good enough, and a time the
coordinator entered for a pair of places always wins over the estimate.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

# Mean Earth radius (IUGG); the error of a sphere is far below that of the detour factor.
EARTH_RADIUS_KM = 6371.0088


class Mode(StrEnum):
    WALK = "walk"
    TRANSIT = "transit"
    CAR = "car"


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ModeProfile:
    speed_kmh: float  # average speed door to door in town, stops included
    detour: float  # street distance ÷ straight-line distance
    buffer_minutes: int  # fixed time per trip that does not depend on distance
    # The way beyond its first ``TOWN_KM`` runs between towns: motorway or regional train.
    between_towns_kmh: float


# A trip across a town, from Bochum's centre to its edge, is ~10 km of streets; a longer one,
# Bochum to Düsseldorf or Tel Aviv to Jerusalem, leaves the town's traffic behind.
TOWN_KM = 10.0

PROFILES: Mapping[Mode, ModeProfile] = MappingProxyType(
    {
        # A group walks at an easy pace; a city's streets are ~1.3× the straight line.
        Mode.WALK: ModeProfile(speed_kmh=4.5, detour=1.3, buffer_minutes=0, between_towns_kmh=4.5),
        # Door to door, walking to stops included; rails and bus lines bend more than streets.
        # The buffer is waiting for the first vehicle and one transfer. Between towns, regional
        # trains and intercity buses with their stops.
        Mode.TRANSIT: ModeProfile(
            speed_kmh=18, detour=1.4, buffer_minutes=10, between_towns_kmh=50
        ),
        # Urban traffic with lights; the buffer is parking and getting a group in and out.
        # Between towns, motorways and main roads with their slow stretches.
        Mode.CAR: ModeProfile(speed_kmh=30, detour=1.3, buffer_minutes=10, between_towns_kmh=80),
    }
)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine), e.g. Bochum's Rathaus to Dortmund's centre ≈ 17.6 km."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lon = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    # min() guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def estimate_minutes(a: Point, b: Point, mode: Mode) -> int:
    """Whole minutes from ``a`` to ``b``: the way (distance × detour) at the town's speed for
    its first ``TOWN_KM``, at the speed between towns beyond, rounded up, plus the buffer.

    The same point needs no trip, so no buffer either: 0.
    """
    if a == b:
        return 0
    profile = PROFILES[mode]
    way = distance_km(a, b) * profile.detour
    in_town = min(way, TOWN_KM)
    hours = in_town / profile.speed_kmh + (way - in_town) / profile.between_towns_kmh
    moving = hours * 60
    # Rounding first keeps float noise (15.000000000002) from costing a whole minute.
    return math.ceil(round(moving, 6)) + profile.buffer_minutes


@dataclass(frozen=True)
class TravelTimes:
    """Travel minutes between places (keys), from coordinates by mode, overridden by times a
    coordinator entered.

    >>> times = TravelTimes(Mode.WALK, {"a": Point(51.48, 7.21)}, {("a", "b"): 12})
    >>> times.minutes("b", "a")  # entered once, counts both ways
    12
    """

    mode: Mode
    points: Mapping[Hashable, Point]  # places with coordinates
    # The coordinator's times for a pair (a, b); the reverse is assumed equal unless entered too.
    entered: Mapping[tuple[Hashable, Hashable], int] = field(default_factory=dict)

    def minutes(self, a: Hashable, b: Hashable) -> int | None:
        """Minutes from ``a`` to ``b``; None when a place has no coordinates and nobody entered
        a time for the pair."""
        if a == b:
            return 0
        for pair in ((a, b), (b, a)):
            if pair in self.entered:
                return self.entered[pair]
        if a in self.points and b in self.points:
            return estimate_minutes(self.points[a], self.points[b], self.mode)
        return None

    def for_a_person(self) -> TravelTimes:
        """The same places and entered times for a person on their own, such as a mayor
        between two visits' appointments: driven, whatever way a delegation travels, so that
        both visits judge the way alike."""
        return replace(self, mode=Mode.CAR)

    def matrix(self, keys: Sequence[Hashable]) -> tuple[tuple[int, ...], ...]:
        """Row i, column j: minutes from ``keys[i]`` to ``keys[j]``, for the optimiser.

        An unknown time is an error, not 0: the optimiser would happily plan a teleport.
        """
        rows = []
        for a in keys:
            row = []
            for b in keys:
                value = self.minutes(a, b)
                if value is None:
                    missing = a if a not in self.points else b
                    raise ValueError(
                        f"No coordinates for place {missing!r}, and no time entered "
                        f"between {a!r} and {b!r}"
                    )
                row.append(value)
            rows.append(tuple(row))
        return tuple(rows)
