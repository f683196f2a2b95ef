"""The services every writer of opening hours goes through: a week without overlapping
intervals, one exception a date, and removing one."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from chaveruth.directory import services
from chaveruth.lib.records import CHANGED_MEANWHILE
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NINE_TO_FIVE = [(0, dt.time(9), dt.time(17))]


@pytest.fixture
def hall(db):
    venue = make.venue(make.municipality())
    services.set_opening_hours(venue=venue, hours=NINE_TO_FIVE)
    return venue


def week(venue) -> list[str]:
    return [str(hours) for hours in venue.opening_hours.all()]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (
            [(1, dt.time(9), dt.time(13)), (1, dt.time(12), dt.time(18))],
            "On Tuesday, 12:00–18:00 overlaps 09:00–13:00: join them in one row, or correct one.",
        ),
        # The same interval twice, entered in another order: the later of the two is named.
        (
            [(2, dt.time(14), dt.time(16)), (2, dt.time(14), dt.time(16))],
            "On Wednesday, 14:00–16:00 overlaps 14:00–16:00: join them in one row, or correct one.",
        ),
        # Until midnight (00:00) is the end of the day, not its start.
        (
            [(4, dt.time(18), dt.time(0)), (4, dt.time(20), dt.time(22))],
            "On Friday, 20:00–22:00 overlaps 18:00–00:00: join them in one row, or correct one.",
        ),
        # Inside a long interval that is not the one just before it.
        (
            [
                (0, dt.time(8), dt.time(20)),
                (0, dt.time(9), dt.time(10)),
                (0, dt.time(11), dt.time(12)),
            ],
            "On Monday, 09:00–10:00 overlaps 08:00–20:00: join them in one row, or correct one. "
            "On Monday, 11:00–12:00 overlaps 08:00–20:00: join them in one row, or correct one.",
        ),
    ],
    ids=["overlap", "twice", "until_midnight", "inside_a_longer_one"],
)
def test_overlapping_hours_on_one_weekday_are_refused_and_the_old_week_kept(hall, hours, message):
    with pytest.raises(ValidationError) as refused:
        services.set_opening_hours(venue=hall, hours=hours)
    assert " ".join(refused.value.messages) == message
    assert week(hall) == ["Monday 09:00–17:00"]


def test_an_overlap_names_the_row_it_is_in():
    """The later row of the two by its place in the rows given, for a form to show it there."""
    hall = make.venue(make.municipality())
    hours = [
        (1, dt.time(12), dt.time(18)),
        (0, dt.time(9), dt.time(17)),
        (1, dt.time(9), dt.time(13)),
    ]
    with pytest.raises(ValidationError) as refused:
        services.set_opening_hours(venue=hall, hours=hours)
    assert [error.params["row"] for error in refused.value.error_list] == [0]


def test_touching_intervals_and_other_weekdays_are_no_overlap(hall):
    services.set_opening_hours(
        venue=hall,
        hours=[
            (0, dt.time(9), dt.time(12)),
            (0, dt.time(12), dt.time(18)),
            (1, dt.time(10), dt.time(14)),
            (4, dt.time(18), dt.time(0)),
            (5, dt.time(0), dt.time(2)),
        ],
    )
    assert week(hall) == [
        "Monday 09:00–12:00",
        "Monday 12:00–18:00",
        "Tuesday 10:00–14:00",
        "Friday 18:00–00:00",
        "Saturday 00:00–02:00",
    ]


def test_a_week_changed_since_it_was_seen_is_refused_and_kept(hall):
    seen = services.week_fingerprint(services.stored_week(hall))
    services.set_opening_hours(venue=hall, hours=[*NINE_TO_FIVE, (6, dt.time(10), dt.time(12))])
    with pytest.raises(ValidationError) as refused:
        services.set_opening_hours(venue=hall, hours=[(0, dt.time(8), dt.time(9))], seen=seen)
    assert refused.value.code == CHANGED_MEANWHILE
    assert week(hall) == ["Monday 09:00–17:00", "Sunday 10:00–12:00"]


def test_the_week_seen_or_none_seen_is_replaced(hall):
    """The same week in another order is the same week; the demo loader and the admin say
    nothing about what they saw, and replace whatever is stored."""
    seen = services.week_fingerprint([(6, dt.time(10), dt.time(12)), *NINE_TO_FIVE])
    services.set_opening_hours(venue=hall, hours=[*NINE_TO_FIVE, (6, dt.time(10), dt.time(12))])
    services.set_opening_hours(venue=hall, hours=[(1, dt.time(8), dt.time(9))], seen=seen)
    assert week(hall) == ["Tuesday 08:00–09:00"]
    services.set_opening_hours(venue=hall, hours=NINE_TO_FIVE)
    assert week(hall) == ["Monday 09:00–17:00"]


def test_a_second_exception_for_a_date_is_refused_beside_the_date(hall):
    unity_day = dt.date(2025, 10, 3)
    services.add_opening_exception(venue=hall, date=unity_day, fields={"note": "Feiertag"})
    with pytest.raises(ValidationError) as refused:
        services.add_opening_exception(
            venue=hall,
            date=unity_day,
            fields={"closed": False, "opens": dt.time(10), "closes": dt.time(14)},
        )
    assert refused.value.message_dict == {
        "date": [
            "Rathaus Musterstadt already has an exception on 03/10/2025: remove it to enter "
            "another."
        ]
    }
    assert [(e.date, e.closed, e.note) for e in hall.opening_exceptions.all()] == [
        (unity_day, True, "Feiertag")
    ]


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (dt.date(1, 1, 1), True),
        (dt.date(1899, 12, 31), True),
        (dt.date(1900, 1, 1), False),
        (dt.date(2199, 12, 31), False),
        (dt.date(2200, 1, 1), True),
    ],
)
def test_an_exception_is_entered_only_on_a_day_a_visit_may_lie_on(hall, day, refused):
    if refused:
        with pytest.raises(ValidationError) as error:
            services.add_opening_exception(venue=hall, date=day, fields={"note": "Feiertag"})
        assert error.value.message_dict == {"date": ["Enter a date from 01/01/1900 to 31/12/2199."]}
    else:
        services.add_opening_exception(venue=hall, date=day, fields={"note": "Feiertag"})
    assert list(hall.opening_exceptions.values_list("date", flat=True)) == (
        [] if refused else [day]
    )


def test_the_same_date_at_another_venue_is_no_second_exception(hall):
    other = make.venue(make.municipality("Stadt Beispielhausen"), "Rathaus Beispielhausen")
    unity_day = dt.date(2025, 10, 3)
    services.add_opening_exception(venue=hall, date=unity_day, fields={})
    services.add_opening_exception(venue=other, date=unity_day, fields={})
    assert [e.venue for e in other.opening_exceptions.all()] == [other]


def test_removing_an_exception_is_in_the_audit_trail(hall):
    exception = services.add_opening_exception(
        venue=hall, date=dt.date(2025, 10, 3), fields={"note": "Feiertag"}
    )
    pk = exception.pk
    services.remove_opening_exception(exception=exception)
    assert not hall.opening_exceptions.exists()
    removal = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert removal.object_repr == "2025-10-03: Feiertag"


def test_hours_entered_by_someone_who_knows_them_are_no_longer_sample_data(db):
    """The demo invents a venue's hours and marks them; a coordinator's are real."""
    venue = make.venue(make.municipality(), "Beispielhalle", sample_fields=["street"])
    nine_to_five = [(0, dt.time(9), dt.time(17))]
    services.set_opening_hours(venue=venue, hours=nine_to_five, sample=True)
    venue.refresh_from_db()
    assert venue.sample_fields == ["street", "opening_hours"]
    services.set_opening_hours(venue=venue, hours=nine_to_five)
    venue.refresh_from_db()
    assert venue.sample_fields == ["street"]
