"""The operator gives a user their roles in the admin (``MembershipInline``): a membership
sent with an organisation or person that is no key is refused beside the field, not a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from chaveruth.accounts.models import Role
from tests import factories as make
from tests.conftest import account, give_second_factor
from tests.html import parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."
# Beyond the database's integers (SQLite overflows on it), and no number at all.
NO_KEYS = ["99999999999999999999999", "-99999999999999999999999", "abc"]


@pytest.fixture
def operator_client(client):
    operator = get_user_model().objects.create_superuser("betreiberin")
    give_second_factor(operator)
    client.force_login(operator)
    return client


def change_form(user, *rows: dict[str, str]) -> dict[str, str]:
    """The user change form as the admin sends it, with ``rows`` as the memberships (the
    stored ones first, with their ``id``)."""
    data = {
        "username": user.username,
        "is_active": "on",
        "date_joined_0": "2025-01-20",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum("id" in row for row in rows)),
    }
    for number, row in enumerate(rows):
        data |= {f"memberships-{number}-{name}": value for name, value in row.items()}
        data[f"memberships-{number}-user"] = str(user.pk)
    return data


def memberships(user) -> list[tuple[str, str | None, str | None]]:
    return [
        (m.role, m.organisation and m.organisation.name_de, m.person and str(m.person))
        for m in user.memberships.select_related("organisation", "person").order_by("pk")
    ]


def row_errors(response) -> list[dict[str, list[str]]]:
    return response.context["inline_admin_formsets"][0].formset.errors


@pytest.mark.parametrize("key", NO_KEYS)
def test_a_stored_membership_sent_with_an_organisation_that_is_no_key_is_refused(
    operator_client, key
):
    liaison = account("wache", Role.SECURITY_LIAISON, organisation=make.municipality())
    membership = liaison.memberships.get()
    row = {"id": str(membership.pk), "role": "security_liaison", "organisation": key}
    url = reverse("admin:auth_user_change", args=[liaison.pk])
    response = operator_client.post(url, change_form(liaison, row))
    assert (response.status_code, row_errors(response)) == (
        200,
        [{"organisation": [INVALID_CHOICE]}],
    )
    assert memberships(liaison) == [("security_liaison", "Musterstadt", None)]


@pytest.mark.parametrize("key", NO_KEYS)
def test_a_stored_membership_sent_with_a_person_that_is_no_key_is_refused(operator_client, key):
    delegate = account("noa", Role.DELEGATE, person=make.person())
    membership = delegate.memberships.get()
    row = {"id": str(membership.pk), "role": "delegate", "person": key}
    url = reverse("admin:auth_user_change", args=[delegate.pk])
    response = operator_client.post(url, change_form(delegate, row))
    assert (response.status_code, row_errors(response)) == (200, [{"person": [INVALID_CHOICE]}])
    assert memberships(delegate) == [("delegate", None, "Noa Beispiel")]


@pytest.mark.parametrize("key", NO_KEYS)
def test_a_new_membership_with_an_organisation_that_is_no_key_is_refused(operator_client, key):
    liaison = account("wache", Role.SECURITY_LIAISON)
    stored = {"id": str(liaison.memberships.get().pk), "role": "security_liaison"}
    new = {"role": "security_liaison", "organisation": key}
    url = reverse("admin:auth_user_change", args=[liaison.pk])
    response = operator_client.post(url, change_form(liaison, stored, new))
    assert (response.status_code, row_errors(response)) == (
        200,
        [{}, {"organisation": [INVALID_CHOICE]}],
    )
    assert memberships(liaison) == [("security_liaison", None, None)]


@pytest.mark.parametrize("key", NO_KEYS)
def test_the_refused_page_offers_the_field_again_with_nothing_chosen(operator_client, key):
    liaison = account("wache", Role.SECURITY_LIAISON, organisation=make.municipality())
    row = {"id": str(liaison.memberships.get().pk), "role": "security_liaison"}
    url = reverse("admin:auth_user_change", args=[liaison.pk])
    response = operator_client.post(url, change_form(liaison, row | {"organisation": key}))
    page = parse(response.content.decode())
    chooser = page.find(tag="select", attrs={"name": "memberships-0-organisation"})
    options = chooser.find_all(tag="option")
    assert [(o.attrs["value"], o.text(), "selected" in o.attrs) for o in options] == [
        ("", "", False)
    ]


def test_a_refused_page_still_shows_a_key_that_names_a_record(operator_client):
    """Refused for another reason (a liaison attached to a start-up hub), the row shows the
    organisation chosen as it was sent."""
    liaison = account("wache", Role.SECURITY_LIAISON, organisation=make.municipality())
    hub = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    row = {"id": str(liaison.memberships.get().pk), "role": "security_liaison"}
    url = reverse("admin:auth_user_change", args=[liaison.pk])
    response = operator_client.post(url, change_form(liaison, row | {"organisation": str(hub.pk)}))
    assert row_errors(response) == [
        {"organisation": ["A security liaison serves a municipality, or every one (none)."]}
    ]
    page = parse(response.content.decode())
    chooser = page.find(tag="select", attrs={"name": "memberships-0-organisation"})
    options = chooser.find_all(tag="option")
    assert [(o.attrs["value"], o.text(), "selected" in o.attrs) for o in options] == [
        ("", "", False),
        (str(hub.pk), "Beispiel-Hub", True),
    ]
