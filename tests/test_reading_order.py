"""Lists are sorted by the names their reader reads (chaveruth.lib.ordering): an English page by
the English names, falling back to the German one where there is none, as the page shows it."""

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.directory import services as directory
from chaveruth.directory.models import Organisation
from chaveruth.partnerships import services as partnerships
from chaveruth.partnerships.models import Partnership
from tests import factories as make
from tests.html import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(musterstadt):
    """Three organisations whose German and English names sort differently; the library's
    English name is empty, as a form leaves it."""
    for name_de, name_en in [
        ("Archiv Beispiel", "Zeta Example Archive"),
        ("Bibliothek Beispiel", ""),
        ("Zentrum Beispiel", "Alpha Example Centre"),
    ]:
        directory.create_organisation(
            fields={"name_de": name_de, "name_en": name_en, "kind": "ngo", "country": "IL"}
        )


def names_listed(client) -> list[str]:
    page = get_page(client, reverse("directory:organisation_list"))
    rows = page.find(attrs={"id": "results"}).find(tag="tbody").find_all(tag="tr")
    return [row.find_all(tag="td")[0].find(tag="a").text() for row in rows]


@pytest.mark.usefixtures("organisations")
def test_the_german_list_is_sorted_by_the_german_names(coordinator_client):
    assert names_listed(coordinator_client) == [
        "Archiv Beispiel",
        "Bibliothek Beispiel",
        "Musterstadt",
        "Zentrum Beispiel",
    ]


@pytest.mark.usefixtures("organisations")
def test_the_english_list_is_sorted_by_the_names_it_shows(coordinator_client):
    with translation.override("en"):
        assert names_listed(coordinator_client) == [
            "Alpha Example Centre",
            "Bibliothek Beispiel",  # no English name: shown and sorted by the German one
            "Musterstadt",
            "Zeta Example Archive",
        ]


@pytest.mark.usefixtures("organisations")
def test_hebrew_falls_back_to_english_then_german_as_modeltranslation_does():
    with translation.override("he"):
        names = [organisation.name for organisation in Organisation.objects.all()]
    assert names == [
        "Alpha Example Centre",
        "Bibliothek Beispiel",
        "Musterstadt",
        "Zeta Example Archive",
    ]


def test_a_search_for_distinct_rows_keeps_the_reader_s_order(musterstadt):
    """The partnerships' search joins their organisations and asks for distinct rows:
    PostgreSQL then needs the sort key among the selected columns, which Django adds."""
    programme = make.programme()
    for number, name_de, name_en in [(1, "Archiv", "Zeta"), (2, "Zentrum", "Alpha")]:
        partner = make.organisation(f"Partner {number}")
        partnerships.create_partnership(
            programme=programme,
            organisations=[musterstadt, partner],
            fields={"name_de": name_de, "name_en": name_en, "kind": "municipal"},
        )
    with translation.override("en"):
        found = Partnership.objects.search("Partner")
        assert [partnership.name for partnership in found] == ["Alpha", "Zeta"]
    assert [partnership.name for partnership in found.all()] == ["Archiv", "Zentrum"]
