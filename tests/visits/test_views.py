import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from chaveruth.visits import services
from chaveruth.visits.models import Appointment
from tests import factories as make
from tests.html import get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def talk(musterstadt):
    visit = make.visit(make.programme(), musterstadt)
    return make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))


def test_delete_asks_first_and_changes_nothing_on_get(coordinator_client, talk):
    response = coordinator_client.get(reverse("visits:appointment_delete", args=[talk.pk]))
    assert response.status_code == 200
    assert "Delete “Empfang” on 20 January 2025, 10:00?" in response.text
    assert Appointment.objects.count() == 1


def test_delete_on_post_removes_and_returns_to_the_visit(coordinator_client, talk):
    visit = talk.visits.get()
    response = coordinator_client.post(reverse("visits:appointment_delete", args=[talk.pk]))
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    assert Appointment.objects.count() == 0


def test_reschedule_moves_the_visit_and_its_itinerary(coordinator_client, talk):
    visit = talk.visits.get()
    response = coordinator_client.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-02", "end_date": "2025-03-06"},
    )
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    talk.refresh_from_db()
    assert talk.start == make.berlin(2025, 3, 3, 10)


def test_reschedule_to_too_few_days_is_refused_and_changes_nothing(coordinator_client, talk):
    visit = talk.visits.get()
    response = coordinator_client.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-02", "end_date": "2025-03-02"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end_date": [
            "The new dates are too short: 1 appointment would lie outside them. "
            "Concerned: Empfang (Mon 3 Mar, 10:00)."  # where the move would put it
        ]
    }
    visit.refresh_from_db()
    talk.refresh_from_db()
    assert (str(visit.start_date), visit.status, talk.start) == (
        "2025-01-19",
        "planned",
        make.berlin(2025, 1, 20, 10),
    )


def test_reschedule_with_departure_before_arrival_is_refused(coordinator_client, talk):
    visit = talk.visits.get()
    response = coordinator_client.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-06", "end_date": "2025-03-02"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end_date": ["The departure cannot be before the arrival."]
    }


def test_an_appointment_left_without_a_visit_is_not_found(coordinator_client, talk):
    talk.visits.clear()
    for name in ("visits:appointment_edit", "visits:appointment_delete"):
        response = coordinator_client.get(reverse(name, args=[talk.pk]))
        assert response.status_code == 404
        assert '<h1 class="kern-heading-large">Not found</h1>' in response.text


def test_a_cancelled_visit_says_so_and_offers_no_new_appointment(coordinator_client, talk):
    visit = talk.visits.get()
    add = reverse("visits:appointment_create", args=[visit.pk])

    def shown():
        page = get_page(coordinator_client, visit.get_absolute_url())
        links = [a.attrs.get("href") for a in page.find(tag="main").find_all(tag="a")]
        alerts = page.find_all(cls="visit-cancelled")
        return texts(
            [t for alert in alerts for t in alert.find_all(cls="kern-title")]
        ), add in links

    assert shown() == ([], True)
    services.cancel_visit(visit=visit, reason="Beispielgrund")
    assert shown() == (["The visit is cancelled: its programme is no longer planned."], False)


def test_saving_an_appointment_records_only_what_was_changed(coordinator_client, talk):
    """Texts left empty stay as the service stored them (no language given), so the change
    log names the title alone, not "description [de], description [en], ..." as well."""
    visit = talk.visits.get()
    data = {
        "kind": talk.kind,
        "title_de": "Neuer Titel",
        "start": "2025-01-20T10:00",
        "end": "2025-01-20T11:00",
        "confidentiality": talk.confidentiality,
        # A browser sends every text box, the empty ones as "".
        **{
            f"{name}_{code}": ""
            for name in ("description", "attendees_note")
            for code in ["de", "en", "he"]
        },
        "title_en": "",
        "title_he": "",
    }
    response = coordinator_client.post(reverse("visits:appointment_edit", args=[talk.pk]), data)
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    entry = LogEntry.objects.get_for_object(talk).latest("pk")
    assert set(entry.changes_dict) == {"title_de", "title"}
