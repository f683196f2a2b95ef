"""The notes under each day of a visit's itinerary: a holiday is named once a day, by one name,
in the reader's language; an observant delegation's rest is noted on every day it touches, as
the rest (not the festival) that begins, lasts all day or ends.

Israel's public holidays come from ``holidays``, the Shabbat and Yom Tov times from hdate; the
two libraries spell the same day differently ("Rosh Hashanah" and "Rosh Hashana I"), and only
hdate's names are in our catalog."""

import datetime as dt

import pytest
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import share_appointment
from chaveruth.visits import itinerary, services
from tests import factories as make
from tests.conftest import account
from tests.html import get_page, texts

pytestmark = pytest.mark.django_db


def in_israel(city, start: dt.date, end: dt.date, **fields):
    """An outgoing visit on Israel time with no hotel yet: it keeps Jerusalem's calendar
    (one day of Yom Tov, candles 40 minutes before sunset)."""
    return make.visit(
        make.programme(),
        city,
        start=start,
        end=end,
        **{"direction": "outgoing", "time_zone": "Asia/Jerusalem", **fields},
    )


def notes_on_page(client, visit, language: str = "en") -> dict[str, list[str]]:
    """Each day of the itinerary that has notes, by its heading, with their texts (the other
    tests of the itinerary use it too)."""
    with translation.override(language):
        page = get_page(client, visit.get_absolute_url())
    return {
        day.find(tag="h3").text(): texts(day.find_all(tag="li", cls="day-notes__note"))
        for day in page.find_all(cls="itinerary-day")
        if day.find_all(cls="day-notes")
    }


def test_rosh_hashana_in_israel_is_named_once_a_day_as_its_times_name_it(coordinator, city):
    """Rosh Hashana 5786, Tuesday and Wednesday, 23–24 September 2025: a public holiday in
    Israel on both days, and the observant delegation's Yom Tov from Monday's candle lighting
    to Wednesday's havdalah, whose notes name it on Tuesday and Wednesday, each beside "not a
    working day" (offices and venues are closed)."""
    visit = in_israel(city, dt.date(2025, 9, 22), dt.date(2025, 9, 24), observes_shabbat=True)
    assert notes_on_page(coordinator, visit, "en") == {
        "Monday 22 September 2025": [
            "Rosh Hashana I / Rosh Hashana II: rest begins at 17:55 (candle lighting)"
        ],
        "Tuesday 23 September 2025": [
            "Not a working day in Israel",
            "Rosh Hashana I: day of rest",
        ],
        "Wednesday 24 September 2025": [
            "Not a working day in Israel",
            "Rosh Hashana I / Rosh Hashana II: rest ends at 19:09 (havdalah)",
        ],
    }
    assert notes_on_page(coordinator, visit, "de") == {
        "Montag, 22. September 2025": [
            "Rosch Haschana I / Rosch Haschana II: Ruhezeit beginnt um 17:55 (Kerzenzünden)"
        ],
        "Dienstag, 23. September 2025": [
            "Kein Arbeitstag in Israel",
            "Rosch Haschana I: Ruhetag",
        ],
        "Mittwoch, 24. September 2025": [
            "Kein Arbeitstag in Israel",
            "Rosch Haschana I / Rosch Haschana II: Ruhezeit endet um 19:09 (Hawdala)",
        ],
    }


def test_yom_tov_on_shabbat_in_israel_is_named_once(coordinator, city):
    """Sukkot 5787 falls on Shabbat, 26 September 2026: one window from Friday's candle
    lighting, and on Saturday the note of its end, with no public holiday note beside it."""
    visit = in_israel(city, dt.date(2026, 9, 25), dt.date(2026, 9, 26), observes_shabbat=True)
    assert notes_on_page(coordinator, visit, "en") == {
        "Friday 25 September 2026": [
            "Not a working day in Israel",
            "Sukkot / Shabbat: rest begins at 17:52 (candle lighting)",
        ],
        "Saturday 26 September 2026": [
            "Not a working day in Israel",
            "Sukkot / Shabbat: rest ends at 19:07 (havdalah)",
        ],
    }


def test_a_day_inside_yom_tov_and_shabbat_in_israel_is_a_day_of_rest(coordinator, city):
    """Rosh Hashana 5787 is two days in Israel too, Saturday and Sunday 12–13 September 2026:
    with Shabbat one window from Friday's candle lighting to Sunday's havdalah. Saturday, a
    public holiday, names its Yom Tov and Shabbat once, as the day the delegation rests;
    Monday is a working day again."""
    visit = in_israel(city, dt.date(2026, 9, 11), dt.date(2026, 9, 14), observes_shabbat=True)
    assert notes_on_page(coordinator, visit, "en") == {
        "Friday 11 September 2026": [
            "Not a working day in Israel",
            "Rosh Hashana I / Shabbat / Rosh Hashana II: rest begins at 18:10 (candle lighting)",
        ],
        "Saturday 12 September 2026": [
            "Not a working day in Israel",
            "Rosh Hashana I / Shabbat: day of rest",
        ],
        "Sunday 13 September 2026": [
            "Not a working day in Israel",
            "Rosh Hashana I / Shabbat / Rosh Hashana II: rest ends at 19:24 (havdalah)",
        ],
    }
    assert notes_on_page(coordinator, visit, "de") == {
        "Freitag, 11. September 2026": [
            "Kein Arbeitstag in Israel",
            "Rosch Haschana I / Schabbat / Rosch Haschana II: Ruhezeit beginnt um 18:10 "
            "(Kerzenzünden)",
        ],
        "Samstag, 12. September 2026": [
            "Kein Arbeitstag in Israel",
            "Rosch Haschana I / Schabbat: Ruhetag",
        ],
        "Sonntag, 13. September 2026": [
            "Kein Arbeitstag in Israel",
            "Rosch Haschana I / Schabbat / Rosch Haschana II: Ruhezeit endet um 19:24 (Hawdala)",
        ],
    }


def in_nrw(city, start: dt.date, end: dt.date):
    """An observant delegation in NRW with no hotel yet: it keeps Düsseldorf's times and the
    diaspora's two days of Yom Tov."""
    return make.visit(make.programme(), city, start=start, end=end, observes_shabbat=True)


def test_a_day_inside_a_diaspora_yom_tov_is_a_day_of_rest(coordinator, city):
    """Rosh Hashana 5786 in Düsseldorf, one window from Monday 22 September 2025 at candle
    lighting to Wednesday's havdalah: Tuesday, wholly inside it, is no free day."""
    visit = in_nrw(city, dt.date(2025, 9, 22), dt.date(2025, 9, 25))
    assert notes_on_page(coordinator, visit, "en") == {
        "Monday 22 September 2025": [
            "Rosh Hashana I / Rosh Hashana II: rest begins at 19:12 (candle lighting)"
        ],
        "Tuesday 23 September 2025": ["Rosh Hashana I: day of rest"],
        "Wednesday 24 September 2025": [
            "Rosh Hashana I / Rosh Hashana II: rest ends at 20:15 (havdalah)"
        ],
    }
    assert notes_on_page(coordinator, visit, "de") == {
        "Montag, 22. September 2025": [
            "Rosch Haschana I / Rosch Haschana II: Ruhezeit beginnt um 19:12 (Kerzenzünden)"
        ],
        "Dienstag, 23. September 2025": ["Rosch Haschana I: Ruhetag"],
        "Mittwoch, 24. September 2025": [
            "Rosch Haschana I / Rosch Haschana II: Ruhezeit endet um 20:15 (Hawdala)"
        ],
    }


def test_the_rest_ends_not_the_festival(coordinator, city):
    """Sukkot 5786 in Düsseldorf: its Yom Tov, Monday 6 October 2025 at candle lighting to
    Wednesday's havdalah, ends; Sukkot goes on, with no note on Thursday. The week's Shabbat,
    a window of its own, is said in the same words."""
    visit = in_nrw(city, dt.date(2025, 10, 6), dt.date(2025, 10, 12))
    assert notes_on_page(coordinator, visit, "en") == {
        "Monday 6 October 2025": ["Sukkot / Sukkot II: rest begins at 18:41 (candle lighting)"],
        "Tuesday 7 October 2025": ["Sukkot: day of rest"],
        "Wednesday 8 October 2025": ["Sukkot / Sukkot II: rest ends at 19:44 (havdalah)"],
        "Friday 10 October 2025": ["Shabbat: rest begins at 18:32 (candle lighting)"],
        "Saturday 11 October 2025": [
            "Not a working day in Germany",
            "Shabbat: rest ends at 19:37 (havdalah)",
        ],
        "Sunday 12 October 2025": ["Not a working day in Germany"],
    }
    assert notes_on_page(coordinator, visit, "de") == {
        "Montag, 6. Oktober 2025": ["Sukkot / Sukkot II: Ruhezeit beginnt um 18:41 (Kerzenzünden)"],
        "Dienstag, 7. Oktober 2025": ["Sukkot: Ruhetag"],
        "Mittwoch, 8. Oktober 2025": ["Sukkot / Sukkot II: Ruhezeit endet um 19:44 (Hawdala)"],
        "Freitag, 10. Oktober 2025": ["Schabbat: Ruhezeit beginnt um 18:32 (Kerzenzünden)"],
        "Samstag, 11. Oktober 2025": [
            "Kein Arbeitstag in Deutschland",
            "Schabbat: Ruhezeit endet um 19:37 (Hawdala)",
        ],
        "Sonntag, 12. Oktober 2025": ["Kein Arbeitstag in Deutschland"],
    }


@pytest.mark.parametrize(
    ("start", "end", "english", "german"),
    [
        (
            dt.date(2025, 9, 23),
            dt.date(2025, 9, 24),
            ["Rosh Hashana I", "Rosh Hashana II"],  # ``holidays``: "Rosh Hashanah" twice
            ["Rosch Haschana I", "Rosch Haschana II"],
        ),
        (dt.date(2025, 10, 2), dt.date(2025, 10, 2), ["Yom Kippur"], ["Jom Kippur"]),
        (dt.date(2025, 10, 7), dt.date(2025, 10, 7), ["Sukkot"], ["Sukkot"]),
        (
            dt.date(2025, 10, 14),
            dt.date(2025, 10, 14),
            ["Shmini Atzeret / Simchat Torah"],  # ``holidays``: "Simchat Torah / Shemini Atzeret"
            ["Schemini Azeret / Simchat Tora"],
        ),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 2), ["Pesach"], ["Pessach"]),
        (
            dt.date(2026, 4, 8),
            dt.date(2026, 4, 8),
            ["Pesach VII"],  # ``holidays``: "Seventh day of Pesach"
            ["Pessach VII"],
        ),
        (dt.date(2026, 5, 22), dt.date(2026, 5, 22), ["Shavuot"], ["Schawuot"]),
        # Not a Yom Tov: ``holidays`` names it in English only; our catalog in German.
        (dt.date(2026, 4, 22), dt.date(2026, 4, 22), ["Independence Day"], ["Unabhängigkeitstag"]),
    ],
)
def test_israel_s_public_holidays_are_named_as_the_yom_tov_they_are(
    city, start, end, english, german
):
    """For a delegation that does not keep Yom Tov, on the day notes and where a venue in
    Israel may be closed (the findings name the holiday)."""
    visit = in_israel(city, start, end)
    museum = make.venue(city, "Museum Beispiel", city="Jerusalem", country="IL")
    for language, names in (("en", english), ("de", german)):
        with translation.override(language):
            notes = itinerary.day_notes(visit, with_rest=True)
            (hours,) = itinerary.opening_hours([museum], visit).values()
        assert [(n.kind, n.name) for day in notes.values() for n in day] == [
            (itinerary.NoteKind.HOLIDAY, name) for name in names
        ]
        assert [h.name for h in hours.holidays if start <= h.day <= end] == names


def test_a_diaspora_yom_tov_in_nrw_is_named_in_german(coordinator, city):
    """Pesach 5786 in Düsseldorf (the visit has no hotel): two days of Yom Tov and Shabbat
    are one window, Wednesday 1 to Saturday 4 April 2026; Thursday and Friday lie wholly
    inside it, and each names its own day. Good Friday is another holiday."""
    visit = in_nrw(city, dt.date(2026, 4, 1), dt.date(2026, 4, 4))
    assert notes_on_page(coordinator, visit, "de") == {
        "Mittwoch, 1. April 2026": [
            "Pessach / Pessach II / Schabbat: Ruhezeit beginnt um 19:47 (Kerzenzünden)"
        ],
        "Donnerstag, 2. April 2026": ["Pessach: Ruhetag"],
        "Freitag, 3. April 2026": [
            "Feiertag: Karfreitag",
            "Pessach II: Ruhetag",
        ],
        "Samstag, 4. April 2026": [
            "Kein Arbeitstag in Deutschland",
            "Pessach / Pessach II / Schabbat: Ruhezeit endet um 21:02 (Hawdala)",
        ],
    }
    assert notes_on_page(coordinator, visit, "en") == {
        "Wednesday 1 April 2026": [
            "Pesach / Pesach II / Shabbat: rest begins at 19:47 (candle lighting)"
        ],
        "Thursday 2 April 2026": ["Pesach: day of rest"],
        "Friday 3 April 2026": ["Public holiday: Good Friday", "Pesach II: day of rest"],
        "Saturday 4 April 2026": [
            "Not a working day in Germany",
            "Pesach / Pesach II / Shabbat: rest ends at 21:02 (havdalah)",
        ],
    }


def test_hosts_and_liaisons_are_not_told_that_the_delegation_keeps_shabbat(client, city):
    """Whether a delegation keeps Shabbat is a religious belief, one of the visit's facts
    (``access.can_read_visit_facts``): a partner host and a security liaison, who see an
    appointment of it, read the day's holidays as for any delegation, without candle lighting
    and havdalah; a delegate reads them. Pesach 5786 in Düsseldorf, as above."""
    visit = in_nrw(city, dt.date(2026, 4, 1), dt.date(2026, 4, 4))
    partner = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    hosted = make.appointment(visit, make.berlin(2026, 4, 1, 10), make.berlin(2026, 4, 1, 11))
    services.update_appointment(appointment=hosted, fields={}, hosting_organisations=[partner])
    liaison = account("verbindung", Role.SECURITY_LIAISON)
    share_appointment(appointment=hosted, liaison=liaison)
    delegate = services.add_delegate(visit=visit, person=make.person("Noa", "Beispiel"))
    without_rest = {
        "Friday 3 April 2026": ["Public holiday: Good Friday"],
        "Saturday 4 April 2026": ["Not a working day in Germany"],
    }
    for reader in (account("hub", Role.PARTNER_HOST, organisation=partner), liaison):
        client.force_login(reader)
        assert notes_on_page(client, visit) == without_rest
    client.force_login(account("noa", Role.DELEGATE, person=delegate.person))
    assert notes_on_page(client, visit)["Thursday 2 April 2026"] == ["Pesach: day of rest"]
