import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from tests import factories as make


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Templates render without a collected manifest of hashed static files; every test
    starts in the default language (a request may leave another one active)."""
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()  # allauth's rate limits count in the cache: each test starts afresh
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # a test secret: staff must have a second factor


def give_second_factor(user) -> None:
    """A TOTP authenticator, as staff set up after their first login."""
    TOTP.activate(user, TOTP_SECRET)


def current_totp_code() -> str:
    """What the authenticator app shows now for ``TOTP_SECRET``. Not in the last seconds of
    its 30: the code would change before the server reads it (allauth accepts only the
    current one), as it would for a person typing it then, who waits for the next."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def account(username: str, role: Role, staff: bool = False, **scope):
    """A new user in ``role`` (with ``scope``: organisation=, person=, ...); staff get the
    second factor they need to see anything."""
    user = get_user_model().objects.create_user(username)
    add_membership(user=user, role=role, **scope)
    if staff:
        give_second_factor(user)
    return user


def log_in(client, username: str, role: Role, **scope):
    """``client`` as a new user in ``role`` (with ``scope``: organisation=, person=, ...); with
    a second factor, which staff need."""
    user = get_user_model().objects.create_user(username)
    add_membership(user=user, role=role, **scope)
    give_second_factor(user)
    client.force_login(user)
    return user


def log_in_as_coordinator(client, municipality):
    """``client``, logged in as a city coordinator of ``municipality`` (an invented person)."""
    user = get_user_model().objects.create_user(f"koordination-{municipality.pk}")
    add_membership(user=user, role=Role.CITY_COORDINATOR, organisation=municipality)
    give_second_factor(user)
    client.force_login(user)
    return client


@pytest.fixture
def english():
    """Messages in English, for tests that compare them exactly."""
    with translation.override("en"):
        yield


@pytest.fixture
def migrate_to(transactional_db):
    """``migrate_to(("app", "migration"))`` moves the test database to that migration and returns
    its models as they were then (``.get_model(app, name)``); the newest state is put back after
    the test. Migrations run outside a test's transaction, hence a transactional database."""

    def migrate(*targets):
        executor = MigrationExecutor(connection)
        executor.migrate(list(targets))
        return executor.loader.project_state(list(targets)).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def musterstadt(db):
    """A municipality with no records of its own, for pages of one city's coordinator."""
    return make.municipality()


@pytest.fixture
def coordinator_client(client, musterstadt):
    return log_in_as_coordinator(client, musterstadt)
