"""The ``period`` tag: a span of dates or times as one reads it, left to right even in Hebrew."""

import datetime as dt

from chaveruth.lib.templatetags import period

SPAN = '<span class="period" dir="ltr">{}</span>'


def test_a_period_of_days_reads_from_and_to():
    assert period(dt.date(2025, 1, 19), dt.date(2025, 1, 23)) == SPAN.format(
        "19.01.2025–23.01.2025"
    )


def test_a_period_of_one_day_names_it_once():
    assert period(dt.date(2027, 3, 11), dt.date(2027, 3, 11)) == SPAN.format("11.03.2027")


def test_an_end_not_known_is_a_dash_and_nothing_known_one_dash():
    assert period(dt.date(2024, 3, 1), None) == SPAN.format("01.03.2024–—")
    assert period(None, None) == "—"
