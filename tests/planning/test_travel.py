import math

import pytest

from chaveruth.planning.travel import (
    EARTH_RADIUS_KM,
    PROFILES,
    Mode,
    Point,
    TravelTimes,
    distance_km,
    estimate_minutes,
)

BOCHUM_RATHAUS = Point(51.4818, 7.2162)
DORTMUND = Point(51.5136, 7.4653)
# On one meridian, 0.1° apart: exactly 0.1° of a great circle, 11.1195 km.
EQUATOR = Point(0.0, 0.0)
TENTH_NORTH = Point(0.1, 0.0)


def chord_distance_km(a: Point, b: Point) -> float:
    """The same great circle by another road: the straight chord through the Earth between the
    two points on a unit sphere, turned into the angle it spans."""

    def unit(p: Point) -> tuple[float, float, float]:
        lat, lon = math.radians(p.latitude), math.radians(p.longitude)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    chord = math.dist(unit(a), unit(b))
    return EARTH_RADIUS_KM * 2 * math.asin(chord / 2)


def test_bochum_rathaus_to_dortmund_is_about_17_6_km():
    assert distance_km(BOCHUM_RATHAUS, DORTMUND) == pytest.approx(17.6025, abs=1e-4)
    assert distance_km(BOCHUM_RATHAUS, DORTMUND) == pytest.approx(
        chord_distance_km(BOCHUM_RATHAUS, DORTMUND), rel=1e-9
    )


def test_distance_is_symmetric_and_zero_for_the_same_point():
    assert distance_km(DORTMUND, BOCHUM_RATHAUS) == distance_km(BOCHUM_RATHAUS, DORTMUND)
    assert distance_km(DORTMUND, DORTMUND) == 0.0


def test_a_tenth_of_a_degree_along_a_meridian():
    assert distance_km(EQUATOR, TENTH_NORTH) == pytest.approx(
        EARTH_RADIUS_KM * math.pi / 1800, rel=1e-12
    )


def test_antipodes_are_half_the_circumference():
    assert distance_km(Point(0, 0), Point(0, 180)) == pytest.approx(EARTH_RADIUS_KM * math.pi)


def test_default_profiles():
    assert {
        mode: (p.speed_kmh, p.detour, p.buffer_minutes, p.between_towns_kmh)
        for mode, p in PROFILES.items()
    } == {
        Mode.WALK: (4.5, 1.3, 0, 4.5),
        Mode.TRANSIT: (18, 1.4, 10, 50),
        Mode.CAR: (30, 1.3, 10, 80),
    }


@pytest.mark.parametrize(
    ("mode", "minutes"),
    [
        # 11.1195 km × 1.3 ÷ 4.5 km/h = 192.74 min -> 193
        (Mode.WALK, 193),
        # 15.5673 km of way: 10 km ÷ 18 km/h = 33.33 min, 5.5673 km ÷ 50 km/h = 6.68 min;
        # 40.01 -> 41, + 10
        (Mode.TRANSIT, 51),
        # 14.4554 km of way: 10 km ÷ 30 km/h = 20 min, 4.4554 km ÷ 80 km/h = 3.34 min;
        # 23.34 -> 24, + 10
        (Mode.CAR, 34),
    ],
)
def test_estimate_by_mode(mode, minutes):
    assert estimate_minutes(EQUATOR, TENTH_NORTH, mode) == minutes


@pytest.mark.parametrize(
    ("mode", "minutes"),
    [
        (Mode.WALK, 306),  # 17.6025 × 1.3 ÷ 4.5 × 60 = 305.11
        (Mode.TRANSIT, 61),  # 24.6435 km: 10 ÷ 18 × 60 + 14.6435 ÷ 50 × 60 = 50.91, + 10
        (Mode.CAR, 40),  # 22.8833 km: 10 ÷ 30 × 60 + 12.8833 ÷ 80 × 60 = 29.66, + 10
    ],
)
def test_bochum_to_dortmund_by_mode(mode, minutes):
    assert estimate_minutes(BOCHUM_RATHAUS, DORTMUND, mode) == minutes


@pytest.mark.parametrize("mode", list(Mode))
def test_the_same_point_needs_no_time_and_no_buffer(mode):
    assert estimate_minutes(DORTMUND, Point(51.5136, 7.4653), mode) == 0


def times(**kwargs) -> TravelTimes:
    defaults = {
        "mode": Mode.CAR,
        "points": {"rathaus": BOCHUM_RATHAUS, "dortmund": DORTMUND},
        "entered": {},
    }
    return TravelTimes(**{**defaults, **kwargs})


def test_minutes_from_coordinates():
    assert times().minutes("rathaus", "dortmund") == 40
    assert times(mode=Mode.WALK).minutes("dortmund", "rathaus") == 306


def test_the_same_place_is_0_even_without_coordinates():
    assert times().minutes("rathaus", "rathaus") == 0
    assert times().minutes("zeche", "zeche") == 0


def test_a_time_entered_once_counts_both_ways():
    entered = times(entered={("rathaus", "dortmund"): 35})
    assert entered.minutes("rathaus", "dortmund") == 35
    assert entered.minutes("dortmund", "rathaus") == 35


def test_a_reverse_time_entered_too_wins_for_its_direction():
    entered = times(entered={("rathaus", "dortmund"): 35, ("dortmund", "rathaus"): 55})
    assert entered.minutes("rathaus", "dortmund") == 35
    assert entered.minutes("dortmund", "rathaus") == 55


def test_an_entered_time_needs_no_coordinates():
    entered = times(entered={("zeche", "rathaus"): 12})
    assert entered.minutes("rathaus", "zeche") == 12


def test_a_place_without_coordinates_has_no_time():
    assert times().minutes("rathaus", "zeche") is None
    assert times().minutes("zeche", "rathaus") is None


def test_matrix_for_the_optimiser():
    travel = times(
        points={"rathaus": BOCHUM_RATHAUS, "dortmund": DORTMUND, "eq": EQUATOR},
        entered={("rathaus", "eq"): 7},
    )
    assert travel.matrix(["rathaus", "dortmund"]) == ((0, 40), (40, 0))
    assert travel.matrix(["eq", "rathaus"]) == ((0, 7), (7, 0))
    assert travel.matrix([]) == ()


def test_matrix_names_the_place_without_coordinates():
    with pytest.raises(ValueError, match="'zeche'"):
        times().matrix(["rathaus", "zeche", "dortmund"])
    with pytest.raises(ValueError, match="'zeche'"):
        times().matrix(["zeche", "rathaus"])


def test_the_way_between_towns_goes_at_the_speed_between_towns():
    """Sderot to Jerusalem, 64.35 km straight, 83.65 km of road: 10 km in town at 30 km/h
    (20 min), 73.65 km at 80 km/h (55.24 min); 75.24 -> 76, + 10. At town speed throughout it
    would be 178 minutes, an hour more than the drive takes."""
    sderot, jerusalem = Point(31.5250, 34.5969), Point(31.7683, 35.2137)
    assert distance_km(sderot, jerusalem) == pytest.approx(64.3496, abs=1e-4)
    assert estimate_minutes(sderot, jerusalem, Mode.CAR) == 86
