"""Login protection: Argon2 hashes, the lockout after five wrong passwords, how long a session
lives, and that logging out ends it on the server."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chaveruth import settings as project_settings
from chaveruth.lib.security import LOGIN_TIME_KEY, client_ip_address

pytestmark = pytest.mark.django_db

USERNAME = "mitglied-beispiel"
PASSWORD = "a-long-test-password"
WRONG_PASSWORD = "a-wrong-guess-4711"
HOME_ADDRESS = "127.0.0.1"  # the test client's default REMOTE_ADDR
OTHER_ADDRESS = "192.0.2.7"  # a documentation address (RFC 5737); no traffic goes anywhere
INVALID_LOGIN = "The username and/or password you specified are not correct."
LOCKOUT_MESSAGE = (
    "To protect the account, logging in with this user name from your network is blocked "
    "for 15 minutes. Please try again later."
)


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user(USERNAME, password=PASSWORD)


def log_in(client, password, address=HOME_ADDRESS):
    """POST the login form (at /en/accounts/login/ when the test reads English)."""
    return client.post(
        reverse("account_login"),
        {"login": USERNAME, "password": password},
        REMOTE_ADDR=address,
    )


def move_attempts_back(delta):
    """Pretend the recorded failures happened ``delta`` earlier (axes compares their time)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


# --- Lockout (django-axes) --------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_sixth_attempt_is_refused_for_15_minutes_even_with_the_right_password(member, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()

    for _ in range(5):
        response = log_in(client, WRONG_PASSWORD)
        assert response.status_code == 200
        assert response.templates[0].name == "account/login.html"
        assert response.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        (USERNAME, HOME_ADDRESS)
    ]

    locked = log_in(client, PASSWORD)
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    page = " ".join(locked.content.decode().split())
    assert '<h1 class="kern-heading-large">Login blocked</h1>' in page
    assert f'<p class="kern-body lockout-message">{LOCKOUT_MESSAGE}</p>' in page
    assert "_auth_user_id" not in client.session

    # The same user name from another address is not affected.
    elsewhere = Client()
    response = log_in(elsewhere, PASSWORD, address=OTHER_ADDRESS)
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert elsewhere.session["_auth_user_id"] == str(member.pk)

    # Still locked shortly before the 15 minutes are over; that attempt starts them again.
    move_attempts_back(timedelta(minutes=14, seconds=50))
    assert log_in(client, PASSWORD).status_code == 429
    move_attempts_back(timedelta(minutes=14, seconds=50))
    assert log_in(client, PASSWORD).status_code == 429

    move_attempts_back(timedelta(minutes=15, seconds=1))
    response = log_in(client, PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert client.session["_auth_user_id"] == str(member.pk)
    assert AccessAttempt.objects.count() == 0  # the right password clears the record

    # Neither password reached the database or a log line; nor did the user name.
    assert PASSWORD not in caplog.text
    assert WRONG_PASSWORD not in caplog.text
    assert USERNAME not in caplog.text
    assert "Locking out" in caplog.text  # the lockout itself is logged


def test_failed_attempts_are_recorded_with_masked_password(member):
    for _ in range(2):
        log_in(Client(), WRONG_PASSWORD)
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 2
    masked = "login=********************\npassword=********************"
    assert attempt.post_data == f"{masked}\n---------\n{masked}"


def test_lockout_page_is_in_german_by_default(member):
    for _ in range(6):
        response = log_in(Client(), WRONG_PASSWORD)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert '<h1 class="kern-heading-large">Anmeldung gesperrt</h1>' in page
    assert (
        "Zum Schutz des Kontos ist die Anmeldung mit diesem Benutzernamen aus Ihrem Netz für "
        "15 Minuten gesperrt. Bitte versuchen Sie es später noch einmal."
    ) in page


def test_right_password_clears_earlier_typing_mistakes(member):
    client = Client()
    for _ in range(4):
        assert log_in(client, WRONG_PASSWORD).status_code == 200
    assert log_in(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(5):
        assert log_in(client, WRONG_PASSWORD).status_code == 200
    assert log_in(client, WRONG_PASSWORD).status_code == 429


def test_address_behind_the_proxy_is_the_last_forwarded_one(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4")
    assert client_ip_address(request) == "198.51.100.4"
    request = rf.get("/", REMOTE_ADDR="198.51.100.5")
    assert client_ip_address(request) == "198.51.100.5"


# --- Password hashing ---------------------------------------------------------------------------


@pytest.fixture
def project_hashers(settings):
    """The project's hashers (the test settings use a fast one)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


@pytest.mark.usefixtures("project_hashers")
def test_new_password_is_hashed_with_argon2id():
    user = get_user_model().objects.create_user("neu-beispiel", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD) is True


@pytest.mark.usefixtures("project_hashers")
def test_pbkdf2_hash_still_verifies_and_is_rehashed_with_argon2():
    user = get_user_model().objects.create_user("alt-beispiel", password=None)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert user.check_password(PASSWORD) is True
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


# --- Session lifetime ---------------------------------------------------------------------------


def test_sessions_expire_after_30_idle_minutes(settings):
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST) == (1800, True)


def test_each_request_moves_the_idle_expiry_on_and_an_expired_session_is_over(client, member):
    client.force_login(member)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))

    before = timezone.now()
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 1800
    expiry = Session.objects.get(pk=key).expire_date
    assert before + timedelta(seconds=1800) <= expiry <= timezone.now() + timedelta(seconds=1800)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/visits/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/visits/")


def test_login_starts_the_12_hour_clock(member):
    client = Client()
    before = int(timezone.now().timestamp())
    log_in(client, PASSWORD)
    assert before <= client.session[LOGIN_TIME_KEY] <= int(timezone.now().timestamp())


def set_login_time_back(client, seconds):
    session = client.session
    session[LOGIN_TIME_KEY] -= seconds
    session.save()


@pytest.mark.usefixtures("english")
def test_session_ends_12_hours_after_login_however_active(client, member):
    client.force_login(member)
    key = client.session.session_key

    set_login_time_back(client, 12 * 3600 - 60)
    assert client.get("/en/visits/").status_code == 200

    set_login_time_back(client, 2 * 60)  # now 12 hours and 1 minute ago
    response = client.get("/en/visits/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/en/accounts/login/?next=/en/visits/",
    )
    assert Session.objects.filter(pk=key).exists() is False
    assert "_auth_user_id" not in client.session

    login_page = client.get(response["Location"])
    assert [str(message) for message in get_messages(login_page.wsgi_request)] == [
        "You were logged out 12 hours after your login. Please log in again."
    ]


def test_logout_deletes_the_session_on_the_server(client, member):
    client.force_login(member)
    key = client.session.session_key
    assert Session.objects.filter(pk=key).exists() is True

    response = client.post("/accounts/logout/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert Session.objects.count() == 0
    assert client.get("/").status_code == 302
