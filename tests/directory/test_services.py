import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from chaveruth.directory import privacy, services
from chaveruth.directory.models import Organisation, Venue
from chaveruth.lib.records import per_language
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_names_are_stored_per_language_and_read_in_the_active_one():
    city = services.create_organisation(
        fields={
            **per_language(
                "name",
                {
                    "de": "Stadt Beispielstadt",
                    "en": "City of Beispielstadt",
                    "he": "עיריית דוגמה",
                },
            ),
            "kind": "municipality",
            "country": "DE",
        }
    )
    assert (city.name_de, city.name_en) == ("Stadt Beispielstadt", "City of Beispielstadt")
    assert city.name == "City of Beispielstadt"
    assert city.name_he == "עיריית דוגמה"


def test_per_language_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="Unknown language codes: \\['fr'\\]"):
        per_language("name", {"fr": "Ville"})


def test_a_duplicate_organisation_is_refused_in_any_case():
    make.municipality("Stadt Beispielstadt", "Beispielstadt")
    with pytest.raises(ValidationError) as refused:
        make.municipality("STADT BEISPIELSTADT", "beispielstadt")
    assert refused.value.message_dict == {
        "name_de": ["Stadt Beispielstadt already exists in Beispielstadt, Germany."]
    }
    assert Organisation.objects.count() == 1


def test_the_same_name_in_another_city_is_another_organisation():
    make.organisation("Beispielverein", city="Haifa-Beispiel")
    make.organisation("Beispielverein", city="Sderot-Beispiel")
    assert Organisation.objects.count() == 2


def refusal(create) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        create()
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "WERK X already exists in Bochum, Germany."),
        ("de", "WERK X gibt es in Bochum, Deutschland bereits."),
    ],
)
def test_an_organisation_with_no_place_is_the_one_of_its_name_in_a_city(language, message):
    """A city office enters "WERK X" without a city: it is the one in Bochum, not a second."""
    make.municipality("WERK X", "Bochum")
    with translation.override(language):
        refused = refusal(lambda: make.organisation("werk x", kind="municipality", country=""))
    assert refused == {"name_de": [message]}
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "WERK X already exists."), ("de", "WERK X gibt es bereits.")],
)
def test_a_duplicate_of_an_organisation_with_no_place_names_no_place(language, message):
    make.organisation("WERK X", country="")
    with translation.override(language):
        refused = refusal(lambda: make.municipality("WERK X", "Bochum"))
    assert refused == {"name_de": [message]}
    assert Organisation.objects.count() == 1


def test_an_organisation_with_no_city_is_the_one_of_its_name_in_that_country():
    make.organisation("Beispielverein", country="IL", city="Haifa-Beispiel")
    refused = refusal(lambda: make.organisation("Beispielverein", country="IL"))
    assert refused == {"name_de": ["Beispielverein already exists in Haifa-Beispiel, Israel."]}


def test_the_same_name_in_another_country_is_another_organisation_even_with_no_city():
    make.organisation("Stadtwerke", country="DE", city="Bochum")
    make.organisation("Stadtwerke", country="IL")
    assert Organisation.objects.count() == 2


def test_renaming_to_an_existing_name_is_refused_and_keeps_the_old_name():
    make.organisation("Beispielverein A")
    other = make.organisation("Beispielverein B")
    with pytest.raises(ValidationError):
        services.update_organisation(organisation=other, fields={"name_de": "Beispielverein A"})
    other.refresh_from_db()
    assert other.name_de == "Beispielverein B"


def test_affiliation_records_a_function_with_dates():
    mayor = make.person("Kim", "Beispiel")
    city = make.municipality()
    affiliation = services.add_affiliation(
        person=mayor,
        organisation=city,
        function={"de": "Oberbürgermeisterin", "en": "Lord Mayor"},
        start=dt.date(2020, 11, 1),
    )
    assert (affiliation.function_de, affiliation.function_en) == (
        "Oberbürgermeisterin",
        "Lord Mayor",
    )
    assert list(mayor.affiliations.all()) == [affiliation]


def test_affiliation_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError):
        services.add_affiliation(
            person=make.person(),
            organisation=make.municipality(),
            function={"de": "Leitung"},
            start=dt.date(2024, 1, 1),
            end=dt.date(2023, 1, 1),
        )


def test_venue_with_coordinates_outside_the_globe_is_refused():
    with pytest.raises(ValidationError) as refused:
        make.venue(make.municipality(), latitude=Decimal("91"), longitude=Decimal("7.2"))
    assert list(refused.value.message_dict) == ["latitude"]
    assert Venue.objects.count() == 0


def test_opening_hours_are_replaced_as_a_whole():
    hall = make.venue(make.municipality())
    services.set_opening_hours(venue=hall, hours=[(0, dt.time(9), dt.time(17))])
    services.set_opening_hours(
        venue=hall, hours=[(1, dt.time(9, 30), dt.time(12)), (1, dt.time(13), dt.time(17, 30))]
    )
    assert [str(hours) for hours in hall.opening_hours.all()] == [
        "Tuesday 09:30–12:00",
        "Tuesday 13:00–17:30",
    ]


def test_opening_hours_closing_before_opening_are_refused_and_the_old_ones_kept():
    hall = make.venue(make.municipality())
    services.set_opening_hours(venue=hall, hours=[(0, dt.time(9), dt.time(17))])
    with pytest.raises(ValidationError) as refused:
        services.set_opening_hours(venue=hall, hours=[(2, dt.time(17), dt.time(9))])
    assert refused.value.messages == ["A venue closes after it opens, or at 00:00 for midnight."]
    assert [str(hours) for hours in hall.opening_hours.all()] == ["Monday 09:00–17:00"]


def test_a_venue_may_stay_open_until_midnight():
    bar = make.venue(make.municipality())
    services.set_opening_hours(venue=bar, hours=[(4, dt.time(18), dt.time(0))])
    assert [str(hours) for hours in bar.opening_hours.all()] == ["Friday 18:00–00:00"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # Hours beside "closed all day", which is ticked unless unticked: they were read as closed.
        (
            {"opens": dt.time(10), "closes": dt.time(14)},
            "A day closed all day has no hours: untick “closed all day” to enter the hours the "
            "venue opens and closes.",
        ),
        (
            {"closed": False, "opens": dt.time(10)},
            "Enter both the hour the venue opens and the hour it closes, or tick “closed all day”.",
        ),
        (
            {"closed": False, "opens": dt.time(14), "closes": dt.time(10)},
            "A venue closes after it opens, or at 00:00 for midnight.",
        ),
    ],
)
def test_an_opening_exception_is_closed_all_day_or_has_hours_that_make_sense(fields, message):
    hall = make.venue(make.municipality())
    with pytest.raises(ValidationError) as refused:
        services.add_opening_exception(venue=hall, date=dt.date(2025, 10, 3), fields=fields)
    assert refused.value.messages == [message]
    assert not hall.opening_exceptions.exists()


def test_an_opening_exception_may_keep_hours_until_midnight():
    hall = make.venue(make.municipality())
    late = {"closed": False, "opens": dt.time(18), "closes": dt.time(0)}
    services.add_opening_exception(venue=hall, date=dt.date(2025, 10, 3), fields=late)
    services.add_opening_exception(venue=hall, date=dt.date(2025, 10, 4), fields={})
    assert [(e.closed, e.opens, e.closes) for e in hall.opening_exceptions.all()] == [
        (False, dt.time(18), dt.time(0)),
        (True, None, None),
    ]


def test_creating_an_organisation_is_in_the_audit_trail():
    city = make.municipality()
    entry = LogEntry.objects.get_for_object(city).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["name_de"] == ["None", "Musterstadt"]


def test_an_erased_person_is_not_changed_again():
    """Whoever calls the service (a view, the API, an importer): a name entered again would
    undo the erasure."""
    noa = make.person(email="noa@example.org")
    privacy.erase_person(person=noa, erased_by=None)
    with pytest.raises(ValidationError) as refused:
        services.update_person(person=noa, fields={"given_name": "Noa"})
    assert refused.value.messages == [
        "This person's data was erased: the record cannot be changed."
    ]
    noa.refresh_from_db()
    assert (noa.given_name, noa.email) == ("", "")
