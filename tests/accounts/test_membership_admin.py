"""The operator gives a user their roles in the admin (``MembershipInline``): a membership
sent with an organisation or person that is no key is refused beside the field, not a 500;
one that lacks what its role needs, or has what it must not, is told so beside the field."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
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


# What a role needs, said beside the field, in the admin and in ``add_membership`` alike (the
# database's constraint would only name itself).

COORDINATOR = "A city coordinator works for a municipality: choose it."
HOST = "A partner host is an organisation: choose which."
DELEGATE = "A delegate is a person in the directory: choose their record."
NO_PERSON = "Only a delegate is tied to a person's record: leave this empty."
LIAISON = "A security liaison serves a municipality, or every one (none)."


def wrong_memberships():
    """(role, organisation, person, what is refused): each role without what it needs, or with
    what it must not have."""
    musterstadt = make.municipality()
    hub = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    noa = make.person()
    return [
        (Role.CITY_COORDINATOR, None, None, {"organisation": [COORDINATOR]}),
        (Role.CITY_COORDINATOR, hub, None, {"organisation": [COORDINATOR]}),
        (Role.PARTNER_HOST, None, None, {"organisation": [HOST]}),
        (Role.DELEGATE, None, None, {"person": [DELEGATE]}),
        (Role.DELEGATE, musterstadt, None, {"person": [DELEGATE]}),
        (Role.PROGRAMME_OFFICE, None, noa, {"person": [NO_PERSON]}),
        (Role.SECURITY_LIAISON, None, noa, {"person": [NO_PERSON]}),
        (Role.SECURITY_LIAISON, hub, noa, {"organisation": [LIAISON], "person": [NO_PERSON]}),
    ]


CASES = [
    "coordinator without organisation",
    "coordinator of a start-up hub",
    "host without organisation",
    "delegate without person",
    "delegate of a municipality",
    "programme office as a person",
    "liaison as a person",
    "liaison of a hub as a person",
]


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASES)
def test_the_admin_says_beside_the_field_what_a_role_needs(operator_client, case):
    role, organisation, person, refused = wrong_memberships()[case]
    user = get_user_model().objects.create_user("neu")
    row = {
        "role": role.value,
        "organisation": str(organisation.pk) if organisation else "",
        "person": str(person.pk) if person else "",
    }
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = operator_client.post(url, change_form(user, row))
    assert (response.status_code, row_errors(response)) == (200, [refused])
    assert memberships(user) == []


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASES)
def test_add_membership_says_beside_the_field_what_a_role_needs(case):
    role, organisation, person, refused = wrong_memberships()[case]
    user = get_user_model().objects.create_user("neu")
    with pytest.raises(ValidationError) as error:
        add_membership(user=user, role=role, organisation=organisation, person=person)
    assert error.value.message_dict == refused
    assert memberships(user) == []


def test_the_admin_says_what_a_role_needs_in_german(operator_client):
    user = get_user_model().objects.create_user("neu")
    rows = [{"role": "city_coordinator"}, {"role": "partner_host"}, {"role": "delegate"}]
    rows.append({"role": "programme_office", "person": str(make.person().pk)})
    with translation.override("de"):
        url = reverse("admin:auth_user_change", args=[user.pk])  # /de/admin/...
        response = operator_client.post(url, change_form(user, *rows))
        shown = [
            {name: [str(m) for m in messages] for name, messages in row.items()}
            for row in row_errors(response)
        ]
    assert shown == [
        {
            "organisation": [
                "Eine kommunale Koordination arbeitet für eine Kommune: Wählen Sie sie aus."
            ]
        },
        {
            "organisation": [
                "Eine gastgebende Partnerorganisation ist eine Organisation: Wählen Sie aus, "
                "welche."
            ]
        },
        {
            "person": [
                "Ein Delegationsmitglied ist eine Person im Verzeichnis: Wählen Sie ihren Eintrag "
                "aus."
            ]
        },
        {
            "person": [
                "Nur ein Delegationsmitglied ist mit dem Eintrag einer Person verbunden: Lassen "
                "Sie dieses Feld leer."
            ]
        },
    ]
    assert memberships(user) == []


def test_what_each_role_needs_is_saved(operator_client):
    musterstadt = make.municipality()
    host = make.organisation("WERK Beispiel", kind="startup_hub", country="DE")
    noa = make.person()
    user = get_user_model().objects.create_user("neu")
    rows = [
        {"role": "city_coordinator", "organisation": str(musterstadt.pk)},
        {"role": "partner_host", "organisation": str(host.pk)},
        {"role": "delegate", "person": str(noa.pk)},
        {"role": "programme_office"},
        {"role": "security_liaison"},
        {"role": "security_liaison", "organisation": str(musterstadt.pk)},
    ]
    url = reverse("admin:auth_user_change", args=[user.pk])
    assert operator_client.post(url, change_form(user, *rows)).status_code == 302
    assert memberships(user) == [
        ("city_coordinator", "Musterstadt", None),
        ("partner_host", "WERK Beispiel", None),
        ("delegate", None, "Noa Beispiel"),
        ("programme_office", None, None),
        ("security_liaison", None, None),
        ("security_liaison", "Musterstadt", None),
    ]
