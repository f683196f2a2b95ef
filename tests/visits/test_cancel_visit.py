"""Cancelling a visit is its own action, which asks why; the reason is for the staff.

The visit (Beispielstadt, 26–31 January 2025) has one appointment and Noa Beispiel in its
delegation; its coordinator cancels it.
"""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.access import can_read_cancellation_reason
from chaveruth.accounts.models import Role
from chaveruth.visits import services
from chaveruth.visits.forms import VisitForm
from chaveruth.visits.models import Proposal, Visit
from tests import factories as make
from tests.conftest import account, log_in
from tests.html import drawn_form, get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "Die Reise ist aus Sicherheitsgründen abgesagt."
BANNER = "The visit is cancelled: its programme is no longer planned."
# What the delegation, hosts and liaisons read instead: they were to follow the programme.
NOT_TAKING_PLACE = (
    "This visit is cancelled: it does not take place, and the programme below no longer holds."
)


@pytest.fixture
def visit(visit):
    make.appointment(visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11))
    return visit


def cancel_url(visit: Visit) -> str:
    return reverse("visits:cancel", args=[visit.pk])


def status_and_reason(visit: Visit) -> tuple[str, str]:
    visit.refresh_from_db()
    return visit.status, visit.cancellation_reason


def banner(client, visit: Visit) -> tuple[list[str], list[str]]:
    """The cancelled banner's title and the reason shown in it."""
    alerts = get_page(client, visit.get_absolute_url()).find_all(cls="visit-cancelled")
    titles = [title for alert in alerts for title in alert.find_all(cls="kern-title")]
    reasons = [reason for alert in alerts for reason in alert.find_all(cls="cancellation-reason")]
    return texts(titles), texts(reasons)


def test_the_cancel_page_asks_why_and_says_what_cancelling_does(coordinator, visit):
    page = get_page(coordinator, cancel_url(visit))
    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Cancel visit: Beispieldelegation"
    assert main.find(tag="p").text() == (
        "Its programme stays as it is, for the record. Its people and venues count as free "
        "again when other visits are checked, and no appointment or proposal can be added. "
        "To take it up again, set its status back to planned under “Edit visit”."
    )
    assert main.find(tag="label", attrs={"for": "id_reason"}).text() == (
        "Why is the visit cancelled?"
    )
    assert main.find(tag="button").text() == "Cancel the visit"
    back = main.find(tag="a", attrs={"href": visit.get_absolute_url()})
    assert back.text() == "Keep the visit"
    assert status_and_reason(visit) == ("planned", "")  # asking cancels nothing


def test_the_cancel_page_in_german(coordinator, visit):
    with translation.override("de"):  # German pages have no language prefix
        page, back_url = get_page(coordinator, cancel_url(visit)), visit.get_absolute_url()
    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Besuch absagen: Beispieldelegation"
    assert main.find(tag="button").text() == "Besuch absagen"
    assert main.find(tag="a", attrs={"href": back_url}).text() == "Besuch beibehalten"


def test_the_coordinator_cancels_with_a_reason_which_the_staff_read(client, coordinator, visit):
    response = coordinator.post(cancel_url(visit), {"reason": f"  {REASON}  "})
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    assert status_and_reason(visit) == ("cancelled", REASON)
    assert banner(coordinator, visit) == ([BANNER], [f"Reason: {REASON}"])

    log_in(client, "programm", Role.PROGRAMME_OFFICE)
    assert banner(client, visit) == ([BANNER], [f"Reason: {REASON}"])


def test_a_delegate_reads_that_the_visit_is_cancelled_but_not_why(client, coordinator, visit, noa):
    coordinator.post(cancel_url(visit), {"reason": REASON})
    client.logout()
    log_in(client, "noa", Role.DELEGATE, person=noa)
    assert banner(client, visit) == ([NOT_TAKING_PLACE], [])


def test_the_visit_page_offers_cancelling_to_its_coordinators_while_it_is_not_cancelled(
    client, coordinator, visit, noa
):
    def offered(reader) -> bool:
        page = get_page(reader, visit.get_absolute_url())
        return cancel_url(visit) in [a.attrs.get("href") for a in page.find_all(tag="a")]

    assert offered(coordinator)
    services.cancel_visit(visit=visit, reason=REASON)
    assert not offered(coordinator)
    client.logout()
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    log_in(client, "noa", Role.DELEGATE, person=noa)
    assert not offered(client)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_cancel_without_a_reason_is_refused_and_changes_nothing(coordinator, visit, reason):
    response = coordinator.post(cancel_url(visit), {"reason": reason})
    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert status_and_reason(visit) == ("planned", "")


def test_a_reason_longer_than_a_thousand_characters_is_refused(coordinator, visit):
    response = coordinator.post(cancel_url(visit), {"reason": "x" * 1001})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Ensure this value has at most 1000 characters (it has 1001)."]
    }
    assert status_and_reason(visit) == ("planned", "")
    assert coordinator.post(cancel_url(visit), {"reason": "x" * 1000}).status_code == 302


def test_the_service_refuses_a_reason_too_long_whoever_calls_it(visit):
    with pytest.raises(ValidationError) as refused:
        services.cancel_visit(visit=visit, reason="x" * 1001)
    assert refused.value.message_dict == {"reason": ["Say why in at most 1000 characters."]}
    assert status_and_reason(visit) == ("planned", "")


def test_the_service_refuses_a_blank_reason_whoever_calls_it(visit):
    with pytest.raises(ValidationError) as refused:
        services.cancel_visit(visit=visit, reason=" \n ")
    assert refused.value.message_dict == {"reason": ["Say why the visit is cancelled."]}
    assert status_and_reason(visit) == ("planned", "")


def test_cancelling_twice_keeps_the_first_reason(coordinator, visit):
    """A second tab still showing the form: its reason does not overwrite the first."""
    services.cancel_visit(visit=visit, reason=REASON)
    response = coordinator.post(cancel_url(visit), {"reason": "Ein anderer Grund."})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["The visit is cancelled already."]
    assert status_and_reason(visit) == ("cancelled", REASON)


def test_cancelling_discards_the_open_proposal(visit, django_user_model):
    requester = django_user_model.objects.create_user("koordination-b")
    proposal = Proposal.objects.create(visit=visit, requested_by=requester, seconds=2)
    services.cancel_visit(visit=visit, reason=REASON)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DISCARDED


def test_only_the_visit_s_coordinators_may_cancel_it(client, visit, noa):
    other_city = make.municipality("Stadt Musterhausen", "Musterhausen")
    log_in(client, "koordination-andere", Role.CITY_COORDINATOR, organisation=other_city)
    assert client.post(cancel_url(visit), {"reason": REASON}).status_code == 404
    client.logout()
    log_in(client, "noa", Role.DELEGATE, person=noa)
    assert client.post(cancel_url(visit), {"reason": REASON}).status_code == 403
    assert status_and_reason(visit) == ("planned", "")


def test_the_visit_form_offers_cancelled_only_to_set_a_cancelled_visit_back(
    visit, django_user_model
):
    user = django_user_model.objects.create_superuser("betrieb")

    def statuses() -> list[str]:
        return [value for value, _ in VisitForm(instance=visit, user=user).fields["status"].choices]

    assert statuses() == ["planned", "confirmed", "postponed", "completed"]
    services.cancel_visit(visit=visit, reason=REASON)
    # Taken up again, or left cancelled; not postponed or taken place, unsaid.
    assert statuses() == ["planned", "confirmed", "cancelled"]


def test_setting_a_cancelled_visit_back_forgets_its_reason(visit):
    services.cancel_visit(visit=visit, reason=REASON)
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    assert status_and_reason(visit) == ("planned", "")


def test_the_services_refuse_a_cancel_without_a_reason(visit, city):
    """Editing or creating a visit as cancelled would skip the question why."""
    refused_message = {"status": ["Cancel a visit with “Cancel visit”: it asks why."]}
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"status": Visit.Status.CANCELLED})
    assert refused.value.message_dict == refused_message
    assert status_and_reason(visit) == ("planned", "")
    with pytest.raises(ValidationError) as refused:
        make.visit(visit.programme, city, status=Visit.Status.CANCELLED)
    assert refused.value.message_dict == refused_message
    assert Visit.objects.count() == 1


def test_a_cancelled_visit_tells_its_delegates_no_way_from_the_hotel(
    client, coordinator, visit, museum, noa
):
    """Its days are no instructions any more."""
    make.appointment(
        visit,
        make.berlin(2025, 1, 28, 14),
        make.berlin(2025, 1, 28, 15),
        venue=museum,
        participants=[noa],
    )
    coordinator.post(cancel_url(visit), {"reason": REASON})
    client.logout()
    log_in(client, "noa", Role.DELEGATE, person=noa)
    page = get_page(client, visit.get_absolute_url())
    assert page.find_all(cls="itinerary__way") == []
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    page = get_page(client, visit.get_absolute_url())
    assert len(page.find_all(cls="itinerary__way")) == 2  # leaving for the museum, and back


def test_a_cancelled_visit_is_not_rescheduled_unasked(coordinator, visit):
    """Rescheduling marks a visit postponed: it would take a cancelled one up again."""
    services.cancel_visit(visit=visit, reason=REASON)
    page = get_page(coordinator, visit.get_absolute_url())
    reschedule = reverse("visits:reschedule", args=[visit.pk])
    assert reschedule not in [a.attrs.get("href") for a in page.find_all(tag="a")]
    response = coordinator.post(reschedule, {"start_date": "2025-02-02", "end_date": "2025-02-07"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The visit is cancelled: its programme is no longer planned."
    ]
    visit.refresh_from_db()
    assert (visit.status, str(visit.start_date)) == ("cancelled", "2025-01-26")


def test_a_visit_that_took_place_is_not_cancelled(coordinator, visit):
    services.update_visit(visit=visit, fields={"status": Visit.Status.COMPLETED})
    page = get_page(coordinator, visit.get_absolute_url())
    assert cancel_url(visit) not in [a.attrs.get("href") for a in page.find_all(tag="a")]
    response = coordinator.get(cancel_url(visit))
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())
    response = coordinator.post(cancel_url(visit), {"reason": REASON})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The visit took place: it cannot be cancelled."
    ]
    assert status_and_reason(visit) == ("completed", "")


def test_asking_to_cancel_a_cancelled_visit_shows_the_visit(coordinator, visit):
    """Not an empty form whose reason would be refused anyway: the visit's page says why."""
    services.cancel_visit(visit=visit, reason=REASON)
    response = coordinator.get(cancel_url(visit))
    assert (response.status_code, response["Location"]) == (302, visit.get_absolute_url())


def test_the_start_page_marks_a_cancelled_visit_among_the_recent_ones(coordinator, visit):
    services.cancel_visit(visit=visit, reason=REASON)
    page = get_page(coordinator, reverse("reports:dashboard"))
    assert texts(page.find_all(cls="visit-cancelled-badge")) == ["Cancelled"]


def test_the_change_log_says_cancelled_and_taken_up_again(coordinator, visit):
    coordinator.post(cancel_url(visit), {"reason": REASON})  # by the coordinator
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})  # by a script

    def lines() -> list[tuple[str, list[str]]]:
        history = coordinator.get(visit.get_absolute_url()).context["history"]
        return [(line.what, line.change.fields) for line in history][:2]

    assert lines() == [
        ("Visit taken up again: Beispieldelegation", ["status", "reason for cancelling"]),
        ("Visit cancelled: Beispieldelegation", ["status", "reason for cancelling"]),
    ]
    with translation.override("de"):
        assert lines() == [
            ("Besuch wieder aufgenommen: Beispieldelegation", ["Status", "Grund der Absage"]),
            ("Besuch abgesagt: Beispieldelegation", ["Status", "Grund der Absage"]),
        ]


def test_a_take_up_saved_seconds_after_another_edit_is_still_said(
    coordinator, visit, django_user_model
):
    """One person's saves of one record within seconds are one line; its wording comes from
    all of them, not from the first (the place of origin corrected, then the status)."""
    services.cancel_visit(visit=visit, reason=REASON)
    with set_actor(django_user_model.objects.create_user("kollegin")):
        services.update_visit(visit=visit, fields={"origin": "Haifa"})
        services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    line = coordinator.get(visit.get_absolute_url()).context["history"][0]
    assert (line.what, line.change.fields) == (
        "Visit taken up again: Beispieldelegation",
        ["place of origin", "status", "reason for cancelling"],
    )


def test_the_audit_trail_keeps_that_the_reason_changed_not_what_it_said(visit):
    services.cancel_visit(visit=visit, reason=REASON)
    entry = LogEntry.objects.get_for_object(visit).latest("pk")
    assert entry.changes_dict["cancellation_reason"] == ["***", "***"]
    assert not any("Sicherheit" in str(e.changes) for e in LogEntry.objects.all())


def test_a_form_drawn_while_the_visit_was_cancelled_keeps_it_taken_up_again(coordinator, visit):
    """Still showing "cancelled", its other changes are saved with the status another tab
    set: its user did not change the status, so it does not cancel the visit again (nor is
    told how to cancel, which they did not ask)."""
    services.cancel_visit(visit=visit, reason=REASON)
    url = reverse("visits:edit", args=[visit.pk])
    data = {
        **drawn_form(coordinator, url),
        "origin": "Haifa",
    }
    services.update_visit(visit=visit, fields={"status": Visit.Status.PLANNED})
    response = coordinator.post(url, data)
    assert response.status_code == 302
    assert status_and_reason(visit) == ("planned", "")
    assert Visit.objects.get(pk=visit.pk).origin == "Haifa"


@pytest.mark.parametrize("shown", ["planned", "postponed"])
def test_a_form_drawn_before_the_visit_was_cancelled_does_not_take_it_up_again(
    coordinator, visit, shown
):
    """Another tab cancelled it meanwhile: a typo fixed in the old form must not undo that,
    and the form says why in words, whatever status it showed (a cancelled visit's own form
    offers no "postponed")."""
    services.update_visit(visit=visit, fields={"status": shown})
    page = get_page(coordinator, reverse("visits:edit", args=[visit.pk]))
    form = page.find(tag="form", cls="entry-form")
    seen = form.find(tag="input", attrs={"name": "seen_status"}).attrs["value"]
    assert seen == shown
    services.cancel_visit(visit=visit, reason=REASON)
    data = {
        "programme": visit.programme.pk,
        "title_de": "Beispieldelegation (korrigiert)",
        "direction": "incoming",
        "host_municipality": visit.host_municipality.pk,
        "origin_country": "IL",
        "start_date": "2025-01-26",
        "end_date": "2025-01-31",
        "status": shown,
        "time_zone": visit.time_zone,
        "candle_lighting_minutes": "",
        "hotel": visit.hotel.pk,
        "travel_mode": visit.travel_mode,
        "day_starts": "09:00",
        "day_ends": "19:00",
        "longest_day_hours": visit.longest_day_hours,
        "seen_status": seen,
    }
    response = coordinator.post(reverse("visits:edit", args=[visit.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The visit was cancelled meanwhile: reload the page to see it."
    ]
    assert status_and_reason(visit) == ("cancelled", REASON)
    # Drawn after it: taking it up again is meant.
    data["seen_status"], data["status"] = "cancelled", "planned"
    response = coordinator.post(reverse("visits:edit", args=[visit.pk]), data)
    assert response.status_code == 302
    assert status_and_reason(visit) == ("planned", "")


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.CITY_COORDINATOR, "other_city"),  # another city's
        (Role.PARTNER_HOST, "host"),  # hosts one of its appointments
    ],
)
def test_who_reads_the_reason_is_an_access_rule(client, visit, city, role, scope):
    host = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    organisation = (
        make.municipality("Stadt Musterhausen", "Musterhausen") if scope == "other_city" else host
    )
    appointment = visit.appointments.get()
    services.update_appointment(appointment=appointment, fields={}, hosting_organisations=[host])
    services.cancel_visit(visit=visit, reason=REASON)
    user = account("leser", role, True, organisation=organisation)
    assert not can_read_cancellation_reason(user, visit)
    assert can_read_cancellation_reason(account("programm", Role.PROGRAMME_OFFICE, True), visit)
    client.force_login(user)
    response = client.get(visit.get_absolute_url())
    if response.status_code == 200:  # a host sees the visit, another city's coordinator too
        assert REASON not in response.text
