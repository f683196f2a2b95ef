"""A person's data export (GDPR Art. 15): everything about them, nothing about anyone else."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from chaveruth.accounts.models import Membership
from chaveruth.directory import services as directory
from chaveruth.directory.privacy import SCHEMA, export_person
from chaveruth.partnerships import services as partnerships
from chaveruth.visits import services as visits
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def noa(stay):
    """Noa with something of every kind; Avi, beside her, with the same kinds of data."""
    coordinator = stay.users["coordinator"]
    noa, avi = stay.people
    directory.update_person(person=noa, fields={"email": "noa@example.org", "phone": "+972 1"})
    directory.update_person(person=avi, fields={"email": "avi@example.org", "phone": "+972 2"})
    hub = make.organisation("Beispiel-Hub Haifa", city="Haifa")
    directory.add_affiliation(
        person=noa,
        organisation=hub,
        function={"de": "Leiterin", "en": "Director"},
        start=dt.date(2023, 5, 1),
    )
    directory.add_affiliation(person=avi, organisation=hub, function={"de": "Avis Amt"})
    visits.record_needs(
        delegate=stay.noa,
        diet="kosher",
        accessibility="",
        consent_text="Noas Einwilligung",
        recorded_by=coordinator,
    )
    visits.record_needs(
        delegate=stay.avi,
        diet="Avis Diät",
        accessibility="Avis Zugang",
        consent_text="Avis Einwilligung",
        recorded_by=coordinator,
    )
    talk = make.appointment(
        stay.visit, make.berlin(2025, 1, 22, 9), make.berlin(2025, 1, 22, 10), title="Vortrag"
    )
    visits.update_appointment(appointment=talk, fields={}, hosts=[noa, avi])
    partnerships.record_statement(
        person=noa, fields={"text_de": "Noas Worte", "original_language": "de", "visit": stay.visit}
    )
    partnerships.record_statement(
        person=avi, fields={"text_de": "Avis Worte", "original_language": "de", "visit": stay.visit}
    )
    return noa


def test_the_export_holds_everything_about_the_person(stay, noa):
    exported = export_person(person=noa)

    hosted, shared, talk = stay.visit.appointments.order_by("pk")
    affiliation = noa.affiliations.get()
    statement = noa.statements.get()
    assert exported["schema"] == SCHEMA
    assert exported["person"] == {
        "id": noa.pk,
        "honorific": "",
        "given_name": "Noa",
        "family_name": "Beispiel",
        "email": "noa@example.org",
        "phone": "+972 1",
        "is_public_figure": False,
        "owner": {"id": stay.visit.host_municipality_id, "name": "Stadt Musterstadt"},
        "erased_at": None,
    }
    assert exported["affiliations"] == [
        {
            "id": affiliation.pk,
            "organisation": {"id": affiliation.organisation_id, "name": "Beispiel-Hub Haifa"},
            "function": {"de": "Leiterin", "en": "Director", "he": ""},
            "start": "2023-05-01",
            "end": None,
        }
    ]
    assert exported["delegations"] == [
        {
            "id": stay.noa.pk,
            "visit": {
                "id": stay.visit.pk,
                "title": {"de": "Beispieldelegation", "en": "", "he": ""},
                "start_date": "2025-01-19",
                "end_date": "2025-01-23",
            },
            "role": "head",
            "organisation": None,
            "needs": {
                "diet": "kosher",
                "accessibility": "",
                "consent_text": "Noas Einwilligung",
                "consent_given_at": stay.noa.needs.consent_given_at.isoformat(),
            },
        }
    ]
    assert exported["appointments"] == [
        {
            "id": hosted.pk,
            "title": {"de": "Empfang", "en": "", "he": ""},
            "start": "2025-01-20T09:00:00+00:00",
            "end": "2025-01-20T10:00:00+00:00",
            "roles": ["participant"],
        },
        {
            "id": talk.pk,
            "title": {"de": "Vortrag", "en": "", "he": ""},
            "start": "2025-01-22T08:00:00+00:00",
            "end": "2025-01-22T09:00:00+00:00",
            "roles": ["host"],
        },
    ]
    assert shared.pk not in {a["id"] for a in exported["appointments"]}
    assert exported["statements"] == [
        {
            "id": statement.pk,
            "text": {"de": "Noas Worte", "en": "", "he": ""},
            "context": {"de": "", "en": "", "he": ""},
            "original_language": "de",
            "date": None,
            "source": "",
        }
    ]
    login = Membership.objects.get(person=noa)
    assert exported["logins"] == [{"id": login.pk, "role": "delegate"}]


def test_the_export_lists_the_audit_trail_of_the_persons_records(stay, noa):
    trail = [
        (entry["record"]["type"], entry["action"])
        for entry in export_person(person=noa)["audit_trail"]
    ]

    assert trail == [
        ("directory.person", "create"),
        ("visits.delegate", "create"),
        ("accounts.membership", "create"),
        ("directory.person", "update"),  # e-mail and phone
        ("directory.affiliation", "create"),
        ("visits.delegateneeds", "create"),
        ("partnerships.statement", "create"),
    ]


def test_the_export_keeps_deleted_records_in_the_audit_trail(stay, noa):
    visits.withdraw_consent(delegate=stay.noa)

    exported = export_person(person=noa)

    assert exported["delegations"][0]["needs"] is None
    needs_trail = [
        entry["action"]
        for entry in exported["audit_trail"]
        if entry["record"]["type"] == "visits.delegateneeds"
    ]
    assert needs_trail == ["create", "delete"]


def test_the_export_holds_nothing_of_another_person(stay, noa):
    text = json.dumps(export_person(person=noa), ensure_ascii=False)

    avi = stay.avi.person
    for foreign in (
        "Avi",
        "avi@example.org",
        "+972 2",
        "Avis Amt",
        "Avis Diät",
        "Avis Zugang",
        "Avis Einwilligung",
        "Avis Worte",
        f'"id": {avi.pk},',
        "koordination",  # the staff who recorded things are the office's, not hers
    ):
        assert foreign not in text, foreign


def test_the_office_downloads_the_export_as_a_json_file(client, stay, noa):
    client.force_login(stay.users["coordinator"])
    response = client.get(reverse("directory:person_export", args=[noa.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chaveruth-person-{noa.pk}.json"'
    )
    downloaded = json.loads(response.content)
    expected = export_person(person=noa)
    downloaded.pop("exported_at"), expected.pop("exported_at")
    assert downloaded == expected


def test_only_the_owning_office_exports(client, stay, noa):
    url = reverse("directory:person_export", args=[noa.pk])
    answers = {}
    for persona in ("other_coordinator", "programme_office", "noa", "avi", "host", "liaison"):
        client.force_login(stay.users[persona])
        answers[persona] = client.get(url).status_code

    assert answers == {
        "other_coordinator": 404,
        "programme_office": 403,
        "noa": 404,
        "avi": 404,
        "host": 404,
        "liaison": 404,
    }
