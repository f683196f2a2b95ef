import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Visit
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    return make.visit(make.programme(), make.municipality())


def test_create_visit_stores_dates_and_title_per_language(visit):
    visit.refresh_from_db()
    assert (visit.start_date, visit.end_date) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23))
    assert visit.title_de == "Beispieldelegation"
    assert [day.isoformat() for day in visit.days()] == [
        "2025-01-19",
        "2025-01-20",
        "2025-01-21",
        "2025-01-22",
        "2025-01-23",
    ]


@pytest.mark.usefixtures("english")
def test_visit_departure_before_arrival_is_refused_and_nothing_is_saved():
    programme, host = make.programme(), make.municipality()
    with pytest.raises(ValidationError) as refused:
        make.visit(programme, host, start=dt.date(2025, 1, 23), end=dt.date(2025, 1, 19))
    assert refused.value.message_dict == {
        "end_date": ["The departure cannot be before the arrival."]
    }
    assert Visit.objects.count() == 0


def test_add_appointment_to_a_visit(visit):
    reception = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    assert list(visit.appointments.all()) == [reception]
    assert reception.start == dt.datetime(2025, 1, 20, 9, 0, tzinfo=dt.UTC)


def test_appointment_end_before_start_is_refused(visit):
    with pytest.raises(ValidationError) as refused:
        make.appointment(visit, make.berlin(2025, 1, 20, 11), make.berlin(2025, 1, 20, 10))
    assert list(refused.value.message_dict) == ["end"]
    assert Appointment.objects.count() == 0


def test_appointment_outside_the_visit_is_refused(visit):
    with pytest.raises(ValidationError) as refused:
        make.appointment(visit, make.berlin(2025, 1, 24, 10), make.berlin(2025, 1, 24, 11))
    assert list(refused.value.message_dict) == ["start"]
    assert "Beispieldelegation" in refused.value.message_dict["start"][0]
    assert Appointment.objects.count() == 0


BERLIN = ZoneInfo("Europe/Berlin")
BEYOND = ["Enter a date from 01/01/1900 to 31/12/2199."]
# Before midnight UTC of the year 1: no date Python has, as the form's field knows.
YEAR_ONE = {
    "start": dt.datetime(1, 1, 1, 0, 30, tzinfo=BERLIN),
    "end": dt.datetime(1, 1, 1, 1, 30, tzinfo=BERLIN),
}
INTO_2200 = {
    "start": dt.datetime(2199, 12, 31, 23, tzinfo=BERLIN),
    "end": dt.datetime(2200, 1, 1, 1, tzinfo=BERLIN),
}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("times", "refused"),
    [(YEAR_ONE, {"start": BEYOND, "end": BEYOND}), (INTO_2200, {"end": BEYOND})],
    ids=["year 1", "into 2200"],
)
def test_adding_an_appointment_beyond_the_dates_bounds_is_refused(visit, times, refused):
    """As the form's field refuses it: the demo loader and the importers call the service."""
    with pytest.raises(ValidationError) as error:
        services.add_appointment(
            visits=[visit], fields={"kind": "meeting", "title_de": "Termin", **times}
        )
    assert error.value.message_dict == refused
    assert Appointment.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_moving_an_appointment_into_the_year_1_is_refused(visit):
    reception = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    with pytest.raises(ValidationError) as error:
        services.update_appointment(appointment=reception, fields=YEAR_ONE)
    assert error.value.message_dict == {"start": BEYOND, "end": BEYOND}
    reception.refresh_from_db()
    assert reception.start == dt.datetime(2025, 1, 20, 9, tzinfo=dt.UTC)


def test_late_evening_in_berlin_counts_as_the_local_day(visit):
    """23:30 on the last day in Berlin is 22:30 UTC: still inside the visit."""
    late = make.appointment(visit, make.berlin(2025, 1, 23, 22), make.berlin(2025, 1, 23, 23, 30))
    assert late.pk is not None


def joint_reception(visit) -> tuple[Appointment, Visit]:
    """A reception of ``visit`` and a second delegation, Tuesday 18:00–20:00."""
    other = make.visit(visit.programme, visit.host_municipality, title_de="Zweite Delegation")
    joint = services.add_appointment(
        visits=[visit, other],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "start": make.berlin(2025, 1, 21, 18),
            "end": make.berlin(2025, 1, 21, 20),
        },
    )
    return joint, other


def test_one_appointment_may_belong_to_two_visits(visit):
    joint, other = joint_reception(visit)
    assert set(joint.visits.all()) == {visit, other}
    assert list(other.appointments.all()) == [joint]


def test_update_visit_refuses_dates_that_strand_appointments(visit):
    make.appointment(visit, make.berlin(2025, 1, 22, 10), make.berlin(2025, 1, 22, 11))
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"end_date": dt.date(2025, 1, 21)})
    assert list(refused.value.message_dict) == ["start_date"]
    visit.refresh_from_db()
    assert visit.end_date == dt.date(2025, 1, 23)


def test_a_new_time_zone_keeps_the_programme_on_the_clock(visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    services.update_visit(visit=visit, fields={"time_zone": "Asia/Jerusalem"})
    talk.refresh_from_db()
    jerusalem = ZoneInfo("Asia/Jerusalem")
    assert (talk.start, talk.end) == (
        dt.datetime(2025, 1, 20, 10, tzinfo=jerusalem),
        dt.datetime(2025, 1, 20, 11, tzinfo=jerusalem),
    )


def test_a_new_time_zone_is_refused_while_an_appointment_is_shared(visit):
    joint, _other = joint_reception(visit)
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"time_zone": "Asia/Jerusalem"})
    assert list(refused.value.message_dict) == ["time_zone"]
    visit.refresh_from_db()
    joint.refresh_from_db()
    assert (visit.time_zone, joint.start) == ("Europe/Berlin", make.berlin(2025, 1, 21, 18))


def test_a_time_zone_of_elsewhere_is_refused(visit):
    with pytest.raises(ValidationError) as refused:
        services.update_visit(visit=visit, fields={"time_zone": "America/New_York"})
    assert list(refused.value.message_dict) == ["time_zone"]


def test_reschedule_visit_moves_programme_and_keeps_earlier_dates(visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 6)
    )
    visit.refresh_from_db()
    talk.refresh_from_db()
    assert visit.status == Visit.Status.POSTPONED
    assert (visit.postponed_from_start, visit.postponed_from_end) == (
        dt.date(2025, 1, 19),
        dt.date(2025, 1, 23),
    )
    # 42 days later, still 10:00 local time although Berlin is then still on winter time.
    assert talk.start == make.berlin(2025, 3, 3, 10)


def test_reschedule_across_the_change_to_summer_time_keeps_local_times(visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 4, 6), end_date=dt.date(2025, 4, 10)
    )
    talk.refresh_from_db()
    assert talk.start == make.berlin(2025, 4, 7, 10)
    assert talk.start == dt.datetime(2025, 4, 7, 8, 0, tzinfo=dt.UTC)


def test_reschedule_keeps_the_first_planned_dates_when_postponed_twice(visit):
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 6)
    )
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 5, 4), end_date=dt.date(2025, 5, 8)
    )
    visit.refresh_from_db()
    assert visit.postponed_from_start == dt.date(2025, 1, 19)


def wish_for(visit, day):
    venue = make.venue(visit.host_municipality, "Beispielmuseum")
    fields = {"title_de": "Museumsbesuch", "venue": venue, "minutes": 60, "value": 5, "day": day}
    return services.add_wish(visit=visit, fields=fields)


def test_reschedule_moves_the_wishes_for_a_given_day_along(visit):
    wish = wish_for(visit, dt.date(2025, 1, 20))
    services.reschedule_visit(
        visit=visit, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 6)
    )
    wish.refresh_from_db()
    assert wish.day == dt.date(2025, 3, 3)


@pytest.mark.usefixtures("english")
def test_reschedule_too_short_for_a_wish_is_refused_and_nothing_is_saved(visit):
    wish = wish_for(visit, dt.date(2025, 1, 23))
    with pytest.raises(ValidationError) as refused:
        services.reschedule_visit(
            visit=visit, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 4)
        )
    assert refused.value.message_dict == {
        "end_date": [
            "The new dates are too short: 1 wish would lie outside them. Concerned: Museumsbesuch."
        ]
    }
    visit.refresh_from_db()
    wish.refresh_from_db()
    assert (visit.start_date, wish.day) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23))


def test_every_change_is_in_the_audit_trail(visit):
    services.update_visit(visit=visit, fields={"expected_size": 15})
    entries = LogEntry.objects.get_for_object(visit).order_by("timestamp")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries.last().changes_dict["expected_size"] == ["None", "15"]


def test_remove_appointment_takes_it_out_of_every_programme(visit):
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    key = str(talk.pk)
    services.remove_appointment(appointment=talk)
    assert list(visit.appointments.all()) == []
    assert LogEntry.objects.filter(object_pk=key, action=LogEntry.Action.DELETE).count() == 1
