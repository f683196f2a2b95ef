"""The venue form's coordinates: typed as text, so that a decimal comma reaches the server,
each with an example of its own."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as make
from tests.html import get_page

pytestmark = pytest.mark.django_db


def coordinate_inputs(client, url: str) -> dict[str, dict[str, str]]:
    page = get_page(client, url)
    return {
        name: page.find(tag="input", attrs={"name": name}).attrs
        for name in ("latitude", "longitude")
    }


def test_a_stored_venue_s_coordinates_are_text_inputs_with_a_keyboard_of_digits(
    coordinator_client, musterstadt
):
    """Not type=number, from which Chromium drops the decimal comma ("7,2" arrives as 72)."""
    hall = make.venue(musterstadt, latitude=Decimal("51.481845"), longitude=Decimal("7.216206"))
    inputs = coordinate_inputs(coordinator_client, reverse("directory:venue_edit", args=[hall.pk]))
    assert inputs == {
        name: {
            "type": "text",
            "name": name,
            "value": value,
            "inputmode": "decimal",
            "autocomplete": "off",
            "spellcheck": "false",
            "class": "kern-form-input__input",
            "aria-describedby": f"id_{name}_helptext",
            "id": f"id_{name}",
        }
        for name, value in (("latitude", "51.481845"), ("longitude", "7.216206"))
    }


@pytest.mark.parametrize(
    ("language", "latitude", "longitude"),
    [
        (
            "de",
            "Dezimalgrad, z. B. 51.481845 oder 51,481845",
            "Dezimalgrad, z. B. 7.216206 oder 7,216206",
        ),
        (
            "en",
            "Decimal degrees, e.g. 51.481845 or 51,481845",
            "Decimal degrees, e.g. 7.216206 or 7,216206",
        ),
    ],
)
def test_each_coordinate_has_its_own_example(coordinator_client, language, latitude, longitude):
    with translation.override(language):
        page = get_page(coordinator_client, reverse("directory:venue_create"))
    hints = {
        name: page.find(attrs={"id": f"id_{name}_helptext"}).text()
        for name in ("latitude", "longitude")
    }
    assert hints == {"latitude": latitude, "longitude": longitude}
