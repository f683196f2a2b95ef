"""The itinerary engine in the app: findings on the visit page, the wish list, proposals.

The optimiser runs as a task; here Django's ImmediateBackend runs it when the request's
transaction commits, as the worker would a moment later.
"""

import datetime as dt
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from chaveruth.directory import services as directory
from chaveruth.directory.models import TravelTime, Venue
from chaveruth.planning import optimiser
from chaveruth.visits import itinerary, services, tasks
from chaveruth.visits.itinerary import Answer, visit_clock
from chaveruth.visits.models import Appointment, Delegate, Proposal, Visit, Wish
from tests import factories as make
from tests.conftest import give_second_factor, log_in_as_coordinator
from tests.html import get_page, texts
from tests.visits.conftest import BOCHUM, EAST
from tests.visits.test_day_notes import notes_on_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "immediate_tasks")]


OUT_OF_DATE = (
    "The programme, the wish list or the bookings, opening hours and travel times they depend "
    "on changed since this proposal was made: ask again."
)


def findings_on_page(client, visit) -> list[tuple[str, str]]:
    response = client.get(visit.get_absolute_url())
    assert response.status_code == 200
    return [(f.severity, f.message) for f in response.context["findings"]]


def test_friday_past_candle_lighting_is_a_conflict(coordinator, visit, museum):
    make.appointment(
        visit, make.berlin(2025, 1, 31, 15), make.berlin(2025, 1, 31, 17, 15), venue=museum
    )
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "During Shabbat, from Friday, 31/01/2025, 17:01 (candle lighting) to Saturday, "
            "01/02/2025, 18:14 (havdalah).",
        )
    ]
    with translation.override("de"):
        in_german = findings_on_page(coordinator, visit)
    # Not "Während Schabbat": the period's name, "Pessach / Pessach II / Schabbat" as well,
    # takes no article or case in German.
    assert in_german == [
        (
            "error",
            "In der Ruhezeit (Schabbat) von Freitag, 31.01.2025, 17:01 (Kerzenzünden) bis "
            "Samstag, 01.02.2025, 18:14 (Hawdala).",
        )
    ]


def test_without_coordinates_shabbat_is_kept_by_the_capital_s_times(coordinator, city):
    """No hotel, no venue with coordinates: Düsseldorf's times, two minutes after Bochum's
    (17:01 and 18:14), rather than no check at all."""
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 2, 1),
        observes_shabbat=True,
    )
    make.appointment(visit, make.berlin(2025, 2, 1, 11), make.berlin(2025, 2, 1, 12))
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "During Shabbat, from Friday, 31/01/2025, 17:03 (candle lighting) to Saturday, "
            "01/02/2025, 18:16 (havdalah).",
        )
    ]


def test_ending_before_candle_lighting_without_time_to_get_back_is_a_conflict(
    coordinator, visit, museum
):
    make.appointment(
        visit, make.berlin(2025, 1, 31, 15), make.berlin(2025, 1, 31, 16, 55), venue=museum
    )
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "Shabbat begins at 17:01 (candle lighting); with 16 minutes back to the hotel, "
            "the delegation arrives too late.",
        )
    ]


def test_overlapping_appointments_at_two_places_are_said_to_overlap(
    coordinator, visit, museum, hotel
):
    """Not "16 minutes, but there are only 0": the second begins before the first ends."""
    make.appointment(visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), venue=hotel)
    make.appointment(
        visit, make.berlin(2025, 1, 28, 10, 30), make.berlin(2025, 1, 28, 12), venue=museum
    )
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "The appointment at Beispielmuseum begins before the one at Beispielhotel ends, "
            "and the way between them takes 16 minutes.",
        ),
    ]


def test_travel_too_short_and_closed_monday(coordinator, visit, museum, hotel):
    make.appointment(visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), venue=hotel)
    make.appointment(
        visit, make.berlin(2025, 1, 27, 11, 5), make.berlin(2025, 1, 27, 12), venue=museum
    )
    assert findings_on_page(coordinator, visit) == [
        ("error", "From Beispielhotel to Beispielmuseum takes 16 minutes, but there are only 5."),
        ("error", "Beispielmuseum is closed on 27/01/2025."),
    ]


def test_an_entered_travel_time_replaces_the_estimate(coordinator, visit, museum, hotel):
    TravelTime.objects.create(origin=hotel, destination=museum, minutes=4)
    make.appointment(visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), venue=hotel)
    make.appointment(
        visit, make.berlin(2025, 1, 28, 11, 5), make.berlin(2025, 1, 28, 12), venue=museum
    )
    assert findings_on_page(coordinator, visit) == []


JERUSALEM = ZoneInfo("Asia/Jerusalem")
BERLIN = ZoneInfo("Europe/Berlin")


def over_yom_kippur_in_jerusalem(city, **fields) -> tuple[Visit, Venue]:
    """An outgoing visit with no hotel yet, 29 September to 3 October 2025, on Israel time,
    and a museum in Jerusalem open 9–22 every day."""
    museum = make.venue(
        city,
        "Museum Beispiel",
        city="Jerusalem",
        country="IL",
        latitude=Decimal("31.7683"),
        longitude=Decimal("35.2137"),
    )
    directory.set_opening_hours(
        venue=museum, hours=[(day, dt.time(9), dt.time(22)) for day in range(7)]
    )
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 9, 29),
        end=dt.date(2025, 10, 3),
        **{"direction": "outgoing", "time_zone": "Asia/Jerusalem", **fields},
    )
    return visit, museum


def test_a_venue_keeps_the_holidays_of_its_own_country(coordinator, city):
    """Jerusalem keeps Israel's holidays, from sunset."""
    visit, museum = over_yom_kippur_in_jerusalem(city)
    for day, start in [
        (29, 10),
        (1, 16),
        (1, 19),
        (2, 20),
    ]:  # Yom Kippur: 1 Oct 18:24 – 2 Oct 18:59
        month = 9 if day == 29 else 10
        begins = dt.datetime(2025, month, day, start, tzinfo=JERUSALEM)
        make.appointment(visit, begins, begins + dt.timedelta(hours=1), venue=museum)
    assert findings_on_page(coordinator, visit) == [
        (
            "warning",
            "Yom Kippur, a public holiday, begins on the evening of 01/10/2025 at 18:24: "
            "is Museum Beispiel open?",
        )
    ]


def test_a_holiday_eve_is_told_on_the_clock_of_the_venue(coordinator, city):
    """A visit on Berlin time at a museum in Jerusalem: Yom Kippur begins at 18:24 there,
    17:24 in Berlin; the message gives the museum's time, and says so."""
    visit, museum = over_yom_kippur_in_jerusalem(city, time_zone="Europe/Berlin")
    begins = dt.datetime(2025, 10, 1, 17, 30, tzinfo=BERLIN)
    make.appointment(visit, begins, begins + dt.timedelta(hours=1), venue=museum)
    assert findings_on_page(coordinator, visit) == [
        (
            "warning",
            "Yom Kippur, a public holiday, begins on the evening of 01/10/2025 at 18:24: "
            "is Museum Beispiel open? The days and hours of Museum Beispiel are in Israel time.",
        )
    ]


@pytest.mark.parametrize(
    ("exception", "eve_starts"),
    [
        (None, [("09:00", "17:24")]),  # an hour before sunset at the latest
        ((dt.date(2025, 10, 2), {"closed": True}), [("09:00", "17:24")]),
        (
            (dt.date(2025, 10, 1), {"closed": False, "opens": dt.time(9), "closes": dt.time(22)}),
            [("09:00", "21:00")],
        ),
    ],
)
def test_the_optimiser_keeps_wishes_off_a_holiday_nobody_said_the_venue_opens_on(
    city, exception, eve_starts
):
    """Yom Kippur begins at 18:24 on 1 October and ends at 18:59 on the 2nd. The eve's
    evening is free only when the venue gave hours for the eve itself."""
    visit, museum = over_yom_kippur_in_jerusalem(city, day_ends=dt.time(22))
    if exception:
        day, fields = exception
        directory.add_opening_exception(venue=museum, date=day, fields=fields)
    clock = visit_clock(visit)
    hours = itinerary.opening_hours([museum], visit)[museum.pk]

    def starts(day: dt.date) -> list[tuple[str, str]]:
        hour = wish(visit, museum, minutes=60, day=day)
        found = itinerary.wish_windows(hour, visit, clock, hours, (), {}, itinerary.Busy())
        return [(f"{clock.moment(a):%H:%M}", f"{clock.moment(b):%H:%M}") for a, b in found.windows]

    assert starts(dt.date(2025, 10, 1)) == eve_starts
    assert starts(dt.date(2025, 10, 2)) == (
        [] if exception and exception[1].get("closed") else [("18:59", "21:00")]
    )


def test_a_visit_to_israel_keeps_israel_s_calendar_whatever_its_programme(city):
    """Over Sukkot a delegation in Israel keeps one day of Yom Tov. With no hotel in Israel
    given, at Jerusalem's times and custom (candles 40 minutes before sunset): a farewell in
    Bochum does not make it keep Bochum's two days at Bochum's sunsets. (A hotel in Bochum is
    refused on Israel time: test_time_zone_of_the_hotel.)"""
    visit = make.visit(
        make.programme("sukkot"),
        city,
        start=dt.date(2025, 10, 5),
        end=dt.date(2025, 10, 9),
        direction="outgoing",
        time_zone="Asia/Jerusalem",
        observes_shabbat=True,
    )
    town_hall = make.venue(city, "Rathaus Beispielstadt", **BOCHUM)
    farewell = dt.datetime(2025, 10, 5, 10, tzinfo=JERUSALEM)
    make.appointment(visit, farewell, farewell + dt.timedelta(hours=1), venue=town_hall)
    periods = itinerary.rest_periods(visit)
    assert [
        (p.name, p.start.astimezone(JERUSALEM), p.end.astimezone(JERUSALEM)) for p in periods
    ] == [
        (
            "Sukkot",
            dt.datetime(2025, 10, 6, 17, 37, tzinfo=JERUSALEM),
            dt.datetime(2025, 10, 7, 18, 53, tzinfo=JERUSALEM),
        )
    ]


def test_shabbat_times_do_not_depend_on_who_reads_the_page(client, city):
    """No hotel yet; the programme opens in Tel Aviv (candles 20 minutes before sunset there),
    and a delegate takes part only in the Jerusalem appointment (40 minutes). The coordinator
    and the delegate read the same Friday."""
    visit, museum = over_yom_kippur_in_jerusalem(city, observes_shabbat=True)
    tel_aviv = make.venue(
        city,
        "Halle Tel Aviv",
        city="Tel Aviv",
        country="IL",
        latitude=Decimal("32.0809"),
        longitude=Decimal("34.7806"),
    )
    delegate = make.person("Dana", "Beispiel")
    services.add_delegate(visit=visit, person=delegate)
    monday = dt.datetime(2025, 9, 29, 10, tzinfo=JERUSALEM)
    make.appointment(visit, monday, monday + dt.timedelta(hours=1), venue=tel_aviv)
    tuesday = dt.datetime(2025, 9, 30, 10, tzinfo=JERUSALEM)
    services.add_appointment(
        visits=[visit],
        venue=museum,
        participants=[delegate],
        fields={
            "kind": "meeting",
            "title_de": "Museum",
            "start": tuesday,
            "end": tuesday + dt.timedelta(hours=1),
        },
    )
    log_in_as_coordinator(client, city)
    coordinators = notes_on_page(client, visit)["Friday 3 October 2025"]
    user = get_user_model().objects.create_user("delegate-dana")
    add_membership(user=user, role=Role.DELEGATE, person=delegate)
    client.force_login(user)
    assert notes_on_page(client, visit)["Friday 3 October 2025"] == coordinators
    assert coordinators == [
        "Not a working day in Israel",
        "Shabbat: rest begins at 17:41 (candle lighting)",
    ]


def test_a_person_s_appointments_are_shown_on_their_visit_s_clock(coordinator, city):
    """16:00 in Jerusalem is 15:00 in Berlin: the person's page says 16:00, and whose clock."""
    visit, museum = over_yom_kippur_in_jerusalem(city)
    delegate = make.person("Dana", "Beispiel")
    services.add_delegate(visit=visit, person=delegate)
    afternoon = dt.datetime(2025, 10, 1, 16, tzinfo=JERUSALEM)
    services.add_appointment(
        visits=[visit],
        venue=museum,
        participants=[delegate],
        fields={
            "kind": "meeting",
            "title_de": "Museumsbesuch",
            "start": afternoon,
            "end": afternoon + dt.timedelta(hours=1),
        },
    )
    page = get_page(coordinator, delegate.get_absolute_url())
    assert [item for item in texts(page.find_all(tag="li")) if "Museumsbesuch" in item] == [
        "1 October 2025, 16:00 (Israel time): Museumsbesuch, Museum Beispiel"
    ]


def bochum_town_hall_on_israel_time(city, hours) -> tuple[Visit, Venue]:
    """A town hall in Bochum with the given weekly hours, and a visit 2–4 October 2025 on Israel
    time, an hour ahead of Bochum."""
    town_hall = make.venue(city, "Rathaus Beispielstadt", **BOCHUM)
    directory.set_opening_hours(venue=town_hall, hours=hours)
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 10, 2),
        end=dt.date(2025, 10, 4),
        time_zone="Asia/Jerusalem",
    )
    return visit, town_hall


def test_a_holiday_is_in_question_at_a_venue_that_never_gave_its_hours(coordinator, city):
    """A partner in Jerusalem without opening hours: a meeting on Yom Kippur asks whether it is
    open, and the optimiser keeps wishes there off the holiday (until 18:59)."""
    visit, _ = over_yom_kippur_in_jerusalem(city, day_ends=dt.time(22))
    partner = make.venue(
        city,
        "Beispielverein",
        city="Jerusalem",
        country="IL",
        latitude=Decimal("31.7780"),
        longitude=Decimal("35.2200"),
    )
    noon = dt.datetime(2025, 10, 2, 12, tzinfo=JERUSALEM)
    make.appointment(visit, noon, noon + dt.timedelta(hours=1), venue=partner)
    assert findings_on_page(coordinator, visit) == [
        ("warning", "02/10/2025 is a public holiday (Yom Kippur): is Beispielverein open?")
    ]
    clock = visit_clock(visit)
    hours = itinerary.opening_hours([partner], visit)[partner.pk]
    meeting = wish(visit, partner, minutes=60, day=dt.date(2025, 10, 2))
    found = itinerary.wish_windows(meeting, visit, clock, hours, (), {}, itinerary.Busy())
    starts = [(f"{clock.moment(a):%H:%M}", f"{clock.moment(b):%H:%M}") for a, b in found.windows]
    assert starts == [("18:59", "21:00")]


def test_a_german_holiday_seen_on_israel_time_is_the_german_day(coordinator, city):
    """German Unity Day in Bochum lasts until 01:00 on 4 October, Israel time."""
    visit, town_hall = bochum_town_hall_on_israel_time(
        city, [(day, dt.time(0), dt.time(0)) for day in range(7)]
    )
    night = dt.datetime(2025, 10, 4, 0, 15, tzinfo=JERUSALEM)
    make.appointment(visit, night, night + dt.timedelta(minutes=30), venue=town_hall)
    assert findings_on_page(coordinator, visit) == [
        (
            "warning",
            "03/10/2025 is a public holiday (German Unity Day): is Rathaus Beispielstadt open? "
            "The days and hours of Rathaus Beispielstadt are in Berlin time.",
        )
    ]
    # The town hall says it opens on its 3 October: then the night is no question.
    directory.add_opening_exception(
        venue=town_hall,
        date=dt.date(2025, 10, 3),
        fields={"closed": False, "opens": dt.time(0), "closes": dt.time(0)},
    )
    assert findings_on_page(coordinator, visit) == []


def test_an_opening_hours_finding_says_whose_clock_the_hours_are_on(coordinator, city):
    """09:30 on Israel time is 08:30 in Bochum, before the town hall opens at 09:00."""
    visit, town_hall = bochum_town_hall_on_israel_time(
        city, [(day, dt.time(9), dt.time(18)) for day in range(5)]
    )
    morning = dt.datetime(2025, 10, 2, 9, 30, tzinfo=JERUSALEM)
    make.appointment(visit, morning, morning + dt.timedelta(minutes=30), venue=town_hall)
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "Rathaus Beispielstadt is open on 02/10/2025 only from 09:00 to 18:00. The days and "
            "hours of Rathaus Beispielstadt are in Berlin time.",
        )
    ]


def test_the_optimiser_reads_a_venue_s_hours_on_its_own_clock(city):
    """Open 9–18 in Bochum on weekdays is 10–19 on Israel time; on German Unity Day the town
    hall said nothing, so Friday 3 October is kept free."""
    visit, town_hall = bochum_town_hall_on_israel_time(
        city, [(day, dt.time(9), dt.time(18)) for day in range(5)]
    )
    clock = visit_clock(visit)
    hours = itinerary.opening_hours([town_hall], visit)[town_hall.pk]
    found = itinerary.wish_windows(
        wish(visit, town_hall, minutes=60, day=dt.date(2025, 10, 2)),
        visit,
        clock,
        hours,
        (),
        {},
        itinerary.Busy(),
    )
    assert [(clock.moment(a), clock.moment(b)) for a, b in found.windows] == [
        (
            dt.datetime(2025, 10, 2, 10, tzinfo=JERUSALEM),
            dt.datetime(2025, 10, 2, 18, tzinfo=JERUSALEM),
        )
    ]
    on_the_holiday = wish(visit, town_hall, minutes=60, day=dt.date(2025, 10, 3))
    found = itinerary.wish_windows(on_the_holiday, visit, clock, hours, (), {}, itinerary.Busy())
    # Named as the day to answer for, on the town hall's clock.
    holiday = {"day": "2025-10-03", "holiday": "2025-10-03", "clock": "Europe/Berlin"}
    assert found == itinerary.WishWindows(
        (),
        (
            {
                "reason": itinerary.Reason.HOLIDAY,
                "facts": {"venue": town_hall.pk, "days": [holiday]},
            },
        ),
    )


def test_the_itinerary_gives_each_day_what_the_calendar_says(coordinator, visit):
    """Sunday 26 to Friday 31 January 2025 in Bochum, observing Shabbat."""
    assert notes_on_page(coordinator, visit) == {
        "Sunday 26 January 2025": ["Not a working day in Germany"],
        "Friday 31 January 2025": ["Shabbat: rest begins at 17:01 (candle lighting)"],
    }


def test_a_visit_in_israel_has_israel_s_holidays_and_weekend(coordinator, city):
    """Jerusalem lights candles 40 minutes before sunset; its weekend is Friday and Saturday.
    Yom Kippur, a public holiday, is named once on its day: by the note of its end."""
    visit, _museum = over_yom_kippur_in_jerusalem(
        city, observes_shabbat=True, candle_lighting_minutes=40
    )
    assert notes_on_page(coordinator, visit) == {
        "Wednesday 1 October 2025": ["Yom Kippur: rest begins at 17:44 (candle lighting)"],
        "Thursday 2 October 2025": [
            "Not a working day in Israel",
            "Yom Kippur: rest ends at 18:59 (havdalah)",
        ],
        "Friday 3 October 2025": [
            "Not a working day in Israel",
            "Shabbat: rest begins at 17:41 (candle lighting)",
        ],
    }


def meeting_elsewhere(person, start, end) -> Appointment:
    """An appointment of another city's visit in the same week, with ``person``."""
    other = make.visit(
        make.programme("anderes"),
        make.municipality("Stadt Anderswo"),
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
    )
    return services.add_appointment(
        visits=[other],
        participants=[person],
        fields={"kind": "meeting", "title_de": "Anderswo", "start": start, "end": end},
    )


def talk(visit, speaker) -> Appointment:
    """A talk in this visit's programme, Tuesday 10:00–11:00, given by ``speaker``."""
    fields = {
        "kind": "meeting",
        "title_de": "Vortrag",
        "start": make.berlin(2025, 1, 28, 10),
        "end": make.berlin(2025, 1, 28, 11),
    }
    return services.add_appointment(visits=[visit], participants=[speaker], fields=fields)


ASKED_ABOUT_DANA = (
    "Dana Beispiel has another appointment on Tue 28/01/2025 that this page does not show: ask "
    "whether they are free at this time, the way there and back included."
)


def shown_findings(client, visit) -> list[tuple[str, str, list]]:
    response = client.get(visit.get_absolute_url())
    assert response.status_code == 200
    return [(f.severity, f.message, f.appointments) for f in response.context["findings"]]


def test_a_person_booked_in_another_city_s_visit_is_asked_about_by_the_day_only(coordinator, visit):
    """Another city's coordinator may not know when its appointments are: were the clash
    told to the minute, moving the talk about would tell them. A question for the day, the
    same wherever in it the other appointment lies, naming the talk alone."""
    speaker = make.person("Dana", "Beispiel", owner=visit.host_municipality)  # ours to name
    mine = talk(visit, speaker)
    elsewhere = meeting_elsewhere(
        speaker, make.berlin(2025, 1, 28, 10, 30), make.berlin(2025, 1, 28, 11, 30)
    )
    asked = [("warning", ASKED_ABOUT_DANA, [mine])]
    assert shown_findings(coordinator, visit) == asked
    assert "Anderswo" not in coordinator.get(visit.get_absolute_url()).text
    for start, end in [
        ((0, 0), (0, 30)),
        ((8, 0), (9, 30)),
        ((11, 0), (12, 0)),
        ((22, 0), (23, 59)),
    ]:
        services.update_appointment(
            appointment=elsewhere,
            fields={
                "start": make.berlin(2025, 1, 28, *start),
                "end": make.berlin(2025, 1, 28, *end),
            },
        )
        assert shown_findings(coordinator, visit) == asked
    with translation.override("de"):
        assert findings_on_page(coordinator, visit) == [
            (
                "warning",
                "Dana Beispiel hat am Di 28.01.2025 einen weiteren Termin, den diese Seite nicht "
                "zeigt: Fragen Sie nach, ob die Zeit passt, den Weg hin und zurück eingerechnet.",
            )
        ]
    # On another day, nothing to ask: also just after midnight, half an hour after the talk.
    wednesday = {"start": make.berlin(2025, 1, 29, 0, 1), "end": make.berlin(2025, 1, 29, 1)}
    services.update_appointment(appointment=elsewhere, fields=wednesday)
    evening = {"start": make.berlin(2025, 1, 28, 23), "end": make.berlin(2025, 1, 28, 23, 30)}
    services.update_appointment(appointment=mine, fields=evening)
    assert shown_findings(coordinator, visit) == []


def test_a_venue_booked_in_another_city_s_visit_is_asked_about_by_the_day_only(
    coordinator, visit, museum
):
    mine = make.appointment(
        visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), venue=museum
    )
    elsewhere = meeting_elsewhere(
        make.person("Dana", "Beispiel"),
        make.berlin(2025, 1, 28, 10, 30),
        make.berlin(2025, 1, 28, 11, 30),
    )
    services.update_appointment(appointment=elsewhere, fields={"venue": museum})
    asked = [
        (
            "warning",
            "Beispielmuseum has another booking on Tue 28/01/2025 that this page does not show: "
            "ask whether it is free at this time.",
            [mine],
        )
    ]
    assert shown_findings(coordinator, visit) == asked
    late = {"start": make.berlin(2025, 1, 28, 16), "end": make.berlin(2025, 1, 28, 17)}
    services.update_appointment(appointment=elsewhere, fields=late)
    assert shown_findings(coordinator, visit) == asked
    with translation.override("de"):
        assert findings_on_page(coordinator, visit) == [
            (
                "warning",
                "Beispielmuseum hat am Di 28.01.2025 eine weitere Buchung, die diese Seite nicht "
                "zeigt: Fragen Sie nach, ob der Ort zu dieser Zeit frei ist.",
            )
        ]


def test_a_day_of_another_city_s_dinner_is_one_question_for_all_our_appointments_that_day(
    coordinator, visit, museum, noa
):
    """Four appointments of the delegation on Tuesday, two of them at the museum, and another
    city's dinner there with Noa that evening: one question for Noa, listing the four, and
    one for the museum, listing its two; not four times the same."""
    mine = [
        make.appointment(
            visit,
            make.berlin(2025, 1, 28, hour),
            make.berlin(2025, 1, 28, hour + 1),
            title=f"Termin {hour}",
            venue=museum if hour in (10, 14) else None,
            participants=[noa],
        )
        for hour in (8, 10, 14, 16)
    ]
    dinner = meeting_elsewhere(noa, make.berlin(2025, 1, 28, 19), make.berlin(2025, 1, 28, 21))
    services.update_appointment(appointment=dinner, fields={"venue": museum})
    assert shown_findings(coordinator, visit) == [
        (
            "warning",
            "Noa Beispiel has another appointment on Tue 28/01/2025 that this page does not "
            "show: ask whether they are free at these times, the way there and back included.",
            mine,
        ),
        (
            "warning",
            "Beispielmuseum has another booking on Tue 28/01/2025 that this page does not show: "
            "ask whether it is free at these times.",
            mine[1:3],
        ),
    ]
    with translation.override("de"):
        assert findings_on_page(coordinator, visit) == [
            (
                "warning",
                "Noa Beispiel hat am Di 28.01.2025 einen weiteren Termin, den diese Seite nicht "
                "zeigt: Fragen Sie nach, ob die Zeiten passen, den Weg hin und zurück "
                "eingerechnet.",
            ),
            (
                "warning",
                "Beispielmuseum hat am Di 28.01.2025 eine weitere Buchung, die diese Seite nicht "
                "zeigt: Fragen Sie nach, ob der Ort zu diesen Zeiten frei ist.",
            ),
        ]


def in_another_visit(visit_of, person, venue, start, end) -> Appointment:
    return services.add_appointment(
        visits=[visit_of],
        venue=venue,
        participants=[person],
        fields={"kind": "meeting", "title_de": "Anderswo", "start": start, "end": end},
    )


def busy_on_tuesday(other_visit, person, venue, spans) -> None:
    """``person`` in ``other_visit`` at ``venue`` on Tuesday 28 January, once for each
    (start, end) of ``spans``."""
    for start, end in spans:
        tuesday = (make.berlin(2025, 1, 28, *start), make.berlin(2025, 1, 28, *end))
        in_another_visit(other_visit, person, venue, *tuesday)


@pytest.mark.parametrize(
    ("whose", "where"), [("our own", "hall"), ("another city's", "hall"), ("another city's", None)]
)
def test_a_person_with_too_little_time_to_come_from_another_visit(
    coordinator, client, city, visit, museum, whose, where
):
    """Dana is at a town hall 20 minutes away until 09:50; our museum visit begins at 10:00.
    Where our city may not know the other appointment's time and place, only its day is asked
    about, wherever it is and whether it has a venue at all; every reader of the visit page
    reads the same, a coordinator of both cities too."""
    speaker = make.person("Dana", "Beispiel", owner=visit.host_municipality)  # ours to name
    ours = {"start": make.berlin(2025, 1, 28, 10), "end": make.berlin(2025, 1, 28, 11)}
    in_another_visit(visit, speaker, museum, **ours)
    owner = make.municipality("Stadt Anderswo", "Anderswo") if whose == "another city's" else city
    hall = make.venue(owner, "Rathaus Anderswo")
    directory.enter_travel_time(origin=hall, destination=museum, minutes=20)
    other_visit = make.visit(
        make.programme("anderes"), owner, start=dt.date(2025, 1, 26), end=dt.date(2025, 1, 31)
    )
    theirs = {"start": make.berlin(2025, 1, 28, 9), "end": make.berlin(2025, 1, 28, 9, 50)}
    in_another_visit(other_visit, speaker, hall if where else None, **theirs)
    expected = {
        "another city's": ("warning", ASKED_ABOUT_DANA),
        "our own": (
            "error",
            "Dana Beispiel's way from Rathaus Anderswo to Beispielmuseum takes 20 minutes, but "
            "there are only 10.",
        ),
    }
    assert findings_on_page(coordinator, visit) == [expected[whose]]
    both = get_user_model().objects.create_user("beide-staedte")
    for town in {city, owner}:
        add_membership(user=both, role=Role.CITY_COORDINATOR, organisation=town)
    give_second_factor(both)
    client.force_login(both)
    assert findings_on_page(client, visit) == [expected[whose]]


def test_a_person_s_clashes_of_one_pair_of_appointments_are_one_finding(coordinator, city, visit):
    """A delegation of eight in two appointments at once: one conflict naming two of them and
    how many more, not eight; three are named all, one alone."""
    ours = {"owner": visit.host_municipality}  # people the coordinator may be told of
    delegation = [
        make.person(name, "Beispiel", **ours) for name in ["Miriam", "Noam", "Avi", "Dana"]
    ]
    delegation += [make.person(f"Gast {n}", "Muster", **ours) for n in range(4)]
    mine = make.appointment(
        visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), participants=delegation
    )
    other_visit = make.visit(make.programme("anderes"), city, visit.start_date, visit.end_date)
    theirs = make.appointment(
        other_visit,
        make.berlin(2025, 1, 28, 10, 30),
        make.berlin(2025, 1, 28, 12),
        participants=delegation,
    )
    assert shown_findings(coordinator, visit) == [
        (
            "error",
            "Avi Beispiel, Dana Beispiel and 6 others are booked twice at the same time.",
            [mine, theirs],
        )
    ]
    with translation.override("de"):
        assert findings_on_page(coordinator, visit) == [
            (
                "error",
                "Avi Beispiel, Dana Beispiel und 6 weitere sind zur selben Zeit doppelt gebucht.",
            )
        ]
    services.update_appointment(appointment=theirs, fields={}, participants=delegation[:3])
    assert findings_on_page(coordinator, visit) == [
        (
            "error",
            "Avi Beispiel, Miriam Beispiel and Noam Beispiel are booked twice at the same time.",
        )
    ]
    services.update_appointment(appointment=theirs, fields={}, participants=delegation[:1])
    assert findings_on_page(coordinator, visit) == [
        ("error", "Miriam Beispiel is booked twice at the same time.")
    ]


@pytest.mark.parametrize(
    ("whose", "busy", "starts"),
    [
        # 20 minutes from the museum: between 12:00 and 13:40 an hour fits from 12:20 only.
        ("our own", [((9, 0), (12, 0)), ((13, 40), (17, 30))], (12, 20)),
        # Where our city may not know the time, the whole of Tuesday: Dana comes on another
        # day, wherever in Tuesday the other appointment lies ...
        ("another city's", [((9, 0), (12, 0))], None),
        ("another city's", [((6, 0), (6, 30))], None),
        ("another city's", [((22, 0), (23, 0))], None),
        # ... also when the one who asks coordinates both cities: every coordinator of ours
        # reads the proposal, and its times must not tell them the other one's.
        ("another city's, asked by one of both", [((9, 0), (12, 0))], None),
        # ... and when it is a call, without a venue: nothing tells which.
        ("another city's, a call", [((9, 0), (12, 0))], None),
    ],
)
def test_a_wish_leaves_a_person_the_way_to_and_from_another_visit(
    client, city, visit, museum, django_capture_on_commit_callbacks, whose, busy, starts
):
    """Dana is busy at a town hall 20 minutes from the museum; an hour with her there on
    Tuesday (the museum is open 09:30–17:30), or, when that is not to be, on Wednesday."""
    speaker = make.person("Dana", "Beispiel", owner=city)  # ours to name
    tuesday = dt.date(2025, 1, 28)
    wish(visit, museum, minutes=60, day=tuesday).participants.set([speaker])
    wish(visit, museum, minutes=60, day=tuesday + dt.timedelta(days=1), title_de="Ersatz")
    owner = city if whose == "our own" else make.municipality("Stadt Anderswo", "Anderswo")
    asker = get_user_model().objects.create_user("fragt")
    for town in {city, owner} if "both" in whose else {city}:
        add_membership(user=asker, role=Role.CITY_COORDINATOR, organisation=town)
    give_second_factor(asker)
    client.force_login(asker)
    hall = make.venue(owner, "Rathaus Anderswo")
    directory.enter_travel_time(origin=hall, destination=museum, minutes=20)
    other_visit = make.visit(make.programme("anderes"), owner, start=tuesday, end=tuesday)
    busy_on_tuesday(other_visit, speaker, None if "call" in whose else hall, busy)
    proposal = propose(client, visit, django_capture_on_commit_callbacks)
    placed = {Wish.objects.get(pk=item["wish"]).title: item["start"] for item in proposal.plan}
    if starts is None:
        assert placed.keys() == {"Ersatz"}
        # Named with the day, but neither the appointment nor its time.
        assert left_out(client, proposal) == [
            (
                "Museumsbesuch",
                "Dana Beispiel has another appointment on Tue 28/01/2025 whose time this page "
                "does not show: the optimiser leaves that day to you; add it by hand where it "
                "fits.",
            )
        ]
    else:
        start = dt.datetime.fromisoformat(placed["Museumsbesuch"])
        assert start == make.berlin(2025, 1, 28, *starts)
    services.accept_proposal(proposal=proposal)
    assert findings_on_page(log_in_as_coordinator(client, city), visit) == []


@pytest.mark.parametrize(
    ("whose", "reasons"), [("our own", []), ("another city's", ["venue_booked_unseen"])]
)
def test_a_venue_another_city_books_that_day_is_kept_for_it_all_day(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks, whose, reasons
):
    """Booked on Tuesday from 07:00 to 08:00, before it opens: by our city, the museum takes
    a wish on Tuesday all the same; by another, whose times our city may not know, not at
    all that day, so that a wish left out cannot tell when the other booking is."""
    tuesday = dt.date(2025, 1, 28)
    wish(visit, museum, minutes=60, day=tuesday)
    owner = city if whose == "our own" else make.municipality("Stadt Anderswo", "Anderswo")
    other_visit = make.visit(make.programme("anderes"), owner, start=tuesday, end=tuesday)
    busy_on_tuesday(other_visit, make.person("Dana", "Beispiel"), museum, [((7, 0), (8, 0))])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert len(proposal.plan) == 1 - len(reasons)
    assert [item["reason"] for item in proposal.left_out] == reasons
    # The day, not the time: "booked at every possible time" would not be true.
    assert (
        left_out(coordinator, proposal)
        == [
            (
                "Museumsbesuch",
                "Beispielmuseum has another booking on Tue 28/01/2025 whose time this page does "
                "not show: the optimiser leaves that day to you; add it by hand where it fits.",
            )
        ][: len(reasons)]
    )


@pytest.mark.parametrize("end_of_the_other", ["cancelled", "deleted"])
def test_a_cancelled_or_deleted_visit_no_longer_keeps_its_people_busy(
    coordinator, visit, museum, end_of_the_other, django_capture_on_commit_callbacks
):
    speaker = make.person("Dana", "Beispiel")
    talk(visit, speaker)
    elsewhere = meeting_elsewhere(
        speaker, make.berlin(2025, 1, 28, 10, 30), make.berlin(2025, 1, 28, 12)
    )
    services.update_appointment(appointment=elsewhere, fields={"venue": museum})
    (other,) = elsewhere.visits.all()
    if end_of_the_other == "cancelled":
        services.cancel_visit(visit=other, reason="Beispielgrund")
    else:
        other.delete()  # its appointment stays behind, in no visit
    assert findings_on_page(coordinator, visit) == []
    # Nor does it keep the museum from the optimiser, open only on Tuesday from 11:30 to 12:00.
    directory.set_opening_hours(venue=museum, hours=[(1, dt.time(11, 30), dt.time(12))])
    wish(visit, museum, minutes=30)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    proposal.refresh_from_db()
    assert [item["start"][11:16] for item in proposal.plan] == ["11:30"]


@pytest.mark.parametrize("confidentiality", ["restricted", "internal"])
def test_another_city_s_appointment_is_not_named_to_one_who_may_see_it_either(
    coordinator, visit, city, confidentiality
):
    """Also in the programme office, the coordinator sees every appointment (a restricted one
    of another city only as a time): the checks still say what every organiser of the visit
    reads, the day only."""
    user = get_user_model().objects.get(username=f"koordination-{city.pk}")
    add_membership(user=user, role=Role.PROGRAMME_OFFICE)
    speaker = make.person("Dana", "Beispiel")
    mine = talk(visit, speaker)
    secret = meeting_elsewhere(
        speaker, make.berlin(2025, 1, 28, 10, 30), make.berlin(2025, 1, 28, 11, 30)
    )
    services.update_appointment(appointment=secret, fields={"confidentiality": confidentiality})
    response = coordinator.get(visit.get_absolute_url())
    assert [(f.message, f.appointments) for f in response.context["findings"]] == [
        (ASKED_ABOUT_DANA, [mine])
    ]
    assert "Anderswo" not in response.text


def test_the_checks_are_for_the_organisers_only(client, visit, museum):
    make.appointment(
        visit, make.berlin(2025, 1, 31, 15), make.berlin(2025, 1, 31, 17, 15), venue=museum
    )
    other = log_in_as_coordinator(client, make.municipality("Stadt Anderswo"))
    assert other.get(visit.get_absolute_url()).status_code == 404


# --- Wish list and proposals ----------------------------------------------------------------


def test_the_optimiser_s_clock_counts_real_minutes_across_the_change_to_summer_time(city, hotel):
    # Saturday 29 March to Tuesday 1 April 2025: Sunday has 23 hours in Berlin.
    visit = make.visit(
        make.programme(), city, start=dt.date(2025, 3, 29), end=dt.date(2025, 4, 1), hotel=hotel
    )
    clock = visit_clock(visit)
    monday_ten = make.berlin(2025, 3, 31, 10)
    minutes = (24 + 24 + 23 + 10) * 60  # counted from midnight a day before the visit
    assert clock.at(dt.date(2025, 3, 31), dt.time(10)) == minutes
    # An appointment as the database returns it, in UTC, falls on the same minute.
    assert clock.minute(monday_ten.astimezone(dt.UTC)) == minutes
    assert clock.moment(minutes) == monday_ten


def test_a_busy_time_covers_its_last_seconds(city, hotel, visit):
    clock = visit_clock(visit)
    noon = make.berlin(2025, 1, 28, 12)
    assert clock.span(noon, noon + dt.timedelta(minutes=30, seconds=30)) == (
        clock.minute(noon),
        clock.minute(noon) + 31,
    )
    assert clock.span(noon, noon + dt.timedelta(minutes=30)) == (
        clock.minute(noon),
        clock.minute(noon) + 30,
    )


def test_a_wish_waits_for_the_last_second_of_a_participant_s_other_appointment(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks
):
    """Calls of our city's other visit end at 12:30:30 and begin at 13:31: one hour is left."""
    speaker = make.person("Dana", "Beispiel")
    tuesday = dt.date(2025, 1, 28)
    wish(visit, museum, minutes=60, day=tuesday).participants.set([speaker])
    other_visit = make.visit(make.programme("anderes"), city, start=tuesday, end=tuesday)
    busy_on_tuesday(other_visit, speaker, None, [((9, 0, 0), (12, 30, 30)), ((13, 31), (20, 0))])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    (item,) = proposal.plan
    assert dt.datetime.fromisoformat(item["start"]) == make.berlin(2025, 1, 28, 12, 31)


def wish(visit, venue, minutes=120, value=5, **fields) -> Wish:
    return services.add_wish(
        visit=visit,
        fields={"title_de": "Museumsbesuch", "venue": venue, "minutes": minutes, "value": value}
        | fields,
    )


def left_out(client, proposal) -> list[tuple[str, str]]:
    """The wishes the proposal page lists as not placed, each with its reason."""
    page = client.get(reverse("visits:proposal", args=[proposal.pk]))
    return [(item.wish.title, item.text) for item in page.context["left_out"]]


def propose(client, visit, django_capture_on_commit_callbacks, seconds=1) -> Proposal:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("visits:proposal_create", args=[visit.pk]), {"seconds": seconds}
        )
    proposal = Proposal.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("visits:proposal", args=[proposal.pk]),
    )
    return proposal


def test_a_wish_is_placed_when_the_museum_is_open_and_shabbat_has_not_begun(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    # Only Monday (closed) and Friday are left: Sunday and Tuesday–Thursday are full.
    for day in (26, 28, 29, 30):
        make.appointment(visit, make.berlin(2025, 1, day, 9), make.berlin(2025, 1, day, 19))
    wanted = wish(visit, museum, minutes=120)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert (proposal.status, proposal.score, proposal.left_out) == ("ready", 5, [])
    (item,) = proposal.plan
    start = dt.datetime.fromisoformat(item["start"])
    end = dt.datetime.fromisoformat(item["end"])
    # Friday: after 09:30 opening, back at the hotel (16 minutes) by 17:01 candle lighting.
    assert start.date() == dt.date(2025, 1, 31)
    assert make.berlin(2025, 1, 31, 9, 30) <= start
    assert end + dt.timedelta(minutes=16) <= make.berlin(2025, 1, 31, 17, 1)

    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert "Museumsbesuch" in page.text and "Accept: add these appointments" in page.text

    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    wanted.refresh_from_db()
    assert (wanted.appointment.start, wanted.appointment.end) == (start, end)
    assert wanted.appointment.venue == museum
    # The day-long fillers leave no time for lunch; the museum visit breaks no rule.
    assert {severity for severity, _message in findings_on_page(coordinator, visit)} == {"warning"}


def test_a_wish_that_cannot_be_placed_says_why(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60, value=4)  # possible
    wish(visit, museum, minutes=60, day=dt.date(2025, 1, 27), title_de="Montags")
    speaker = make.person("Dana", "Beispiel", owner=visit.host_municipality)
    busy = wish(visit, museum, minutes=60, title_de="Mit Dana", day=dt.date(2025, 1, 28))
    busy.participants.set([speaker])
    meeting_elsewhere(speaker, make.berlin(2025, 1, 28, 8), make.berlin(2025, 1, 28, 22))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        ("Montags", "Beispielmuseum is closed on 27/01/2025."),
        (
            "Mit Dana",
            "Dana Beispiel has another appointment on Tue 28/01/2025 whose time this page does "
            "not show: the optimiser leaves that day to you; add it by hand where it fits.",
        ),
    ]
    assert proposal.score == 4


def test_a_wish_at_a_venue_without_coordinates_is_left_out_the_others_placed(
    coordinator, visit, museum, city, django_capture_on_commit_callbacks
):
    barn = make.venue(city, "Beispielscheune")  # no coordinates
    wish(visit, museum, minutes=60, value=4)
    wish(visit, barn, minutes=60, title_de="Scheune")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        ("Scheune", "its venue has no coordinates, so travel to it cannot be planned."),
    ]
    assert (proposal.status, proposal.score) == ("ready", 4)


def test_a_hotel_without_coordinates_stops_the_search_and_is_named(
    coordinator, visit, museum, hotel, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    Venue.objects.filter(pk=hotel.pk).update(latitude=None, longitude=None)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert page.context["failure"] == (
        f"{hotel.name} has no coordinates, so travel to it cannot be planned."
    )


def test_a_wish_in_the_programme_is_changed_through_its_appointment(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    planned = wish(visit, museum, minutes=60)
    services.accept_proposal(
        proposal=propose(coordinator, visit, django_capture_on_commit_callbacks)
    )
    data = {
        "title_de": "Museumsbesuch",
        "kind": "meeting",
        "venue": museum.pk,
        "minutes": 180,
        "value": 5,
        "confidentiality": "internal",
    }
    response = coordinator.post(reverse("visits:wish_edit", args=[planned.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This wish is in the programme already: change its appointment on the visit page, or "
        "delete the appointment to plan the wish anew."
    ]
    planned.refresh_from_db()
    assert planned.minutes == 60
    # The wish list leads to the appointment instead.
    wishes = coordinator.get(reverse("visits:wishes", args=[visit.pk])).text
    assert reverse("visits:appointment_edit", args=[planned.appointment.pk]) in wishes
    assert reverse("visits:wish_edit", args=[planned.pk]) not in wishes
    # Once its appointment is deleted, the wish is on the list to be planned, and editable.
    services.remove_appointment(appointment=planned.appointment)
    response = coordinator.post(reverse("visits:wish_edit", args=[planned.pk]), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.minutes, planned.appointment) == (180, None)


def test_a_proposal_that_places_nothing_offers_nothing_to_accept(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60, day=dt.date(2025, 1, 27), title_de="Montags")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert "No wish could be placed: there is nothing to accept." in page.text
    assert reverse("visits:proposal_accept", args=[proposal.pk]) not in page.text
    assert reverse("visits:proposal_discard", args=[proposal.pk]) in page.text


def test_accepting_says_how_many_appointments_were_added(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    wish(visit, museum, minutes=60, title_de="Zweiter Besuch")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    accept = reverse("visits:proposal_accept", args=[proposal.pk])
    page = coordinator.post(accept, follow=True)
    assert [str(m) for m in page.context["messages"]] == ["2 appointments added from the proposal."]


def test_an_appointment_just_after_midnight_on_the_first_day_is_kept_in_the_proposal(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    # The museum is 16 minutes from the hotel: the delegation leaves before the first day.
    make.appointment(
        visit, make.berlin(2025, 1, 26, 0, 10), make.berlin(2025, 1, 26, 0, 40), venue=museum
    )
    wish(visit, museum, minutes=60, value=4)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert (proposal.status, proposal.score) == ("ready", 4)


def test_a_venue_that_gave_only_a_closed_day_takes_a_wish_on_another(
    coordinator, visit, city, django_capture_on_commit_callbacks
):
    hall = make.venue(city, "Beispielhalle", **EAST)
    for day in visit.days()[1:]:  # open only on Sunday, as far as anyone knows
        directory.add_opening_exception(venue=hall, date=day, fields={"closed": True})
    wish(visit, hall, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    (item,) = proposal.plan
    assert dt.datetime.fromisoformat(item["start"]).date() == dt.date(2025, 1, 26)


def test_a_wish_for_a_day_the_visit_no_longer_has_says_so_and_the_rest_is_planned(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60, value=4)
    wish(visit, museum, minutes=60, day=dt.date(2025, 1, 31), title_de="Freitags")
    services.update_visit(visit=visit, fields={"end_date": dt.date(2025, 1, 30)})
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        ("Freitags", "its day is no longer one of the visit's days."),
    ]
    assert (proposal.status, proposal.score) == ("ready", 4)


def test_asking_without_a_hotel_is_refused_with_a_reason(coordinator, city, museum):
    visit = make.visit(make.programme(), city)
    wish(visit, museum)
    response = coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Give the visit's hotel first: each day starts and ends there."
    ]
    assert not Proposal.objects.exists()


CANCELLED = "The visit is cancelled: its programme is no longer planned."


def test_a_cancelled_visit_takes_no_proposal(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    services.cancel_visit(visit=visit, reason="Beispielgrund")
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert (response.status_code, response.context["refusal"]) == (409, CANCELLED)
    assert not Appointment.objects.filter(visits=visit).exists()
    response = coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [CANCELLED]
    # Cancelling set the proposal aside.
    assert list(Proposal.objects.values_list("status", flat=True)) == ["discarded"]


def test_a_proposal_made_on_another_programme_is_not_accepted(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    make.appointment(visit, make.berlin(2025, 1, 26, 9), make.berlin(2025, 1, 26, 10))
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert response.status_code == 409
    assert response.context["refusal"] == OUT_OF_DATE
    assert Appointment.objects.count() == 1
    assert Wish.objects.get().appointment is None


@pytest.mark.parametrize("change", ["rules", "participants"])
def test_a_proposal_made_under_other_rules_or_with_other_participants_is_not_accepted(
    coordinator, visit, museum, django_capture_on_commit_callbacks, change
):
    wanted = wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    if change == "rules":
        services.update_visit(visit=visit, fields={"day_ends": dt.time(12, 0)})
    else:
        wanted.participants.set([make.person("Dana", "Beispiel")])
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert response.status_code == 409
    assert response.context["refusal"] == OUT_OF_DATE
    assert not Appointment.objects.exists()


def _another_visit(visit):
    return make.visit(
        visit.programme, visit.host_municipality, start=visit.start_date, end=visit.end_date
    )


def _booked_elsewhere(visit, museum, proposal) -> None:
    """Another visit books the museum for the first proposed appointment's time."""
    item = proposal.plan[0]
    start, end = (dt.datetime.fromisoformat(item[key]) for key in ("start", "end"))
    make.appointment(_another_visit(visit), start, end, venue=museum)


@pytest.mark.parametrize("change", ["booked elsewhere", "opening hours", "travel time"])
def test_a_proposal_is_not_accepted_once_what_it_was_made_from_changed_elsewhere(
    coordinator, visit, museum, hotel, django_capture_on_commit_callbacks, change
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    if change == "booked elsewhere":
        _booked_elsewhere(visit, museum, proposal)
    elif change == "opening hours":
        directory.set_opening_hours(venue=museum, hours=[(2, dt.time(14), dt.time(15))])
    else:
        directory.enter_travel_time(origin=hotel, destination=museum, minutes=45)
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert response.status_code == 409
    assert response.context["refusal"] == OUT_OF_DATE
    assert Wish.objects.get().appointment is None
    assert not Appointment.objects.filter(visits=visit).exists()


def test_an_acceptance_waits_while_another_holds_the_venue_it_books(
    transactional_db, coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Two visits accepting at once could each find the museum free and both book it: an
    acceptance locks the venues and people it books, so the second waits for the first and
    then checks against its appointments. Here another transaction holds the museum, and the
    acceptance gives up after its lock timeout, having written nothing (PostgreSQL only:
    SQLite writes one transaction at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    holding, release = threading.Event(), threading.Event()

    def hold_the_museum() -> None:
        with transaction.atomic():
            Venue.objects.select_for_update().get(pk=museum.pk)
            holding.set()
            release.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=hold_the_museum)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '200ms'")
            with pytest.raises(OperationalError):
                services.accept_proposal(proposal=proposal)
    finally:
        release.set()
        holder.join()
    assert not Appointment.objects.exists()
    services.accept_proposal(proposal=proposal)  # once the other is done
    assert Appointment.objects.count() == 1


def test_a_booking_elsewhere_that_leaves_the_proposal_possible_does_not_stop_it(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    start, end = (dt.datetime.fromisoformat(proposal.plan[0][key]) for key in ("start", "end"))
    # The same museum at the same hours on another day of the visit (26 to 31 January).
    other_day = dt.timedelta(days=2 if start.day <= 29 else -2)
    make.appointment(_another_visit(visit), start + other_day, end + other_day, venue=museum)
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert Wish.objects.get().appointment.start == start


def test_a_change_while_the_proposal_waits_for_a_worker_is_in_what_it_answers(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    with django_capture_on_commit_callbacks() as waiting:
        coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    make.appointment(
        _another_visit(visit),
        make.berlin(2025, 1, 28, 10),
        make.berlin(2025, 1, 28, 12),
        venue=museum,
    )
    for start_the_task in waiting:
        start_the_task()
    proposal = Proposal.objects.get()
    assert proposal.status == "ready"
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert Wish.objects.get().appointment is not None


def test_discarding_keeps_the_programme(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    page = coordinator.post(reverse("visits:proposal_discard", args=[proposal.pk]), follow=True)
    assert page.redirect_chain == [(reverse("visits:wishes", args=[visit.pk]), 302)]
    assert [str(m) for m in page.context["messages"]] == [
        "Proposal discarded: the programme is as it was."
    ]
    proposal.refresh_from_db()
    assert proposal.status == "discarded"
    assert not Appointment.objects.exists()
    assert (
        coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk])).status_code == 409
    )


def test_fixed_appointments_that_cannot_be_kept_fail_the_proposal_with_a_reason(
    coordinator, visit, museum, hotel, django_capture_on_commit_callbacks
):
    make.appointment(visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), venue=hotel)
    make.appointment(
        visit, make.berlin(2025, 1, 28, 11), make.berlin(2025, 1, 28, 12), venue=museum
    )
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert proposal.status == "failed"
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert page.context["failure"].startswith("The appointments already planned cannot all be kept")


@pytest.mark.parametrize(("language", "day"), [("en", "Fri 31 Jan"), ("de", "Fr 31.1.")])
def test_the_wish_list_gives_the_day_in_the_reader_s_language(
    coordinator, visit, museum, language, day
):
    wish(visit, museum, day=dt.date(2025, 1, 31))
    with translation.override(language):
        page = coordinator.get(reverse("visits:wishes", args=[visit.pk]))
    assert f">{day}</td>" in page.content.decode()


@pytest.mark.parametrize(
    ("not_before", "not_after", "message"),
    [
        (
            "14:00",
            "10:00",
            "A wish must end on the day it starts, by 23:59 at the latest: a wish over midnight "
            "is not possible.",
        ),
        ("10:00", "10:00", "The end must be after the start."),
        ("10:00", "10:30", "Its earliest start and latest end leave less time than it lasts."),
    ],
)
def test_a_wish_whose_hours_cannot_hold_it_is_refused(
    coordinator, visit, museum, not_before, not_after, message
):
    response = coordinator.post(
        reverse("visits:wish_create", args=[visit.pk]),
        {
            "title_de": "Zu knapp",
            "kind": "meeting",
            "venue": museum.pk,
            "minutes": 60,
            "value": 5,
            "not_before": not_before,
            "not_after": not_after,
            "confidentiality": "internal",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"not_after": [message]}
    assert not Wish.objects.exists()


def test_a_wish_whose_hours_lie_after_the_programme_day_says_so(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60, value=4)
    wish(visit, museum, minutes=60, not_before=dt.time(18, 30), title_de="Abends")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        ("Abends", "its length and hours leave no room for it within the visit's day hours."),
    ]
    assert (proposal.status, proposal.score) == ("ready", 4)


def test_a_hotel_removed_before_the_search_starts_fails_the_proposal_with_a_reason(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    with django_capture_on_commit_callbacks() as queued:  # the worker is not there yet
        coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    services.update_visit(visit=visit, fields={"hotel": None})
    (start_the_search,) = queued
    start_the_search()
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.failure) == ("failed", {"reason": "no_hotel"})
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert page.context["failure"] == (
        "Give the visit's hotel first: each day starts and ends there."
    )


def test_an_error_in_the_search_fails_the_proposal_instead_of_leaving_it_running(
    coordinator, visit, museum, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("a defect")

    monkeypatch.setattr(optimiser, "solve", broken)
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert (proposal.status, proposal.failure) == ("failed", {"reason": "internal"})
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert page.context["failure"].startswith("The search stopped because of an error on our side")


def test_a_result_that_cannot_be_saved_fails_the_proposal_instead_of_leaving_it_running(
    coordinator, visit, museum, django_capture_on_commit_callbacks, monkeypatch
):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "finish_proposal", locked)
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.failure) == ("failed", {"reason": "internal"})


def test_a_search_not_heard_of_for_a_minute_is_shown_as_stopped(coordinator, visit, museum):
    """Its worker was stopped: the page stops polling and says to ask again."""
    wish(visit, museum, minutes=60)
    a_minute_ago = timezone.now() - dt.timedelta(seconds=61)
    proposal = Proposal.objects.create(
        visit=visit, status="running", progress=40, heard_at=a_minute_ago
    )
    url = reverse("visits:proposal", args=[proposal.pk])
    assert coordinator.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    page = coordinator.get(url)
    assert "every 1s" not in page.text
    assert page.context["failure"] == (
        "The search has not been heard of for a while: its worker may have been stopped. "
        "Nothing was changed. Please ask again."
    )
    assert '<p id="proposal-status" class="kern-subline proposal-status">Stopped</p>' in page.text
    # Heard of half a minute ago, it is still searching.
    Proposal.objects.filter(pk=proposal.pk).update(heard_at=a_minute_ago + dt.timedelta(seconds=31))
    assert "every 1s" in coordinator.get(url, headers={"HX-Request": "true"}).text


def test_a_proposal_discarded_while_the_search_runs_stays_discarded(visit, museum):
    wish(visit, museum, minutes=60)
    queued = Proposal.objects.create(visit=visit)
    running = services.start_proposal(pk=queued.pk)
    assert services.start_proposal(pk=queued.pk) is None  # started once only
    services.discard_proposal(proposal=queued)
    services.note_progress(proposal=running, percent=50)
    services.finish_proposal(
        proposal=running, answer=Answer(score=5, plan=[], left_out=[], basis="")
    )
    services.fail_proposal(proposal=running, failure={"reason": "invalid"})
    queued.refresh_from_db()
    assert (queued.status, queued.progress, queued.score, queued.failure) == (
        "discarded",
        0,
        None,
        {},
    )


def test_the_search_of_a_proposal_discarded_while_it_runs_stops(visit, museum):
    wish(visit, museum, minutes=60)
    queued = Proposal.objects.create(visit=visit, seconds=30)
    running = services.start_proposal(pk=queued.pk)
    services.discard_proposal(proposal=queued)
    with pytest.raises(tasks.Stopped):
        tasks._outcome(running)  # at its first report of progress, not after 30 s


@pytest.mark.parametrize(("hours", "placed"), [(4, False), (5, True)])
def test_a_proposal_keeps_the_visits_longest_day(
    coordinator, visit, museum, django_capture_on_commit_callbacks, hours, placed
):
    Visit.objects.filter(pk=visit.pk).update(longest_day_hours=hours)
    make.appointment(visit, make.berlin(2025, 1, 28, 9), make.berlin(2025, 1, 28, 10))
    # From the 09:00 appointment to the end of this one: five hours at least.
    wanted = wish(visit, museum, minutes=60, day=dt.date(2025, 1, 28), not_before=dt.time(13))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert proposal.score == (5 if placed else 0)
    if placed:
        assert proposal.plan[0]["start"] == make.berlin(2025, 1, 28, 13).isoformat()
        return
    assert proposal.left_out == [{"wish": wanted.pk, "reason": "long_day"}]
    assert [reason for _, reason in left_out(coordinator, proposal)] == [
        "it would make its day longer than the visit's longest day."
    ]


@pytest.mark.parametrize(("minutes", "placed"), [(44, True), (45, False)])
def test_a_wish_too_far_for_the_end_of_the_day_says_so(
    coordinator, city, visit, django_capture_on_commit_callbacks, minutes, placed
):
    """The day ends at the hotel at 19:00, and the hall is 16 minutes away by car: from 18:00
    there are 44 minutes for it."""
    hall = make.venue(city, "Beispielhalle", **EAST)  # no hours given: always open
    wanted = wish(visit, hall, minutes=minutes, day=dt.date(2025, 1, 28), not_before=dt.time(18))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    if placed:
        assert proposal.plan[0]["start"] == make.berlin(2025, 1, 28, 18).isoformat()
        return
    assert proposal.left_out == [{"wish": wanted.pk, "reason": "too_far"}]
    assert [reason for _, reason in left_out(coordinator, proposal)] == [
        "even with nothing else planned, the way from the hotel and back leaves no time for it "
        "on any day it may take place."
    ]


def test_a_day_a_minute_too_long_says_so_to_the_minute(coordinator, visit):
    Visit.objects.filter(pk=visit.pk).update(longest_day_hours=3)
    make.appointment(visit, make.berlin(2025, 1, 28, 9), make.berlin(2025, 1, 28, 12, 1))
    assert findings_on_page(coordinator, visit) == [
        ("error", "28/01/2025 lasts 3 h 1 min; the limit is 3 h.")
    ]


def test_a_day_the_programme_already_makes_too_long_may_hold_wishes_within_it(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    Visit.objects.filter(pk=visit.pk).update(longest_day_hours=3)
    make.appointment(visit, make.berlin(2025, 1, 28, 9), make.berlin(2025, 1, 28, 10))
    make.appointment(visit, make.berlin(2025, 1, 28, 12), make.berlin(2025, 1, 28, 13))
    tuesday = {"day": dt.date(2025, 1, 28), "not_before": dt.time(10), "not_after": dt.time(12)}
    wish(visit, museum, minutes=60, **tuesday)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    # The checks report the four hours; the proposal does not make the day any longer.
    assert (proposal.status, proposal.score) == ("ready", 5)
    assert findings_on_page(coordinator, visit) == [
        ("error", "28/01/2025 lasts 4 h; the limit is 3 h.")
    ]
    # After accepting, the day is as long as before: said once, as the programme says it.
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert [(f.severity, f.message) for f in page.context["findings"]] == [
        ("error", "28/01/2025 lasts 4 h; the limit is 3 h.")
    ]


def test_no_meal_break_says_how_much_time_is_free(coordinator, visit, museum, hotel):
    """The museum until 14:00, the hotel 16 minutes away at 14:35: leaving at 14:19, the
    delegation has 19 minutes free, not the 14 left after setting off at once. At 17:30
    the hotel leaves lunch until after it."""
    make.appointment(
        visit, make.berlin(2025, 1, 28, 11), make.berlin(2025, 1, 28, 14), venue=museum
    )
    at_the_hotel = make.appointment(
        visit, make.berlin(2025, 1, 28, 14, 35), make.berlin(2025, 1, 28, 16), venue=hotel
    )
    assert findings_on_page(coordinator, visit) == [
        (
            "warning",
            "No meal on 28/01/2025: between 11:30 and 14:30 there is no meal and no break of "
            "30 minutes (at most 19 minutes free).",
        )
    ]
    with translation.override("de"):
        assert findings_on_page(coordinator, visit) == [
            (
                "warning",
                "Keine Mahlzeit am 28.01.2025: zwischen 11:30 und 14:30 gibt es weder eine "
                "Mahlzeit noch eine Pause von 30 Minuten (höchstens 19 Minuten frei).",
            )
        ]
    services.update_appointment(
        appointment=at_the_hotel,
        fields={"start": make.berlin(2025, 1, 28, 17, 30), "end": make.berlin(2025, 1, 28, 19)},
    )
    assert findings_on_page(coordinator, visit) == []


def test_the_proposal_page_says_what_the_checks_would_find_after_accepting(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    # Three hours over lunch: the optimiser keeps every conflict rule, not the meal break.
    tuesday = {"day": dt.date(2025, 1, 28), "not_before": dt.time(11, 30)}
    wish(visit, museum, minutes=180, title_de="Langer Besuch", not_after=dt.time(14, 30), **tuesday)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert proposal.score == 5

    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    (finding,) = page.context["findings"]
    assert (finding.severity, finding.message) == (
        "warning",
        "No meal on 28/01/2025: between 11:30 and 14:30 there is no meal and no "
        "break of 30 minutes (not a minute free).",
    )
    (proposed,) = finding.appointments
    assert (proposed.title, proposed.start) == ("Langer Besuch", make.berlin(2025, 1, 28, 11, 30))
    assert "Checks after accepting" in page.text and "new:</strong> Langer Besuch" in page.text

    # The visit page checks the programme as it is: nothing to say yet.
    assert findings_on_page(coordinator, visit) == []


def test_the_checks_after_accepting_name_a_delegation_booked_twice_once(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks
):
    """The programme's conflicts are kept after accepting: eight delegates in the same two
    appointments are one of them."""
    names = ["Miriam", "Noam", "Avi", "Dana", "Eli", "Gil", "Lior", "Tal"]
    delegation = [make.person(name, "Beispiel") for name in names]
    for person in delegation:
        services.add_delegate(visit=visit, person=person)
    tuesday = (make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11))
    make.appointment(visit, *tuesday, participants=delegation)
    other_visit = make.visit(make.programme("anderes"), city, visit.start_date, visit.end_date)
    make.appointment(other_visit, *tuesday, participants=delegation)
    wish(visit, museum, minutes=60, day=dt.date(2025, 1, 29))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert len(proposal.plan) == 1
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert [(f.severity, f.message) for f in page.context["findings"]] == [
        ("error", "Avi Beispiel, Dana Beispiel and 6 others are booked twice at the same time.")
    ]


def test_a_new_restricted_appointment_without_a_liaison_is_named_beside_one_already_there(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    restricted = {"confidentiality": Appointment.Confidentiality.RESTRICTED}
    make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), **restricted
    )
    wish(visit, museum, minutes=60, title_de="Stiller Besuch", **restricted)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    (finding,) = page.context["findings"]
    assert finding.message == "A restricted appointment that no security liaison has been given."
    assert [proposed.title for proposed in finding.appointments] == ["Stiller Besuch"]


def test_days_stretched_into_each_other_by_late_appointments_lose_their_longest_length():
    days = [optimiser.Day(0, 100, 50), optimiser.Day(90, 200, 50), optimiser.Day(300, 400, 50)]
    assert itinerary.question._unlimited_where_they_overlap(days) == (
        optimiser.Day(0, 100),
        optimiser.Day(90, 200),
        optimiser.Day(300, 400, 50),
    )


def test_a_proposal_leaves_room_for_lunch_where_the_order_allows(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    make.appointment(visit, make.berlin(2025, 1, 28, 9), make.berlin(2025, 1, 28, 13))
    wish(visit, museum, minutes=150, day=dt.date(2025, 1, 28), not_before=dt.time(13))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    # At the museum by 13:16 (the morning's appointment has no venue: the optimiser takes it
    # to be at the hotel, 16 minutes away), but from 13:50: the way there, then half an hour
    # for lunch, on the five-minute grid.
    assert proposal.plan[0]["start"] == make.berlin(2025, 1, 28, 13, 50).isoformat()
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    assert page.context["findings"] == []


@pytest.mark.parametrize("discarded", [False, True])
def test_asking_why_wishes_were_left_out_stops_when_the_proposal_is_discarded(
    visit, museum, discarded
):
    tuesday = {"day": dt.date(2025, 1, 28), "not_before": dt.time(10), "not_after": dt.time(11)}
    wish(visit, museum, minutes=60, value=8, **tuesday)
    wish(visit, museum, minutes=60, value=3, **tuesday)  # left out: the other takes the hour
    queued = Proposal.objects.create(visit=visit, seconds=30)
    running = services.start_proposal(pk=queued.pk)
    question = itinerary.pose_question(visit)
    plan = optimiser.solve(question.problem, seconds=0.1)
    report = tasks._reporter(running)
    if discarded:
        services.discard_proposal(proposal=queued)
        with pytest.raises(tasks.Stopped):
            tasks._answer(visit, question, plan, report)  # at the first wish's search
        return
    answer = tasks._answer(visit, question, plan, report)
    assert [item["reason"] for item in answer.left_out] == ["outvalued"]
    running.refresh_from_db()
    assert running.progress == 99  # the page's bar does not go back


def test_an_invented_wish_makes_an_appointment_marked_as_sample_data(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60, sample_fields=["*"])
    wish(visit, museum, minutes=60, title_de="Echter Besuch")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    added = services.accept_proposal(proposal=proposal)
    assert sorted((a.title, a.is_sample("start")) for a in added) == [
        ("Echter Besuch", False),
        ("Museumsbesuch", True),
    ]


def test_a_proposal_accepted_is_not_discarded_by_a_late_request(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    stale = Proposal.objects.get(pk=proposal.pk)  # loaded by a second tab, still "ready"
    services.accept_proposal(proposal=proposal)
    services.discard_proposal(proposal=stale)
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert Appointment.objects.count() == 1
    # Switching the language on the refusal page asks for the action's address by GET.
    accept = reverse("visits:proposal_accept", args=[proposal.pk])
    assert coordinator.get(accept)["Location"] == reverse("visits:proposal", args=[proposal.pk])
    assert coordinator.put(accept).status_code == 405
    # Its page shows the accepted appointment once, as what it added to the programme.
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk]))
    proposed = [entry for day in page.context["comparison"] for entry in day.proposed.begun]
    assert [(entry.title, entry.new) for entry in proposed] == [("Museumsbesuch", True)]


def test_a_proposal_accepted_in_another_tab_is_not_accepted_twice(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    accept = reverse("visits:proposal_accept", args=[proposal.pk])
    assert coordinator.post(accept).status_code == 302
    again = coordinator.post(accept)  # the second tab, still showing "Accept"
    assert again.status_code == 409
    assert again.context["refusal"] == (
        "This proposal was accepted already: its appointments are in the programme."
    )
    assert Appointment.objects.count() == 1


def test_progress_is_polled_while_the_search_runs(coordinator, visit, museum):
    wish(visit, museum, minutes=60)
    proposal = Proposal.objects.create(visit=visit, status="running", progress=40)
    url = reverse("visits:proposal", args=[proposal.pk])
    response = coordinator.get(url, headers={"HX-Request": "true"})
    assert 'value="40"' in response.text and "every 1s" in response.text
    # The status line above the bar comes along, out of band: it said "Waiting to start".
    assert (
        '<p id="proposal-status" class="kern-subline proposal-status" hx-swap-oob="true">'
        "Running</p>" in response.text
    )
    assert "hx-swap-oob" not in coordinator.get(url).text  # the whole page: once, in place
    Proposal.objects.filter(pk=proposal.pk).update(status="ready")
    assert coordinator.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_a_wish_left_out_says_whether_the_programme_or_a_better_wish_is_in_the_way(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    tuesday = {"day": dt.date(2025, 1, 28), "not_before": dt.time(10), "not_after": dt.time(11)}
    wish(visit, museum, minutes=60, value=8, title_de="Wichtig", **tuesday)
    wish(visit, museum, minutes=60, value=3, title_de="Weniger wichtig", **tuesday)
    wednesday = {"day": dt.date(2025, 1, 29), "not_before": dt.time(10), "not_after": dt.time(11)}
    wish(visit, museum, minutes=60, value=5, title_de="Besetzt", **wednesday)
    make.appointment(visit, make.berlin(2025, 1, 29, 9), make.berlin(2025, 1, 29, 12))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    # In the wish list's order: most valuable first.
    assert left_out(coordinator, proposal) == [
        (
            "Besetzt",
            "the appointments already planned leave no gap long enough for it, travel included.",
        ),
        ("Weniger wichtig", "it would fit alone, but only in place of wishes worth more."),
    ]
    assert proposal.score == 8


def test_a_proposal_lists_its_wishes_in_time_order_in_the_hour_the_clocks_repeat():
    """On 26 October 2025 Berlin's clocks go from 03:00 back to 02:00: 02:30 summer time
    comes before 02:15 winter time, though "02:15+01:00" sorts before "02:30+02:00"."""
    zone = ZoneInfo("Europe/Berlin")
    clock = itinerary.Clock(dt.datetime(2025, 10, 24, 22, 0, tzinfo=dt.UTC), zone)
    summer = clock.minute(dt.datetime(2025, 10, 26, 2, 30, tzinfo=zone))  # fold=0: CEST
    winter = clock.minute(dt.datetime(2025, 10, 26, 2, 15, fold=1, tzinfo=zone))  # CET
    assert winter - summer == 45
    problem = optimiser.Problem(
        travel=((0,),),
        candidates=tuple(
            optimiser.Candidate(("wish", pk), 0, 10, 1, ((at, at),))
            for pk, at in ((1, summer), (2, winter))
        ),
        days=(optimiser.Day(0, 3 * 24 * 60),),
    )
    plan = optimiser.Plan(
        days=(
            (
                optimiser.Stop(("wish", 1), summer, summer + 10),
                optimiser.Stop(("wish", 2), winter, winter + 10),
            ),
        ),
        score=2,
        left_out=(),
    )
    question = itinerary.Question(problem, clock, wishes={}, unplaceable={}, basis="")
    assert itinerary.answer(question, plan).plan == [
        {"wish": 1, "start": "2025-10-26T02:30:00+02:00", "end": "2025-10-26T02:40:00+02:00"},
        {"wish": 2, "start": "2025-10-26T02:15:00+01:00", "end": "2025-10-26T02:25:00+01:00"},
    ]


def test_the_delegation_takes_part_in_every_appointment_of_an_accepted_proposal(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks
):
    """The optimiser plans one path a day for the delegation: what it places, the delegation
    attends, with the wish's required participants; so each delegate finds it in their own
    programme."""
    head, member = make.person("Noa", "Beispiel"), make.person("Avi", "Beispiel")
    services.add_delegate(visit=visit, person=head, role=Delegate.Role.HEAD)
    services.add_delegate(visit=visit, person=member)
    speaker = make.person("Dana", "Beispiel")
    wish(visit, museum, minutes=60).participants.set([speaker])
    wish(visit, museum, minutes=60, title_de="Zweiter Besuch")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert {
        appointment.title_de: {p.given_name for p in appointment.participants.all()}
        for appointment in Appointment.objects.filter(visits=visit)
    } == {"Museumsbesuch": {"Noa", "Avi", "Dana"}, "Zweiter Besuch": {"Noa", "Avi"}}


def test_a_wish_waits_for_a_delegate_s_appointment_in_another_visit(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks
):
    """Avi travels with the delegation, so the optimiser keeps him free as it keeps a wish's
    required participants: busy elsewhere all of Tuesday, the wish for Tuesday is left out."""
    avi = make.person("Avi", "Beispiel")
    services.add_delegate(visit=visit, person=avi)
    tuesday = dt.date(2025, 1, 28)
    wish(visit, museum, minutes=60, day=tuesday)
    other_visit = make.visit(make.programme("anderes"), city, start=tuesday, end=tuesday)
    busy_on_tuesday(other_visit, avi, None, [((0, 0), (23, 59))])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert proposal.plan == []
    assert [item["reason"] for item in proposal.left_out] == ["participants_busy"]


def test_a_proposal_is_not_accepted_once_the_delegation_changed(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    services.add_delegate(visit=visit, person=make.person("Avi", "Beispiel"))
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert (response.status_code, response.context["refusal"]) == (409, OUT_OF_DATE)
    assert not Appointment.objects.exists()


def test_a_proposal_out_of_date_says_so_and_offers_to_ask_again_instead_of_accepting(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Said when the page is read, not only after "Accept" was refused; the button asks again
    with the same search time."""
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks, seconds=2)

    def offered():
        page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
        forms = page.find(tag="main").find_all(tag="form")
        notices = texts(page.find_all(cls="proposal-out-of-date"))
        return notices, [(form.attrs["action"], form.find(tag="button").text()) for form in forms]

    accept = reverse("visits:proposal_accept", args=[proposal.pk])
    discard = reverse("visits:proposal_discard", args=[proposal.pk])
    assert offered() == ([], [(accept, "Accept: add these appointments"), (discard, "Discard")])

    make.appointment(visit, make.berlin(2025, 1, 26, 9), make.berlin(2025, 1, 26, 10))
    again = reverse("visits:proposal_create", args=[visit.pk])
    assert offered() == ([OUT_OF_DATE], [(again, "Propose again"), (discard, "Discard")])
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert page.find(tag="input", attrs={"name": "seconds"}).attrs["value"] == "2"


def test_another_city_s_appointment_takes_its_days_on_its_own_visit_s_clock(coordinator, visit):
    """Its 00:30 on Wednesday in Israel is Tuesday 23:30 here: counted on our clock, moving our
    visit to Israel time and back would tell whether it lies after 23:00. On its own it is
    Wednesday, whichever clock our visit keeps."""
    speaker = make.person("Dana", "Beispiel", owner=visit.host_municipality)
    jerusalem = ZoneInfo("Asia/Jerusalem")
    other = make.visit(
        make.programme("anderes"),
        make.municipality("Stadt Anderswo"),
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
        time_zone="Asia/Jerusalem",
    )
    services.add_appointment(
        visits=[other],
        participants=[speaker],
        fields={
            "kind": "meeting",
            "title_de": "Anderswo",
            "start": dt.datetime(2025, 1, 29, 0, 30, tzinfo=jerusalem),
            "end": dt.datetime(2025, 1, 29, 0, 50, tzinfo=jerusalem),
        },
    )
    tuesday = talk(visit, speaker)
    assert shown_findings(coordinator, visit) == []
    wednesday = {"start": make.berlin(2025, 1, 29, 10), "end": make.berlin(2025, 1, 29, 11)}
    services.update_appointment(appointment=tuesday, fields=wednesday)
    asked = ASKED_ABOUT_DANA.replace("Tue 28/01/2025", "Wed 29/01/2025")
    assert shown_findings(coordinator, visit) == [("warning", asked, [tuesday])]
