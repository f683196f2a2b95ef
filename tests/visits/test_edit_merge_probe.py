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
from tests.html import drawn_form, form_sent_back

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("language", "entry"),
    [
        ("en", "Someone else changed this meanwhile, to: Postponed"),
        ("de", "Inzwischen von jemand anderem geändert in: Verschoben"),
    ],
    ids=["en", "de"],
)
def test_a_status_the_form_does_not_offer_is_named_by_its_label(
    coordinator, visit, language, entry
):
    """The coordinator took a cancelled visit up again as confirmed while a colleague set it
    to postponed: the form of a visit drawn cancelled does not offer "postponed", and named
    the colleague's status by its key."""
    services.cancel_visit(visit=visit, reason="Flüge gestrichen")
    with translation.override(language):
        url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn_form(coordinator, url), "status": Visit.Status.CONFIRMED}
    services.update_visit(visit=visit, fields={"status": Visit.Status.POSTPONED})
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
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    assert coordinator.post(url, data).status_code == 302
    assert list(reception.participants.all()) == [guest]


def test_people_the_other_city_added_meanwhile_are_no_clash(coordinator, joint):
    """The other city added a guest while the coordinator renamed the reception: merged, not
    refused over people the coordinator did not touch (and, saved again, removed)."""
    reception, guest, anderswo = joint
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
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
    data = {**drawn_form(coordinator, url), "participants": [str(noa.pk)]}
    assert coordinator.post(url, data).status_code == 302
    assert set(reception.participants.all()) == {guest, noa}


def test_a_visit_cancelled_meanwhile_is_not_taken_up_again_by_saving_twice(coordinator, visit):
    """Taking a cancelled visit up again is a decision of its own, not a clash that a second
    save settles: the reason would be lost with it."""
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn_form(coordinator, url), "status": Visit.Status.CONFIRMED, "origin": "Haifa"}
    services.cancel_visit(visit=visit, reason="Flüge gestrichen")
    for _attempt in range(2):
        response = coordinator.post(url, data)
        assert response.status_code == 400
        assert list(response.context["form"].non_field_errors()) == [
            "The visit was cancelled meanwhile: reload the page to see it."
        ]
        data = form_sent_back(response)
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.status, stored.cancellation_reason) == ("cancelled", "Flüge gestrichen")


def test_line_breaks_a_browser_sends_are_no_change_of_the_other(coordinator, visit):
    reception = make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), title="Empfang"
    )
    services.update_appointment(appointment=reception, fields={"description_de": "Eins\nZwei"})
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in drawn_form(coordinator, url).items()
    }
    data["description_de"] = "Eins\r\nZwei\r\nDrei"
    services.update_appointment(appointment=reception, fields={"title_en": "Reception"})
    assert coordinator.post(url, data).status_code == 302


def test_a_post_without_what_the_form_showed_keeps_the_people_it_cannot_offer(coordinator, joint):
    """A script's request, or a page drawn before the forms carried their values: the other
    city's guest stays all the same (only what the list offers can be taken out)."""
    reception, guest, _anderswo = joint
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {k: v for k, v in drawn_form(coordinator, url).items() if not k.startswith("initial-")}
    assert coordinator.post(url, {**data, "title_de": "Empfang im Rathaus"}).status_code == 302
    assert list(reception.participants.all()) == [guest]


@pytest.mark.parametrize("key", ["²", "١٢", "-1", "99999999999999999999999"])
def test_a_key_no_record_can_have_in_what_the_form_showed_takes_nothing_out(
    coordinator, joint, key
):
    reception, guest, _anderswo = joint
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "initial-participants": [key]}
    assert coordinator.post(url, {**data, "title_de": "Empfang im Rathaus"}).status_code == 302
    assert list(reception.participants.all()) == [guest]


def test_a_change_saved_between_the_merge_and_the_save_is_merged_when_sent_again(
    coordinator, visit, city, monkeypatch
):
    """A colleague saves the appointment in the moment between this form's merge and the
    service's lock: refused, the form keeps what it was drawn with, and sent again it merges
    that change too, instead of writing over it."""
    reception = make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), title="Empfang"
    )
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    update = services.update_appointment

    def colleague_first(**kwargs):
        monkeypatch.setattr(services, "update_appointment", update)
        update(appointment=reception, fields={"description_de": "Mit Imbiss."})
        return update(**kwargs)

    monkeypatch.setattr(services, "update_appointment", colleague_first)
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == [
        "Someone else saved a change here at the same moment. Save again: the form is then "
        "merged with it, as with the changes made before."
    ]
    assert coordinator.post(url, form_sent_back(response)).status_code == 302
    reception.refresh_from_db()
    assert (reception.title_de, reception.description_de) == ("Empfang im Rathaus", "Mit Imbiss.")


def test_a_joint_appointment_moved_outside_the_other_city_s_visit_does_not_name_it(
    coordinator, visit
):
    """The visit page calls it "a visit of another city": the refusal does not give away its
    title or its dates either. The coordinator's own visit is named as before."""
    anderswo = make.municipality("Stadt Anderswo", "Anderswo")
    other = make.visit(
        visit.programme, anderswo, start=dt.date(2025, 1, 27), end=dt.date(2025, 1, 28)
    )
    services.update_visit(visit=other, fields={"title_de": "Geheime Delegation"})
    reception = services.add_appointment(
        visits=[visit, other],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "start": make.berlin(2025, 1, 27, 10),
            "end": make.berlin(2025, 1, 27, 11),
        },
    )
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "start": "2025-01-30T10:00", "end": "2025-01-30T11:00"}
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["start"] == [
        "The appointment lies outside the dates of the other city's visit."
    ]
    assert "Geheime Delegation" not in response.content.decode()
    data = {**data, "start": "2025-02-03T10:00", "end": "2025-02-03T11:00"}
    assert coordinator.post(url, data).context["form"].errors["start"] == [
        f"The appointment lies outside the visit “{visit.title}” (26/01/2025–31/01/2025)."
    ]
