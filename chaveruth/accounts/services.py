"""Every write to roles, shares and the itinerary access log."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chaveruth.accounts.access import liaisons_serving, liaisons_to_share_with, scope_of
from chaveruth.accounts.models import ItineraryRead, Membership, Role, Share, display_name
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
    """Show one appointment, whole, to a security liaison.

    Any appointment may be shared; a restricted one needs it (the checks note one that has
    not been). Refuses, beside ``liaison``, a user who is no active security liaison (the share
    would show them nothing, yet silence the check), a liaison of another city (who has no
    business knowing where this delegation goes) and a liaison it is shared with already.
    """
    if not liaison.is_active or not liaison.memberships.filter(role=Role.SECURITY_LIAISON).exists():
        message = _("%(user)s is not a security liaison.") % {"user": display_name(liaison)}
        raise ValidationError({"liaison": message})
    candidate = User.objects.filter(pk=liaison.pk)
    offered = (
        liaisons_serving(candidate, appointment)
        if shared_by is None  # the demo loader, an import: no city of the sharer's to keep to
        else liaisons_to_share_with(candidate, shared_by, appointment)
    )
    if not offered.exists():
        # Not named: another city's liaisons are not this city's to know.
        message = _("This security liaison serves another municipality.")
        raise ValidationError({"liaison": message})
    if Share.objects.filter(appointment=appointment, liaison=liaison).exists():
        message = _("The appointment is already shared with %(liaison)s.") % {
            "liaison": display_name(liaison)
        }
        raise ValidationError({"liaison": message})
    share = Share(appointment=appointment, liaison=liaison, shared_by=shared_by)
    share.municipality = _city_served(appointment, liaison, shared_by)
    return save_valid(share)


def _city_served(appointment: Appointment, liaison: User, shared_by: User | None) -> Organisation:
    """The city a share is for: of the cities of the appointment's visits (a joint one has
    two), the first planned that the liaison serves (``liaisons_serving`` said there is one)
    and, shared by a city's coordinator, that city: it answers for the share (withdraws it),
    also with a liaison who serves every city."""
    serves = set(
        liaison.memberships.filter(role=Role.SECURITY_LIAISON).values_list(
            "organisation_id", flat=True
        )
    )
    visits = list(appointment.visits.select_related("host_municipality").order_by("pk"))
    served = [v for v in visits if None in serves or v.host_municipality_id in serves]
    sharers = scope_of(shared_by).municipalities if shared_by is not None else frozenset()
    by_the_sharer = [v for v in served if v.host_municipality_id in sharers]
    return (by_the_sharer or served)[0].host_municipality


def withdraw_share(*, share: Share) -> None:
    """The liaison no longer sees the appointment; the audit trail keeps the share's record."""
    share.delete()


def record_itinerary_read(*, reader: User, visit: Visit, channel: str) -> ItineraryRead:
    """Log that ``reader`` read ``visit``'s itinerary: ids and time only, never contents."""
    return ItineraryRead.objects.create(reader=reader, visit=visit, channel=channel)
