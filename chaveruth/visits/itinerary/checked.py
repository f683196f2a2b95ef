"""A visit's programme, and a proposal for it, through ``planning.checks``: the findings the
visit page shows, and the proposal page for the appointments it would add, with the
appointments they name."""

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from chaveruth.directory.models import Venue
from chaveruth.planning import checks
from chaveruth.visits.itinerary.around import (
    appointments_around,
    busy_elsewhere,
    delegation,
    opening_hours,
    own_clock,
    rest_periods,
    travel_times,
    unknown_to_the_city,
    wish_people,
    with_relations,
)
from chaveruth.visits.itinerary.question import PlacedWish, candidate_key
from chaveruth.visits.models import Appointment, Proposal, Visit, Wish


def _booking(appointment: Appointment) -> checks.Booking:
    """Needs ``hosts``, ``participants`` and the shares in force prefetched
    (``with_relations``)."""
    restricted = appointment.confidentiality == Appointment.Confidentiality.RESTRICTED
    return checks.Booking(
        key=appointment.pk,
        title=appointment.title,
        start=appointment.start,
        end=appointment.end,
        venue=appointment.venue_id,
        people=frozenset(p.pk for p in appointment.hosts.all())
        | frozenset(p.pk for p in appointment.participants.all()),
        is_meal=appointment.kind == Appointment.Kind.MEAL,
        restricted=restricted,
        has_liaison=restricted and bool(appointment.shares.all()),
        zone=own_clock(appointment),
    )


@dataclass(frozen=True)
class Checked:
    """The checks' findings for a visit, with the appointments they name."""

    findings: list[checks.Finding]
    appointments: dict[int, Appointment]  # by pk, the visit's and the others named
    venues: dict[int, Venue]
    proposed: dict[tuple[str, int], "Proposed"] = field(default_factory=dict)  # by key


@dataclass(frozen=True)
class Proposed:
    """An appointment a proposal would add, as a finding names it (no page of its own yet)."""

    start: dt.datetime
    end: dt.datetime
    title: str
    venue: Venue


def check_visit(visit: Visit) -> Checked:
    programme = list(with_relations(visit.appointments.all()))
    return _checked(visit, programme, list(appointments_around(visit, programme)))


def check_proposal(visit: Visit, proposal: Proposal) -> Checked:
    """What the checks would find in the programme with the proposal accepted and do not find
    now, as far as it concerns the proposed appointments (keyed ("wish", pk)): the optimiser
    keeps every rule the checks call a conflict, but not the warnings, such as a meal break;
    and a day the programme already makes too long may take wishes within its hours."""
    programme = list(with_relations(visit.appointments.all()))
    planned = {item["wish"]: item for item in proposal.plan}
    wishes = list(
        visit.wishes.filter(pk__in=planned)
        .select_related("venue")
        .prefetch_related("participants", "venue__opening_hours", "venue__opening_exceptions")
    )
    near = {
        *appointments_around(visit, programme).values_list("pk", flat=True),
        *(a.pk for a in busy_elsewhere(visit, wishes)),
    }
    others = list(with_relations(Appointment.objects.filter(pk__in=near)))
    delegates = delegation(visit)
    proposed = [
        (_proposed_booking(wish, planned[wish.pk], delegates), wish.venue) for wish in wishes
    ]
    named = {
        candidate_key(booking.key): Proposed(booking.start, booking.end, booking.title, venue)
        for booking, venue in proposed
    }
    return replace(_checked(visit, programme, others, proposed), proposed=named)


def check_acceptance(visit: Visit, proposal: Proposal) -> Checked:
    """What the checks would say once the proposal is accepted: the conflicts the programme
    has now and keeps (accepting only adds appointments), then what check_proposal finds new.
    The programme's warnings are left to the visit page (a missing lunch is one the proposal
    may well settle), and a day the proposal makes longer still is told by its new length."""
    new, now = check_proposal(visit, proposal), check_visit(visit)
    longer = {f.facts["day"] for f in new.findings if f.kind == checks.Kind.DAY_TOO_LONG}
    kept = [
        finding
        for finding in now.findings
        if finding.severity == checks.Severity.ERROR
        and not (finding.kind == checks.Kind.DAY_TOO_LONG and finding.facts["day"] in longer)
    ]
    return Checked(
        findings=[*kept, *new.findings],
        appointments=now.appointments | new.appointments,
        venues=now.venues | new.venues,
        proposed=new.proposed,
    )


# Findings about a day say the same whichever appointments the day holds; the others are
# about their appointments, and one that names a proposed appointment is new.
_ABOUT_A_DAY = {checks.Kind.DAY_TOO_LONG, checks.Kind.NO_MEAL_BREAK}


def _what(finding: checks.Finding) -> str:
    """What a finding says: of a day, whichever appointments it names."""
    bookings = () if finding.kind in _ABOUT_A_DAY else finding.bookings
    return repr((finding.kind, sorted(finding.facts.items()), bookings))


def _proposed_booking(wish: Wish, item: PlacedWish, delegates: frozenset[int]) -> checks.Booking:
    """A proposed appointment as accepting it would write it (services.accept_proposal)."""
    return checks.Booking(
        key=("wish", wish.pk),
        title=wish.title,
        start=dt.datetime.fromisoformat(item["start"]),
        end=dt.datetime.fromisoformat(item["end"]),
        venue=wish.venue_id,
        people=wish_people(wish, delegates),
        is_meal=wish.kind == Appointment.Kind.MEAL,
        restricted=wish.confidentiality == Appointment.Confidentiality.RESTRICTED,
    )


def _checked(
    visit: Visit,
    programme: list[Appointment],
    others: Sequence[Appointment],
    proposed: Sequence[tuple[checks.Booking, Venue]] = (),
) -> Checked:
    """The programme's findings; with proposed appointments, only the new ones that name one
    of them (both judged by the same rules)."""
    venues = {a.venue.pk: a.venue for a in [*programme, *others] if a.venue}
    venues |= {venue.pk: venue for _, venue in proposed}
    rules = checks.Rules(
        time_zone=visit.time_zone,
        rest=rest_periods(visit),
        max_day_minutes=visit.longest_day_hours * 60,
        travel=travel_times(visit, [visit.hotel, *venues.values()]),
        home=visit.hotel_id,
        unseen=unknown_to_the_city(visit, others),
    )
    mine, theirs = [_booking(a) for a in programme], [_booking(a) for a in others]
    # By any key, as the checks take them: a dict's key type is invariant, so by int will not do.
    hours: dict[Hashable, checks.OpeningHours] = dict(opening_hours(venues.values(), visit).items())
    findings = checks.check_programme(
        [*mine, *(booking for booking, _ in proposed)], theirs, hours, rules
    )
    if proposed:
        now = {_what(finding) for finding in checks.check_programme(mine, theirs, hours, rules)}
        findings = [
            finding
            for finding in findings
            if any(isinstance(key, tuple) for key in finding.bookings) and _what(finding) not in now
        ]
    return Checked(findings, {a.pk: a for a in [*programme, *others]}, venues)
