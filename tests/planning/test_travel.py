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
    assert {mode: (p.speed_kmh, p.detour, p.buffer_minutes) for mode, p in PROFILES.items()} == {
        Mode.WALK: (4.5, 1.3, 0),
        Mode.TRANSIT: (18, 1.4, 10),
        Mode.CAR: (30, 1.3, 10),
    }


@pytest.mark.parametrize(
    ("mode", "minutes"),
    [
        # 11.1195 km × 1.3 ÷ 4.5 km/h = 192.74 min -> 193
        (Mode.WALK, 193),
        # 11.1195 km × 1.4 ÷ 18 km/h = 51.89 min -> 52, + 10
        (Mode.TRANSIT, 62),
        # 11.1195 km × 1.3 ÷ 30 km/h = 28.91 min -> 29, + 10
        (Mode.CAR, 39),
    ],
)
def test_estimate_by_mode(mode, minutes):
    assert estimate_minutes(EQUATOR, TENTH_NORTH, mode) == minutes


@pytest.mark.parametrize(
    ("mode", "minutes"),
    [
        (Mode.WALK, 306),  # 17.6025 × 1.3 ÷ 4.5 × 60 = 305.11
        (Mode.TRANSIT, 93),  # 17.6025 × 1.4 ÷ 18 × 60 = 82.15, + 10
        (Mode.CAR, 56),  # 17.6025 × 1.3 ÷ 30 × 60 = 45.77, + 10
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
    assert times().minutes("rathaus", "dortmund") == 56
    assert times(mode=Mode.WALK).minutes("dortmund", "rathaus") == 306


def test_the_same_place_is_0_even_without_coordinates():
    assert times().minutes("rathaus", "rathaus") == 0
    assert times().minutes("zeche", "zeche") == 0


def test_a_time_entered_once_counts_both_ways():
    entered = times(entered={("rathaus", "dortmund"): 40})
    assert entered.minutes("rathaus", "dortmund") == 40
    assert entered.minutes("dortmund", "rathaus") == 40


def test_a_reverse_time_entered_too_wins_for_its_direction():
    entered = times(entered={("rathaus", "dortmund"): 40, ("dortmund", "rathaus"): 55})
    assert entered.minutes("rathaus", "dortmund") == 40
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
    assert travel.matrix(["rathaus", "dortmund"]) == ((0, 56), (56, 0))
    assert travel.matrix(["eq", "rathaus"]) == ((0, 7), (7, 0))
    assert travel.matrix([]) == ()


def test_matrix_names_the_place_without_coordinates():
    with pytest.raises(ValueError, match="'zeche'"):
        times().matrix(["rathaus", "zeche", "dortmund"])
    with pytest.raises(ValueError, match="'zeche'"):
        times().matrix(["zeche", "rathaus"])
