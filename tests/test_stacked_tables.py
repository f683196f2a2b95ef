"""On a phone, a list's rows stack as labelled lines (static/css/chaveruth.css, .stacked-table):
each cell's label must be its column's header, in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.visits.models import Visit
from tests.html import get_page
from tests.test_pages import coordinator_client, demo  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LISTS = [
    ("directory:organisation_list", None),
    ("directory:person_list", None),
    ("directory:venue_list", None),
    ("partnerships:partnership_list", None),
    ("partnerships:project_list", None),
    ("visits:list", None),
    ("visits:wishes", "visit"),
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("name", "argument"), LISTS, ids=[name for name, _ in LISTS])
def test_every_cell_is_labelled_with_its_column_s_header(
    coordinator_client,  # noqa: F811
    name,
    argument,
    language,
):
    args = [Visit.objects.filter(wishes__isnull=False).distinct().get().pk] if argument else []
    with translation.override(language):
        page = get_page(coordinator_client, reverse(name, args=args))
    table = page.find(tag="table", cls="stacked-table")
    headers = [th.text() for th in table.find(tag="thead").find_all(tag="th")]
    rows = table.find(tag="tbody").find_all(tag="tr")
    labelled = [
        [td.attrs.get("data-label") for td in row.find_all(tag="td")]
        for row in rows
        if len(row.find_all(tag="td")) > 1  # not the one cell of "nothing found"
    ]
    assert labelled and all(labels == headers for labels in labelled)
