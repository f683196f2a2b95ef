"""A hotel in Germany or Israel sets the visit's clock: its Shabbat and holidays are kept where
the delegation stays, so a hotel in Bochum on Israel time would keep Jerusalem's, three hours
off. The mismatch is refused beside the time zone where a hotel or a time zone is set
(``create_visit``, ``update_visit``), and a hotel is not moved to another country's clock
while a visit not yet over stays there (``update_venue``). A visit stored before the rule, at
odds with it, can still be cancelled and rescheduled."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chaveruth.directory import services as directory
from chaveruth.partnerships.models import Programme
from chaveruth.visits import services
from chaveruth.visits.models import Visit
from tests import factories as make
from tests.html import drawn_form
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


def moved_to_haifa(hotel) -> None:
    """The hotel's country corrected in the database, as stored before the rule."""
    type(hotel).objects.filter(pk=hotel.pk).update(city="Haifa", country="IL", **HAIFA)


def test_a_visit_at_odds_with_its_hotel_can_still_be_cancelled(visit, hotel):
    moved_to_haifa(hotel)

    services.cancel_visit(visit=visit, reason="Flüge gestrichen")

    visit.refresh_from_db()
    assert (visit.status, visit.time_zone) == ("cancelled", "Europe/Berlin")


def test_a_visit_at_odds_with_its_hotel_can_still_be_rescheduled_and_renamed(visit, hotel):
    moved_to_haifa(hotel)

    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 2, 2), end_date=dt.date(2025, 2, 7)
    )
    services.update_visit(visit=visit, fields={"title_de": "Neuer Titel"})

    visit.refresh_from_db()
    assert (visit.start_date, visit.title_de) == (dt.date(2025, 2, 2), "Neuer Titel")


@pytest.mark.usefixtures("english")
def test_a_visit_at_odds_with_its_hotel_is_told_so_when_its_time_zone_is_set(visit, hotel):
    moved_to_haifa(hotel)

    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"time_zone": "Europe/Berlin"})

    assert refused.value.message_dict == {"time_zone": [IN_ISRAEL]}


def coming(city, hotel, **fields) -> Visit:
    """A visit from tomorrow, staying at ``hotel``."""
    today = timezone.localdate()
    programme, _new = Programme.objects.get_or_create(slug="kommend")
    return make.visit(
        programme,
        city,
        start=today + dt.timedelta(days=1),
        end=today + dt.timedelta(days=3),
        hotel=hotel,
        **fields,
    )


@pytest.mark.usefixtures("english")
def test_a_hotel_is_not_moved_to_another_countrys_clock_while_a_visit_stays_there(city, hotel):
    coming(city, hotel)
    coming(city, hotel, title_de="Zweite Delegation")

    with pytest.raises(ValidationError) as refused:
        directory.update_venue(venue=hotel, fields={"country": "IL", **HAIFA})

    assert refused.value.message_dict == {
        "country": [
            "2 visits not yet over stay at this hotel on another country's clock. First take "
            "the hotel off those visits and change their time zones; choose the hotel again "
            "once it is moved."
        ]
    }
    hotel.refresh_from_db()
    assert hotel.country == "DE"


def test_a_hotel_is_moved_to_another_country_once_its_visits_are_over_or_cancelled(
    city, hotel, visit
):
    cancelled = coming(city, hotel)
    services.cancel_visit(visit=cancelled, reason="Flüge gestrichen")

    directory.update_venue(venue=hotel, fields={"country": "IL", **HAIFA})

    hotel.refresh_from_db()
    assert hotel.country == "IL"


def test_a_hotel_moved_to_a_country_that_sets_no_clock_is_moved(city, hotel):
    coming(city, hotel)

    directory.update_venue(venue=hotel, fields={"city": "Wien", "country": "XX"})

    hotel.refresh_from_db()
    assert hotel.country == "XX"


@pytest.mark.usefixtures("english")
def test_the_venue_page_refuses_the_move_beside_the_country(coordinator, city, hotel):
    coming(city, hotel)
    url = reverse("directory:venue_edit", args=[hotel.pk])
    data = drawn_form(coordinator, url)

    response = coordinator.post(url, {**data, "city": "Haifa", "country": "IL", **HAIFA})

    assert (response.status_code, errors_of(response, "country")) == (
        400,
        [
            "1 visit not yet over stays at this hotel on another country's clock. First take "
            "the hotel off that visit and change its time zone; choose the hotel again once "
            "it is moved."
        ],
    )
