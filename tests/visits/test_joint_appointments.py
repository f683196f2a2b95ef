"""A joint appointment (a reception for two delegations) on a visit's page: it names the other
visits it belongs to, those the reader may see, and no other."""

import pytest

from chaveruth.accounts.models import Role
from chaveruth.visits import services
from tests import factories as make
from tests.html import get_page
from tests.visits.test_departure import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def joint_reception(city, visit, museum):
    """Visit A (the fixture's) and visits B and C of another city share one reception, in
    which Noa of visit A takes part."""
    elsewhere = make.municipality("Stadt Andersstadt", "Andersstadt")
    others = [
        make.visit(
            visit.programme,
            elsewhere,
            visit.start_date,
            visit.end_date,
            title_en=title,
            title_de=title,
        )
        for title in ("Visit B", "Visit C")
    ]
    noa = make.person("Noa", "Beispiel")
    services.add_delegate(visit=visit, person=noa)
    services.add_appointment(
        visits=[visit, *others],
        venue=museum,
        participants=[noa],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "title_en": "Joint reception",
            "start": make.berlin(2025, 1, 28, 18),
            "end": make.berlin(2025, 1, 28, 19),
        },
    )
    return noa


def joint_lines(client, visit) -> list[str]:
    page = get_page(client, visit.get_absolute_url())
    return [p.text() for p in page.find_all(tag="p") if p.text().startswith("Joint appointment")]


def test_the_programme_office_reads_which_visits_share_the_reception(
    client, visit, joint_reception
):
    log_in(client, "programmbuero", Role.PROGRAMME_OFFICE)
    assert joint_lines(client, visit) == ["Joint appointment with: Visit B, Visit C"]


def test_a_delegate_does_not_learn_of_the_other_delegations_from_a_reception_they_share(
    client, visit, joint_reception
):
    log_in(client, "delegation-noa", Role.DELEGATE, person=joint_reception)
    page = get_page(client, visit.get_absolute_url())
    assert "Joint reception" in page.text()
    assert joint_lines(client, visit) == []
