"""A visit is marked completed on its last day at the earliest: one still to come, marked
completed by a slip of the status list, would drop out of the visits to plan."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Proposal, Visit
from tests.html import drawn_form, get_page
from tests.visits.test_itinerary import propose, wish
from tests.visits.test_proposal_offer import offer, optimise_section

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


# --- The optimiser plans no more for a visit that took place -----------------------------

COMPLETED = "The visit is completed: its programme is no longer planned."


def completed(visit: Visit) -> Visit:
    """The visit of January 2025, marked as taken place."""
    return services.update_visit(visit=visit, fields={"status": Visit.Status.COMPLETED})


@pytest.mark.usefixtures("immediate_tasks")
def test_a_completed_visit_takes_no_proposal(coordinator, visit, museum):
    wish(visit, museum, minutes=60)
    completed(visit)
    edit = reverse("visits:edit", args=[visit.pk])
    assert offer(optimise_section(coordinator, visit)) == ([f"{COMPLETED} Edit visit", edit], [])
    response = coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    assert (response.status_code, response.context["form"].non_field_errors()) == (
        400,
        [COMPLETED],
    )
    assert not Proposal.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.request_proposal(visit=visit, requested_by=get_user_model().objects.get())
    assert refused.value.messages == [COMPLETED]


@pytest.mark.usefixtures("immediate_tasks")
def test_a_proposal_of_a_visit_completed_since_is_not_offered_nor_accepted(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    completed(visit)
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert page.find(cls="proposal-planned-no-more").text() == COMPLETED
    # Neither "Accept" nor "Propose again": only setting it aside.
    actions = [f.attrs["action"] for f in page.find_all(tag="form")]
    assert [action for action in actions if "/proposals/" in action] == [
        reverse("visits:proposal_discard", args=[proposal.pk])
    ]
    # Sent from a page drawn before: refused, nothing written.
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert (response.status_code, response.context["refusal"]) == (409, COMPLETED)
    assert (Appointment.objects.count(), Proposal.objects.get().status) == (0, "ready")
    with translation.override("de"):
        response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
        assert (response.status_code, response.context["refusal"]) == (
            409,
            "Der Besuch ist abgeschlossen: Sein Programm wird nicht mehr geplant.",
        )
    # Taken up again (marked completed by mistake), it is planned again.
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    response = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert (response.status_code, Appointment.objects.count()) == (302, 1)
