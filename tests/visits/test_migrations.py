"""Migration visits/0005 reads the 18 minutes the form used to fill in as "as is customary"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chaveruth.visits.models import Visit
from tests import factories as make

BEFORE = [("visits", "0004_visit_time_zone_choices")]
AFTER = [("visits", "0005_candle_lighting_by_custom")]


@pytest.mark.django_db(transaction=True)
def test_the_18_minutes_the_form_filled_in_become_the_custom_and_back():
    city = make.municipality()
    customary = make.visit(make.programme(), city)
    jerusalem = make.visit(make.programme("j"), city, candle_lighting_minutes=40)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("visits", "Visit")
        minutes = dict(old.objects.values_list("pk", "candle_lighting_minutes"))
        assert minutes == {customary.pk: 18, jerusalem.pk: 40}
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        minutes = dict(Visit.objects.values_list("pk", "candle_lighting_minutes"))
        assert minutes == {customary.pk: None, jerusalem.pk: 40}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
