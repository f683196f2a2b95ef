"""The city, venues and visit the itinerary's tests plan in: Bochum, January 2025."""

import datetime as dt
from decimal import Decimal

import pytest

from chaveruth.directory import services as directory
from chaveruth.visits import services as visits
from tests import factories as make
from tests.conftest import log_in_as_coordinator

BOCHUM = {"latitude": Decimal("51.481900"), "longitude": Decimal("7.215800")}
# 2.2 km east of the hotel: 16 minutes by car (10 of them for boarding and parking), 39 on foot.
EAST = {"latitude": Decimal("51.481900"), "longitude": Decimal("7.247500")}


@pytest.fixture
def immediate_tasks(settings):
    """The optimiser's task run when the request's transaction commits, not by a worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def city(db):
    return make.municipality("Stadt Beispielstadt", "Beispielstadt")


@pytest.fixture
def hotel(city):
    return make.venue(city, "Beispielhotel", **BOCHUM)


@pytest.fixture
def museum(city):
    """Open Tuesday to Sunday, 09:30–17:30."""
    venue = make.venue(city, "Beispielmuseum", **EAST)
    directory.set_opening_hours(
        venue=venue, hours=[(day, dt.time(9, 30), dt.time(17, 30)) for day in range(1, 7)]
    )
    return venue


@pytest.fixture
def visit(city, hotel):
    """Sunday 26 to Friday 31 January 2025, observing Shabbat, staying at the hotel."""
    return make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
        observes_shabbat=True,
        hotel=hotel,
    )


@pytest.fixture
def noa(visit):
    """A member of the delegation."""
    person = make.person("Noa", "Beispiel")
    visits.add_delegate(visit=visit, person=person)
    return person


@pytest.fixture
def coordinator(client, city):
    return log_in_as_coordinator(client, city)
