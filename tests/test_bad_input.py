"""Bad input gets a clear message beside the field, an HTTP 400, and changes nothing saved."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from chaveruth.directory.models import Organisation, Venue
from chaveruth.visits import services as visits
from chaveruth.visits.models import Appointment, Visit
from tests import factories as make
from tests.conftest import log_in_as_coordinator
from tests.html import parse, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


@pytest.fixture
def bochum():
    return make.municipality("Stadt Beispielstadt", "Beispielstadt")


@pytest.fixture
def coordinator_client(client, bochum):
    return log_in_as_coordinator(client, bochum)


@pytest.fixture
def visit(bochum):
    return make.visit(make.programme(), bochum)


def organisation_data(**changes):
    return {
        "name_de": "Stadt Beispielstadt",
        "kind": "municipality",
        "country": "DE",
        "city": "Beispielstadt",
        **changes,
    }


def test_duplicate_organisation_is_refused(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:organisation_create"), organisation_data(name_de="stadt beispielstadt")
    )
    assert response.status_code == 400
    assert errors_of(response, "name_de") == [
        "Stadt Beispielstadt already exists in Beispielstadt, Germany."
    ]
    assert Organisation.objects.count() == 1


def test_the_same_name_with_no_place_is_refused_as_a_duplicate(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:organisation_create"),
        organisation_data(name_de="Stadt Beispielstadt", country="", city=""),
    )
    assert response.status_code == 400
    assert errors_of(response, "name_de") == [
        "Stadt Beispielstadt already exists in Beispielstadt, Germany."
    ]
    assert Organisation.objects.count() == 1


def test_duplicate_found_through_another_language(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:organisation_create"),
        organisation_data(name_de="Beispielstadt", name_en="Stadt Beispielstadt"),
    )
    assert response.status_code == 400
    assert Organisation.objects.count() == 1


def test_new_organisation_is_saved(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:organisation_create"),
        organisation_data(name_de="Beispiel-Hochschule", kind="university"),
    )
    created = Organisation.objects.get(name_de="Beispiel-Hochschule")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()


def venue_data(owner, **changes):
    return {
        "organisation": owner.pk,
        "name_de": "Beispielhalle",
        "city": "Beispielstadt",
        "country": "DE",
        "latitude": "51.48",
        "longitude": "7.21",
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "51,4x", "Enter a number."),
        ("latitude", "51.4.8", "Enter a number."),
        ("latitude", "91", "Ensure this value is less than or equal to 90."),
        ("longitude", "-180.5", "Ensure this value is greater than or equal to -180."),
    ],
)
def test_malformed_coordinate_is_refused(coordinator_client, bochum, field, value, message):
    """The one message beside the field: not also "give both", as the other one was given."""
    response = coordinator_client.post(
        reverse("directory:venue_create"), venue_data(bochum, **{field: value})
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert Venue.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "country", "latitude", "longitude", "field", "message"),
    [
        (
            "en",
            "DE",
            "7.2162",
            "51.4815",
            "latitude",
            "Latitude 7.2162 and longitude 51.4815 are not in Germany: are they swapped?",
        ),
        (
            "de",
            "DE",
            "51.48",
            "-7.21",
            "longitude",
            "Breite 51,48 und Länge -7,21 liegen nicht in Deutschland: vertauscht?",
        ),
        (
            "en",
            "IL",
            "70",
            "7.21",
            "latitude",
            "Latitude 70 and longitude 7.21 are not in Israel: are they swapped?",
        ),
    ],
)
def test_coordinates_outside_the_venue_s_country_are_refused(
    coordinator_client, bochum, language, country, latitude, longitude, field, message
):
    """Swapped or with a sign lost, they would put the venue at sea: travel from it would
    be nonsense. Said beside the one that is out, as the reader writes numbers."""
    data = venue_data(bochum, country=country, latitude=latitude, longitude=longitude)
    with translation.override(language):
        response = coordinator_client.post(reverse("directory:venue_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert Venue.objects.count() == 0


def test_coordinates_of_another_country_are_not_checked(coordinator_client, bochum):
    data = venue_data(bochum, country="XX", latitude="48.8566", longitude="2.3522")
    response = coordinator_client.post(reverse("directory:venue_create"), data)
    venue = Venue.objects.get()
    assert (response.status_code, venue.country, venue.latitude, venue.longitude) == (
        302,
        "XX",
        Decimal("48.856600"),
        Decimal("2.352200"),
    )


def test_an_out_of_range_latitude_has_no_banner_in_german(coordinator_client, bochum):
    with translation.override("de"):
        response = coordinator_client.post(
            reverse("directory:venue_create"), venue_data(bochum, latitude="95")
        )
    page = parse(response.content.decode())
    assert response.status_code == 400
    assert page.find_all(cls="kern-alert--danger") == []
    assert texts(page.find_all(cls="kern-error")) == [
        "Dieser Wert muss kleiner oder gleich 90 sein."
    ]


def test_only_one_coordinate_is_refused(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:venue_create"), venue_data(bochum, longitude="")
    )
    assert response.status_code == 400
    assert errors_of(response, "__all__") == ["Give both latitude and longitude, or neither."]


def test_a_decimal_comma_is_read_as_a_point(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:venue_create"),
        venue_data(bochum, latitude="51,4818", longitude="7,2162"),
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.latitude, venue.longitude) == (Decimal("51.481800"), Decimal("7.216200"))


def test_a_longitude_typed_with_a_decimal_comma_is_stored_as_typed(coordinator_client, bochum):
    """What the text input sends when "7,2" is typed (a number input sent "72")."""
    response = coordinator_client.post(
        reverse("directory:venue_create"), venue_data(bochum, longitude="7,2")
    )
    assert response.status_code == 302
    assert Venue.objects.get().longitude == Decimal("7.2")


def test_precise_coordinates_from_a_map_are_rounded_not_refused(coordinator_client, bochum):
    response = coordinator_client.post(
        reverse("directory:venue_create"),
        venue_data(bochum, latitude="51.48184449", longitude="7.21620551"),
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.latitude, venue.longitude) == (Decimal("51.481844"), Decimal("7.216206"))


def visit_data(visit, **changes):
    return {
        "programme": visit.programme_id,
        "title_de": visit.title_de,
        "direction": "incoming",
        "host_municipality": visit.host_municipality_id,
        "origin_country": "IL",
        "start_date": "2025-01-19",
        "end_date": "2025-01-23",
        "status": "planned",
        "time_zone": "Europe/Berlin",
        "candle_lighting_minutes": 18,
        "travel_mode": "car",
        "day_starts": "08:00",
        "day_ends": "20:00",
        "longest_day_hours": 12,
        **changes,
    }


def test_visit_with_departure_before_arrival_keeps_the_saved_dates(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:edit", args=[visit.pk]), visit_data(visit, end_date="2025-01-18")
    )
    assert response.status_code == 400
    assert errors_of(response, "end_date") == ["The departure cannot be before the arrival."]
    visit.refresh_from_db()
    assert visit.end_date == dt.date(2025, 1, 23)


def test_visit_with_a_malformed_date_is_refused(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:create"), visit_data(visit, start_date="19.13.2025")
    )
    assert response.status_code == 400
    assert errors_of(response, "start_date") == ["Enter a valid date."]
    assert Visit.objects.count() == 1


def test_visit_in_a_time_zone_we_do_not_plan_in_is_refused(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:edit", args=[visit.pk]), visit_data(visit, time_zone="Mars/Olympus")
    )
    assert response.status_code == 400
    assert errors_of(response, "time_zone") == [
        "Select a valid choice. Mars/Olympus is not one of the available choices."
    ]
    visit.refresh_from_db()
    assert visit.time_zone == "Europe/Berlin"


def test_a_new_time_zone_from_the_form_keeps_the_programme_on_the_clock(coordinator_client, visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    response = coordinator_client.post(
        reverse("visits:edit", args=[visit.pk]), visit_data(visit, time_zone="Asia/Jerusalem")
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.start == dt.datetime(2025, 1, 20, 10, tzinfo=ZoneInfo("Asia/Jerusalem"))
    # Said, as it is easily missed: the programme moved an hour in real time.
    page = coordinator_client.get(response["Location"])
    assert [str(message) for message in page.context["messages"]] == [
        "The programme keeps its times on the clock: 10:00 is now 10:00 Israel time. "
        "Check the appointments that were planned in the other time."
    ]


def test_a_visit_saved_in_its_own_time_zone_says_nothing_of_clocks(coordinator_client, visit):
    make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    response = coordinator_client.post(reverse("visits:edit", args=[visit.pk]), visit_data(visit))
    page = coordinator_client.get(response["Location"])
    assert (response.status_code, list(page.context["messages"])) == (302, [])


def test_a_time_zone_whose_clocks_skip_an_appointment_is_refused(coordinator_client, bochum):
    # Israel puts its clocks forward on Friday 28 March 2025 at 02:00; Germany two days later.
    visit = make.visit(
        make.programme(), bochum, start=dt.date(2025, 3, 27), end=dt.date(2025, 3, 29)
    )
    night = make.appointment(
        visit, make.berlin(2025, 3, 28, 2, 15), make.berlin(2025, 3, 28, 2, 45), title="Nachtzug"
    )
    data = visit_data(
        visit, start_date="2025-03-27", end_date="2025-03-29", time_zone="Asia/Jerusalem"
    )
    response = coordinator_client.post(reverse("visits:edit", args=[visit.pk]), data)
    assert response.status_code == 400
    assert errors_of(response, "time_zone") == [
        "“Nachtzug” at 02:15: the new time zone puts its clocks forward over that hour. "
        "Move the appointment first."
    ]
    visit.refresh_from_db()
    night.refresh_from_db()
    assert (visit.time_zone, night.start) == ("Europe/Berlin", make.berlin(2025, 3, 28, 2, 15))


@pytest.mark.parametrize("key", ["9" * 25, "+" + "9" * 25, "²"])
def test_a_key_beyond_the_database_s_integers_is_an_invalid_choice(coordinator_client, visit, key):
    venue = make.venue(visit.host_municipality)
    response = coordinator_client.post(
        reverse("visits:wish_create", args=[visit.pk]),
        {
            "title_de": "Besuch",
            "kind": "meeting",
            "venue": venue.pk,
            "minutes": 60,
            "value": 5,
            "confidentiality": "internal",
            "participants": key,
        },
    )
    assert response.status_code == 400
    (error,) = errors_of(response, "participants")
    assert key in error


@pytest.mark.parametrize(
    ("minutes", "error"),
    [
        ("-30", "Ensure this value is greater than or equal to 5."),
        ("0", "Ensure this value is greater than or equal to 5."),
        ("721", "Ensure this value is less than or equal to 720."),
    ],
)
def test_a_wish_s_duration_out_of_bounds_names_the_model_s_own_limit(
    coordinator_client, visit, minutes, error
):
    """Not the column's "at least 0": the field says 5 to 720, in the form and to the browser."""
    venue = make.venue(visit.host_municipality)
    url = reverse("visits:wish_create", args=[visit.pk])
    data = {
        "title_de": "Besuch",
        "kind": "meeting",
        "venue": venue.pk,
        "minutes": minutes,
        "value": 5,
        "confidentiality": "internal",
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert errors_of(response, "minutes") == [error]
    assert 'min="5" max="720"' in response.text
    assert not visit.wishes.exists()


def appointment_data(**changes):
    return {
        "kind": "meeting",
        "title_de": "Fachgespräch",
        "start": "2025-01-20T10:00",
        "end": "2025-01-20T11:30",
        "confidentiality": "internal",
        **changes,
    }


def test_appointment_is_added_in_the_visits_local_time(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:appointment_create", args=[visit.pk]), appointment_data()
    )
    assert response.status_code == 302
    talk = Appointment.objects.get()
    assert talk.start == make.berlin(2025, 1, 20, 10)
    assert list(talk.visits.all()) == [visit]


def test_a_cancelled_visit_takes_no_new_appointment(coordinator_client, visit):
    """Planned into a cancelled visit, it would clash with nothing and be planned in vain."""
    visits.cancel_visit(visit=visit, reason="Beispielgrund")
    response = coordinator_client.post(
        reverse("visits:appointment_create", args=[visit.pk]), appointment_data()
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The visit is cancelled: its programme is no longer planned."
    ]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2025-01-20T09:00"}, "end", "The end must be after the start."),
        (
            {"venue": "999999"},
            "venue",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"start": "2025-01-25T10:00", "end": "2025-01-25T11:00"},
            "start",
            "The appointment lies outside the visit “Beispieldelegation” (19/01/2025–23/01/2025).",
        ),
        (  # an evening that runs past the visit's last midnight: its end is out
            {"start": "2025-01-23T23:00", "end": "2025-01-24T00:30"},
            "end",
            "The appointment lies outside the visit “Beispieldelegation” (19/01/2025–23/01/2025).",
        ),
        ({"start": "morgen"}, "start", "Enter a valid date/time."),
        (  # before midnight UTC of the year 1: no date Python has
            {"start": "0001-01-01T00:00", "end": "0001-01-01T01:00"},
            "start",
            "Enter a date from 01/01/1900 to 31/12/2199.",
        ),
        ({"end": "9999-12-31T23:30"}, "end", "Enter a date from 01/01/1900 to 31/12/2199."),
    ],
)
def test_bad_appointment_is_refused(coordinator_client, visit, changes, field, message):
    response = coordinator_client.post(
        reverse("visits:appointment_create", args=[visit.pk]), appointment_data(**changes)
    )
    assert response.status_code == 400
    assert errors_of(response, field) == [message]
    assert Appointment.objects.count() == 0


def test_bad_edit_leaves_the_saved_appointment_as_it_was(coordinator_client, visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    response = coordinator_client.post(
        reverse("visits:appointment_edit", args=[talk.pk]),
        appointment_data(start="2025-01-20T12:00", end="2025-01-20T11:00"),
    )
    assert response.status_code == 400
    talk.refresh_from_db()
    assert (talk.start, talk.end, talk.title_de) == (
        make.berlin(2025, 1, 20, 10),
        make.berlin(2025, 1, 20, 11),
        "Empfang",
    )


def test_unknown_filter_value_answers_400_with_the_reason(coordinator_client):
    response = coordinator_client.get(reverse("visits:list"), {"status": "vertagt"})
    assert response.status_code == 400
    assert errors_of(response, "status") == [
        "Select a valid choice. vertagt is not one of the available choices."
    ]


def test_the_message_is_shown_beside_its_field_in_the_page(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:appointment_create", args=[visit.pk]),
        appointment_data(end="2025-01-20T09:00"),
    )
    assert response.status_code == 400
    assertContains(
        response,
        '<p class="kern-error" id="id_end_error" role="alert"><span class="kern-icon '
        'kern-icon--danger" aria-hidden="true"></span><span class="kern-body">The end must be '
        "after the start.</span></p>",
        html=True,
        status_code=400,
    )
    assertContains(response, 'class="kern-form-input kern-form-input--error"', 1, status_code=400)


def test_a_title_in_the_default_language_is_required(coordinator_client, visit):
    response = coordinator_client.post(
        reverse("visits:appointment_create", args=[visit.pk]),
        appointment_data(title_de="", title_en="Expert talk"),
    )
    assert response.status_code == 400
    assert errors_of(response, "title_de") == ["This field is required."]
    assert Appointment.objects.count() == 0
