"""A visit is marked completed on its last day at the earliest: one still to come, marked
completed by a slip of the status list, would drop out of the visits to plan."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chaveruth.visits import services
from chaveruth.visits.models import Visit
from tests.html import drawn_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def moved_to(visit: Visit, first: dt.date, last: dt.date) -> Visit:
    return services.update_visit(visit=visit, fields={"start_date": first, "end_date": last})


def test_a_visit_still_to_come_is_not_completed(visit):
    today = timezone.localdate()
    moved_to(visit, today + dt.timedelta(days=10), today + dt.timedelta(days=12))
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"status": Visit.Status.COMPLETED})
    last = (today + dt.timedelta(days=12)).strftime("%d/%m/%Y")
    assert refused.value.message_dict == {
        "status": [f"A visit can be marked completed from its last day on ({last})."]
    }
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED


def test_a_visit_is_completed_on_its_last_day_and_after(visit):
    today = timezone.localdate()
    moved_to(visit, today - dt.timedelta(days=2), today)
    services.update_visit(visit=visit, fields={"status": Visit.Status.COMPLETED})
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.COMPLETED


def test_a_new_visit_still_to_come_is_not_created_completed(visit):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.create_visit(
            programme=visit.programme,
            host_municipality=visit.host_municipality,
            fields={
                "title_de": "Delegation aus Haifa",
                "start_date": today + dt.timedelta(days=30),
                "end_date": today + dt.timedelta(days=33),
                "status": Visit.Status.COMPLETED,
            },
        )
    assert list(refused.value.message_dict) == ["status"]
    assert Visit.objects.count() == 1


def test_the_form_says_so_beside_the_status(coordinator, visit):
    today = timezone.localdate()
    moved_to(visit, today + dt.timedelta(days=10), today + dt.timedelta(days=12))
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn_form(coordinator, url)}
    response = coordinator.post(url, {**data, "status": Visit.Status.COMPLETED})
    assert response.status_code == 400
    last = (today + dt.timedelta(days=12)).strftime("%d/%m/%Y")
    assert response.context["form"].errors["status"] == [
        f"A visit can be marked completed from its last day on ({last})."
    ]
