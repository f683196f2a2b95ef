"""The security baseline every response keeps: headers, cookie flags, no inline script or
style (the policy forbids them), and a production configuration that passes
``check --deploy``."""

import os
import secrets
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from chaveruth.demo.data import DEMO_PASSWORD, DEMO_USERNAME
from tests.conftest import current_totp_code, give_second_factor

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# Written out, not built from the settings: weakening the policy must fail this test.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
MAX_PAGES = 400


def common_headers(response) -> dict[str, str | None]:
    names = [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
    ]
    return {name: response.headers.get(name) for name in names}


EXPECTED_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


class PageReader(HTMLParser):
    """Collects a page's links and whatever the policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.blocked: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if "style" in attributes:
            self.blocked.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.blocked.append("<style> element")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.blocked.append(f"inline script {data.strip()[:40]!r}")


def internal_page(href: str) -> str | None:
    """The same-site page a link points to, or None for anything not to crawl."""
    url, _ = urldefrag(href)
    if not url.startswith("/") or url.startswith("//"):
        return None
    path = urlsplit(url).path
    if path.startswith("/static/") or path.rstrip("/").endswith("/accounts/logout"):
        return None
    return url


@pytest.fixture
def demo_staff_client():
    """The demo's administrator, logged in through the login form (and so past axes) with
    the second factor that staff must have."""
    call_command("load_demo", verbosity=0)
    operator = get_user_model().objects.get(username=DEMO_USERNAME)
    assert operator.is_staff is True
    give_second_factor(operator)
    client = Client()
    response = client.post("/accounts/login/", {"login": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert (response.status_code, response["Location"]) == (302, "/")
    return client


def test_every_page_reachable_from_the_start_page_keeps_the_baseline(demo_staff_client):
    queue, seen, problems = deque(["/"]), {"/"}, {}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = demo_staff_client.get(url)
        page_problems = []
        if response.status_code not in (200, 302):
            page_problems.append(f"status {response.status_code}")
        headers = common_headers(response)
        if headers != EXPECTED_HEADERS:
            page_problems.append(f"headers {headers}")
        if "no-store" not in response.headers.get("Cache-Control", ""):
            page_problems.append(f"Cache-Control {response.headers.get('Cache-Control')!r}")
        links = [response["Location"]] if response.status_code == 302 else []
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            reader = PageReader()
            reader.feed(response.content.decode())
            page_problems += reader.blocked
            links += reader.links
        if page_problems:
            problems[url] = page_problems
        for link in links:
            page = internal_page(link)
            if page is not None and page not in seen:
                seen.add(page)
                queue.append(page)

    assert problems == {}
    assert not queue, f"more than {MAX_PAGES} pages: raise the bound"
    # The crawl really went through the programme: lists, details and forms of every room.
    crawled_rooms = {urlsplit(url).path.split("/")[1] for url in seen}
    assert crawled_rooms >= {"", "visits", "partnerships", "directory"}
    assert len(seen) > 50


def test_error_pages_redirects_and_the_admin_keep_the_headers(demo_staff_client):
    not_found = demo_staff_client.get("/visits/999999/")
    slash_redirect = demo_staff_client.get("/visits")  # CommonMiddleware answers by itself
    admin_index = demo_staff_client.get("/admin/")
    admin_list = demo_staff_client.get("/admin/visits/visit/")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_failure = csrf_client.post("/accounts/login/", {"login": "x", "password": "y"})

    assert [
        (response.status_code, common_headers(response))
        for response in [not_found, slash_redirect, admin_index, admin_list, csrf_failure]
    ] == [
        (404, EXPECTED_HEADERS),
        (301, EXPECTED_HEADERS),
        (200, EXPECTED_HEADERS),
        (200, EXPECTED_HEADERS),
        (403, EXPECTED_HEADERS),
    ]
    assert [response["Cache-Control"] for response in [not_found, admin_index, admin_list]] == [
        NEVER_CACHE
    ] * 3


def test_static_files_stay_cacheable_for_signed_in_users(settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ even before collectstatic
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(get_user_model().objects.create_user("statisch-beispiel"))
    assert signed_in.get("/visits/")["Cache-Control"] == NEVER_CACHE

    responses = [client.get("/static/css/chaveruth.css") for client in (anonymous, signed_in)]
    for response in responses:
        response.close()

    assert [(response.status_code, response["Cache-Control"]) for response in responses] == [
        (200, "max-age=60, public")
    ] * 2
    assert common_headers(responses[1]) == EXPECTED_HEADERS


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_login_page_and_cookies_are_locked_down(settings, secure):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = secure
    get_user_model().objects.create_user("cookie-beispiel", password="a-long-test-password")
    client = Client()

    page = client.get("/accounts/login/", secure=secure)
    login = client.post(
        "/accounts/login/",
        {"login": "cookie-beispiel", "password": "a-long-test-password"},
        secure=secure,
    )

    assert (page.status_code, common_headers(page)) == (200, EXPECTED_HEADERS)
    assert login.status_code == 302
    csrf, session = page.cookies["csrftoken"], login.cookies["sessionid"]
    flags = [
        (cookie["httponly"], cookie["samesite"], cookie["secure"]) for cookie in (csrf, session)
    ]
    secure_flag = True if secure else ""
    assert flags == [(True, "Lax", secure_flag), (True, "Lax", secure_flag)]
    assert session["max-age"] == 1800


def test_hsts_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    assert Client().get("/accounts/login/", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in Client().get("/accounts/login/")


# --- Configuration from the environment ------------------------------------------------------

# Variables that the settings read; a test sets the ones it means and drops the rest.
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "HTTPS",
    "BEHIND_PROXY",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
}


def run_django(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "chaveruth.settings", **environment}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_environment() -> dict[str, str]:
    """The variables listed in README.md's "Production" section, with a real random key."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    variables = dict(
        line.removeprefix("export ").split("=", 1)
        for line in block.splitlines()
        if line.startswith("export ")
    )
    return variables | {"SECRET_KEY": secrets.token_urlsafe(50)}


def test_readme_production_environment_passes_check_deploy():
    environment = production_environment()
    assert sorted(environment) == [
        "ALLOWED_HOSTS",
        "BEHIND_PROXY",
        "DATABASE_URL",
        "HTTPS",
        "SECRET_KEY",
        "SECURE_HSTS_PRELOAD",
    ]
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


SHOW_SETTINGS = """
import django
django.setup()
from django.conf import settings as s
for name in ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
             "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
             "SECURE_PROXY_SSL_HEADER", "AXES_CLIENT_IP_CALLABLE"]:
    print(repr(getattr(s, name, None)))
"""


def test_https_settings_follow_the_environment():
    demo = run_django(["-c", SHOW_SETTINGS], {})
    production = run_django(["-c", SHOW_SETTINGS], production_environment())
    assert demo.stdout.splitlines() == ["0", "False", "False", "False", "False", "False"] + [
        "None",
        "None",
    ]
    assert production.stdout.splitlines() == ["31536000", "True", "True", "True", "True"] + [
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "'chaveruth.lib.security.client_ip_address'",
    ]


@pytest.mark.parametrize("key", [None, "", "insecure-demo-key-set-SECRET_KEY-in-production"])
def test_https_without_a_secret_key_refuses_to_start(key):
    environment = {"HTTPS": "true"} | ({"SECRET_KEY": key} if key is not None else {})
    result = run_django(["manage.py", "check"], environment)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set (or is the demo "
        "key) while HTTPS=true and DEBUG is off. Set SECRET_KEY to a long random value, e.g. "
        "the output of python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
