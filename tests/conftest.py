import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without a collected manifest of hashed static files."""
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
