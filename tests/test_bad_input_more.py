"""More bad input on the itinerary's pages: a clear message in the reader's language, a 4xx,
and nothing saved changed."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("next_url", ["http://[", "https://[evil.example]/", "http://[::1"])
def test_switching_the_language_towards_a_malformed_address_goes_home(client, next_url):
    """Not a 500 (the address could not even be split), and not away from the site."""
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert response.cookies["django_language"].value == "en"
