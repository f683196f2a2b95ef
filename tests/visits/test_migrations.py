"""Migration visits/0005 reads the 18 minutes the form used to fill in as "as is customary"."""

from chaveruth.visits.models import Visit
from tests import factories as make

BEFORE = ("visits", "0004_visit_time_zone_choices")
AFTER = ("visits", "0005_candle_lighting_by_custom")


def test_the_18_minutes_the_form_filled_in_become_the_custom_and_back(migrate_to):
    city = make.municipality()
    customary = make.visit(make.programme(), city)
    jerusalem = make.visit(make.programme("j"), city, candle_lighting_minutes=40)
    old = migrate_to(BEFORE).get_model("visits", "Visit")
    minutes = dict(old.objects.values_list("pk", "candle_lighting_minutes"))
    assert minutes == {customary.pk: 18, jerusalem.pk: 40}
    migrate_to(AFTER)
    minutes = dict(Visit.objects.values_list("pk", "candle_lighting_minutes"))
    assert minutes == {customary.pk: None, jerusalem.pk: 40}
