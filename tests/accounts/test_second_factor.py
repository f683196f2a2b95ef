"""Staff log in with a second factor; single sign-on is configured by environment variables."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from chaveruth.lib import sso
from tests import factories as make
from tests.conftest import current_totp_code, give_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD = "a-long-test-password"


def account(role: Role, **scope):
    user = get_user_model().objects.create_user(f"{role}-beispiel", password=PASSWORD)
    add_membership(user=user, role=role, **scope)
    return user


@pytest.fixture
def coordinator():
    return account(Role.CITY_COORDINATOR, organisation=make.municipality())


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, coordinator):
    client.post(reverse("account_login"), {"login": coordinator.username, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    response = client.get(reverse("visits:list"))
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))
    # The set-up pages themselves stay open (allauth first asks for the password again),
    # and so does logging out.
    assert client.get(reverse("mfa_index")).status_code == 200
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(activate["Location"]).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_with_a_second_factor_staff_see_their_pages(client, coordinator):
    give_second_factor(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("visits:list")).status_code == 200


def test_the_requirement_can_be_switched_off_for_the_demo(client, coordinator, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(coordinator)
    assert client.get(reverse("visits:list")).status_code == 200


def test_delegates_need_no_second_factor(client):
    visit = make.visit(make.programme(), make.municipality())
    noa = make.person()
    delegate = account(Role.DELEGATE, person=noa)
    client.force_login(delegate)
    assert client.get(reverse("visits:list")).status_code == 200
    assert visit.delegates.count() == 0  # sees the list (empty), is not sent to set up MFA


def test_login_asks_for_the_code_and_refuses_a_wrong_one(client, coordinator):
    give_second_factor(coordinator)
    response = client.post(
        reverse("account_login"), {"login": coordinator.username, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session  # not logged in before the code

    wrong = "000000" if current_totp_code() != "000000" else "111111"
    refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"code": ["Incorrect code."]}
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_signing_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"


# --- Single sign-on from the environment ---------------------------------------------------------

OIDC = {
    "OIDC_SERVER_URL": "https://sso.stadt.example/realms/stadt",
    "OIDC_CLIENT_ID": "chaveruth",
    "OIDC_CLIENT_SECRET": "geheim-beispiel",
    "OIDC_NAME": "Stadt-Login",
}


def test_no_single_sign_on_without_settings():
    assert sso.providers({}) == {}


def test_openid_connect_from_the_environment():
    assert sso.providers(OIDC) == {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "stadt",
                    "name": "Stadt-Login",
                    "client_id": "chaveruth",
                    "secret": "geheim-beispiel",
                    "settings": {"server_url": "https://sso.stadt.example/realms/stadt"},
                }
            ]
        }
    }


def test_saml_from_metadata_or_from_three_values():
    by_metadata = sso.providers(
        {
            "SAML_IDP_ENTITY_ID": "https://adfs.stadt.example/adfs/services/trust",
            "SAML_IDP_METADATA_URL": "https://adfs.stadt.example/metadata.xml",
        }
    )["saml"]["APPS"][0]
    assert by_metadata["client_id"] == "stadt"
    assert by_metadata["settings"]["idp"] == {
        "entity_id": "https://adfs.stadt.example/adfs/services/trust",
        "metadata_url": "https://adfs.stadt.example/metadata.xml",
    }
    by_values = sso.providers(
        {
            "SAML_IDP_ENTITY_ID": "urn:beispiel",
            "SAML_IDP_SSO_URL": "https://adfs.stadt.example/sso",
            "SAML_IDP_X509CERT": "MIIC-beispiel",
        }
    )["saml"]["APPS"][0]["settings"]["idp"]
    assert by_values == {
        "entity_id": "urn:beispiel",
        "sso_url": "https://adfs.stadt.example/sso",
        "x509cert": "MIIC-beispiel",
    }


def test_the_login_page_offers_the_configured_single_sign_on(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = sso.providers(OIDC)
    page = client.get(reverse("account_login")).text
    assert 'title="Stadt-Login"' in page
    assert "/en/accounts/oidc/stadt/login/" in page
