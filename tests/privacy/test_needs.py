"""Diet and accessibility needs: only with consent, seen only by the organisers and the
delegate themself, gone when the consent is withdrawn, never kept in the audit trail."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.access import can_see_needs
from chaveruth.visits import services
from chaveruth.visits.models import DelegateNeeds
from tests import factories as make
from tests.html import drawn_form, form_sent_back
from tests.privacy.conftest import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PURPOSE = "Used only to plan this stay; deleted 30 days after it."
CHANGED = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)
WITHDRAWN = (
    "The consent was withdrawn meanwhile and the needs were deleted. Record them again only "
    "if the delegate has agreed anew: tick the consent and save."
)


def record(delegate, user, diet="kosher", accessibility="", consent_text=PURPOSE):
    return services.record_needs(
        delegate=delegate,
        diet=diet,
        accessibility=accessibility,
        consent_text=consent_text,
        recorded_by=user,
    )


def test_needs_are_refused_without_consent(stay):
    with pytest.raises(ValidationError) as refused:
        record(stay.noa, stay.users["coordinator"], consent_text="  ")
    assert refused.value.message_dict == {
        "consent_text": ["Needs are recorded only with the delegate's consent."]
    }
    assert DelegateNeeds.objects.count() == 0


def test_the_refusal_speaks_the_users_language(stay):
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        record(stay.noa, stay.users["coordinator"], consent_text="")
    assert refused.value.message_dict == {
        "consent_text": [
            "Bedürfnisse werden nur mit Einwilligung des Delegationsmitglieds erfasst."
        ]
    }


def test_needs_are_refused_when_there_is_nothing_to_record(stay):
    with pytest.raises(ValidationError) as refused:
        record(stay.noa, stay.users["coordinator"], diet="", accessibility=" ")
    assert refused.value.messages == [
        "Give a diet or an accessibility need (or nothing is recorded)."
    ]
    assert DelegateNeeds.objects.count() == 0


def test_needs_are_kept_with_their_consent(stay):
    coordinator = stay.users["coordinator"]
    needs = record(stay.noa, coordinator, diet=" kosher ", accessibility="step-free access")

    stored = DelegateNeeds.objects.get()
    assert (stored.pk, stored.delegate, stored.diet, stored.accessibility) == (
        needs.pk,
        stay.noa,
        "kosher",
        "step-free access",
    )
    assert (stored.consent_text, stored.consent_recorded_by) == (PURPOSE, coordinator)
    assert stored.consent_given_at is not None


def test_recording_again_replaces_the_needs_and_the_consent(stay):
    first = record(stay.noa, stay.users["coordinator"], diet="kosher")
    second = record(stay.noa, stay.users["coordinator"], diet="vegetarian", consent_text="Anew")

    stored = DelegateNeeds.objects.get()
    assert (stored.pk, stored.diet, stored.consent_text) == (first.pk, "vegetarian", "Anew")
    assert stored.consent_given_at == second.consent_given_at >= first.consent_given_at


def test_withdrawing_the_consent_deletes_the_needs(stay):
    record(stay.noa, stay.users["coordinator"])
    record(stay.avi, stay.users["coordinator"], diet="halal")

    services.withdraw_consent(delegate=stay.noa)

    assert list(DelegateNeeds.objects.values_list("delegate", "diet")) == [(stay.avi.pk, "halal")]


def test_the_audit_trail_records_the_consent_but_withholds_the_needs(stay):
    record(stay.noa, stay.users["coordinator"], diet="kosher", accessibility="wheelchair")
    services.withdraw_consent(delegate=stay.noa)

    entries = LogEntry.objects.filter(content_type__model="delegateneeds").order_by("pk")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    created = entries[0].changes
    assert (created["diet"], created["accessibility"]) == (["***", "***"], ["***", "***"])
    assert created["consent_text"] == ["None", PURPOSE]
    everything = str(list(LogEntry.objects.values_list("changes", "changes_text", "object_repr")))
    assert "kosher" not in everything
    assert "wheelchair" not in everything


# --- Who sees them ------------------------------------------------------------------------------


def test_needs_are_for_the_host_citys_coordinators_and_the_delegate_themself(stay):
    allowed = {
        persona: [can_see_needs(user, d) for d in (stay.noa, stay.avi)]
        for persona, user in stay.users.items()
        if user is not None
    }
    assert allowed == {
        "coordinator": [True, True],
        "other_coordinator": [False, False],
        "programme_office": [False, False],
        "noa": [True, False],
        "avi": [False, True],
        "host": [False, False],
        "liaison": [False, False],
    }


def needs_on_the_visit_page(client, stay, persona) -> object:
    """The needs a persona reads on the visit page (or the page's status when refused)."""
    client.logout()
    if stay.users[persona] is not None:
        client.force_login(stay.users[persona])
    response = client.get(reverse("visits:detail", args=[stay.visit.pk]))
    if response.status_code != 200:
        return response.status_code
    page = response.content.decode()
    return [diet for diet in ("kosher", "halal", "wheelchair") if diet in page]


def test_the_visit_page_shows_needs_exactly_to_those_allowed(client, stay):
    record(stay.noa, stay.users["coordinator"], diet="kosher", accessibility="wheelchair")
    record(stay.avi, stay.users["coordinator"], diet="halal")

    seen = {persona: needs_on_the_visit_page(client, stay, persona) for persona in PERSONAS}

    assert seen == {
        "coordinator": ["kosher", "halal", "wheelchair"],
        "other_coordinator": 404,
        "programme_office": [],
        "noa": ["kosher", "wheelchair"],
        "avi": ["halal"],
        "host": [],
        "liaison": [],
        "anonymous": 302,
    }


def test_the_programme_office_sees_the_delegation_without_its_needs(client, stay):
    record(stay.noa, stay.users["coordinator"], diet="kosher")
    client.force_login(stay.users["programme_office"])
    response = client.get(reverse("visits:detail", args=[stay.visit.pk]))

    assert [(row.delegate, row.needs) for row in response.context["delegation"]] == [
        (stay.noa, None),
        (stay.avi, None),
    ]
    assert response.context["own_stay"] == []


def test_a_delegate_sees_their_own_stay_only(client, stay):
    needs = record(stay.noa, stay.users["coordinator"], diet="kosher")
    client.force_login(stay.users["noa"])
    response = client.get(reverse("visits:detail", args=[stay.visit.pk]))

    assert response.context["delegation"] == []
    assert [(row.delegate, row.needs) for row in response.context["own_stay"]] == [
        (stay.noa, needs)
    ]


# --- The form -----------------------------------------------------------------------------------


def test_the_coordinator_records_needs_with_the_form(client, stay):
    client.force_login(stay.users["coordinator"])
    url = reverse("visits:needs_edit", args=[stay.noa.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert (
        form.context["form"]
        .initial["consent_text"]
        .startswith("My diet and accessibility needs are used only to plan this stay")
    )

    response = client.post(
        url,
        {"diet": "kosher", "accessibility": "", "consent_text": PURPOSE, "consent": "on"},
    )

    assert (response.status_code, response["Location"]) == (302, stay.visit.get_absolute_url())
    stored = DelegateNeeds.objects.get()
    assert (stored.delegate, stored.diet, stored.consent_text, stored.consent_recorded_by) == (
        stay.noa,
        "kosher",
        PURPOSE,
        stay.users["coordinator"],
    )


def test_the_form_refuses_without_the_consent_ticked(client, stay):
    client.force_login(stay.users["coordinator"])
    response = client.post(
        reverse("visits:needs_edit", args=[stay.noa.pk]),
        {"diet": "kosher", "accessibility": "", "consent_text": PURPOSE},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "consent": ["Needs are recorded only with the delegate's consent."]
    }
    assert DelegateNeeds.objects.count() == 0


def test_needs_changed_since_the_form_was_drawn_are_not_replaced_unseen(client, stay):
    record(stay.noa, stay.users["coordinator"], diet="kosher")
    client.force_login(stay.users["coordinator"])
    url = reverse("visits:needs_edit", args=[stay.noa.pk])
    data = {**drawn_form(client, url), "accessibility": "step-free access", "consent": "on"}
    record(stay.noa, stay.users["coordinator"], diet="kosher, no nuts")
    response = client.post(url, data)
    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == [CHANGED]
    assert DelegateNeeds.objects.values_list("diet", "accessibility").get() == (
        "kosher, no nuts",
        "",
    )
    # Sent again, having been told, it replaces them.
    sent = form_sent_back(response)
    assert client.post(url, sent).status_code == 302
    assert DelegateNeeds.objects.values_list("diet", "accessibility").get() == (
        "kosher",
        "step-free access",
    )


def test_a_form_drawn_before_the_consent_was_withdrawn_does_not_record_the_needs_again(
    client, stay
):
    record(stay.noa, stay.users["coordinator"], diet="kosher")
    client.force_login(stay.users["coordinator"])
    url = reverse("visits:needs_edit", args=[stay.noa.pk])
    data = {**drawn_form(client, url), "accessibility": "step-free access", "consent": "on"}
    services.withdraw_consent(delegate=stay.noa)
    response = client.post(url, data)
    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == [WITHDRAWN]
    assert DelegateNeeds.objects.count() == 0
    # The form asks for the consent anew: sent again as it is, it is refused for want of it.
    sent = form_sent_back(response)
    assert "consent" not in sent
    assert client.post(url, sent).status_code == 400
    assert DelegateNeeds.objects.count() == 0
    assert client.post(url, {**sent, "consent": "on"}).status_code == 302
    assert DelegateNeeds.objects.values_list("diet", "accessibility").get() == (
        "kosher",
        "step-free access",
    )


def test_needs_recorded_by_someone_else_since_a_first_form_was_drawn_are_not_replaced(client, stay):
    client.force_login(stay.users["coordinator"])
    url = reverse("visits:needs_edit", args=[stay.noa.pk])
    data = {**drawn_form(client, url), "diet": "vegetarian", "consent": "on"}
    record(stay.noa, stay.users["coordinator"], diet="kosher")
    assert client.post(url, data).status_code == 400
    assert DelegateNeeds.objects.values_list("diet", flat=True).get() == "kosher"


def test_the_delegate_withdraws_their_own_consent(client, stay):
    record(stay.noa, stay.users["coordinator"])
    record(stay.avi, stay.users["coordinator"], diet="halal")
    client.force_login(stay.users["noa"])
    url = reverse("visits:needs_withdraw", args=[stay.noa.pk])

    asked = client.get(url)
    assert (asked.status_code, DelegateNeeds.objects.count()) == (200, 2)
    done = client.post(url)

    assert (done.status_code, done["Location"]) == (302, stay.visit.get_absolute_url())
    assert list(DelegateNeeds.objects.values_list("delegate", flat=True)) == [stay.avi.pk]


def test_no_one_else_withdraws_a_delegates_consent(client, stay):
    record(stay.noa, stay.users["coordinator"])
    url = reverse("visits:needs_withdraw", args=[stay.noa.pk])
    refused = {}
    for persona in ("other_coordinator", "programme_office", "avi", "host", "liaison"):
        client.force_login(stay.users[persona])
        refused[persona] = client.post(url).status_code

    assert refused == {
        "other_coordinator": 404,
        "programme_office": 403,
        "avi": 404,
        "host": 404,
        "liaison": 404,
    }
    assert DelegateNeeds.objects.count() == 1


# --- No N+1 on the visit page -------------------------------------------------------------------


def queries_for_visit_page(client, visit) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 200
    return len(queries)


def test_needs_add_no_query_per_delegate(client, stay):
    """The visit page makes as many queries with 3 delegates with needs as with 1."""
    city = stay.visit.host_municipality
    visit = make.visit(stay.visit.programme, city, title_de="Zweite Delegation")
    client.force_login(stay.users["coordinator"])
    counts = []
    for names in (["Gal"], ["Itai", "Hila"]):
        for name in names:
            delegate = services.add_delegate(visit=visit, person=make.person(name, owner=city))
            record(delegate, stay.users["coordinator"])
        counts.append(queries_for_visit_page(client, visit))

    assert visit.delegates.count() == 3
    assert counts[0] == counts[1]
