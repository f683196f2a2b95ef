"""Migration 0006 turns opening exceptions the new rules refuse into what the planner read."""

import datetime as dt

from chaveruth.directory.models import OpeningException
from tests import factories as make

BEFORE = ("directory", "0005_opening_until_midnight")
AFTER = ("directory", "0006_opening_exception_closed_or_hours")


def test_exceptions_the_new_rules_refuse_keep_what_the_planner_read_them_as(migrate_to):
    hall = make.venue(make.municipality())
    old = migrate_to(BEFORE).get_model("directory", "OpeningException")
    rows = {
        # (closed, opens, closes) before -> after
        (True, dt.time(10), dt.time(14)): (True, None, None),  # the ticked box won
        (False, dt.time(10), None): (True, None, None),  # hours with one end: read as closed
        (False, None, None): (True, None, None),
        (False, dt.time(18), dt.time(2)): (False, dt.time(18), dt.time(0)),  # read as to midnight
        (False, dt.time(9), dt.time(17)): (False, dt.time(9), dt.time(17)),  # already right
        (True, None, None): (True, None, None),
    }
    day = dt.date(2025, 10, 1)
    for offset, (closed, opens, closes) in enumerate(rows):
        old.objects.create(
            venue_id=hall.pk,
            date=day + dt.timedelta(days=offset),
            closed=closed,
            opens=opens,
            closes=closes,
        )
    migrate_to(AFTER)
    after = OpeningException.objects.filter(venue=hall).order_by("date")
    assert [(e.closed, e.opens, e.closes) for e in after] == list(rows.values())
