"""Erasure (GDPR Art. 17) that anonymises: the name is gone everywhere, the counts stay."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from chaveruth.directory import services as directory
from chaveruth.directory.models import Affiliation, Person
from chaveruth.directory.privacy import PLACEHOLDER, erase_person
from chaveruth.partnerships import services as partnerships
from chaveruth.partnerships.models import Statement
from chaveruth.visits import services as visits
from chaveruth.visits.models import Appointment, DelegateNeeds, Visit
from tests import factories as make
from tests.conftest import give_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def everything_stored() -> str:
    """The whole database as text (every table, the audit trail included)."""
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def trail_about(person: Person):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    users = get_user_model().objects
    for username in ("bochum", "demo"):
        give_second_factor(users.get(username=username))


def demo_noa(coordinator) -> Person:
    """Noa Beispiel of the demo, with everything a person can have."""
    noa = Person.objects.get(given_name="Noa")
    visit_a = Visit.objects.get(start_date="2025-01-19")
    directory.update_person(person=noa, fields={"email": "noa@example.org", "phone": "+972 555"})
    directory.add_affiliation(
        person=noa,
        organisation=visit_a.host_municipality,
        function={"de": "Gastwissenschaftlerin"},
    )
    visits.record_needs(
        delegate=visit_a.delegates.get(person=noa),
        diet="koscher",
        accessibility="",
        consent_text="Einwilligung",
        recorded_by=coordinator,
    )
    partnerships.record_statement(
        person=noa, fields={"text_de": "Ein Satz von Noa", "visit": visit_a}
    )
    return noa


def test_erasure_keeps_the_counts(client, demo):
    coordinator = get_user_model().objects.get(username="bochum")
    noa = demo_noa(coordinator)
    visit_a = Visit.objects.get(start_date="2025-01-19")
    participants = {a.pk: a.participants.count() for a in Appointment.objects.all()}

    erase_person(person=noa, erased_by=coordinator)

    assert (visit_a.expected_size, visit_a.delegates.count()) == (15, 15)
    assert {a.pk: a.participants.count() for a in Appointment.objects.all()} == participants
    client.force_login(coordinator)
    page = client.get(reverse("visits:detail", args=[visit_a.pk]))
    rows = page.context["delegation"]
    assert len(rows) == 15
    assert (str(rows[0].delegate), rows[0].needs) == ("Erased person (Head of delegation)", None)


def test_erasure_removes_the_name_everywhere(demo):
    coordinator = get_user_model().objects.get(username="bochum")
    noa = demo_noa(coordinator)
    assert "Noa Beispiel" in everything_stored()

    erase_person(person=noa, erased_by=coordinator)

    stored = everything_stored()
    for trace in ("Noa Beispiel", "noa@example.org", "+972 555", "Gastwissenschaftlerin"):
        assert trace not in stored, trace
    assert "Ein Satz von Noa" not in stored
    noa.refresh_from_db()
    assert (noa.honorific, noa.given_name, noa.family_name, noa.email, noa.phone) == (
        "",
        "",
        PLACEHOLDER,
        "",
        "",
    )
    assert noa.erased_at is not None
    assert not Affiliation.objects.filter(person=noa).exists()
    assert not Statement.objects.filter(person=noa).exists()
    assert not DelegateNeeds.objects.filter(delegate__person=noa).exists()
    # The trail of her own record keeps what happened, not what it said.
    for entry in trail_about(noa):
        assert "Noa" not in f"{entry.object_repr} {entry.changes}"


def test_the_trail_of_the_persons_own_record_keeps_only_redacted_values(demo):
    coordinator = get_user_model().objects.get(username="bochum")
    noa = demo_noa(coordinator)

    erase_person(person=noa, erased_by=coordinator)

    created, contact, erased = trail_about(noa).order_by("pk")
    assert (created.object_repr, created.changes["given_name"]) == (PLACEHOLDER, ["None", "***"])
    assert created.changes["family_name"] == ["None", "***"]
    assert contact.changes["email"] == ["", "***"]
    assert (erased.actor, list(erased.changes)) == (coordinator, ["erased_at"])


def test_a_name_with_letters_beyond_ascii_is_erased_from_the_trail_too(stay):
    """SQLite stores the trail's JSON with such letters escaped (\\u00fc), PostgreSQL not."""
    zoe = make.person("Zoë", "Müller-Ça", owner=stay.visit.host_municipality)
    visits.add_delegate(visit=stay.visit, person=zoe)
    appointment = stay.visit.appointments.order_by("pk").first()
    visits.update_appointment(
        appointment=appointment, fields={}, participants=[*appointment.participants.all(), zoe]
    )

    erase_person(person=zoe, erased_by=stay.users["coordinator"])

    stored = everything_stored()
    for trace in ("Zoë Müller-Ça", "Zo\\u00eb M\\u00fcller-\\u00c7a", "Müller-Ça"):
        assert trace not in stored, trace
    assert "Noa Beispiel" in stored  # others keep their names


def test_only_the_whole_name_is_erased(stay):
    city = stay.visit.host_municipality
    li, kim_li = make.person("Li", owner=city), make.person("Kim-Li", owner=city)
    appointment = stay.visit.appointments.order_by("pk").first()
    visits.update_appointment(appointment=appointment, fields={}, participants=[li, kim_li])

    erase_person(person=li, erased_by=stay.users["coordinator"])

    m2m = LogEntry.objects.filter(changes__participants__isnull=False).order_by("pk").last()
    assert sorted(m2m.changes["participants"]["objects"]) == [PLACEHOLDER, "Kim-Li Beispiel"]


def test_a_public_figure_can_be_erased(demo):
    operator = get_user_model().objects.get(username="demo")
    mayor = Person.objects.get(family_name="Eiskirch", is_public_figure=True)

    erase_person(person=mayor, erased_by=operator)

    receptions = Appointment.objects.filter(hosts=mayor).order_by("pk")
    assert [(a.title_de, a.title_en) for a in receptions] == [
        (
            f"Empfang durch Oberbürgermeister {PLACEHOLDER}",
            f"Reception by Lord Mayor {PLACEHOLDER}",
        )
    ] * receptions.count()
    assert receptions.count() >= 1
    assert "Thomas Eiskirch" not in everything_stored()


def test_erasing_again_changes_nothing(stay):
    noa = stay.noa.person
    first = erase_person(person=noa, erased_by=stay.users["coordinator"])
    stored, entries = everything_stored(), LogEntry.objects.count()

    again = erase_person(person=noa, erased_by=stay.users["coordinator"])

    assert again.erased_at == first.erased_at
    assert (everything_stored(), LogEntry.objects.count()) == (stored, entries)


def test_erasure_needs_the_owning_office(client, stay):
    noa = stay.noa.person
    url = reverse("directory:person_erase", args=[noa.pk])
    refused = {}
    for persona in ("other_coordinator", "programme_office", "noa", "avi", "host", "liaison"):
        client.force_login(stay.users[persona])
        refused[persona] = client.post(url).status_code

    assert refused == {
        "other_coordinator": 404,
        "programme_office": 403,
        "noa": 404,
        "avi": 404,
        "host": 404,
        "liaison": 404,
    }
    noa.refresh_from_db()
    assert (str(noa), noa.erased_at) == ("Noa Beispiel", None)


def test_the_office_confirms_then_erases(client, stay):
    noa = stay.noa.person
    client.force_login(stay.users["coordinator"])
    url = reverse("directory:person_erase", args=[noa.pk])

    asked = client.get(url)
    noa.refresh_from_db()
    assert (asked.status_code, noa.erased_at) == (200, None)

    done = client.post(url)

    noa.refresh_from_db()
    assert (done.status_code, done["Location"]) == (302, noa.get_absolute_url())
    assert (str(noa), noa.family_name) == ("Erased person", PLACEHOLDER)
    assert noa.erased_at is not None
