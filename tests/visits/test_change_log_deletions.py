"""A deleted appointment stays in the change log of each visit it belonged to: the trail keeps,
beside the deletion, which visits those were (lib.audit.note_parents)."""

import pytest
from django.utils import translation

from chaveruth.visits import services as visits
from tests import factories as make
from tests.visits.test_change_log_language import change_log
from tests.visits.test_joint_appointments import reception

pytestmark = pytest.mark.django_db


def test_a_deleted_appointment_stays_in_the_change_log_of_each_of_its_visits(
    visit, city, coordinator
):
    """By the title it had when it was deleted (nothing else is left of it); not in the log
    of a visit it never belonged to."""
    other = make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de="Andere")
    unrelated = make.visit(visit.programme, city, title_de="Dritte")
    with translation.override("de"):  # written and deleted in German, as the demo is
        visits.remove_appointment(appointment=reception([visit, other]))

    urls = {v.title_de: f"/en{v.get_absolute_url()}" for v in (visit, other, unrelated)}
    for title in (visit.title_de, "Andere"):
        assert change_log(coordinator, urls[title]) == [
            "Appointment deleted: Gemeinsamer Empfang",
            "Appointment created: Gemeinsamer Empfang",
            f"Visit created: {title}",
        ]
    assert change_log(coordinator, urls["Dritte"]) == ["Visit created: Dritte"]
