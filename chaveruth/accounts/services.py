"""Every write to roles, shares and the itinerary access log."""

from django.contrib.auth.models import User

from chaveruth.accounts.models import ItineraryRead, Membership, Role, Share
from chaveruth.directory.models import Organisation, Person
from chaveruth.lib.records import save_valid
from chaveruth.visits.models import Appointment, Visit


def add_membership(
    *,
    user: User,
    role: Role,
    organisation: Organisation | None = None,
    person: Person | None = None,
) -> Membership:
    return save_valid(Membership(user=user, role=role, organisation=organisation, person=person))


def share_appointment(
    *, appointment: Appointment, liaison: User, shared_by: User | None = None
) -> Share:
    """Show one appointment, whole, to a security liaison."""
    return save_valid(Share(appointment=appointment, liaison=liaison, shared_by=shared_by))


def record_itinerary_read(*, reader: User, visit: Visit, channel: str) -> ItineraryRead:
    """Log that ``reader`` read ``visit``'s itinerary: ids and time only, never contents."""
    return ItineraryRead.objects.create(reader=reader, visit=visit, channel=channel)
