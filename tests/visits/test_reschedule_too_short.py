"""New dates too short for the programme are refused with everything that would fall outside
them named at once, appointments and wishes, so that one look tells what to move."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import services
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_day_planned(visit, hotel):
    """Friday 31 January: a closing talk, a lunch, and a wish for a tour that day."""
    make.appointment(visit, make.berlin(2025, 1, 31, 10), make.berlin(2025, 1, 31, 11), "Abschluss")
    make.appointment(visit, make.berlin(2025, 1, 31, 12), make.berlin(2025, 1, 31, 13), "Mittag")
    fields = {"title_de": "Führung Synagoge", "kind": "cultural", "venue": hotel}
    fields |= {"minutes": 60, "value": 5, "day": dt.date(2025, 1, 31)}
    return services.add_wish(visit=visit, fields=fields)


def refusal(visit, end: dt.date) -> dict[str, list[str]]:
    """Moved to start on Sunday 2 March, ending on ``end``."""
    with pytest.raises(ValidationError) as refused:
        services.reschedule_visit(visit=visit, start_date=dt.date(2025, 3, 2), end_date=end)
    return refused.value.message_dict


@pytest.mark.usefixtures("english", "last_day_planned")
def test_appointments_and_wishes_outside_are_named_together(visit):
    assert refusal(visit, dt.date(2025, 3, 5)) == {
        "end_date": [
            "The new dates are too short: 2 appointments would lie outside them. "
            "Concerned: Abschluss (Fri 7 Mar, 10:00); Mittag (Fri 7 Mar, 12:00).",
            "The new dates are too short: 1 wish would lie outside them. "
            "Concerned: Führung Synagoge.",
        ]
    }
    visit.refresh_from_db()
    assert (visit.start_date, visit.status) == (dt.date(2025, 1, 26), "planned")


@pytest.mark.usefixtures("english", "last_day_planned")
def test_appointments_alone_are_named_when_the_wishes_fit(visit):
    """A wish for a day is moved along only with the dates: the tour moves with its day."""
    visit.wishes.update(day=dt.date(2025, 1, 27))
    assert refusal(visit, dt.date(2025, 3, 5)) == {
        "end_date": [
            "The new dates are too short: 2 appointments would lie outside them. "
            "Concerned: Abschluss (Fri 7 Mar, 10:00); Mittag (Fri 7 Mar, 12:00).",
        ]
    }


@pytest.mark.usefixtures("last_day_planned")
def test_the_refusal_on_the_page_names_both_in_german(coordinator, visit):
    with translation.override("de"):
        response = coordinator.post(
            reverse("visits:reschedule", args=[visit.pk]),
            {"start_date": "2025-03-02", "end_date": "2025-03-05"},
        )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end_date": [
            "Der neue Zeitraum ist zu kurz: 2 Termine lägen außerhalb. "
            "Betroffen: Abschluss (Fr 7 Mär, 10:00); Mittag (Fr 7 Mär, 12:00).",
            "Der neue Zeitraum ist zu kurz: 1 Wunsch läge außerhalb. Betroffen: Führung Synagoge.",
        ]
    }
