import pytest
from django.contrib.auth import get_user_model
from django.utils import translation


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


@pytest.fixture
def coordinator(db):
    return get_user_model().objects.create_user(
        "koordination-beispiel", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def english():
    """Messages in English, for tests that compare them exactly."""
    with translation.override("en"):
        yield
