from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaveruth.planning.checks import (
    Booking,
    Finding,
    Holiday,
    Kind,
    OpeningHours,
    Period,
    Rules,
    Severity,
    check_programme,
    dates_taken,
    own_days,
    unanswered_holidays,
)
from chaveruth.planning.travel import Mode, Point, TravelTimes

BERLIN = ZoneInfo("Europe/Berlin")
RULES = Rules(time_zone="Europe/Berlin")
TUESDAY = "2025-02-04"  # an ordinary working day, no holiday
WEEKDAYS_9_TO_17 = OpeningHours(weekly={d: ((time(9), time(17)),) for d in range(5)})


def at(day: str, clock: str) -> datetime:
    """Wall-clock time in Berlin: at("2025-02-04", "09:30")."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=BERLIN)


def booking(key, start, end, *, day=TUESDAY, venue=None, people=(), **flags) -> Booking:
    return Booking(
        key=key,
        title=f"Termin {key}",
        start=at(day, start),
        end=at(day, end),
        venue=venue,
        people=frozenset(people),
        **flags,
    )


def check(programme, others=(), venues=None, rules=RULES) -> list[Finding]:
    return check_programme(programme, others, venues or {}, rules)


# Double booking ---------------------------------------------------------------------------------


def test_person_in_two_overlapping_appointments_is_double_booked():
    a = booking("a", "09:00", "10:00", people={1, 2})
    b = booking("b", "09:30", "10:30", people={2, 3})
    assert check([b, a]) == [
        Finding(Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, ("a", "b"), {"people": (2,)})
    ]


def test_appointments_that_touch_do_not_double_book():
    a = booking("a", "09:00", "10:00", people={1}, venue="rathaus")
    b = booking("b", "10:00", "11:00", people={1}, venue="rathaus")
    assert check([a, b]) == []


def test_the_people_two_appointments_share_are_one_finding():
    """A delegation of eight in two appointments at once is one finding, not eight."""
    a = booking("a", "09:00", "10:00", people={"mayor", "interpreter", "guest"})
    b = booking("b", "09:45", "10:30", people={"interpreter", "mayor"})
    c = booking("c", "10:15", "11:00", people={"guest"})
    assert check([a, b, c]) == [
        Finding(
            Kind.PERSON_DOUBLE_BOOKED,
            Severity.ERROR,
            ("a", "b"),
            {"people": ("interpreter", "mayor")},
        ),
    ]
    delegation = set(range(8))
    assert check(
        [booking("d", "09:00", "10:00", people=delegation | {"host"})],
        [booking("e", "09:30", "11:00", people=delegation)],
    ) == [
        Finding(Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, ("d", "e"), {"people": tuple(range(8))}),
    ]


def test_a_person_booked_by_another_visit_is_double_booked():
    ours = booking("ours", "09:30", "10:30", people={7})
    theirs = booking("theirs", "09:00", "10:00", people={7})
    unrelated = booking("unrelated", "09:00", "10:00", people={7})  # clashes with theirs only
    assert check([ours], [theirs, unrelated]) == [
        Finding(Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, ("theirs", "ours"), {"people": (7,)}),
        Finding(Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, ("unrelated", "ours"), {"people": (7,)}),
    ]


def test_an_other_appointment_that_is_the_programmes_own_is_not_a_clash():
    ours = booking("ours", "09:00", "10:00", people={7}, venue="rathaus")
    assert check([ours], [ours]) == []


def test_venue_in_two_overlapping_appointments_is_double_booked():
    a = booking("a", "09:00", "10:00", venue="ratssaal", people={1})
    b = booking("b", "09:59", "11:00", venue="ratssaal", people={2})
    c = booking("c", "09:00", "10:00", venue="foyer", people={3})
    assert check([a, b, c]) == [
        Finding(Kind.VENUE_DOUBLE_BOOKED, Severity.ERROR, ("a", "b"), {"venue": "ratssaal"})
    ]


# Travel -----------------------------------------------------------------------------------------

WALK_25 = TravelTimes(Mode.WALK, points={}, entered={("rathaus", "museum"): 25})
WITH_TRAVEL = Rules(time_zone="Europe/Berlin", travel=WALK_25)


def walk_too_short(before: str, after: str, available: int) -> Finding:
    """The finding for a walk from the rathaus to the museum (25 minutes)."""
    facts = {"from_venue": "rathaus", "to_venue": "museum", "needed": 25, "available": available}
    return Finding(Kind.TRAVEL_TOO_SHORT, Severity.ERROR, (before, after), facts)


def test_too_little_time_to_walk_to_the_next_venue():
    a = booking("a", "09:00", "10:00", venue="rathaus")
    b = booking("b", "10:10", "11:00", venue="museum")
    assert check([a, b], rules=WITH_TRAVEL) == [
        walk_too_short("a", "b", available=10),
    ]


def test_exactly_enough_time_to_travel_is_fine():
    a = booking("a", "09:00", "10:00", venue="museum")
    b = booking("b", "10:25", "11:00", venue="rathaus")  # entered one way, counts both ways
    assert check([a, b], rules=WITH_TRAVEL) == []


def test_no_travel_check_without_travel_rules():
    a = booking("a", "09:00", "10:00", venue="rathaus")
    assert check([a, booking("c", "10:00", "11:00", venue="museum")]) == []


@pytest.mark.parametrize(
    ("start", "end", "severity", "facts"),
    [
        ("10:00", "11:00", Severity.WARNING, {"available": 0}),
        ("10:59", "12:00", Severity.WARNING, {"available": 59}),
        ("11:00", "12:00", None, {}),  # an hour is taken as enough
        ("09:30", "11:00", Severity.ERROR, {"available": 0, "overlap": True}),
    ],
)
def test_a_way_nobody_can_work_out_is_asked_about_with_less_than_an_hour(
    start, end, severity, facts
):
    """No coordinates and no entered time for the zeche: the way is not passed as fine."""
    a = booking("a", "09:00", "10:00", venue="rathaus")
    b = booking("b", start, end, venue="zeche")
    where = {"from_venue": "rathaus", "to_venue": "zeche", "needed": 60, "unknown": True}
    expected = [Finding(Kind.TRAVEL_TOO_SHORT, severity, ("a", "b"), where | facts)]
    assert check([a, b], rules=WITH_TRAVEL) == (expected if severity else [])


def test_travel_is_checked_across_an_appointment_without_a_venue():
    a = booking("a", "09:00", "10:00", venue="rathaus")
    call = booking("call", "10:00", "10:20")
    b = booking("b", "10:20", "11:00", venue="museum")
    assert check([a, call, b], rules=WITH_TRAVEL) == [
        walk_too_short("a", "b", available=20),
    ]


def test_overlapping_appointments_at_two_venues_have_no_time_to_travel():
    a = booking("a", "09:00", "10:00", venue="rathaus", people={1})
    b = booking("b", "09:30", "11:00", venue="museum", people={2})
    # Said as an overlap: "but there are only 0 minutes" would puzzle.
    facts = {"from_venue": "rathaus", "to_venue": "museum", "needed": 25, "available": 0}
    overlap = Finding(Kind.TRAVEL_TOO_SHORT, Severity.ERROR, ("a", "b"), facts | {"overlap": True})
    assert check([a, b], rules=WITH_TRAVEL) == [overlap]


def test_a_person_needs_time_to_come_from_another_visit_s_appointment_and_to_go_back():
    """The mayor receives another delegation at the rathaus until 10:00, comes to our museum
    visit at 10:10 and returns to the rathaus at 11:15: 25 minutes each way."""
    theirs = booking("theirs", "09:00", "10:00", venue="rathaus", people={"mayor"})
    ours = booking("ours", "10:10", "11:00", venue="museum", people={"mayor", "guest"})
    later = booking("later", "11:15", "12:00", venue="rathaus", people={"mayor"})
    elsewhere = booking("elsewhere", "10:00", "10:05", venue="rathaus", people={"guest"})

    def too_short(before, after, start, end, available):
        facts = {"from_venue": start, "to_venue": end, "needed": 25, "available": available}
        facts = {"person": "mayor", **facts}
        return Finding(Kind.PERSON_TRAVEL_TOO_SHORT, Severity.ERROR, (before, after), facts)

    assert check([ours], [theirs, later], rules=WITH_TRAVEL) == [
        too_short("theirs", "ours", "rathaus", "museum", 10),
        too_short("ours", "later", "museum", "rathaus", 15),
    ]
    # The guest's way from "elsewhere" is 5 minutes too short as well; a way that overlaps is
    # a double booking, not a question of travel.
    overlapping = booking("overlapping", "10:30", "11:30", venue="rathaus", people={"mayor"})
    found = check([ours], [overlapping, elsewhere], rules=WITH_TRAVEL)
    assert [(f.kind, f.bookings, f.facts.get("person", f.facts.get("people"))) for f in found] == [
        (Kind.PERSON_TRAVEL_TOO_SHORT, ("elsewhere", "ours"), "guest"),
        (Kind.PERSON_DOUBLE_BOOKED, ("ours", "overlapping"), ("mayor",)),
    ]


def test_a_way_between_two_other_visits_appointments_is_theirs_not_ours():
    ours = booking("ours", "15:00", "16:00", venue="museum", people={"mayor"})
    first = booking("first", "09:00", "10:00", venue="rathaus", people={"mayor"})
    second = booking("second", "10:05", "11:00", venue="museum", people={"mayor"})
    assert check([ours], [first, second], rules=WITH_TRAVEL) == []


def test_the_way_on_starts_when_the_long_visit_ends_not_the_short_one_inside_it():
    long = booking("long", "09:00", "12:00", venue="rathaus")
    inside = booking("inside", "09:30", "10:00", venue="rathaus")  # a talk within the visit
    b = booking("b", "12:10", "13:00", venue="museum")
    found = check([long, inside, b], rules=WITH_TRAVEL)
    # (The rathaus is booked twice as well: a finding of its own.)
    assert [f for f in found if f.kind == Kind.TRAVEL_TOO_SHORT] == [
        walk_too_short("long", "b", available=10),
    ]


def test_travel_is_checked_across_midnight_too():
    a = booking("a", "20:00", "23:59", venue="rathaus")
    b = booking("b", "00:05", "01:00", day="2025-02-05", venue="museum")
    assert check([a, b], rules=WITH_TRAVEL) == [
        walk_too_short("a", "b", available=6),
    ]
    overnight = booking("b", "08:00", "09:00", day="2025-02-05", venue="museum")
    assert check([a, overnight], rules=WITH_TRAVEL) == []


# Appointments whose time the city may not know ---------------------------------------------------

UNSEEN = replace(WITH_TRAVEL, unseen=frozenset({"theirs", "also theirs"}))


def between(key, start: str, end: str, *, venue=None, people=()) -> Booking:
    """A booking from one day to another: between("a", "2025-02-04T23:00", "2025-02-05T01:00")."""
    return Booking(
        key=key,
        title=f"Termin {key}",
        start=datetime.fromisoformat(start).replace(tzinfo=BERLIN),
        end=datetime.fromisoformat(end).replace(tzinfo=BERLIN),
        venue=venue,
        people=frozenset(people),
    )


def asked(key, day: date, **facts) -> Finding:
    kind = Kind.PERSON_BOOKED_UNSEEN if "people" in facts else Kind.VENUE_BOOKED_UNSEEN
    return Finding(kind, Severity.WARNING, (key,), facts | {"day": day})


def test_a_clash_with_an_appointment_of_unseen_time_is_told_only_by_its_day():
    """Were it checked to the minute, or with an hour's way either side, another city's
    coordinator moving an appointment about would learn when theirs takes place: the same
    question, naming ours only, wherever in the day either of them lies, at once or hours
    apart."""
    tuesday = date(2025, 2, 4)
    expected = [
        asked("ours", tuesday, people=("mayor",)),
        asked("ours", tuesday, venue="rathaus"),
    ]
    for ours_at in [("07:00", "08:00"), ("10:50", "11:30"), ("22:00", "23:00")]:
        ours = booking("ours", *ours_at, venue="rathaus", people={"mayor", "guest"})
        for theirs_at in [
            ("00:00", "00:15"),
            ("09:00", "10:50"),
            ("10:50", "11:30"),
            ("23:00", "23:59"),
        ]:
            theirs = booking("theirs", *theirs_at, venue="rathaus", people={"mayor"})
            assert check([ours], [theirs], rules=UNSEEN) == expected
            # At another venue or none (a call), or with none of our people: nothing tells which.
            for venue in ["museum", None]:
                elsewhere = replace(theirs, venue=venue)
                assert check([ours], [elsewhere], rules=UNSEEN) == expected[:1]
            nobody_of_ours = replace(theirs, people=frozenset({"someone"}))
            assert check([ours], [nobody_of_ours], rules=UNSEEN) == expected[1:]


def test_an_appointment_of_unseen_time_on_another_day_is_no_question():
    """Also a minute after midnight, an hour away from ours: the day is the question, and
    the day is another."""
    ours = booking("ours", "00:30", "01:00", venue="rathaus", people={"mayor"})
    for theirs in [
        between(
            "theirs", "2025-02-03T22:00", "2025-02-04T00:00", venue="rathaus", people={"mayor"}
        ),
        booking("theirs", "00:01", "01:00", day="2025-02-05", venue="rathaus", people={"mayor"}),
    ]:
        assert check([ours], [theirs], rules=UNSEEN) == []


def test_an_appointment_of_unseen_time_counts_on_each_local_day_it_takes():
    theirs = between("theirs", "2025-02-03T22:00", "2025-02-05T01:00", people={"mayor"})
    programme = [
        booking(key, "09:00", "10:00", day=day, venue="rathaus", people={"mayor"})
        for key, day in [("mon", "2025-02-03"), ("tue", TUESDAY), ("wed", "2025-02-05")]
    ]
    thursday = booking("thu", "00:30", "01:00", day="2025-02-06", people={"mayor"})
    assert check([*programme, thursday], [theirs], rules=UNSEEN) == [
        asked("mon", date(2025, 2, 3), people=("mayor",)),
        asked("tue", date(2025, 2, 4), people=("mayor",)),
        asked("wed", date(2025, 2, 5), people=("mayor",)),
    ]
    # Ours overnight meets theirs on the day they share, and is asked about once a day.
    overnight = between("ours", "2025-02-04T23:00", "2025-02-05T01:00", people={"mayor"})
    afternoon = booking("theirs", "15:00", "16:00", day="2025-02-05", people={"mayor"})
    assert check([overnight], [afternoon], rules=UNSEEN) == [
        asked("ours", date(2025, 2, 5), people=("mayor",))
    ]
    assert check([overnight], [theirs], rules=UNSEEN) == [
        asked("ours", date(2025, 2, 4), people=("mayor",)),
        asked("ours", date(2025, 2, 5), people=("mayor",)),
    ]


def test_the_days_of_an_appointment_of_unseen_time_are_the_visit_s():
    """23:30 in Berlin is 00:30 the next day in Jerusalem."""
    ours = booking("ours", "10:00", "11:00", people={"mayor"})
    theirs = booking("theirs", "23:30", "23:45", people={"mayor"})
    assert check([ours], [theirs], rules=UNSEEN) == [
        asked("ours", date(2025, 2, 4), people=("mayor",))
    ]
    in_israel = replace(UNSEEN, time_zone="Asia/Jerusalem")
    assert check([ours], [theirs], rules=in_israel) == []


def test_the_people_of_ours_with_an_unseen_appointment_that_day_are_one_question():
    ours = booking("ours", "10:00", "11:00", people={"mayor", "guest", "interpreter"})
    theirs = booking("theirs", "15:00", "16:00", people={"mayor"})
    also_theirs = booking("also theirs", "10:00", "11:00", people={"guest", "mayor"})
    assert check([ours], [theirs, also_theirs], rules=UNSEEN) == [
        asked("ours", date(2025, 2, 4), people=("guest", "mayor"))
    ]


def test_one_question_a_day_for_each_of_ours_people_and_venue_concerning_all_ours_that_day():
    """Four appointments of the delegation on Tuesday, and another city's dinner with them and
    the mayor at the rathaus that evening: the delegation is asked about once, with all four;
    the mayor, who takes part in one of them only, with that one; the rathaus, with the two
    there. Not four times the same question."""
    delegation = {"noa", "avi"}
    programme = [
        booking("a", "09:00", "10:00", venue="rathaus", people=delegation),
        booking("b", "10:30", "11:30", venue="museum", people=delegation),
        booking("c", "13:00", "14:00", venue="rathaus", people={*delegation, "mayor"}),
        booking("d", "15:00", "16:00", people=delegation),
    ]
    dinner = booking("theirs", "19:00", "21:00", venue="rathaus", people={*delegation, "mayor"})
    tuesday = {"day": date(2025, 2, 4)}
    assert check(programme, [dinner], rules=UNSEEN) == [
        Finding(
            Kind.PERSON_BOOKED_UNSEEN,
            Severity.WARNING,
            ("a", "b", "c", "d"),
            {"people": ("avi", "noa"), **tuesday},
        ),
        Finding(
            Kind.VENUE_BOOKED_UNSEEN, Severity.WARNING, ("a", "c"), {"venue": "rathaus", **tuesday}
        ),
        Finding(
            Kind.PERSON_BOOKED_UNSEEN, Severity.WARNING, ("c",), {"people": ("mayor",), **tuesday}
        ),
    ]


def test_an_unseen_one_takes_its_days_on_its_own_visit_s_clock():
    """To midnight is that day only, past it the next one too; and the days are its own
    visit's: 23:30 in Berlin is the next day in Jerusalem, which a programme kept on Israel
    time must not learn (it would tell the hour)."""
    assert dates_taken(at(TUESDAY, "10:00"), at("2025-02-05", "00:00"), BERLIN) == [
        date(2025, 2, 4)
    ]
    assert dates_taken(at(TUESDAY, "23:00"), at("2025-02-05", "01:00"), BERLIN) == [
        date(2025, 2, 4),
        date(2025, 2, 5),
    ]
    late = booking("late", "23:30", "23:50", people={"mayor"})
    jerusalem = ZoneInfo("Asia/Jerusalem")
    assert own_days(late, jerusalem) == [date(2025, 2, 5)]  # no clock of its own: the programme's
    assert own_days(replace(late, zone="Europe/Berlin"), jerusalem) == [date(2025, 2, 4)]


def test_an_appointment_of_unseen_time_does_not_stand_in_a_way_to_a_seen_one():
    """The mayor leaves our museum visit at 10:00 for another's at the rathaus at 10:10, 25
    minutes away, whatever lies between: that way is checked as any other."""
    ours = booking("ours", "09:00", "10:00", venue="museum", people={"mayor"})
    theirs = booking("theirs", "10:00", "10:05", venue="rathaus", people={"mayor"})
    seen = booking("seen", "10:10", "11:00", venue="rathaus", people={"mayor"})
    facts = {"from_venue": "museum", "to_venue": "rathaus", "needed": 25, "available": 10}
    assert check([ours], [theirs, seen], rules=UNSEEN) == [
        Finding(
            Kind.PERSON_TRAVEL_TOO_SHORT,
            Severity.ERROR,
            ("ours", "seen"),
            {"person": "mayor", **facts},
        ),
        asked("ours", date(2025, 2, 4), people=("mayor",)),
    ]


# Opening hours ----------------------------------------------------------------------------------


def test_ending_after_closing_is_outside_opening_hours():
    late = booking("late", "15:00", "17:15", venue="museum")
    assert check([late], venues={"museum": WEEKDAYS_9_TO_17}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("late",),
            {
                "venue": "museum",
                "day": date(2025, 2, 4),
                "closed": False,
                "opens": time(9),
                "closes": time(17),
                "hours": ((time(9), time(17)),),
            },
        )
    ]


def test_ending_exactly_at_closing_is_fine():
    visit = booking("visit", "15:00", "17:00", venue="museum")
    early = booking("early", "09:00", "10:00", venue="museum")
    assert check([visit, early], venues={"museum": WEEKDAYS_9_TO_17}) == []


def test_a_venue_without_opening_hours_is_always_open():
    night = booking("night", "02:00", "03:00", venue="park")
    assert check([night], venues={"museum": WEEKDAYS_9_TO_17}) == []


def test_a_weekday_without_hours_is_closed():
    saturday = booking("sat", "10:00", "11:00", day="2025-02-08", venue="museum")
    assert check([saturday], venues={"museum": WEEKDAYS_9_TO_17}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("sat",),
            {"venue": "museum", "day": date(2025, 2, 8), "closed": True},
        )
    ]


def test_an_exception_replaces_the_week():
    short_day = OpeningHours(
        weekly=WEEKDAYS_9_TO_17.weekly,
        exceptions={date(2025, 2, 4): ((time(9), time(12)),), date(2025, 2, 5): ()},
    )
    tuesday = booking("tue", "11:00", "12:30", venue="museum")
    wednesday = booking("wed", "09:00", "10:00", day="2025-02-05", venue="museum")
    thursday = booking("thu", "16:00", "17:00", day="2025-02-06", venue="museum")
    assert check([tuesday, wednesday, thursday], venues={"museum": short_day}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("tue",),
            {
                "venue": "museum",
                "day": date(2025, 2, 4),
                "closed": False,
                "opens": time(9),
                "closes": time(12),
                "hours": ((time(9), time(12)),),
            },
        ),
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("wed",),
            {"venue": "museum", "day": date(2025, 2, 5), "closed": True},
        ),
    ]


def test_a_venue_with_exceptions_only_is_open_on_the_other_days():
    closed_on_one_day = OpeningHours(weekly={}, exceptions={date(2025, 2, 5): ()})
    tuesday = booking("tue", "02:00", "03:00", venue="museum")
    wednesday = booking("wed", "10:00", "11:00", day="2025-02-05", venue="museum")
    assert check([tuesday, wednesday], venues={"museum": closed_on_one_day}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("wed",),
            {"venue": "museum", "day": date(2025, 2, 5), "closed": True},
        )
    ]


def test_the_hours_named_are_those_the_appointment_nearly_fits():
    lunch_break = OpeningHours(weekly={1: ((time(9), time(12)), (time(14), time(18)))})
    b = booking("b", "13:30", "15:00", venue="amt")
    [finding] = check([b], venues={"amt": lunch_break})
    assert (finding.facts["opens"], finding.facts["closes"]) == (time(14), time(18))


def civil_holiday(day: str, name: str) -> Holiday:
    """A German public holiday: the civil day in Berlin."""
    return Holiday(
        date.fromisoformat(day), name, at(day, "00:00"), at(day, "00:00") + timedelta(days=1)
    )


NEW_YEAR = (civil_holiday("2025-01-01", "Neujahr"),)


def test_a_holiday_the_venue_said_it_is_closed_on_is_an_error():
    closed_on_new_year = OpeningHours(
        weekly=WEEKDAYS_9_TO_17.weekly, exceptions={date(2025, 1, 1): ()}, holidays=NEW_YEAR
    )
    b = booking("b", "10:00", "11:00", day="2025-01-01", venue="museum")
    assert check([b], venues={"museum": closed_on_new_year}) == [
        Finding(
            Kind.CLOSED_ON_HOLIDAY,
            Severity.ERROR,
            ("b",),
            {"venue": "museum", "day": date(2025, 1, 1), "holiday": "Neujahr"},
        )
    ]


def test_a_holiday_the_venue_said_nothing_about_is_a_warning():
    b = booking("b", "10:00", "11:00", day="2025-01-01", venue="museum")
    museum = replace(WEEKDAYS_9_TO_17, holidays=NEW_YEAR)
    # Another venue's holidays are not this one's: the museum in Israel works on 1 January.
    in_israel = booking("c", "12:00", "13:00", day="2025-01-01", venue="museum in Israel")
    venues = {"museum": museum, "museum in Israel": WEEKDAYS_9_TO_17}
    assert check([b, in_israel], venues=venues) == [
        Finding(
            Kind.CLOSED_ON_HOLIDAY,
            Severity.WARNING,
            ("b",),
            {"venue": "museum", "day": date(2025, 1, 1), "holiday": "Neujahr"},
        )
    ]


JERUSALEM = ZoneInfo("Asia/Jerusalem")
YOM_KIPPUR = Holiday(  # 2025 in Jerusalem: from sunset on 1 October to nightfall on the 2nd
    date(2025, 10, 2),
    "Yom Kippur",
    datetime(2025, 10, 1, 18, 24, tzinfo=JERUSALEM),
    datetime(2025, 10, 2, 18, 59, tzinfo=JERUSALEM),
)
OPEN_9_TO_22 = ((time(9), time(22)),)


def test_an_israeli_holiday_begins_the_evening_before():
    daily = OpeningHours(weekly=dict.fromkeys(range(7), OPEN_9_TO_22), holidays=(YOM_KIPPUR,))
    # In Berlin time, an hour behind Jerusalem's: 16:00–18:00, 19:00–20:00, 20:00–21:00 there.
    afternoon = booking("afternoon", "15:00", "17:00", day="2025-10-01", venue="museum")
    evening = booking("evening", "18:00", "19:00", day="2025-10-01", venue="museum")
    after = booking("after", "19:00", "20:00", day="2025-10-02", venue="museum")
    found = check([afternoon, evening, after], venues={"museum": daily})
    assert found == [
        Finding(
            Kind.CLOSED_ON_HOLIDAY,
            Severity.WARNING,
            ("evening",),
            {
                "venue": "museum",
                "day": date(2025, 10, 1),
                "holiday": "Yom Kippur",
                "from": YOM_KIPPUR.start,
            },
        )
    ]


@pytest.mark.parametrize(
    ("exceptions", "unanswered"),
    [
        # Nothing said: the eve's evening and the day until nightfall.
        ({}, [("2025-10-01 18:24", "2025-10-02 00:00"), ("2025-10-02 00:00", "2025-10-02 18:59")]),
        # Closed on the day itself: the eve still needs its own answer.
        ({date(2025, 10, 2): ()}, [("2025-10-01 18:24", "2025-10-02 00:00")]),
        # Open late on the eve, as the venue said: only the day is in question.
        ({date(2025, 10, 1): OPEN_9_TO_22}, [("2025-10-02 00:00", "2025-10-02 18:59")]),
    ],
)
def test_the_holiday_hours_in_question_are_those_of_days_the_venue_said_nothing_about(
    exceptions, unanswered
):
    """Half-hour bookings every quarter of an hour across Yom Kippur, in a venue open 9–22
    daily: a booking gets the holiday warning exactly when it meets the hours that
    ``unanswered_holidays`` gives the optimiser to keep off."""
    museum = OpeningHours(
        weekly=dict.fromkeys(range(7), OPEN_9_TO_22), exceptions=exceptions, holidays=(YOM_KIPPUR,)
    )
    rules = Rules(time_zone="Asia/Jerusalem")
    parts = unanswered_holidays(museum, JERUSALEM)
    in_jerusalem = [
        (start.astimezone(JERUSALEM), end.astimezone(JERUSALEM)) for start, end in parts
    ]
    expected = [
        tuple(datetime.fromisoformat(t).replace(tzinfo=JERUSALEM) for t in pair)
        for pair in unanswered
    ]
    assert in_jerusalem == expected
    first = datetime(2025, 10, 1, 9, tzinfo=JERUSALEM)
    warned = 0
    for quarter in range(0, 38 * 4):
        start = first + timedelta(minutes=15 * quarter)
        end = start + timedelta(minutes=30)
        if not (time(9) <= start.time() and end.time() <= time(22) and start.date() == end.date()):
            continue  # outside the weekly hours: another finding
        b = Booking(quarter, "Termin", start, end, venue="museum", people=frozenset())
        found = check([b], venues={"museum": museum}, rules=rules)
        # A day the venue said it is closed is an error, and no open hours for the optimiser.
        warning = Finding(Kind.CLOSED_ON_HOLIDAY, Severity.WARNING, (quarter,), {})
        asks = [f for f in found if replace(f, facts={}) == warning]
        in_question = any(s < end and start < e for s, e in parts)
        assert bool(asks) == in_question, start
        warned += in_question
    assert warned > 0


UNITY_DAY = Holiday(
    date(2025, 10, 3),
    "Tag der Deutschen Einheit",
    at("2025-10-03", "00:00"),
    at("2025-10-04", "00:00"),
)


def on_israel_time(key: str, day: str, start: str, end: str, venue: str) -> Booking:
    return Booking(
        key=key,
        title="Termin",
        start=datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=JERUSALEM),
        end=datetime.fromisoformat(f"{day}T{end}").replace(tzinfo=JERUSALEM),
        venue=venue,
        people=frozenset(),
    )


ISRAEL_TIME = Rules(time_zone="Asia/Jerusalem")


def test_a_venue_keeps_its_hours_on_its_own_clock():
    """A town hall in Bochum open 9–18, seen by a visit on Israel time, an hour ahead: open
    from 10:00 to 19:00 Israel time."""
    town_hall = replace(WEEKDAYS_9_TO_17, weekly={d: ((time(9), time(18)),) for d in range(5)})
    in_bochum = replace(town_hall, zone=BERLIN)
    evening = on_israel_time("evening", TUESDAY, "18:30", "19:00", "rathaus")
    morning = on_israel_time("morning", TUESDAY, "09:30", "10:00", "rathaus")
    assert check([evening, morning], venues={"rathaus": in_bochum}, rules=ISRAEL_TIME) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("morning",),
            {
                "venue": "rathaus",
                "day": date(2025, 2, 4),
                "closed": False,
                "opens": time(9),
                "closes": time(18),
                "hours": ((time(9), time(18)),),
                "clock": "Europe/Berlin",
            },
        )
    ]
    # Without a clock of its own, the venue keeps the visit's.
    found = check([evening, morning], venues={"rathaus": town_hall}, rules=ISRAEL_TIME)
    assert [f.bookings for f in found] == [("evening",)]


@pytest.mark.parametrize(
    ("exceptions", "warned"),
    [
        ({}, True),
        # Open on the holiday, as the venue said: the hour after midnight in Israel is its day.
        ({date(2025, 10, 3): ((time(0), time(0)),)}, False),
    ],
)
def test_a_german_holiday_seen_on_israel_time_is_the_german_day(exceptions, warned):
    """The Day of German Unity in Bochum runs to 01:00 on 4 October, Israel time: a booking at
    00:15 is on the holiday, and on the venue's 3 October."""
    town_hall = OpeningHours(
        weekly={d: ((time(0), time(0)),) for d in range(7)},
        exceptions=exceptions,
        holidays=(UNITY_DAY,),
        zone=BERLIN,
    )
    late = on_israel_time("late", "2025-10-04", "00:15", "00:45", "rathaus")
    found = check([late], venues={"rathaus": town_hall}, rules=ISRAEL_TIME)
    holiday = {
        "venue": "rathaus",
        "day": date(2025, 10, 3),
        "holiday": "Tag der Deutschen Einheit",
        "clock": "Europe/Berlin",  # the venue's days and hours are not the visit's
    }
    assert found == (
        [Finding(Kind.CLOSED_ON_HOLIDAY, Severity.WARNING, ("late",), holiday)] if warned else []
    )


@pytest.mark.parametrize(
    "exceptions",
    [{}, {date(2025, 12, 24): ((time(10), time(14)),)}],  # nothing known, or other days only
)
def test_a_holiday_is_in_question_at_a_venue_whose_hours_are_not_known(exceptions):
    """Christmas Day at a venue that gave no hours for it: is it open?"""
    christmas = civil_holiday("2025-12-25", "1. Weihnachtstag")
    hall = OpeningHours(weekly={}, exceptions=exceptions, holidays=(christmas,))
    concert = booking("concert", "19:00", "21:00", day="2025-12-25", venue="halle")
    assert check([concert], venues={"halle": hall}) == [
        Finding(
            Kind.CLOSED_ON_HOLIDAY,
            Severity.WARNING,
            ("concert",),
            {"venue": "halle", "day": date(2025, 12, 25), "holiday": "1. Weihnachtstag"},
        )
    ]
    # It said it opens that evening: no question.
    answered = replace(hall, exceptions={**exceptions, date(2025, 12, 25): ((time(18), time(0)),)})
    assert check([concert], venues={"halle": answered}) == []


def test_a_holiday_on_a_day_the_venue_is_closed_anyway_is_just_closed():
    sunday = booking("sun", "10:00", "11:00", day="2025-04-20", venue="museum")
    museum = replace(WEEKDAYS_9_TO_17, holidays=(civil_holiday("2025-04-20", "Ostersonntag"),))
    assert check([sunday], venues={"museum": museum}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("sun",),
            {"venue": "museum", "day": date(2025, 4, 20), "closed": True},
        )
    ]


def test_hours_that_touch_are_one_stretch():
    office = OpeningHours(weekly={1: ((time(12), time(18)), (time(9), time(12)))})
    across_noon = booking("b", "11:00", "13:00", venue="office")
    assert check([across_noon], venues={"office": office}) == []


def test_an_appointment_past_midnight_is_checked_on_both_days():
    # Open every evening until midnight: the hour after midnight is outside Wednesday's hours.
    bar = OpeningHours(weekly={d: ((time(20), time(0)),) for d in range(7)})
    b = booking("b", "22:00", "23:00", venue="bar")
    late = Booking(
        "late", "Nachtcafé", at(TUESDAY, "22:00"), at("2025-02-05", "01:00"), "bar", frozenset()
    )
    assert check([b], venues={"bar": bar}) == []
    assert check([late], venues={"bar": bar}) == [
        Finding(
            Kind.OUTSIDE_OPENING_HOURS,
            Severity.ERROR,
            ("late",),
            {
                "venue": "bar",
                "day": date(2025, 2, 5),
                "closed": False,
                "opens": time(20),
                "closes": time(0),
                "hours": ((time(20), time(0)),),
            },
        )
    ]


# The night summer time begins: 02:00 does not exist in Berlin on Sunday 30 March 2025. -------

DST_DAY = "2025-03-30"


def test_opening_hours_on_the_day_summer_time_begins_are_wall_clock_hours():
    sundays_10_to_18 = OpeningHours(weekly={6: ((time(10), time(18)),)})
    opening = booking("opening", "10:00", "11:00", day=DST_DAY, venue="museum")
    closing = booking("closing", "17:00", "18:00", day=DST_DAY, venue="museum")
    # Read with the winter offset of the night before, "opening" would start at 09:00 (closed)
    # and "late" at 17:00 (open): only the summer-time wall clock gets both right.
    early = booking("early", "09:30", "10:00", day=DST_DAY, venue="museum")
    late = booking("late", "18:00", "18:30", day=DST_DAY, venue="museum")
    assert opening.start == datetime(2025, 3, 30, 8, 0, tzinfo=UTC)
    findings = check([opening, closing, early, late], venues={"museum": sundays_10_to_18})
    facts = {
        "venue": "museum",
        "day": date(2025, 3, 30),
        "closed": False,
        "opens": time(10),
        "closes": time(18),
        "hours": ((time(10), time(18)),),
    }
    assert findings == [
        Finding(Kind.OUTSIDE_OPENING_HOURS, Severity.ERROR, ("early",), facts),
        Finding(Kind.OUTSIDE_OPENING_HOURS, Severity.ERROR, ("late",), facts),
    ]


def test_day_length_on_the_day_summer_time_begins_is_real_time():
    night = booking("night", "01:00", "01:30", day=DST_DAY)
    lunch = booking("lunch", "12:45", "13:30", day=DST_DAY)  # 12.5 h on the clock, 11.5 h lived
    assert check([night, lunch]) == []
    eleven_hours = Rules(time_zone="Europe/Berlin", max_day_minutes=11 * 60)
    assert check([night, lunch], rules=eleven_hours) == [
        Finding(
            Kind.DAY_TOO_LONG,
            Severity.ERROR,
            ("night", "lunch"),
            {"day": date(2025, 3, 30), "minutes": 690, "limit": 660},
        )
    ]


def test_local_days_are_days_in_the_visits_zone():
    # 23:30 UTC on Saturday is already Sunday 00:30 in Berlin.
    early = Booking(
        "early",
        "Ankunft",
        datetime(2025, 3, 29, 23, 30, tzinfo=UTC),
        datetime(2025, 3, 30, 0, 0, tzinfo=UTC),
        None,
        frozenset(),
    )
    late = booking("late", "20:00", "20:45", day=DST_DAY)
    rules = Rules(time_zone="Europe/Berlin", max_day_minutes=60)
    [finding] = check([late, early], rules=rules)
    # 23:30 UTC to 18:45 UTC (20:45 in summer time)
    assert finding.facts == {"day": date(2025, 3, 30), "minutes": 1155, "limit": 60}


# Shabbat and Yom Tov ----------------------------------------------------------------------------

SHABBAT = Period(start=at("2025-01-31", "17:00"), end=at("2025-02-01", "18:14"), name="Shabbat")
OBSERVANT = Rules(time_zone="Europe/Berlin", rest=(SHABBAT,))
BERGBAU_MUSEUM = OpeningHours(weekly={d: ((time(9, 30), time(17, 30)),) for d in range(1, 7)})


def test_bergbau_museum_on_friday_afternoon_runs_into_shabbat():
    museum = booking("museum", "15:00", "17:15", day="2025-01-31", venue="bergbau")
    assert check([museum], venues={"bergbau": BERGBAU_MUSEUM}, rules=OBSERVANT) == [
        Finding(
            Kind.DURING_REST,
            Severity.ERROR,
            ("museum",),
            {"period": "Shabbat", "from": SHABBAT.start, "until": SHABBAT.end},
        )
    ]


def test_ending_as_shabbat_begins_is_fine():
    museum = booking("museum", "15:00", "17:00", day="2025-01-31", venue="bergbau")
    after = booking("after", "18:14", "19:00", day="2025-02-01")
    assert check([museum, after], venues={"bergbau": BERGBAU_MUSEUM}, rules=OBSERVANT) == []


def test_the_way_home_before_shabbat_is_from_the_venue_left_last():
    # A short stop near the hotel starts later, but the far venue is left last; a call
    # afterwards (no venue) does not move the group.
    far = booking("far", "14:00", "16:45", day="2025-01-31", venue="fern")
    near = booking("near", "15:00", "15:30", day="2025-01-31", venue="nah")
    call = booking("call", "16:50", "16:55", day="2025-01-31")
    travel = TravelTimes(Mode.WALK, points={}, entered={("fern", "hotel"): 60, ("nah", "hotel"): 5})
    rules = Rules(time_zone="Europe/Berlin", rest=(SHABBAT,), travel=travel, home="hotel")
    facts = {"period": "Shabbat", "from": SHABBAT.start, "until": SHABBAT.end, "travel_home": 60}
    # (The stop inside the far visit is a conflict of its own, a way between them at once.)
    assert reported(check([far, near, call], rules=rules), Kind.DURING_REST) == [
        Finding(Kind.DURING_REST, Severity.ERROR, ("far",), facts)
    ]


def test_rest_given_in_another_zone_is_the_same_moment():
    shabbat_utc = Period(
        datetime(2025, 1, 31, 16, 0, tzinfo=UTC),
        datetime(2025, 2, 1, 17, 14, tzinfo=UTC),
        "Shabbat",
    )
    museum = booking("museum", "15:00", "17:15", day="2025-01-31")
    rules = Rules(time_zone="Europe/Berlin", rest=(shabbat_utc,))
    assert [f.kind for f in check([museum], rules=rules)] == [Kind.DURING_REST]


# Day length, meals, restricted ------------------------------------------------------------------


def test_a_day_longer_than_twelve_hours():
    breakfast = booking("breakfast", "08:00", "09:00")
    dinner = booking("dinner", "19:00", "20:30")
    assert check([dinner, breakfast]) == [
        Finding(
            Kind.DAY_TOO_LONG,
            Severity.ERROR,
            ("breakfast", "dinner"),
            {"day": date(2025, 2, 4), "minutes": 750, "limit": 720},
        )
    ]


def test_an_evening_past_midnight_belongs_to_the_day_it_began():
    lunch = booking("lunch", "12:00", "13:00")
    dinner = replace(booking("dinner", "23:00", "23:30"), end=at("2025-02-05", "00:30"))
    tomorrow = booking("tomorrow", "09:00", "11:00", day="2025-02-05")
    assert check([lunch, dinner, tomorrow]) == [
        Finding(
            Kind.DAY_TOO_LONG,
            Severity.ERROR,
            ("lunch", "dinner"),
            {"day": date(2025, 2, 4), "minutes": 750, "limit": 720},
        )
    ]


def test_a_day_of_exactly_twelve_hours_is_fine():
    assert check([booking("a", "08:00", "09:00"), booking("b", "19:00", "20:00")]) == []


def test_no_gap_for_a_meal():
    a = booking("a", "11:00", "12:10")
    b = booking("b", "12:30", "13:00")
    c = booking("c", "13:20", "15:00")
    assert check([a, b, c]) == [
        Finding(
            Kind.NO_MEAL_BREAK,
            Severity.WARNING,
            ("a", "b", "c"),
            {
                "day": date(2025, 2, 4),
                "from": time(11, 30),
                "until": time(14, 30),
                "needed": 30,
                "available": 20,
            },
        )
    ]


def test_a_gap_of_half_an_hour_is_a_meal_break():
    a = booking("a", "11:00", "12:10")
    b = booking("b", "12:40", "13:00")
    c = booking("c", "13:20", "15:00")
    assert check([a, b, c]) == []


def test_time_on_the_way_is_no_meal_break():
    """75 minutes between the State Chancellery and WERK X, 65 of them on the road: someone
    should decide that the delegation eats on the bus. A way nobody can work out takes no
    time here (the travel check asks about it)."""
    chancellery = booking("a", "11:00", "12:30", venue="chancellery")
    werk_x = booking("b", "13:45", "15:00", venue="werk_x")
    by_road = TravelTimes(Mode.CAR, points={}, entered={("chancellery", "werk_x"): 65})
    [finding] = check([chancellery, werk_x], rules=Rules(time_zone="Europe/Berlin", travel=by_road))
    assert (finding.kind, finding.facts["available"]) == (Kind.NO_MEAL_BREAK, 10)
    unknown = TravelTimes(Mode.CAR, points={}, entered={})
    assert (
        check([chancellery, werk_x], rules=Rules(time_zone="Europe/Berlin", travel=unknown)) == []
    )


# DZPG to the museum a quarter of an hour by road, the museum to the town hall ten minutes.
BOCHUM_ROADS = TravelTimes(
    Mode.CAR, points={}, entered={("dzpg", "museum"): 15, ("museum", "rathaus"): 10}
)
BY_ROAD = Rules(time_zone="Europe/Berlin", travel=BOCHUM_ROADS)


def no_meal(bookings: tuple[str, ...], available: int) -> Finding:
    facts = {
        "day": date(2025, 2, 4),
        "from": time(11, 30),
        "until": time(14, 30),
        "needed": 30,
        "available": available,
    }
    return Finding(Kind.NO_MEAL_BREAK, Severity.WARNING, bookings, facts)


def test_the_group_may_eat_before_it_sets_off():
    """14:00 to 14:30 is free: the ride to the town hall can wait until after lunch."""
    dzpg = booking("dzpg", "09:30", "12:30", venue="dzpg")
    museum = booking("museum", "13:00", "14:00", venue="museum")
    reception = booking("reception", "17:30", "19:00", venue="rathaus")
    assert check([dzpg, museum, reception], rules=BY_ROAD) == []


def test_a_gap_that_holds_the_ride_but_not_the_break_is_no_meal_break():
    """Half an hour after the museum, ten minutes of it on the road whenever the group
    leaves: twenty minutes free, more than the quarter of an hour before it."""
    dzpg = booking("dzpg", "09:30", "12:30", venue="dzpg")
    museum = booking("museum", "13:00", "14:00", venue="museum")
    reception = booking("reception", "14:30", "16:00", venue="rathaus")
    assert check([dzpg, museum, reception], rules=BY_ROAD) == [
        no_meal(("dzpg", "museum"), available=20)
    ]


def test_the_ride_is_taken_at_the_end_of_its_gap_where_that_leaves_more_free():
    """Leaving the museum at once, 14:10 to 14:30 would be free; leaving at 14:25, 14:00 to
    14:25."""
    museum = booking("museum", "11:00", "14:00", venue="museum")
    reception = booking("reception", "14:35", "16:00", venue="rathaus")
    assert check([museum, reception], rules=BY_ROAD) == [no_meal(("museum",), available=25)]


def test_the_ride_is_taken_at_the_start_of_its_gap_where_that_leaves_more_free():
    """Leaving DZPG at once, the group is at the museum at 11:30 and free until 11:50;
    arriving just in time, only until 11:35."""
    dzpg = booking("dzpg", "09:00", "11:15", venue="dzpg")
    museum = booking("museum", "11:50", "15:00", venue="museum")
    assert check([dzpg, museum], rules=BY_ROAD) == [no_meal(("museum",), available=20)]


def test_a_meal_appointment_is_a_meal_break():
    a = booking("a", "09:00", "12:00")
    lunch = booking("lunch", "12:00", "12:20", is_meal=True)
    c = booking("c", "12:20", "16:00")
    assert check([a, lunch, c]) == []


def test_free_time_before_the_first_appointment_counts():
    assert check([booking("a", "12:00", "16:00")]) == []
    [finding] = check([booking("a", "11:50", "16:00")])
    assert (finding.kind, finding.facts["available"]) == (Kind.NO_MEAL_BREAK, 20)


def test_overlapping_appointments_are_merged_to_find_gaps():
    a = booking("a", "11:00", "13:00", people={1})
    b = booking("b", "12:00", "14:10", people={2})
    [finding] = check([a, b])
    assert (finding.kind, finding.bookings, finding.facts["available"]) == (
        Kind.NO_MEAL_BREAK,
        ("a", "b"),
        20,
    )


def test_a_day_that_ends_before_lunch_needs_no_meal_break():
    assert check([booking("a", "08:00", "11:30"), booking("b", "14:30", "16:00")]) == []
    assert check([booking("a", "08:00", "11:30")]) == []


def test_restricted_appointment_not_shared_with_a_liaison():
    secret = booking("secret", "09:00", "10:00", restricted=True)
    shared = booking("shared", "10:00", "11:00", restricted=True, has_liaison=True)
    assert check([secret, shared]) == [
        Finding(Kind.RESTRICTED_WITHOUT_LIAISON, Severity.WARNING, ("secret",), {})
    ]


def test_findings_by_start_then_errors_first_then_kind():
    secret = booking("secret", "16:00", "17:15", day="2025-01-31", restricted=True, people={1})
    other = booking("other", "15:00", "16:30", day="2025-01-31", people={1})
    findings = check([secret], [other], rules=OBSERVANT)
    assert [(f.kind, f.severity, f.bookings) for f in findings] == [
        (Kind.PERSON_DOUBLE_BOOKED, Severity.ERROR, ("other", "secret")),
        (Kind.DURING_REST, Severity.ERROR, ("secret",)),
        (Kind.RESTRICTED_WITHOUT_LIAISON, Severity.WARNING, ("secret",)),
    ]


def test_a_booking_needs_aware_times_that_run_forwards():
    with pytest.raises(ValueError, match="aware"):
        Booking("a", "A", datetime(2025, 2, 4, 9), datetime(2025, 2, 4, 10), None, frozenset())
    with pytest.raises(ValueError, match="ends before"):
        booking("a", "10:00", "10:00")
    # As the clocks go back on 26 October 2025, 02:30 summer time comes before 02:15 winter time.
    summer = datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN)
    winter = datetime(2025, 10, 26, 2, 15, fold=1, tzinfo=BERLIN)
    assert Booking("b", "B", summer, winter, None, frozenset()).end == winter
    with pytest.raises(ValueError, match="ends before"):
        Booking("c", "C", winter, summer, None, frozenset())


# Properties: every finding is real, and every real problem is found -------------------------------

# Saturday and Sunday 29/30 March 2025, so that summer time begins in the middle.
BASE = datetime(2025, 3, 29, 5, 0, tzinfo=UTC)
ZONES = [UTC, BERLIN, ZoneInfo("Asia/Jerusalem")]
VENUES = ["a", "b", "c"]
# Venues "a" and "b" open 09:00–18:00 every day, "a" on the visit's clock (Berlin), "b" on
# Jerusalem's; "c" says nothing about its hours.
NINE_TO_SIX = {d: ((time(9), time(18)),) for d in range(7)}
HOURS = {
    "a": OpeningHours(weekly=NINE_TO_SIX),
    "b": OpeningHours(weekly=NINE_TO_SIX, zone=ZoneInfo("Asia/Jerusalem")),
}


@st.composite
def bookings(draw, prefix: str, max_size: int) -> list[Booking]:
    count = draw(st.integers(0, max_size))
    result = []
    for i in range(count):
        start = BASE + timedelta(
            days=draw(st.integers(0, 1)), minutes=15 * draw(st.integers(0, 64))
        )
        end = start + timedelta(minutes=15 * draw(st.integers(1, 16)))
        zone = draw(st.sampled_from(ZONES))
        result.append(
            Booking(
                key=f"{prefix}{i}",
                title="",
                start=start.astimezone(zone),
                end=end.astimezone(zone),
                venue=draw(st.sampled_from([None, *VENUES])),
                people=frozenset(draw(st.sets(st.integers(1, 4), max_size=3))),
                is_meal=draw(st.sampled_from([False, False, False, True])),
                restricted=draw(st.booleans()),
                has_liaison=draw(st.booleans()),
            )
        )
    return result


points = st.builds(Point, st.floats(51.40, 51.60), st.floats(7.10, 7.50))


@st.composite
def rules(draw) -> Rules:
    travel = None
    if draw(st.integers(0, 3)):  # mostly with travel times, so that shortfalls happen
        travel = TravelTimes(
            mode=draw(st.sampled_from(list(Mode))),
            points={v: draw(points) for v in VENUES if draw(st.integers(0, 4))},
            entered=draw(
                st.dictionaries(
                    st.tuples(st.sampled_from(VENUES), st.sampled_from(VENUES)),
                    st.integers(0, 120),
                    max_size=3,
                )
            ),
        )
    rest = []
    for i in range(draw(st.integers(0, 2))):
        start = BASE + timedelta(minutes=15 * draw(st.integers(0, 200)))
        end = start + timedelta(minutes=15 * draw(st.integers(1, 96)))
        rest.append(Period(start, end, f"rest {i}"))
    return Rules(
        time_zone="Europe/Berlin",
        rest=tuple(rest),
        max_day_minutes=draw(st.sampled_from([4 * 60, 8 * 60, 12 * 60])),
        travel=travel,
        unseen=frozenset(draw(st.sets(st.sampled_from(["o0", "o1", "o2", "o3"])))),
    )


def grid(start: datetime, end: datetime) -> set[int]:
    """The minutes (since the epoch) a span covers: overlap is a shared minute."""
    return set(range(int(start.timestamp()) // 60, int(end.timestamp()) // 60))


def local(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, BERLIN)


def minute(moment: datetime) -> int:
    """The minute (since the epoch) a moment falls in, as ``grid`` counts them."""
    return int(moment.timestamp()) // 60


def reported(findings: list[Finding], kind: Kind) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


def expected_double_bookings(programme, others, unseen) -> Counter:
    """Each pair once for the people it shares, once for its venue; not with an unseen one."""
    ours = {b.key for b in programme}
    everyone = programme + [b for b in others if b.key not in ours | unseen]
    expected = Counter()
    for b in programme:
        for c in everyone:
            if c is b or (c.key in ours and c.key < b.key):
                continue  # each pair once
            if not grid(b.start, b.end) & grid(c.start, c.end):
                continue
            pair = frozenset({b.key, c.key})
            if b.people & c.people:
                expected[(Kind.PERSON_DOUBLE_BOOKED, pair, frozenset(b.people & c.people))] += 1
            if b.venue is not None and b.venue == c.venue:
                expected[(Kind.VENUE_DOUBLE_BOOKED, pair, b.venue)] += 1
    return expected


def local_days(booking) -> set[date]:
    return {local(m).date() for m in grid(booking.start, booking.end)}


def expected_booked_unseen(programme, others, unseen) -> Counter:
    """For each local day, each person of ours with an unseen appointment that day, with all
    of ours they take part in that day (those with the same ones together); each venue of ours
    with one that day, with all of ours there."""
    ours = {b.key for b in programme}
    theirs = [o for o in others if o.key in unseen and o.key not in ours]
    people: dict[tuple[date, frozenset], set] = {}
    expected = Counter()
    for day in {day for b in programme for day in local_days(b)}:
        on_the_day = [b for b in programme if day in local_days(b)]
        that_day = [o for o in theirs if day in local_days(o)]
        for person in {p for o in that_day for p in o.people}:
            concerned = frozenset(b.key for b in on_the_day if person in b.people)
            if concerned:
                people.setdefault((day, concerned), set()).add(person)
        for venue in {o.venue for o in that_day} - {None}:
            concerned = frozenset(b.key for b in on_the_day if b.venue == venue)
            if concerned:
                expected[(Kind.VENUE_BOOKED_UNSEEN, concerned, day, venue)] += 1
    for (day, concerned), persons in people.items():
        expected[(Kind.PERSON_BOOKED_UNSEEN, concerned, day, frozenset(persons))] += 1
    return expected


def ways_between_venues(programme) -> list[tuple[Booking, Booking]]:
    """Each appointment at a venue, with the one the group comes from: of the earlier ones at
    a venue, the first that ends last."""
    placed = sorted((b.start, b.end, i, b) for i, b in enumerate(programme) if b.venue is not None)
    ways = []
    for n in range(1, len(placed)):
        left_last = max(range(n), key=lambda k: (placed[k][1], -k))
        ways.append((placed[left_last][3], placed[n][3]))
    return ways


def expected_travel_shortfalls(programme, travel) -> set:
    if travel is None:
        return set()
    expected = set()
    for before, after in ways_between_venues(programme):
        if before.venue == after.venue:
            continue
        needed, severity = travel.minutes(before.venue, after.venue), Severity.ERROR
        available = (after.start.timestamp() - before.end.timestamp()) / 60
        if needed is None:  # nobody can work the way out: an hour is asked about
            needed = 60
            severity = Severity.ERROR if available < 0 else Severity.WARNING
        if available < needed:
            expected.add((before.key, after.key, needed, max(int(available), 0), severity))
    return expected


def expected_travel_of_people(programme, others, rules) -> set:
    """Each person's diary across visits: a way between one of ours and one of another visit,
    by car. One whose time the city may not know is not in it: its day is the question."""
    if rules.travel is None:
        return set()
    by_car = TravelTimes(Mode.CAR, rules.travel.points, rules.travel.entered)
    ours = {b.key for b in programme}
    seen = [b for b in others if b.key not in rules.unseen]
    expected = set()
    for person in {p for b in programme for p in b.people}:
        diary = sorted(
            (b.start, b.end, i, b)
            for i, b in enumerate(programme + seen)
            if person in b.people and b.venue is not None
        )
        for n in range(1, len(diary)):
            left_last = max(range(n), key=lambda k: (diary[k][1], -k))
            before, after = diary[left_last][3], diary[n][3]
            available = (after.start.timestamp() - before.end.timestamp()) / 60
            if (before.key in ours) == (after.key in ours) or available < 0:
                continue
            if before.venue != after.venue:
                needed, severity = by_car.minutes(before.venue, after.venue), Severity.ERROR
                if needed is None:  # nobody can work the way out: an hour is asked about
                    needed, severity = 60, Severity.WARNING
            else:
                continue
            if available < needed:
                expected.add((person, before.key, after.key, needed, int(available), severity))
    return expected


def minutes_by_day(programme) -> dict[date, dict[int, list[Booking]]]:
    days: dict[date, dict[int, list[Booking]]] = {}
    for b in programme:
        for m in grid(b.start, b.end):
            days.setdefault(local(m).date(), {}).setdefault(m, []).append(b)
    return days


def expected_long_days(programme, limit) -> set:
    """A day: the appointments that start on it (local date), first start to last end."""
    by_start_day: dict[date, list[Booking]] = {}
    for b in programme:
        by_start_day.setdefault(b.start.astimezone(BERLIN).date(), []).append(b)
    expected = set()
    for day, bookings in by_start_day.items():
        first = min(b.start.timestamp() for b in bookings)
        length = int(max(b.end.timestamp() for b in bookings) - first) // 60
        if length > limit:
            expected.add((day, length))
    return expected


def rides_between_venues(programme, travel) -> list[tuple[int, int, int]]:
    """Each way between two venues as the minute the first ends, the minute the next starts
    and the minutes on the road, at most all of them (a way nobody can work out takes none)."""
    if travel is None:
        return []
    rides = []
    for before, after in ways_between_venues(programme):
        needed = travel.minutes(before.venue, after.venue) if before.venue != after.venue else 0
        leave, arrive = minute(before.end), minute(after.start)
        if needed and leave < arrive:
            rides.append((leave, arrive, min(needed, arrive - leave)))
    return rides


def leaves_room(ride: tuple[int, int, int], free_from: int, free_until: int) -> bool:
    """Whether a ride fits in its gap before or after the minutes from free_from to
    free_until: the group leaves whenever it likes, but travels in one go."""
    leave, arrive, needed = ride
    before = min(free_from, arrive) - leave
    after = arrive - max(free_until, leave)
    return max(before, after) >= needed


def longest_free_run(window: list[int], booked: set[int], rides) -> int:
    """The most minutes in a row of the window that nothing is booked in and that leave
    every ride room in its gap. Any part of a free run is free, so the run's end never goes
    back as its start moves on."""
    longest = end = 0
    for first in range(len(window)):
        end = max(end, first)
        while (
            end < len(window)
            and window[end] not in booked
            and all(leaves_room(ride, window[first], window[end] + 1) for ride in rides)
        ):
            end += 1
        longest = max(longest, end - first)
    return longest


def expected_missing_meals(programme, travel) -> set:
    rides = rides_between_venues(programme, travel)
    expected = set()
    for day, minutes in minutes_by_day(programme).items():
        window = [
            m
            for m in range(min(minutes) - 24 * 60, max(minutes) + 24 * 60)
            if local(m).date() == day and time(11, 30) <= local(m).time() < time(14, 30)
        ]
        if not (min(minutes) < window[-1] + 1 and max(minutes) + 1 > window[0]):
            continue
        if any(b.is_meal for m in window for b in minutes.get(m, [])):
            continue
        longest = longest_free_run(window, set(minutes), rides)
        if longest < 30:
            expected.add((day, longest))
    return expected


def expected_outside_hours(programme) -> set:
    expected = set()
    for b in programme:
        if b.venue not in HOURS:
            continue
        zone = HOURS[b.venue].zone or BERLIN
        for m in grid(b.start, b.end):
            there = local(m).astimezone(zone)
            if not time(9) <= there.time() < time(18):
                expected.add((b.key, there.date()))
    return expected


@settings(max_examples=300, deadline=None)
@given(programme=bookings("p", 8), others=bookings("o", 4), rules=rules())
def test_every_finding_is_real_and_every_real_problem_is_found(programme, others, rules):
    findings = check_programme(programme, others, HOURS, rules)
    by_key = {b.key: b for b in [*others, *programme]}

    double = Counter(
        (f.kind, frozenset(f.bookings), frozenset(f.facts["people"]))
        for f in reported(findings, Kind.PERSON_DOUBLE_BOOKED)
    ) + Counter(
        (f.kind, frozenset(f.bookings), f.facts["venue"])
        for f in reported(findings, Kind.VENUE_DOUBLE_BOOKED)
    )
    assert double == expected_double_bookings(programme, others, rules.unseen)
    assert all(
        f.severity == Severity.ERROR and list(f.facts["people"]) == sorted(f.facts["people"])
        for f in reported(findings, Kind.PERSON_DOUBLE_BOOKED)
    )

    booked_unseen = Counter(
        (f.kind, frozenset(f.bookings), f.facts["day"], frozenset(f.facts["people"]))
        for f in reported(findings, Kind.PERSON_BOOKED_UNSEEN)
    ) + Counter(
        (f.kind, frozenset(f.bookings), f.facts["day"], f.facts["venue"])
        for f in reported(findings, Kind.VENUE_BOOKED_UNSEEN)
    )
    assert booked_unseen == expected_booked_unseen(programme, others, rules.unseen)
    assert all(
        f.severity == Severity.WARNING
        for f in findings
        if f.kind in (Kind.PERSON_BOOKED_UNSEEN, Kind.VENUE_BOOKED_UNSEEN)
    )

    travel = {
        (*f.bookings, f.facts["needed"], f.facts["available"], f.severity)
        for f in reported(findings, Kind.TRAVEL_TOO_SHORT)
    }
    assert travel == expected_travel_shortfalls(programme, rules.travel)
    people_travel = {
        (f.facts["person"], *f.bookings, f.facts["needed"], f.facts["available"], f.severity)
        for f in reported(findings, Kind.PERSON_TRAVEL_TOO_SHORT)
    }
    # No finding names an appointment whose time the city may not know.
    unseen = {o.key for o in others if o.key in rules.unseen} - {b.key for b in programme}
    assert not {key for f in findings for key in f.bookings} & unseen
    assert people_travel == expected_travel_of_people(programme, others, rules)

    rest = Counter((f.bookings, f.facts["period"]) for f in reported(findings, Kind.DURING_REST))
    assert rest == Counter(
        ((b.key,), p.name)
        for b in programme
        for p in rules.rest
        if grid(b.start, b.end) & grid(p.start, p.end)
    )

    long_days = {
        (f.facts["day"], f.facts["minutes"]) for f in reported(findings, Kind.DAY_TOO_LONG)
    }
    assert long_days == expected_long_days(programme, rules.max_day_minutes)

    meals = {(f.facts["day"], f.facts["available"]) for f in reported(findings, Kind.NO_MEAL_BREAK)}
    assert meals == expected_missing_meals(programme, rules.travel)

    outside = Counter(
        (f.bookings[0], f.facts["day"]) for f in reported(findings, Kind.OUTSIDE_OPENING_HOURS)
    )
    assert outside == Counter(expected_outside_hours(programme))

    restricted = [f.bookings for f in reported(findings, Kind.RESTRICTED_WITHOUT_LIAISON)]
    assert sorted(restricted) == sorted(
        (b.key,) for b in programme if b.restricted and not b.has_liaison
    )

    # Each finding lists its appointments in time order, and findings come in the promised order.
    for f in findings:
        starts = [by_key[k].start for k in f.bookings]
        assert starts == sorted(starts)
    order = [
        (by_key[f.bookings[0]].start, f.severity != Severity.ERROR, list(Kind).index(f.kind))
        for f in findings
    ]
    assert order == sorted(order)
    assert check_programme(programme, others, HOURS, rules) == findings


def midnight(day: date) -> int:
    """The minute (since the epoch) a local day begins."""
    return int(datetime.combine(day, time(0), BERLIN).timestamp()) // 60


@st.composite
def moved_within_their_days(draw, others: list[Booking], unseen: frozenset) -> list[Booking]:
    """``others``, each unseen one moved to any other time that takes the same local days:
    from the first day it takes to the last, a minute apart or the whole of them."""
    moved = []
    for other in others:
        if other.key in unseen:
            days = sorted(local_days(other))
            first, last = midnight(days[0]), midnight(days[-1] + timedelta(days=1))
            start = draw(st.integers(first, midnight(days[0] + timedelta(days=1)) - 1))
            end = draw(st.integers(max(start, midnight(days[-1])) + 1, last))
            zone = draw(st.sampled_from(ZONES))
            other = replace(
                other,
                start=datetime.fromtimestamp(start * 60, zone),
                end=datetime.fromtimestamp(end * 60, zone),
            )
        moved.append(other)
    return moved


@settings(max_examples=300, deadline=None)
@given(programme=bookings("p", 8), others=bookings("o", 4), rules=rules(), data=st.data())
def test_findings_do_not_tell_when_in_its_days_an_unseen_appointment_lies(
    programme, others, rules, data
):
    """Another city's coordinator who moves their own appointments about learns of an
    appointment whose time the city may not know no more than the days it takes."""
    moved = data.draw(moved_within_their_days(others, rules.unseen))
    assert check_programme(programme, moved, HOURS, rules) == check_programme(
        programme, others, HOURS, rules
    )
