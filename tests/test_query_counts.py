"""Every list view makes the same number of queries for one item as for three (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chaveruth.directory import services as directory
from chaveruth.directory.models import Organisation, Topic
from chaveruth.partnerships import services as partnerships
from chaveruth.partnerships.models import Programme
from chaveruth.visits import services as visits
from tests import factories as make
from tests.conftest import log_in_as_coordinator

pytestmark = pytest.mark.django_db


def add_items(numbers: range) -> None:
    """One of everything each list shows per number, with its related records filled in."""
    programme = Programme.objects.first() or make.programme()
    host = Organisation.objects.filter(kind="municipality").first() or make.municipality()
    topic = directory.create_topic(slug=f"thema-{numbers.start}", fields={"name_de": "Thema"})
    for n in numbers:
        partner = directory.create_organisation(
            fields={"name_de": f"Beispielverein {n}", "kind": "ngo", "country": "IL"},
            topics=[topic],
        )
        person = make.person(given=f"Avi {n}", owner=host)
        directory.add_affiliation(person=person, organisation=partner, function={"de": "Leitung"})
        make.venue(partner, name=f"Beispielhaus {n}")
        partnership = partnerships.create_partnership(
            programme=programme,
            organisations=[host, partner],
            fields={"name_de": f"Partnerschaft {n}", "kind": "municipal", "owner": host},
            topics=[topic],
        )
        project = partnerships.create_project(
            programme=programme,
            fields={
                "number": n,
                "title_de": f"Projekt {n}",
                "kind": "other",
                "status": "running",
                "partnership": partnership,
                "owner": host,
            },
            partners=[(partner, "lead"), (host, "partner")],
            topics=Topic.objects.all(),
        )
        visit = make.visit(programme, host, title_de=f"Delegation {n}")
        visits.update_visit(visit=visit, fields={}, projects=[project])


@pytest.fixture
def coordinator_client(client, db):
    return log_in_as_coordinator(client, make.municipality())


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "directory:organisation_list",
        "directory:person_list",
        "directory:venue_list",
        "partnerships:partnership_list",
        "partnerships:project_list",
        "visits:list",
    ],
)
def test_list_makes_as_many_queries_for_three_items_as_for_one(coordinator_client, name):
    url = reverse(name)
    add_items(range(1, 2))
    with_one = queries_for(coordinator_client, url)
    add_items(range(2, 4))
    with_three = queries_for(coordinator_client, url)
    assert (with_one, with_three) == (with_one, with_one)
    assert len(coordinator_client.get(url).context["items"]) >= 3
