"""Migration 0006 turns opening exceptions the new rules refuse into what the planner read."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chaveruth.directory.models import OpeningException
from tests import factories as make

BEFORE = [("directory", "0005_opening_until_midnight")]
AFTER = [("directory", "0006_opening_exception_closed_or_hours")]


@pytest.fixture
def before_0006():
    """The database as migration 0005 left it; put back to the newest state afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_exceptions_the_new_rules_refuse_keep_what_the_planner_read_them_as(before_0006):
    hall = make.venue(make.municipality())
    old = before_0006.get_model("directory", "OpeningException")
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
    MigrationExecutor(connection).migrate(AFTER)
    after = OpeningException.objects.filter(venue=hall).order_by("date")
    assert [(e.closed, e.opens, e.closes) for e in after] == list(rows.values())
