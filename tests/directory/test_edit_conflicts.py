"""The directory is kept by the staff of every city: an organisation, a person or a venue
saved from a page drawn before someone else's change is merged with it, or refused with the
form's entries kept where both changed the same field, as a visit's records are
(``lib.forms.SharedRecordForm``; tests/visits/test_edit_conflicts.py follows the cases in
detail)."""

import pytest
from django.urls import reverse

from chaveruth.directory import services
from tests import factories as make
from tests.html import drawn_form, form_sent_back

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def clashed(fields: str) -> str:
    return (
        f"Someone else changed this record since the page was opened ({fields}). The form now "
        "shows their changes; where you changed the same field, your entry is kept "
        "and theirs is named beside it. Save again to keep yours."
    )


def organisation(city):
    record = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    edit = lambda: services.update_organisation(organisation=record, fields={"city": "Bochum"})  # noqa: E731
    return record, "directory:organisation_edit", edit, ("city", "Bochum"), {"short_name": "Hub"}


def person(city):
    record = make.person("Noa", "Beispiel", owner=city)
    edit = lambda: services.update_person(person=record, fields={"given_name": "Noah"})  # noqa: E731
    return record, "directory:person_edit", edit, ("given_name", "Noah"), {"family_name": "Muster"}


def venue(city):
    record = make.venue(city)
    edit = lambda: services.update_venue(venue=record, fields={"capacity": 80})  # noqa: E731
    return record, "directory:venue_edit", edit, ("capacity", "80"), {"name_de": "Ratssaal"}


KINDS = pytest.mark.parametrize("kind", [organisation, person, venue], ids=lambda k: k.__name__)


@KINDS
def test_a_record_changed_since_its_form_was_drawn_is_merged(coordinator_client, musterstadt, kind):
    record, name, colleague_edits, (theirs, value), entries = kind(musterstadt)
    url = reverse(name, args=[record.pk])
    data = {**drawn_form(coordinator_client, url), **entries}
    colleague_edits()
    assert coordinator_client.post(url, data).status_code == 302
    after = type(record).objects.get(pk=record.pk)
    assert [str(getattr(after, field)) for field in [*entries, theirs]] == [
        *entries.values(),
        value,
    ]


@KINDS
def test_a_field_both_changed_is_refused_and_kept_for_a_second_save(
    coordinator_client, musterstadt, kind
):
    record, name, colleague_edits, (theirs, value), _entries = kind(musterstadt)
    url = reverse(name, args=[record.pk])
    data = {**drawn_form(coordinator_client, url), theirs: "1234"}
    colleague_edits()
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.non_field_errors()) == [clashed(form.fields[theirs].label)]
    assert str(getattr(type(record).objects.get(pk=record.pk), theirs)) == value
    # Sent again, having been told, the form's entry is saved.
    sent = form_sent_back(response)
    assert coordinator_client.post(url, sent).status_code == 302
    assert str(getattr(type(record).objects.get(pk=record.pk), theirs)) == "1234"
