"""Who read a visit's itinerary when, and who changed or shared what, as its coordinators read
them: times on the visit's clock in their language's format, as the change log says them, and
people by name (``display_name``) wherever the page names a user."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import ItineraryRead, Role
from chaveruth.accounts.services import record_itinerary_read, share_appointment
from tests import factories as make
from tests.conftest import account, log_in
from tests.html import get_page, texts

pytestmark = pytest.mark.django_db


def named(user, first: str, last: str):
    get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    user.refresh_from_db()
    return user


@pytest.fixture
def planner(client, city):
    """``client``, logged in as Dana Plan, a coordinator of the visit's city."""
    named(log_in(client, "planung", Role.CITY_COORDINATOR, organisation=city), "Dana", "Plan")
    return client


@pytest.fixture
def liaison():
    return named(account("verbindung", Role.SECURITY_LIAISON), "Kim", "Wache")


def reads_on_page(client, visit, language: str) -> list[list[str]]:
    with translation.override(language):
        page = get_page(client, reverse("visits:reads", args=[visit.pk]))
    return [texts(row.find_all(tag="td")) for row in page.find("tbody").find_all("tr")]


@pytest.mark.parametrize(
    ("language", "when"), [("de", "30.11.2026 00:37"), ("en", "30/11/2026 00:37")]
)
def test_a_read_is_shown_on_the_visit_s_clock_in_the_reader_s_format(
    planner, visit, noa, language, when
):
    """Read at 23:37:18 UTC on 29 November, 00:37 in Bochum the next day."""
    reader = named(account("delegation-noa", Role.DELEGATE, person=noa), "Noa", "Beispiel")
    read = record_itinerary_read(reader=reader, visit=visit, channel=ItineraryRead.Channel.FEED)
    moment = dt.datetime(2026, 11, 29, 23, 37, 18, tzinfo=dt.UTC)
    ItineraryRead.objects.filter(pk=read.pk).update(read_at=moment)
    feed = {"de": "Kalender-Abo", "en": "Calendar feed"}[language]
    assert reads_on_page(planner, visit, language) == [[when, "Noa Beispiel", feed]]


def test_the_change_log_names_who_changed_what_by_name(planner, visit):
    planner.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-02", "end_date": "2025-03-07"},
    )
    with translation.override("en"):
        page = get_page(planner, visit.get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    whos = [texts(row.find_all(tag="td"))[1] for row in section.find("tbody").find_all("tr")]
    assert whos[0] == "Dana Plan"


def test_the_shares_page_names_who_shared_by_name(planner, city, visit, liaison):
    make.appointment(visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11))
    appointment = visit.appointments.get()
    dana = get_user_model().objects.get(username="planung")
    share_appointment(appointment=appointment, liaison=liaison, shared_by=dana)
    with translation.override("de"):
        page = get_page(planner, reverse("visits:appointment_shares", args=[appointment.pk]))
    shared = page.find(cls="share").text()
    assert shared.startswith("Kim Wache — freigegeben von Dana Plan am ")
