"""The directory is kept by the staff of every city: an organisation, a person or a venue
saved from a page drawn before someone else's change is refused, with the form's entries
kept, as a visit's records are (``records.refuse_if_changed``; tests/visits/test_edit_conflicts.py
follows one case through to the second save)."""

import pytest
from django.urls import reverse

from chaveruth.directory import services
from chaveruth.lib.records import version_of
from tests import factories as make
from tests.html import form_values, get_page, parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CHANGED = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)


def organisation(city):
    record = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    edit = lambda: services.update_organisation(organisation=record, fields={"city": "Bochum"})  # noqa: E731
    return record, "directory:organisation_edit", edit, {"short_name": "Hub"}


def person(city):
    record = make.person("Noa", "Beispiel", owner=city)
    edit = lambda: services.update_person(person=record, fields={"given_name": "Noah"})  # noqa: E731
    return record, "directory:person_edit", edit, {"family_name": "Muster"}


def venue(city):
    record = make.venue(city)
    edit = lambda: services.update_venue(venue=record, fields={"capacity": 80})  # noqa: E731
    return record, "directory:venue_edit", edit, {"name_de": "Ratssaal"}


@pytest.mark.parametrize("kind", [organisation, person, venue], ids=lambda k: k.__name__)
def test_a_record_changed_since_its_form_was_drawn_is_not_overwritten(
    coordinator_client, musterstadt, kind
):
    record, name, colleague_edits, entries = kind(musterstadt)
    url = reverse(name, args=[record.pk])
    data = {**form_values(get_page(coordinator_client, url).find(tag="form", cls="entry-form"))}
    data.update(entries)
    colleague_edits()
    before = type(record).objects.get(pk=record.pk)
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == [CHANGED]
    assert version_of(type(record).objects.get(pk=record.pk)) == version_of(before)
    # Sent again, having been told, the form's entries are saved.
    form = parse(response.content.decode()).find(tag="form", cls="entry-form")
    assert coordinator_client.post(url, form_values(form)).status_code == 302
    after = type(record).objects.get(pk=record.pk)
    assert [str(getattr(after, field)) for field in entries] == list(entries.values())
