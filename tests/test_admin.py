"""The admin (an escape hatch for superusers) opens every domain model of the demo."""

from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms import inlineformset_factory
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.directory.admin import OpeningHoursFormSet
from chaveruth.directory.models import OpeningHours, Venue
from tests import factories as make
from tests.conftest import account, give_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DOMAIN_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"directory", "partnerships", "visits"}
]


def test_every_domain_model_is_in_the_admin():
    assert sorted(model.__name__ for model in DOMAIN_MODELS) == [
        "Appointment",
        "Organisation",
        "Partnership",
        "Person",
        "Programme",
        "Project",
        "Statement",
        "Topic",
        "TravelTime",
        "Venue",
        "Visit",
        "Wish",
    ]


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda model: model.__name__)
def test_admin_lists_and_opens_the_demo_records(client, model):
    call_command("load_demo", verbosity=0)
    operator = get_user_model().objects.get(username="demo")
    give_second_factor(operator)
    client.force_login(operator)
    meta = model._meta
    listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model.objects.count() > 0
    first = model.objects.order_by("pk").first()
    change = client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
    )
    assert change.status_code == 200
    assert change.context["original"] == first


def test_the_admin_login_form_lets_nobody_in_with_a_password_alone(client):
    """Its own form would skip the second factor: it sends everyone to the login that asks."""
    operator = get_user_model().objects.create_superuser("betreiberin", password="nur-passwort")
    give_second_factor(operator)
    login = reverse("admin:login")

    answer = client.post(login, {"username": "betreiberin", "password": "nur-passwort"})

    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('account_login')}?next={quote(login, safe='')}"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still to the login


def test_the_admin_s_opening_hours_are_held_to_the_rule_on_overlaps():
    """The admin saves a venue's week itself, past the service: its formset asks the same."""
    venue = make.venue(make.municipality())
    week = inlineformset_factory(
        Venue, OpeningHours, formset=OpeningHoursFormSet, fields=["weekday", "opens", "closes"]
    )
    data = {
        "opening_hours-TOTAL_FORMS": "2",
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-0-weekday": "3",
        "opening_hours-0-opens": "09:00",
        "opening_hours-0-closes": "13:00",
        "opening_hours-1-weekday": "3",
        "opening_hours-1-opens": "12:00",
        "opening_hours-1-closes": "18:00",
    }
    formset = week(data, instance=venue)
    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "On Thursday, 12:00–18:00 overlaps 09:00–13:00: join them in one row, or correct one."
    ]
    data["opening_hours-1-opens"] = "13:00"  # touching: split hours
    assert week(data, instance=venue).is_valid()


def test_the_operator_gives_a_user_their_roles_in_the_admin(client):
    """Memberships are changed beside the account and held to the model's rule: a liaison
    serves a municipality, not a partner organisation; the change is in the audit trail."""
    operator = get_user_model().objects.create_superuser("betreiberin")
    give_second_factor(operator)
    client.force_login(operator)
    musterstadt, beispielhausen = make.municipality(), make.municipality("Stadt Beispielhausen")
    hub = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    liaison = account("wache", Role.SECURITY_LIAISON, organisation=musterstadt)
    membership = liaison.memberships.get()
    url = reverse("admin:auth_user_change", args=[liaison.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [form.instance for form in page.context["inline_admin_formsets"][0].formset] == [
        membership
    ]
    data = {
        "username": "wache",
        "is_active": "on",
        "date_joined_0": "2025-01-20",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-user": str(liaison.pk),
        "memberships-0-role": "security_liaison",
        "memberships-0-organisation": str(hub.pk),
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.errors == [
        {"organisation": ["A security liaison serves a municipality, or every one (none)."]}
    ]
    assert liaison.memberships.get().organisation == musterstadt
    data["memberships-0-organisation"] = str(beispielhausen.pk)
    assert client.post(url, data).status_code == 302
    assert liaison.memberships.get().organisation == beispielhausen
    entry = LogEntry.objects.get_for_object(membership).latest("pk")
    assert (entry.action, entry.actor) == (LogEntry.Action.UPDATE, operator)


@pytest.mark.parametrize("sent", ["abc", "9" * 23])
def test_a_travel_time_sent_with_no_key_for_its_venue_is_refused_not_a_500(client, sent):
    """The autocomplete drew the refused form again by looking up what was sent."""
    operator = get_user_model().objects.create_superuser("betreiberin")
    give_second_factor(operator)
    client.force_login(operator)
    venue = make.venue(make.municipality())
    data = {"origin": sent, "destination": str(venue.pk), "minutes": "20"}
    response = client.post(reverse("admin:directory_traveltime_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["origin"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
