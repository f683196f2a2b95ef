import pytest
from django.urls import reverse

from chaveruth.visits.models import Appointment
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def talk():
    visit = make.visit(make.programme(), make.municipality())
    return make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))


def test_delete_asks_first_and_changes_nothing_on_get(coordinator_client, talk):
    response = coordinator_client.get(reverse("visits:appointment_delete", args=[talk.pk]))
    assert response.status_code == 200
    assert "Delete “Empfang” on Jan. 20, 2025, 10 a.m.?" in response.text
    assert Appointment.objects.count() == 1


def test_delete_on_post_removes_and_returns_to_the_visit(coordinator_client, talk):
    visit = talk.visits.get()
    response = coordinator_client.post(reverse("visits:appointment_delete", args=[talk.pk]))
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    assert Appointment.objects.count() == 0
