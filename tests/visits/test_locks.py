"""Two writes to one visit at once: cancelling, editing and rescheduling lock the visit's
row, so the second waits for the first and then decides on what the first wrote, not on the
visit as its page showed it (PostgreSQL only, see ``tests.locks``).

The visit (Beispielstadt, 26–31 January 2025) has a reception on Monday 27 January,
10:00–11:00. In each test the second writer's page was loaded before the first saved.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chaveruth.lib.records import CHANGED_MEANWHILE, version_of
from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Visit
from tests import factories as make
from tests.locks import ROW_LOCKS, second_waits_for_first

pytestmark = [*ROW_LOCKS, pytest.mark.usefixtures("english")]

REASON = "Die Reise ist aus Sicherheitsgründen abgesagt."
FIRST_PLANNED = (dt.date(2025, 1, 26), dt.date(2025, 1, 31))
ONE_WEEK_LATER = (dt.date(2025, 2, 2), dt.date(2025, 2, 7))
RECEPTION = [(make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11))]


@pytest.fixture
def visit(visit):
    make.appointment(visit, *RECEPTION[0])
    return visit


def as_saved(visit: Visit) -> Visit:
    return Visit.objects.get(pk=visit.pk)


def status_and_reason(visit: Visit) -> tuple[str, str]:
    saved = as_saved(visit)
    return saved.status, saved.cancellation_reason


def dates(visit: Visit) -> tuple[dt.date | None, ...]:
    """The dates, then the first planned ones a postponement keeps."""
    saved = as_saved(visit)
    return (saved.start_date, saved.end_date, saved.postponed_from_start, saved.postponed_from_end)


def programme(visit: Visit) -> list[tuple[dt.datetime, dt.datetime]]:
    return list(visit.appointments.order_by("start").values_list("start", "end"))


def reschedule(visit: Visit, start_date: dt.date, end_date: dt.date):
    return lambda: services.reschedule_visit(visit=visit, start_date=start_date, end_date=end_date)


def cancel(visit: Visit, reason: str = REASON):
    return lambda: services.cancel_visit(visit=visit, reason=reason)


def test_a_cancellation_that_waited_for_a_reschedule_cancels_the_visit_at_its_new_dates(visit):
    """Saved on a visit read before the reschedule, the cancellation would put back the old
    dates and forget the postponement, with the programme moved a week past them. It waits
    for the reschedule, then cancels the visit as rescheduled."""
    cancel_page = as_saved(visit)
    outcome = second_waits_for_first(
        reschedule(as_saved(visit), *ONE_WEEK_LATER), cancel(cancel_page)
    )
    assert outcome.raised is None
    assert status_and_reason(visit) == (Visit.Status.CANCELLED, REASON)
    assert dates(visit) == (*ONE_WEEK_LATER, *FIRST_PLANNED)
    assert programme(visit) == [(make.berlin(2025, 2, 3, 10), make.berlin(2025, 2, 3, 11))]


def test_an_edit_drawn_before_a_cancellation_it_waited_for_is_refused(visit):
    """The edit form showed a planned visit; had it read the visit before the cancellation
    was saved, it would set it back to planned and drop the reason, undoing the cancellation
    unasked. It waits, sees the visit cancelled, and is refused with nothing changed."""
    edit_form = as_saved(visit)
    outcome = second_waits_for_first(
        cancel(as_saved(visit)),
        lambda: services.update_visit(
            visit=edit_form,
            fields={"title_de": "Neuer Titel", "status": Visit.Status.PLANNED},
            seen_status=Visit.Status.PLANNED,
        ),
    )
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.messages == [
        "The visit was cancelled meanwhile: reload the page to see it."
    ]
    assert status_and_reason(visit) == (Visit.Status.CANCELLED, REASON)
    assert as_saved(visit).title_de == "Beispieldelegation"


def test_a_reschedule_that_waited_for_a_cancellation_is_refused(visit):
    """Had it read the visit before the cancellation, the reschedule would move the
    programme and mark the cancelled visit postponed. It waits, sees the visit cancelled, and
    is refused: dates and programme stay as they were."""
    reschedule_page = as_saved(visit)
    outcome = second_waits_for_first(
        cancel(as_saved(visit)), reschedule(reschedule_page, *ONE_WEEK_LATER)
    )
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.messages == [
        "The visit is cancelled: its programme is no longer planned."
    ]
    assert status_and_reason(visit) == (Visit.Status.CANCELLED, REASON)
    assert dates(visit) == (*FIRST_PLANNED, None, None)
    assert programme(visit) == RECEPTION


def test_a_second_cancellation_is_told_the_visit_is_cancelled_already(visit):
    """Two coordinators cancel at once: the second waits and is refused, so the reason on
    record is the one of the cancellation that took effect, not overwritten by the other."""
    second_page = as_saved(visit)
    outcome = second_waits_for_first(
        cancel(as_saved(visit)), cancel(second_page, "Der Termin passt nicht mehr.")
    )
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.messages == ["The visit is cancelled already."]
    assert status_and_reason(visit) == (Visit.Status.CANCELLED, REASON)


def test_a_reschedule_that_waited_for_an_edit_keeps_the_edit(visit):
    """The reschedule page was loaded before an edit renamed the visit. Saved on that page's
    visit, the reschedule would bring the old title back (and an old time zone, or the days
    of a second reschedule counted from the old dates); it waits for the edit and moves the
    visit as the edit left it."""
    reschedule_page = as_saved(visit)
    outcome = second_waits_for_first(
        lambda: services.update_visit(visit=as_saved(visit), fields={"title_de": "Neuer Titel"}),
        reschedule(reschedule_page, *ONE_WEEK_LATER),
    )
    assert outcome.raised is None
    assert as_saved(visit).title_de == "Neuer Titel"
    assert dates(visit) == (*ONE_WEEK_LATER, *FIRST_PLANNED)


def test_an_edit_that_waited_for_a_reschedule_keeps_the_new_dates(visit):
    """The edit changes the title only. Saved on the visit its page read, it would put the
    old dates back, which the moved programme no longer fits, and be refused; it waits for
    the reschedule and renames the visit as rescheduled."""
    edit_page = as_saved(visit)
    outcome = second_waits_for_first(
        reschedule(as_saved(visit), *ONE_WEEK_LATER),
        lambda: services.update_visit(visit=edit_page, fields={"title_de": "Neuer Titel"}),
    )
    assert outcome.raised is None
    assert as_saved(visit).title_de == "Neuer Titel"
    assert dates(visit) == (*ONE_WEEK_LATER, *FIRST_PLANNED)
    assert as_saved(visit).status == Visit.Status.POSTPONED


def test_of_two_edits_drawn_from_one_version_the_second_is_refused_after_the_wait(visit):
    """Two coordinators saved the reception's form, drawn alike, at once. Had the second
    compared versions before the first wrote, both would pass and the first's change be lost
    unseen; it waits for the first's lock, then finds the version changed."""
    reception = visit.appointments.get()
    seen = version_of(reception)

    def rename(title: str):
        return lambda: services.update_appointment(
            appointment=Appointment.objects.get(pk=reception.pk),
            fields={"title_de": title},
            seen_version=seen,
        )

    outcome = second_waits_for_first(rename("Empfang im Rathaus"), rename("Neujahrsempfang"))
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.code == CHANGED_MEANWHILE
    assert Appointment.objects.get(pk=reception.pk).title_de == "Empfang im Rathaus"


def test_a_reschedule_that_waited_for_an_appointment_edit_keeps_the_edit(visit):
    """The reschedule moves every appointment. Read before the edit's lock, the reception
    would be moved and saved with its old title; it waits for the edit, then moves the
    reception as the edit left it."""
    reception = visit.appointments.get()
    outcome = second_waits_for_first(
        lambda: services.update_appointment(
            appointment=Appointment.objects.get(pk=reception.pk),
            fields={"title_de": "Empfang im Rathaus"},
            seen_version=version_of(reception),
        ),
        reschedule(as_saved(visit), *ONE_WEEK_LATER),
    )
    assert outcome.raised is None
    moved = Appointment.objects.get(pk=reception.pk)
    assert (moved.title_de, moved.start) == ("Empfang im Rathaus", make.berlin(2025, 2, 3, 10))
