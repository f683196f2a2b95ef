"""The dashboard's figures and headings, in German and in English."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories as make
from tests.html import get_page

pytestmark = pytest.mark.django_db


def add_partnerships(host, count: int) -> None:
    """``count`` partnerships of ``host``, each with one running project and one visit."""
    programme = make.programme()
    for n in range(1, count + 1):
        partner = make.organisation(f"Beispielverein {n}")
        partnership = make.partnership(programme, host, partner, n)
        make.project(programme, n, partnership=partnership, owner=host)
        make.visit(programme, host, title_de=f"Delegation {n}")


def figures(client, language: str) -> list[str]:
    """The dashboard's figures as read: number and label."""
    with translation.override(language):
        url = reverse("reports:dashboard")
    page = get_page(client, url)
    return [link.text() for link in page.find_all(tag="a", cls="figures__link")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 Organisation", "0 Partnerships", "0 Projects", "0 Running projects", "1 Visit"]),
        (
            "de",
            [
                "1 Organisation",
                "0 Partnerschaften",
                "0 Projekte",
                "0 Laufende Projekte",
                "1 Besuch",
            ],
        ),
    ],
)
def test_figures_of_one_are_singular_and_of_none_plural(
    coordinator_client, musterstadt, language, expected
):
    make.visit(make.programme(), musterstadt)
    assert figures(coordinator_client, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["2 Organisations", "1 Partnership", "1 Project", "1 Running project", "1 Visit"]),
        (
            "de",
            [
                "2 Organisationen",
                "1 Partnerschaft",
                "1 Projekt",
                "1 Laufendes Projekt",
                "1 Besuch",
            ],
        ),
    ],
)
def test_figures_of_one_partnership_are_singular(
    coordinator_client, musterstadt, language, expected
):
    add_partnerships(musterstadt, 1)
    assert figures(coordinator_client, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            ["4 Organisations", "3 Partnerships", "3 Projects", "3 Running projects", "3 Visits"],
        ),
        (
            "de",
            [
                "4 Organisationen",
                "3 Partnerschaften",
                "3 Projekte",
                "3 Laufende Projekte",
                "3 Besuche",
            ],
        ),
    ],
)
def test_figures_of_three_are_plural(coordinator_client, musterstadt, language, expected):
    add_partnerships(musterstadt, 3)
    assert figures(coordinator_client, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", [("h2", "Upcoming visits"), ("h2", "Recent visits")]),
        ("de", [("h2", "Anstehende Besuche"), ("h2", "Zurückliegende Besuche")]),
    ],
)
def test_upcoming_and_recent_visits_are_headings_of_one_level(
    coordinator_client, musterstadt, language, expected
):
    programme = make.programme()
    later = timezone.localdate() + dt.timedelta(days=30)
    make.visit(programme, musterstadt, start=later, end=later + dt.timedelta(days=4))
    make.visit(programme, musterstadt, start=dt.date(2025, 1, 19), end=dt.date(2025, 1, 23))
    with translation.override(language):
        url = reverse("reports:dashboard")
    section = get_page(coordinator_client, url).find(
        tag="section", attrs={"aria-labelledby": "visits-heading"}
    )
    headings = [node for node in section.walk() if node.tag in {"h1", "h2", "h3", "h4"}]
    assert [(node.tag, node.text()) for node in headings] == expected
