"""A small stay with every persona who might look at a delegate's needs.

Stadt Musterstadt hosts a delegation of two, Noa and Avi Beispiel; a partner organisation
hosts one appointment, a liaison has another shared; Stadt Beispielhausen has a coordinator
of its own, and the programme office reads everything.
"""

from dataclasses import dataclass

import pytest

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import share_appointment
from chaveruth.directory.models import Person
from chaveruth.visits import services as visits
from chaveruth.visits.models import Delegate, Visit
from tests import factories as make
from tests.conftest import account

PERSONAS = [
    "coordinator",
    "other_coordinator",
    "programme_office",
    "noa",
    "avi",
    "host",
    "liaison",
    "anonymous",
]


@dataclass
class Stay:
    visit: Visit
    noa: Delegate
    avi: Delegate
    users: dict

    @property
    def people(self) -> tuple[Person, Person]:
        return self.noa.person, self.avi.person


@pytest.fixture
def stay(db) -> Stay:
    city = make.municipality("Stadt Musterstadt", "Musterstadt")
    other_city = make.municipality("Stadt Beispielhausen", "Beispielhausen")
    partner = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    visit = make.visit(make.programme(), city, expected_size=2)
    noa = visits.add_delegate(visit=visit, person=make.person("Noa", owner=city), role="head")
    avi = visits.add_delegate(visit=visit, person=make.person("Avi", owner=city))
    participants = [noa.person, avi.person]
    hosted = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    visits.update_appointment(
        appointment=hosted, fields={}, hosting_organisations=[partner], participants=participants
    )
    shared = make.appointment(visit, make.berlin(2025, 1, 21, 10), make.berlin(2025, 1, 21, 11))
    liaison = account("verbindung", Role.SECURITY_LIAISON)
    share_appointment(appointment=shared, liaison=liaison)
    users = {
        "coordinator": account("koordination", Role.CITY_COORDINATOR, True, organisation=city),
        "other_coordinator": account(
            "koordination-b", Role.CITY_COORDINATOR, True, organisation=other_city
        ),
        "programme_office": account("programm", Role.PROGRAMME_OFFICE, True),
        "noa": account("noa", Role.DELEGATE, person=noa.person),
        "avi": account("avi", Role.DELEGATE, person=avi.person),
        "host": account("hub", Role.PARTNER_HOST, organisation=partner),
        "liaison": liaison,
        "anonymous": None,
    }
    return Stay(visit=visit, noa=noa, avi=avi, users=users)
