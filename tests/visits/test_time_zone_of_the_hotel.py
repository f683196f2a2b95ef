"""A hotel in Germany or Israel sets the visit's clock: its Shabbat and holidays are kept where
the delegation stays, so a hotel in Bochum on Israel time would keep Jerusalem's, three hours
off. The mismatch is refused beside the time zone, by every service that saves a visit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import services
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.test_bad_input import errors_of, visit_data

pytestmark = pytest.mark.django_db

IN_GERMANY = (
    "The hotel is in Germany: a visit staying there is planned in Berlin time. "
    "Choose “Germany (Berlin time)” as the time zone, or another hotel."
)
IN_ISRAEL = (
    "The hotel is in Israel: a visit staying there is planned in Israel time. "
    "Choose “Israel (Israel time)” as the time zone, or another hotel."
)
HAIFA = {"latitude": Decimal("32.794000"), "longitude": Decimal("34.989600")}


@pytest.fixture
def hotel_in_haifa(city):
    return make.venue(city, "Beispielhotel Haifa", city="Haifa", country="IL", **HAIFA)


def stored(visit: Visit) -> tuple[str, int | None]:
    visit.refresh_from_db()
    return visit.time_zone, visit.hotel_id


def edit_data(visit: Visit, **changes) -> dict:
    shown = {"start_date": str(visit.start_date), "end_date": str(visit.end_date)}
    return visit_data(visit, **{**shown, "hotel": visit.hotel_id, **changes})


def test_israel_time_for_a_hotel_in_bochum_is_refused_in_german(coordinator, visit, hotel):
    with translation.override("de"):
        response = coordinator.post(
            reverse("visits:edit", args=[visit.pk]), edit_data(visit, time_zone="Asia/Jerusalem")
        )
        shown = errors_of(response, "time_zone")
    assert (response.status_code, shown) == (
        400,
        [
            "Das Hotel liegt in Deutschland: Ein Besuch mit Unterkunft dort wird in Berliner "
            "Zeit geplant. Wählen Sie als Zeitzone „Deutschland (Berliner Zeit)“ oder ein "
            "anderes Hotel."
        ],
    )
    assert stored(visit) == ("Europe/Berlin", hotel.pk)


@pytest.mark.usefixtures("english")
def test_a_hotel_in_israel_on_berlin_time_is_refused(coordinator, visit, hotel, hotel_in_haifa):
    response = coordinator.post(
        reverse("visits:edit", args=[visit.pk]), edit_data(visit, hotel=hotel_in_haifa.pk)
    )
    assert (response.status_code, errors_of(response, "time_zone")) == (400, [IN_ISRAEL])
    assert stored(visit) == ("Europe/Berlin", hotel.pk)


@pytest.mark.usefixtures("english")
def test_a_hotel_in_israel_with_israel_time_is_saved(coordinator, visit, hotel_in_haifa):
    changes = {"hotel": hotel_in_haifa.pk, "time_zone": "Asia/Jerusalem"}
    url = reverse("visits:edit", args=[visit.pk])
    response = coordinator.post(url, edit_data(visit, **changes))
    assert response.status_code == 302
    assert stored(visit) == ("Asia/Jerusalem", hotel_in_haifa.pk)


@pytest.mark.usefixtures("english")
def test_a_new_visit_at_a_hotel_in_israel_on_berlin_time_is_refused(city, hotel_in_haifa):
    with pytest.raises(ValidationError) as refused:
        make.visit(make.programme(), city, hotel=hotel_in_haifa)
    assert refused.value.message_dict == {"time_zone": [IN_ISRAEL]}
    assert Visit.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_the_service_refuses_israel_time_for_a_hotel_in_germany(visit, hotel):
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"time_zone": "Asia/Jerusalem"})
    assert refused.value.message_dict == {"time_zone": [IN_GERMANY]}
    assert stored(visit) == ("Europe/Berlin", hotel.pk)


def test_a_hotel_elsewhere_or_none_leaves_the_time_zone_free(city):
    elsewhere = make.venue(city, "Hotel Beispiel", city="Wien", country="XX")
    programme = make.programme()
    for zone in Visit.TimeZone.values:
        make.visit(programme, city, hotel=elsewhere, time_zone=zone)
        make.visit(programme, city, time_zone=zone)
    assert Visit.objects.count() == 4


def test_rescheduling_a_visit_at_its_hotel_keeps_both(visit, hotel):
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 2, 2), end_date=dt.date(2025, 2, 7)
    )
    assert stored(visit) == ("Europe/Berlin", hotel.pk)
