"""The page to enter a travel time from a venue: a finding of the visit checks that cannot
work out a way links here with the other venue chosen (``?to=<pk>``)."""

import pytest
from django.urls import reverse

from chaveruth.directory.models import TravelTime
from tests import factories as make
from tests.html import Node, get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


NONE = "- Select an option -"  # the first, empty choice


@pytest.fixture
def museum(musterstadt):
    return make.venue(musterstadt, "Beispielmuseum")


@pytest.fixture
def colliery(musterstadt):
    return make.venue(musterstadt, "Beispielzeche")


@pytest.fixture
def hall(musterstadt):
    return make.venue(musterstadt, "Rathaus Musterstadt")


def travel_url(venue, query: str = "") -> str:
    return reverse("directory:venue_travel", args=[venue.pk]) + query


def chosen(page: Node) -> list[str]:
    """The destinations the page shows as chosen."""
    select = page.find(tag="select", attrs={"name": "destination"})
    return [option.text() for option in select.find_all(tag="option", attrs={"selected": ""})]


def test_a_link_asking_about_a_venue_chooses_it(coordinator_client, museum, colliery, hall):
    page = get_page(coordinator_client, travel_url(museum, f"?to={colliery.pk}"))
    assert chosen(page) == ["Beispielzeche, Musterstadt"]
    # Nothing asked: nothing chosen.
    assert chosen(get_page(coordinator_client, travel_url(museum))) == [NONE]


@pytest.mark.parametrize("asked", ["self", "missing", "word", "huge", "empty"])
def test_a_link_asking_about_no_venue_the_form_offers_chooses_none(
    coordinator_client, museum, colliery, asked
):
    """The venue itself (no way to itself), one that does not exist, or not a key at all."""
    to = {
        "self": str(museum.pk),
        "missing": str(colliery.pk + 100),
        "word": "zeche",
        "huge": "9" * 30,
        "empty": "",
    }[asked]
    page = get_page(coordinator_client, travel_url(museum, f"?to={to}"))
    assert chosen(page) == [NONE]


def test_the_chosen_venue_is_saved_as_any_other(coordinator_client, museum, colliery):
    url = travel_url(museum, f"?to={colliery.pk}")
    response = coordinator_client.post(url, {"destination": colliery.pk, "minutes": "25"})
    assert (response.status_code, response["Location"]) == (302, museum.get_absolute_url())
    assert list(TravelTime.objects.values_list("origin", "destination", "minutes")) == [
        (museum.pk, colliery.pk, 25)
    ]
