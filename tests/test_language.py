import pytest
from django.urls import reverse

from tests import factories as make
from tests.conftest import log_in_as_coordinator

pytestmark = pytest.mark.django_db


def switch(client, language: str, next_url: str) -> str:
    """Press the language switch on the page ``next_url``: where it sends the browser."""
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == language
    return response["Location"]


@pytest.fixture
def visit_page(client):
    """A coordinator's client and the German address of a visit of theirs ("/visits/<pk>/")."""
    musterstadt = make.municipality()
    log_in_as_coordinator(client, musterstadt)
    return client, make.visit(make.programme(), musterstadt).get_absolute_url()


def test_anonymous_visitor_can_switch_the_login_page_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/login/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="en" dir="ltr">' in page.text


def test_anonymous_visitor_can_switch_the_english_login_page_back_to_german(client):
    assert switch(client, "de", "/en/accounts/login/") == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert '<html lang="de" dir="ltr">' in page.text
    assert '<h1 class="kern-heading-large">Anmelden</h1>' in page.text


def test_german_is_the_default_interface_language(client):
    page = client.get(reverse("account_login"))
    assert '<html lang="de" dir="ltr">' in page.text
    assert '<h1 class="kern-heading-large">Anmelden</h1>' in page.text


def test_switch_from_german_to_english_stays_on_the_visit(visit_page):
    client, german = visit_page
    assert switch(client, "en", german) == f"/en{german}"
    assert '<html lang="en" dir="ltr">' in client.get(f"/en{german}").text


def test_switch_from_english_back_to_german_stays_on_the_visit(visit_page):
    client, german = visit_page
    assert switch(client, "de", f"/en{german}") == german
    assert '<html lang="de" dir="ltr">' in client.get(german).text


def test_switch_keeps_the_query_string(visit_page):
    client, _ = visit_page
    assert switch(client, "de", "/en/visits/?q=Beispiel") == "/visits/?q=Beispiel"
    assert switch(client, "en", "/visits/?q=Beispiel") == "/en/visits/?q=Beispiel"


@pytest.mark.parametrize(("language", "prefix"), [("de", ""), ("en", "/en")])
def test_switch_from_a_hebrew_page_goes_to_the_chosen_language(visit_page, language, prefix):
    # Hebrew is no interface language, but a /he/ address still serves the page (in Hebrew).
    client, german = visit_page
    assert '<html lang="he" dir="rtl">' in client.get(f"/he{german}").text
    assert switch(client, language, f"/he{german}") == f"{prefix}{german}"
