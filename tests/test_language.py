import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_can_switch_the_login_page_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/login/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="en" dir="ltr">' in page.text


def test_german_is_the_default_interface_language(client):
    page = client.get(reverse("account_login"))
    assert '<html lang="de" dir="ltr">' in page.text
    assert '<h1 class="kern-heading-large">Anmelden</h1>' in page.text
