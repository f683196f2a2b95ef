"""A joint appointment (a reception for several delegations) on a visit's page: it names the
other visits it belongs to, those the reader may see, and to the visit's organisers counts the
others."""

import pytest

from chaveruth.accounts.models import Role
from chaveruth.visits import services
from tests import factories as make
from tests.conftest import log_in
from tests.html import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def elsewhere(visit):
    """Visits B and C of another city, on the same days as the fixture's."""
    city = make.municipality("Stadt Andersstadt", "Andersstadt")
    return [
        make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de=title)
        for title in ("Visit B", "Visit C")
    ]


def reception(visits, museum=None, noa=None):
    """One reception of all ``visits`` on Tuesday evening, Noa taking part if given."""
    return services.add_appointment(
        visits=visits,
        venue=museum,
        participants=[noa] if noa else [],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "title_en": "Joint reception",
            "start": make.berlin(2025, 1, 28, 18),
            "end": make.berlin(2025, 1, 28, 19),
        },
    )


def joint_lines(client, visit) -> list[str]:
    page = get_page(client, visit.get_absolute_url())
    return [p.text() for p in page.find_all(tag="p") if p.text().startswith("Joint appointment")]


def test_the_programme_office_reads_which_visits_share_the_reception(
    client, visit, elsewhere, museum, noa
):
    reception([visit, *elsewhere], museum, noa)
    log_in(client, "programmbuero", Role.PROGRAMME_OFFICE)
    assert joint_lines(client, visit) == ["Joint appointment with: Visit B, Visit C"]


def test_a_delegate_does_not_learn_of_the_other_delegations_from_a_reception_they_share(
    client, visit, elsewhere, museum, noa
):
    reception([visit, *elsewhere], museum, noa)
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    page = get_page(client, visit.get_absolute_url())
    assert "Joint reception" in page.text()
    assert joint_lines(client, visit) == []


def test_the_coordinator_reads_their_own_city_s_visits_by_name_and_counts_the_others(
    coordinator, city, visit, elsewhere, museum, noa
):
    """They change the reception for all its visits, so they are told there are others."""
    ours = make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de="Unsere")
    reception([visit, ours, *elsewhere], museum, noa)
    assert joint_lines(coordinator, visit) == [
        "Joint appointment with: Unsere, 2 visits of other cities"
    ]
    assert joint_lines(coordinator, ours) == [
        "Joint appointment with: Beispieldelegation, 2 visits of other cities"
    ]
