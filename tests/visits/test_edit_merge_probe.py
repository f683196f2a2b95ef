"""Edit forms merged with a change saved meanwhile (``lib.forms.SharedRecordForm``), probed
where the other's change is one the form cannot show: a status the visit's form does not
offer, the people of another city's delegation at a joint appointment, line breaks as a
browser sends them. tests/visits/test_edit_conflicts.py has the ordinary cases."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import services
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.html import form_values, get_page, parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def drawn(client, url: str) -> dict:
    return form_values(get_page(client, url).find(tag="form", cls="entry-form"))


def sent_back(response) -> dict:
    return form_values(parse(response.content.decode()).find(tag="form", cls="entry-form"))


@pytest.mark.parametrize(
    ("language", "entry"),
    [
        ("en", "Someone else changed this meanwhile, to: Cancelled"),
        ("de", "Inzwischen von jemand anderem geändert in: Abgesagt"),
    ],
    ids=["en", "de"],
)
def test_a_status_the_form_does_not_offer_is_named_by_its_label(
    coordinator, visit, language, entry
):
    """The visit was cancelled while the coordinator confirmed it: the form of a visit drawn
    planned does not offer "cancelled", and named the colleague's status by its key."""
    with translation.override(language):
        url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn(coordinator, url), "status": Visit.Status.CONFIRMED}
    services.cancel_visit(visit=visit, reason="Flüge gestrichen")
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["status"] == [entry]


@pytest.fixture
def joint(visit):
    """A reception shared with another city's visit, with a member of that delegation whom
    the coordinator may not see."""
    anderswo = make.municipality("Stadt Anderswo", "Anderswo")
    other = make.visit(
        visit.programme, anderswo, start=dt.date(2025, 1, 26), end=dt.date(2025, 1, 31)
    )
    guest = make.person("Xenia", "Fremd", owner=anderswo)
    services.add_delegate(visit=other, person=guest)
    reception = services.add_appointment(
        visits=[visit, other],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "start": make.berlin(2025, 1, 27, 10),
            "end": make.berlin(2025, 1, 27, 11),
        },
        participants=[guest],
    )
    return reception, guest, anderswo


def test_people_the_form_cannot_offer_stay_when_it_is_saved(coordinator, joint):
    """The list offers the coordinator's people only: the other city's guest is not taken
    off the reception by a change of its title."""
    reception, guest, _anderswo = joint
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "title_de": "Empfang im Rathaus"}
    assert coordinator.post(url, data).status_code == 302
    assert list(reception.participants.all()) == [guest]


def test_people_the_other_city_added_meanwhile_are_no_clash(coordinator, joint):
    """The other city added a guest while the coordinator renamed the reception: merged, not
    refused over people the coordinator did not touch (and, saved again, removed)."""
    reception, guest, anderswo = joint
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "title_de": "Empfang im Rathaus"}
    second = make.person("Yael", "Fremd", owner=anderswo)
    services.update_appointment(appointment=reception, fields={}, participants=[guest, second])
    assert coordinator.post(url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"
    assert set(reception.participants.all()) == {guest, second}


def test_people_chosen_beside_those_the_form_cannot_offer_are_added(coordinator, joint, city):
    reception, guest, _anderswo = joint
    noa = make.person("Noa", "Beispiel", owner=city)
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "participants": [str(noa.pk)]}
    assert coordinator.post(url, data).status_code == 302
    assert set(reception.participants.all()) == {guest, noa}


def test_a_visit_cancelled_meanwhile_can_be_confirmed_again_as_the_clash_offers(coordinator, visit):
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn(coordinator, url), "status": Visit.Status.CONFIRMED}
    services.cancel_visit(visit=visit, reason="Flüge gestrichen")
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert coordinator.post(url, sent_back(response)).status_code == 302


def test_line_breaks_a_browser_sends_are_no_change_of_the_other(coordinator, visit):
    reception = make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), title="Empfang"
    )
    services.update_appointment(appointment=reception, fields={"description_de": "Eins\nZwei"})
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in drawn(coordinator, url).items()
    }
    data["description_de"] = "Eins\r\nZwei\r\nDrei"
    services.update_appointment(appointment=reception, fields={"title_en": "Reception"})
    assert coordinator.post(url, data).status_code == 302
