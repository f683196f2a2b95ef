"""A coordinate typed with a German decimal comma in a real browser is stored as typed.

Only a browser shows this: Chromium drops the comma from a number input, so "7,2" reached the
server as "72", a valid longitude, and no test of the server alone could see it.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from chaveruth.directory.models import Venue
from tests import factories as make
from tests.conftest import give_second_factor
from tests.test_browser import browser_page  # noqa: F401 (the fixture; skips without Chromium)

pytestmark = pytest.mark.browser


def sign_in(page, live_server, municipality) -> None:
    """The browser carries the session of a coordinator of ``municipality``."""
    user = get_user_model().objects.create_user("koordination")
    add_membership(user=user, role=Role.CITY_COORDINATOR, organisation=municipality)
    give_second_factor(user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True)
def test_a_longitude_typed_with_a_decimal_comma_is_stored_as_typed(
    live_server,
    browser_page,  # noqa: F811
):
    bochum = make.municipality("Stadt Bochum", "Bochum")
    page = browser_page
    sign_in(page, live_server, bochum)

    page.goto(f"{live_server.url}{reverse('directory:venue_create')}")
    page.select_option("#id_organisation", str(bochum.pk))
    page.fill("#id_name_de", "Beispielhalle")
    page.fill("#id_city", "Bochum")
    page.select_option("#id_country", "DE")
    # Typed key by key, as a person does: filling sets the value and skips the browser's parsing.
    page.locator("#id_latitude").press_sequentially("51.48")
    page.locator("#id_longitude").press_sequentially("7,2")
    with page.expect_navigation():
        page.click("button >> text=Speichern")

    venue = Venue.objects.get()
    assert (venue.latitude, venue.longitude) == (Decimal("51.48"), Decimal("7.2"))
    assert page.url == f"{live_server.url}{venue.get_absolute_url()}"
