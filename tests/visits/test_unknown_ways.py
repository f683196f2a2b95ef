"""A way the checks cannot work out (a venue without coordinates, no travel time entered) is
asked about, not passed as fine, and the question leads to where its time is entered.

The visit (Beispielstadt, 26–31 January 2025) goes from the museum, which has coordinates, to
a colliery whose coordinates nobody has entered yet.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.directory import services as directory
from chaveruth.visits.findings import explain
from chaveruth.visits.itinerary import check_visit
from tests import factories as make
from tests.conftest import account
from tests.html import get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ASKED = (
    "How long it takes from Beispielmuseum to Beispielzeche is not known (a venue without "
    "coordinates, no travel time entered): are 20 minutes enough?"
)


@pytest.fixture
def colliery(city):
    return make.venue(city, "Beispielzeche")


def museum_then_colliery(visit, museum, colliery, gap: int):
    """Tuesday: the museum 10:00–11:00, then the colliery ``gap`` minutes later."""
    make.appointment(
        visit, make.berlin(2025, 1, 28, 10), make.berlin(2025, 1, 28, 11), venue=museum
    )
    start = make.berlin(2025, 1, 28, 11) + dt.timedelta(minutes=gap)
    make.appointment(visit, start, make.berlin(2025, 1, 28, 13), venue=colliery, title="Zeche")


def findings_on(client, visit) -> list[tuple[str, str, str, str]]:
    """Each finding's severity and message, and the text and address of its link."""
    page = get_page(client, visit.get_absolute_url())
    shown = []
    for finding in page.find_all(tag="li", cls="finding"):
        links = finding.find_all(tag="a", cls="finding__answer")
        answer = (links[0].text(), links[0].attrs["href"]) if links else ("", "")
        severity = "error" if "finding--error" in finding.classes else "warning"
        shown.append((severity, finding.find(cls="finding__message").text(), *answer))
    return shown


def test_a_way_nobody_can_work_out_is_asked_about_and_leads_to_its_travel_time(
    coordinator, visit, museum, colliery
):
    museum_then_colliery(visit, museum, colliery, gap=20)
    enter = reverse("directory:venue_travel", args=[museum.pk]) + f"?to={colliery.pk}"
    assert findings_on(coordinator, visit) == [
        ("warning", ASKED, "Enter the travel time from Beispielmuseum", enter)
    ]
    # There, the way's other end is chosen already.
    destination = get_page(coordinator, enter).find(tag="select", attrs={"name": "destination"})
    assert texts(destination.find_all(tag="option", attrs={"selected": ""})) == [
        "Beispielzeche, Musterstadt"
    ]
    with translation.override("de"):
        (severity, message, text, _), *_others = findings_on(coordinator, visit)
    assert (severity, message, text) == (
        "warning",
        "Wie lange der Weg von Beispielmuseum nach Beispielzeche dauert, ist nicht bekannt "
        "(ein Ort ohne Koordinaten, keine Fahrzeit eingetragen): Reichen 20 Minuten?",
        "Fahrzeit ab Beispielmuseum eintragen",
    )


def test_an_hour_between_is_taken_as_enough(coordinator, visit, museum, colliery):
    museum_then_colliery(visit, museum, colliery, gap=60)
    assert findings_on(coordinator, visit) == []


def test_at_two_places_at_once_is_a_conflict_whatever_the_way(coordinator, visit, museum, colliery):
    museum_then_colliery(visit, museum, colliery, gap=-30)
    assert findings_on(coordinator, visit)[0][:2] == (
        "error",
        "The appointment at Beispielzeche begins before the one at Beispielmuseum ends.",
    )


def test_an_entered_travel_time_answers_the_question(coordinator, visit, museum, colliery):
    museum_then_colliery(visit, museum, colliery, gap=20)
    directory.enter_travel_time(origin=museum, destination=colliery, minutes=15)
    assert findings_on(coordinator, visit) == []
    directory.enter_travel_time(origin=museum, destination=colliery, minutes=25)
    assert findings_on(coordinator, visit) == [
        (
            "error",
            "From Beispielmuseum to Beispielzeche takes 25 minutes, but there are only 20.",
            "",
            "",
        )
    ]


def test_a_person_s_way_to_another_visit_is_asked_about_too(
    coordinator, city, visit, museum, colliery
):
    mayor = make.person("Mia", "Beispiel", is_public_figure=True)
    make.appointment(
        visit,
        make.berlin(2025, 1, 28, 10),
        make.berlin(2025, 1, 28, 11),
        venue=museum,
        participants=[mayor],
    )
    other = make.visit(
        visit.programme, city, visit.start_date, visit.end_date, title_de="Andere Delegation"
    )
    make.appointment(
        other,
        make.berlin(2025, 1, 28, 11, 30),
        make.berlin(2025, 1, 28, 12),
        venue=colliery,
        participants=[mayor],
        title="Grubenfahrt",
    )
    assert findings_on(coordinator, visit) == [
        (
            "warning",
            "How long Mia Beispiel's way from Beispielmuseum to Beispielzeche takes is not "
            "known (a venue without coordinates, no travel time entered): are 30 minutes "
            "enough?",
            "Enter the travel time from Beispielmuseum",
            reverse("directory:venue_travel", args=[museum.pk]) + f"?to={colliery.pk}",
        )
    ]


def test_only_those_who_may_change_venues_are_led_to_the_travel_times(visit, museum, colliery, noa):
    """The visit page shows its checks to its coordinators only; the findings themselves
    offer the way to the answer to whoever keeps the directory."""
    museum_then_colliery(visit, museum, colliery, gap=20)
    checked = check_visit(visit)
    delegate = account("noa", Role.DELEGATE, person=noa)
    office = account("programm", Role.PROGRAMME_OFFICE, True)
    assert [shown.answer for shown in explain(checked, delegate)] == [None]
    assert [shown.answer.text for shown in explain(checked, office)] == [
        "Enter the travel time from Beispielmuseum"
    ]
