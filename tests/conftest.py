import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Templates render without a collected manifest of hashed static files; every test
    starts in the default language (a request may leave another one active)."""
    translation.activate(settings.LANGUAGE_CODE)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def log_in_as_coordinator(client, municipality):
    """``client``, logged in as a city coordinator of ``municipality`` (an invented person)."""
    user = get_user_model().objects.create_user(f"koordination-{municipality.pk}")
    add_membership(user=user, role=Role.CITY_COORDINATOR, organisation=municipality)
    client.force_login(user)
    return client


@pytest.fixture
def english():
    """Messages in English, for tests that compare them exactly."""
    with translation.override("en"):
        yield
