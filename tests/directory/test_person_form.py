"""Entering and correcting a person: by the coordinators of the city that owns the record, for
their own city; refused to everyone else; bad input answered beside its field, saving nothing.

Everyone here is invented (family name "Beispiel")."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.directory import privacy
from chaveruth.directory.models import Person
from tests import factories as make
from tests.conftest import log_in
from tests.html import get_page, parse

pytestmark = pytest.mark.django_db

STORED = ["honorific", "given_name", "family_name", "email", "phone", "is_public_figure", "owner"]


def stored(person: Person) -> dict:
    person.refresh_from_db()
    return {name: getattr(person, name) for name in STORED}


def person_data(owner, **changes) -> dict:
    return {
        "honorific": "Dr.",
        "given_name": "Avi",
        "family_name": "Beispiel",
        "email": "avi.beispiel@example.org",
        "phone": "+972 3 555 0100",
        "owner": owner.pk,
        **changes,
    }


@pytest.fixture
def avi(musterstadt):
    return make.person("Avi", "Beispiel", email="avi@example.org", owner=musterstadt)


def test_a_coordinator_enters_a_person_owned_by_their_city(coordinator_client, musterstadt):
    response = coordinator_client.post(
        reverse("directory:person_create"), person_data(musterstadt, is_public_figure="on")
    )
    person = Person.objects.get()
    assert (response.status_code, response["Location"]) == (302, person.get_absolute_url())
    assert stored(person) == {
        "honorific": "Dr.",
        "given_name": "Avi",
        "family_name": "Beispiel",
        "email": "avi.beispiel@example.org",
        "phone": "+972 3 555 0100",
        "is_public_figure": True,
        "owner": musterstadt,
    }


def test_entering_a_person_is_in_the_audit_trail_with_the_coordinator_as_actor(
    coordinator_client, musterstadt
):
    coordinator_client.post(reverse("directory:person_create"), person_data(musterstadt))
    entry = LogEntry.objects.get_for_object(Person.objects.get()).get()
    assert (entry.action, entry.actor.username, entry.changes_dict["family_name"]) == (
        LogEntry.Action.CREATE,
        f"koordination-{musterstadt.pk}",
        ["None", "Beispiel"],
    )


def test_a_coordinator_is_offered_only_their_own_city_as_the_owner(coordinator_client):
    make.municipality("Stadt Beispielhausen", "Beispielhausen")
    page = get_page(coordinator_client, reverse("directory:person_create"))
    options = page.find(tag="select", attrs={"name": "owner"}).find_all(tag="option")
    assert [(option.text(), "selected" in option.attrs) for option in options] == [
        ("Musterstadt", True)
    ]


def test_a_coordinator_cannot_give_a_person_to_another_city(coordinator_client):
    other_city = make.municipality("Stadt Beispielhausen", "Beispielhausen")
    with translation.override("en"):
        response = coordinator_client.post(
            reverse("directory:person_create"), person_data(other_city)
        )
    assert response.status_code == 400
    assert parse(response.text).find(attrs={"id": "id_owner_error"}).text() == (
        "Select a valid choice. That choice is not one of the available choices."
    )
    assert not Person.objects.exists()


def test_a_coordinator_corrects_a_person(coordinator_client, musterstadt, avi):
    response = coordinator_client.post(
        reverse("directory:person_edit", args=[avi.pk]),
        person_data(musterstadt, given_name="Avraham", honorific="", phone=""),
    )
    assert (response.status_code, response["Location"]) == (302, avi.get_absolute_url())
    assert stored(avi) == {
        "honorific": "",
        "given_name": "Avraham",
        "family_name": "Beispiel",
        "email": "avi.beispiel@example.org",
        "phone": "",
        "is_public_figure": False,
        "owner": musterstadt,
    }
    change = LogEntry.objects.get_for_object(avi).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["given_name"] == ["Avi", "Avraham"]


def test_the_edit_form_shows_the_stored_details(coordinator_client, avi):
    page = get_page(coordinator_client, reverse("directory:person_edit", args=[avi.pk]))
    values = {
        name: page.find(tag="input", attrs={"name": name}).attrs.get("value")
        for name in ("honorific", "given_name", "family_name", "email", "phone")
    }
    assert values == {
        "honorific": None,
        "given_name": "Avi",
        "family_name": "Beispiel",
        "email": "avi@example.org",
        "phone": None,
    }


def test_the_people_list_offers_a_new_person_to_a_coordinator(coordinator_client):
    with translation.override("en"):
        page = get_page(coordinator_client, reverse("directory:person_list"))
    button = page.find(cls="kern-btn--primary")
    assert (button.attrs["href"], button.text()) == ("/en/directory/people/new/", "New person")


def test_the_person_page_offers_edit_to_the_owning_coordinator(coordinator_client, avi):
    with translation.override("en"):
        page = get_page(coordinator_client, avi.get_absolute_url())
    links = [(a.attrs["href"], a.text()) for a in page.find_all(tag="a", cls="kern-btn")]
    assert links[0] == (f"/en/directory/people/{avi.pk}/edit/", "Edit")


def test_an_erased_person_is_not_edited(coordinator_client, musterstadt, avi):
    """A name entered again would undo the erasure."""
    privacy.erase_person(person=avi, erased_by=None)
    before = stored(avi)
    page = get_page(coordinator_client, avi.get_absolute_url())
    hrefs = [a.attrs["href"] for a in page.find_all(tag="a", cls="kern-btn")]
    assert reverse("directory:person_edit", args=[avi.pk]) not in hrefs
    url = reverse("directory:person_edit", args=[avi.pk])
    assert coordinator_client.get(url).status_code == 403
    assert coordinator_client.post(url, person_data(musterstadt)).status_code == 403
    assert stored(avi) == before


@pytest.fixture
def others(musterstadt, avi) -> dict:
    """Everyone but Musterstadt's coordinators: (role, scope) to log in with."""
    hub = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    return {
        "host": (Role.PARTNER_HOST, {"organisation": hub}),
        "liaison": (Role.SECURITY_LIAISON, {}),
        "delegate": (Role.DELEGATE, {"person": avi}),
        "programme_office": (Role.PROGRAMME_OFFICE, {}),
        "other_coordinator": (
            Role.CITY_COORDINATOR,
            {"organisation": make.municipality("Stadt Beispielhausen", "Beispielhausen")},
        ),
    }


def refusals(client, others, url: str, data: dict) -> dict:
    got = {}
    for persona, (role, scope) in others.items():
        log_in(client, persona, role, **scope)
        got[persona] = (client.get(url).status_code, client.post(url, data).status_code)
    return got


def test_only_coordinators_enter_people(client, others, musterstadt, avi):
    """The programme office owns no one's record: no office could change what it entered."""
    got = refusals(client, others, reverse("directory:person_create"), person_data(musterstadt))
    assert got == {
        "host": (403, 403),
        "liaison": (403, 403),
        "delegate": (403, 403),
        "programme_office": (403, 403),
        "other_coordinator": (200, 400),  # their own city only: Musterstadt is no choice
    }
    assert list(Person.objects.all()) == [avi]


def test_only_the_owning_city_s_coordinators_correct_a_person(client, others, musterstadt, avi):
    """Avi, the delegate, is refused his own record too: his city's office corrects it."""
    before = stored(avi)
    url = reverse("directory:person_edit", args=[avi.pk])
    got = refusals(client, others, url, person_data(musterstadt, given_name="Geändert"))
    assert got == {
        "host": (404, 404),
        "liaison": (404, 404),
        "delegate": (404, 404),
        "programme_office": (403, 403),
        "other_coordinator": (404, 404),
    }
    assert stored(avi) == before


def test_another_city_s_coordinator_sees_a_public_figure_but_does_not_correct_it(
    client, others, musterstadt, avi
):
    eli = make.person("Eli", "Beispiel", is_public_figure=True, owner=musterstadt)
    role, scope = others["other_coordinator"]
    log_in(client, "other_coordinator", role, **scope)
    assert client.get(eli.get_absolute_url()).status_code == 200
    url = reverse("directory:person_edit", args=[eli.pk])
    assert client.post(url, person_data(musterstadt)).status_code == 403
    assert stored(eli)["given_name"] == "Eli"


BAD_INPUT = [
    (
        {"email": "avi.beispiel"},
        "email",
        "Enter a valid email address.",
        "Bitte gültige E-Mail-Adresse eingeben.",
    ),
    (
        {"family_name": ""},
        "family_name",
        "This field is required.",
        "Dieses Feld ist zwingend erforderlich.",
    ),
    (
        {"given_name": "A" * 81},
        "given_name",
        "Ensure this value has at most 80 characters (it has 81).",
        "Bitte sicherstellen, dass der Wert aus höchstens 80 Zeichen besteht. "
        "(Er besteht aus 81 Zeichen.)",
    ),
]


@pytest.mark.parametrize(("language", "column"), [("en", 2), ("de", 3)])
@pytest.mark.parametrize("case", BAD_INPUT, ids=["email", "family_name", "too_long"])
def test_bad_input_for_a_new_person_is_refused_beside_its_field(
    coordinator_client, musterstadt, case, language, column
):
    changes, field = case[0], case[1]
    with translation.override(language):
        response = coordinator_client.post(
            reverse("directory:person_create"), person_data(musterstadt, **changes)
        )
    page = parse(response.text)
    assert response.status_code == 400
    assert page.find(attrs={"id": f"id_{field}_error"}).text() == case[column]
    assert not Person.objects.exists()


@pytest.mark.parametrize(("language", "column"), [("en", 2), ("de", 3)])
@pytest.mark.parametrize("case", BAD_INPUT, ids=["email", "family_name", "too_long"])
def test_bad_input_for_a_correction_leaves_the_person_as_they_were(
    coordinator_client, musterstadt, avi, case, language, column
):
    changes, field = case[0], case[1]
    before = stored(avi)
    with translation.override(language):
        response = coordinator_client.post(
            reverse("directory:person_edit", args=[avi.pk]), person_data(musterstadt, **changes)
        )
    assert response.status_code == 400
    assert parse(response.text).find(attrs={"id": f"id_{field}_error"}).text() == case[column]
    assert stored(avi) == before
