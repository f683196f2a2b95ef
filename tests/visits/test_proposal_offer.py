"""The wish list's offer to ask the optimiser (refused requests said before, not after the button;
a new proposal replacing the open one), and the proposal page folding the days it leaves as
they are."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import itinerary, services
from chaveruth.visits.models import Proposal
from tests import factories as make
from tests.html import Node, get_page, parse, texts
from tests.visits.test_itinerary import propose, wish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "immediate_tasks")]

NO_HOTEL = "Give the visit's hotel first: each day starts and ends there."
ALL_PLANNED = "Every wish is in the programme: add a wish to ask for a new proposal."


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
    services.cancel_visit(visit=visit, reason="Beispielgrund")
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


def test_the_wish_list_says_when_the_open_proposal_is_out_of_date(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Opened, it could only be asked for again: the link says so before."""
    wished = wish(visit, museum, minutes=60)
    propose(coordinator, visit, django_capture_on_commit_callbacks)
    services.update_wish(wish=wished, fields={"minutes": 90})
    assert optimise_section(coordinator, visit).find(cls="open-proposal").text() == (
        "Open the current proposal (Ready to review, out of date: the programme or the wishes "
        "changed since). A new proposal replaces this one."
    )


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


def days_shown(page: Node) -> dict[str, tuple]:
    """Each day of the comparison by its heading: ("compare", now, proposed) for a day side by
    side, else ("unchanged", its line, the current programme folded under it)."""
    shown = {}
    for day in page.find_all(cls="proposal-day"):
        heading = day.find(tag="h3").text()
        columns = day.find_all(cls="proposal-columns")
        if columns:
            now, proposed = (texts(ol.find_all(tag="li")) for ol in columns[0].find_all(tag="ol"))
            shown[heading] = ("compare", now, proposed)
        else:
            line = day.find(cls="proposal-unchanged")
            summary = line.find_all(tag="summary")
            text = summary[0].text() if summary else line.text()
            shown[heading] = ("unchanged", text, texts(line.find_all(tag="li")))
    return shown


def ready_proposal(visit, wanted, start: dt.datetime) -> Proposal:
    """A proposal placing ``wanted`` at ``start`` for an hour, as the optimiser writes one."""
    end = start + dt.timedelta(hours=1)
    plan = [{"wish": wanted.pk, "start": start.isoformat(), "end": end.isoformat()}]
    return Proposal.objects.create(visit=visit, status="ready", plan=plan)


def test_the_proposal_folds_the_days_it_leaves_unchanged(coordinator, visit, museum):
    """Monday keeps its reception, folded under one line; Tuesday gets the museum, side by side;
    the empty days say so in one line; Sunday's and Friday's notes stay in sight."""
    make.appointment(visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11))
    wanted = wish(visit, museum, minutes=60)
    proposal = ready_proposal(visit, wanted, make.berlin(2025, 1, 28, 10))
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    empty = ("unchanged", "No change on this day (nothing planned).", [])
    assert days_shown(page) == {
        "Sunday 26 January 2025": empty,
        "Monday 27 January 2025": (
            "unchanged",
            "No change on this day (1 appointment planned).",
            ["10:00–11:00 Empfang"],
        ),
        "Tuesday 28 January 2025": (
            "compare",
            ["Nothing planned."],
            ["10:00–11:00 new: Museumsbesuch, Beispielmuseum"],
        ),
        "Wednesday 29 January 2025": empty,
        "Thursday 30 January 2025": empty,
        "Friday 31 January 2025": empty,
    }
    notes = {
        day.find(tag="h3").text(): texts(day.find_all(tag="li", cls="day-notes__note"))
        for day in page.find_all(cls="proposal-day")
    }
    assert (notes["Sunday 26 January 2025"], notes["Friday 31 January 2025"]) == (
        ["Not a working day in Germany"],
        ["Shabbat: rest begins at 17:01 (candle lighting)"],
    )
    with translation.override("de"):
        in_german = days_shown(
            get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
        )
    assert in_german["Montag, 27. Januar 2025"][1] == (
        "Keine Änderung an diesem Tag (1 Termin geplant)."
    )


def test_a_proposed_row_names_its_place_only_when_the_title_does_not(coordinator, visit, museum):
    """ "Besuch im Beispielmuseum, Beispielmuseum" would say the place twice."""
    named = wish(visit, museum, minutes=60, title_de="Besuch im BEISPIELMUSEUM")
    unnamed = wish(visit, museum, minutes=60)
    tuesday = make.berlin(2025, 1, 28, 10)
    plan = [
        {"wish": wanted.pk, "start": start.isoformat(), "end": end.isoformat()}
        for wanted, start, end in [
            (named, tuesday, tuesday + dt.timedelta(hours=1)),
            (unnamed, tuesday + dt.timedelta(hours=2), tuesday + dt.timedelta(hours=3)),
        ]
    ]
    proposal = Proposal.objects.create(visit=visit, status="ready", plan=plan)
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert days_shown(page)["Tuesday 28 January 2025"][2] == [
        "10:00–11:00 new: Besuch im BEISPIELMUSEUM",
        "12:00–13:00 new: Museumsbesuch, Beispielmuseum",
    ]


def test_an_accepted_proposal_still_shows_what_it_added(coordinator, visit, museum):
    """Not "no change on this day" everywhere: its appointments are marked new beside the
    programme as it was before."""
    make.appointment(visit, make.berlin(2025, 1, 28, 9), make.berlin(2025, 1, 28, 9, 30))
    wanted = wish(visit, museum, minutes=60)
    proposal = ready_proposal(visit, wanted, make.berlin(2025, 1, 28, 10))
    proposal.basis = itinerary.pose_question(visit).basis  # made for the programme as it is
    proposal.save()
    services.accept_proposal(proposal=proposal)
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert days_shown(page)["Tuesday 28 January 2025"] == (
        "compare",
        ["09:00–09:30 Empfang"],
        ["09:00–09:30 Empfang", "10:00–11:00 new: Museumsbesuch, Beispielmuseum"],
    )


def test_an_accepted_proposal_shows_no_appointment_deleted_since(coordinator, visit, museum):
    """Its wish is free again once its appointment is deleted: not "new" on the page."""
    wanted = wish(visit, museum, minutes=60)
    proposal = ready_proposal(visit, wanted, make.berlin(2025, 1, 28, 10))
    proposal.basis = itinerary.pose_question(visit).basis
    proposal.save()
    (added,) = services.accept_proposal(proposal=proposal)
    services.remove_appointment(appointment=added)
    page = get_page(coordinator, reverse("visits:proposal", args=[proposal.pk]))
    assert days_shown(page)["Tuesday 28 January 2025"] == (
        "unchanged",
        "No change on this day (nothing planned).",
        [],
    )
