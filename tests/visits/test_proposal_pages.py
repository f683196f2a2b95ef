"""The wish list's offer to ask the optimiser: a request that would be refused is said before,
not after the button, and a new proposal replacing the open one is said before and after."""

import pytest
from django.urls import reverse

from chaveruth.visits import services
from chaveruth.visits.models import Proposal, Visit
from tests import factories as make
from tests.html import Node, get_page, parse, texts
from tests.visits.test_itinerary import propose, wish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NO_HOTEL = "Give the visit's hotel first: each day starts and ends there."
ALL_PLANNED = "Every wish is in the programme: add a wish to ask for a new proposal."


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def optimise_section(client, visit) -> Node:
    page = get_page(client, reverse("visits:wishes", args=[visit.pk]))
    return page.find(tag="section", attrs={"aria-labelledby": "optimise-heading"})


def offer(section: Node) -> tuple[list[str], list[str]]:
    """What the section offers: its refusal (text and links), else its buttons' labels."""
    refusals = section.find_all(cls="proposal-refusal")
    links = [a.attrs["href"] for r in refusals for a in r.find_all(tag="a")]
    return texts(refusals) + links, texts(section.find_all(tag="button"))


def test_the_wish_list_of_a_visit_without_a_hotel_says_so_instead_of_offering_the_button(
    coordinator, city, museum
):
    visit = make.visit(make.programme(), city)
    wish(visit, museum)
    edit = reverse("visits:edit", args=[visit.pk])
    assert offer(optimise_section(coordinator, visit)) == ([f"{NO_HOTEL} Edit visit", edit], [])


def test_an_empty_wish_list_says_so_instead_of_offering_the_button(coordinator, visit):
    assert offer(optimise_section(coordinator, visit)) == (
        ["The wish list is empty: add the appointments you wish for."],
        [],
    )


def test_a_cancelled_visit_s_wish_list_says_so_instead_of_offering_the_button(
    coordinator, visit, museum
):
    wish(visit, museum)
    services.update_visit(visit=visit, fields={"status": Visit.Status.CANCELLED})
    assert offer(optimise_section(coordinator, visit)) == (
        [
            "The visit is cancelled: its programme is no longer planned. Edit visit",
            reverse("visits:edit", args=[visit.pk]),
        ],
        [],
    )


def test_a_wish_list_all_in_the_programme_says_so_and_refuses_a_forced_request(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    accepted = coordinator.post(reverse("visits:proposal_accept", args=[proposal.pk]))
    assert accepted.status_code == 302
    assert offer(optimise_section(coordinator, visit)) == ([ALL_PLANNED], [])
    # Asked all the same (an old tab): refused with the reason, which the page shows once.
    response = coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [ALL_PLANNED]
    assert response.content.decode().count(ALL_PLANNED) == 1
    assert list(Proposal.objects.values_list("status", flat=True)) == ["accepted"]


def test_a_forced_request_without_a_hotel_shows_the_reason_on_its_400_page(
    coordinator, city, museum
):
    visit = make.visit(make.programme(), city)
    wish(visit, museum)
    response = coordinator.post(reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1})
    assert response.status_code == 400
    section = parse(response.content.decode()).find(
        tag="section", attrs={"aria-labelledby": "optimise-heading"}
    )
    edit = reverse("visits:edit", args=[visit.pk])
    assert offer(section) == ([f"{NO_HOTEL} Edit visit", edit], [])


def test_a_wish_list_with_a_wish_to_place_offers_the_button(coordinator, visit, museum):
    wish(visit, museum)
    section = optimise_section(coordinator, visit)
    assert offer(section) == ([], ["Propose a programme"])
    assert section.find_all(cls="open-proposal") == []


def test_asking_again_says_before_and_after_that_it_replaces_the_open_proposal(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    first = propose(coordinator, visit, django_capture_on_commit_callbacks)
    section = optimise_section(coordinator, visit)
    assert section.find(cls="open-proposal").text() == (
        "Open the current proposal (Ready to review). A new proposal replaces this one."
    )
    assert offer(section) == ([], ["Propose again"])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1}, follow=True
        )
    second = Proposal.objects.exclude(pk=first.pk).get()
    assert response.redirect_chain == [(reverse("visits:proposal", args=[second.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["The earlier proposal was discarded."]
    first.refresh_from_db()
    assert (first.status, second.status) == ("discarded", "ready")


def test_the_first_proposal_replaces_none_and_says_nothing_of_it(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=60)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("visits:proposal_create", args=[visit.pk]), {"seconds": 1}, follow=True
        )
    assert response.status_code == 200
    assert list(response.context["messages"]) == []
