"""Smoke test in a real browser: Debian's Chromium, driven by Playwright (no browser download)."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from chaveruth.visits.models import Visit
from tests.conftest import current_totp_code, give_second_factor

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / ".screenshots"

if not CHROMIUM.exists():
    reason = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CHAVERUTH_REQUIRE_BROWSER"):
        raise RuntimeError(reason)  # CI must run this test, never skip it
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(live_server):
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM is not used while it does.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
        # Playwright's event loop gives the test its own context, and with it its own
        # database connection, which the test database's teardown cannot see: close it here.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def log_in_as_bochum(page, live_server) -> None:
    """Bochum's city coordinator logs in with password and second factor."""
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "bochum")
    page.fill("#id_password", "chaveruth-demo")
    page.click("button[type=submit] >> text=Anmelden")
    # Staff log in with a second factor: the code from their authenticator app.
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.fill("#id_code", current_totp_code())
    page.press("#id_code", "Enter")  # submits the code form
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.django_db(transaction=True)
def test_start_page_and_a_visit_in_chromium(live_server, browser_page):
    call_command("load_demo", verbosity=0)  # with its login per role
    give_second_factor(get_user_model().objects.get(username="bochum"))
    visit = Visit.objects.get(start_date="2025-01-19")
    page = browser_page
    blocked = []  # what the Content Security Policy refused: must stay empty
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    SCREENSHOTS.mkdir(exist_ok=True)

    log_in_as_bochum(page, live_server)
    assert page.locator("h1").first.inner_text() == (
        "Schalom – Chaveruth: Solidaritätspartnerschaften NRW-Israel"
    )
    page.screenshot(path=SCREENSHOTS / "start.png", full_page=True)

    page.click(f"a[href='{visit.get_absolute_url()}']")
    page.wait_for_url(f"{live_server.url}{visit.get_absolute_url()}")
    assert page.locator(".expected-size").inner_text() == "15"
    assert page.locator(".itinerary-day").count() == 5
    page.screenshot(path=SCREENSHOTS / "visit.png", full_page=True)
    # Our stylesheet and KERN's were served by us and applied (no CDN, no inline style).
    display = "getComputedStyle(document.querySelector('.itinerary__item')).display"
    assert page.evaluate(display) == "grid"
    assert blocked == []


@pytest.mark.django_db(transaction=True)
def test_checks_and_an_accepted_proposal_in_chromium(live_server, browser_page, settings):
    # The task runs when the request commits, as `make worker` would a moment later.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    call_command("load_demo", verbosity=0)
    give_second_factor(get_user_model().objects.get(username="bochum"))
    innovation = Visit.objects.get(start_date="2025-01-19")
    mental_health = Visit.objects.get(start_date="2025-01-26")
    page = browser_page
    SCREENSHOTS.mkdir(exist_ok=True)
    log_in_as_bochum(page, live_server)

    # The Friday museum visit of the observant delegation runs into Shabbat.
    page.goto(f"{live_server.url}{mental_health.get_absolute_url()}")
    conflict = page.locator(".finding--error .finding__message")
    assert conflict.inner_text() == (
        "In der Ruhezeit (Schabbat) von Freitag, 31.01.2025, 17:01 (Kerzenzünden) bis "
        "Samstag, 01.02.2025, 18:14 (Hawdala)."
    )
    friday = page.locator(".itinerary-day").last
    assert friday.locator(".day-notes__note").inner_text() == (
        "Schabbat: Ruhezeit beginnt um 17:01 (Kerzenzünden)"
    )
    friday.screenshot(path=SCREENSHOTS / "friday.png")
    page.locator("#checks-heading").screenshot(path=SCREENSHOTS / "checks-heading.png")
    page.screenshot(path=SCREENSHOTS / "checks.png", full_page=True)

    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    page.click("text=Wunschliste und Optimierung")
    wishes_url = f"{live_server.url}{reverse('visits:wishes', args=[innovation.pk])}"
    page.wait_for_url(wishes_url)
    page.fill("#id_seconds", "2")
    page.click("button >> text=Programm vorschlagen")
    page.wait_for_selector(".proposal-status >> text=Bereit zur Durchsicht")
    assert page.locator(".proposal-new").count() == 3  # all three wishes placed
    page.screenshot(path=SCREENSHOTS / "proposal.png", full_page=True)

    # On a phone: the proposal column alone, and the wish list in lines, nothing wider than
    # the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".proposal-now").first.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SCREENSHOTS / "proposal-phone.png", full_page=True)
    proposal_url = page.url
    page.click("text=Zurück zur Wunschliste")
    page.wait_for_url(wishes_url)  # the old page may be gone before the new one has a document
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SCREENSHOTS / "wishes-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(proposal_url)

    page.click("button >> text=Übernehmen: diese Termine eintragen")
    page.wait_for_url(f"{live_server.url}{innovation.get_absolute_url()}")
    assert innovation.wishes.filter(appointment=None).count() == 0
    assert page.locator(".finding--error").count() == 0
