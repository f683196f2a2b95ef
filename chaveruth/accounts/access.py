"""Who may see and change what: the one access layer every page, export, feed and API uses.

Querysets are narrowed with ``<Model>.objects.visible_to(user)``, which calls the
``visible_*`` functions here; single decisions are the ``can_*`` predicates. No view filters
records by hand.

The roles (see ``models.Role``):
- programme office: reads everything, but not the details of restricted appointments;
- city coordinator: reads and changes the records of their own municipality;
- partner host: the appointments their organisation hosts (and the visits they belong to);
- delegate: their own visit, and of it only the appointments they take part in;
- security liaison: exactly the appointments shared with them, whole, while they serve the
  appointment's city (``Share.objects.in_force``);
- anonymous: only what is published (nothing yet: every page asks for a login).
A superuser (the operator) sees everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from chaveruth.accounts.models import Membership, Role, Share, by_role, display_name, serving

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Scope:
    """What a user's memberships amount to; worked out once per user object."""

    everything: bool = False
    programme_office: bool = False
    liaison_id: int | None = None
    liaison_everywhere: bool = False  # a liaison for every municipality, e.g. the state's
    liaison_municipalities: frozenset[int] = frozenset()
    municipalities: frozenset[int] = frozenset()
    host_organisations: frozenset[int] = frozenset()
    persons: frozenset[int] = frozenset()

    @property
    def staff(self) -> bool:
        """Works with the whole directory: the programme office and city coordinators."""
        return self.everything or self.programme_office or bool(self.municipalities)

    @property
    def reads_all(self) -> bool:
        return self.everything or self.programme_office

    def serves_as_liaison(self, municipalities: Iterable[int]) -> bool:
        """Whether the user is a security liaison for one of ``municipalities``."""
        if self.liaison_id is None:
            return False
        return self.liaison_everywhere or not self.liaison_municipalities.isdisjoint(municipalities)


def scope_of(user: AnyUser) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_chaveruth_scope", None)
    if cached is None:
        cached = _scope_from_memberships(user)
        user._chaveruth_scope = cached
    return cached


def _scope_from_memberships(user: User) -> Scope:
    memberships = list(Membership.objects.filter(user=user))

    def ids(role: Role, field: str) -> frozenset[int]:
        return frozenset(getattr(m, field) for m in memberships if m.role == role)

    roles = {m.role for m in memberships}
    liaison_for = {m.organisation_id for m in memberships if m.role == Role.SECURITY_LIAISON}
    return Scope(
        everything=user.is_superuser,
        programme_office=Role.PROGRAMME_OFFICE in roles,
        liaison_id=user.pk if Role.SECURITY_LIAISON in roles else None,
        liaison_everywhere=None in liaison_for,
        liaison_municipalities=frozenset(pk for pk in liaison_for if pk is not None),
        municipalities=ids(Role.CITY_COORDINATOR, "organisation_id"),
        host_organisations=ids(Role.PARTNER_HOST, "organisation_id"),
        persons=ids(Role.DELEGATE, "person_id"),
    )


def _nothing() -> Q:
    return Q(pk__in=[])


def _matching(queryset: QuerySet, which: Q) -> QuerySet:
    """``queryset`` narrowed to the records ``which`` matches, through a subquery, so that
    conditions across to-many relations neither duplicate rows nor need ``distinct()``."""
    return queryset.filter(pk__in=queryset.model.objects.filter(which).values("pk"))


# --- Which records a user may see ----------------------------------------------------------------


def visible_visits(queryset: QuerySet, user: AnyUser) -> QuerySet:
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    which = _nothing()
    if scope.municipalities:
        which |= Q(host_municipality__in=scope.municipalities)
    if scope.persons:
        which |= Q(delegates__person__in=scope.persons)
    if scope.host_organisations:
        which |= Q(appointments__hosting_organisations__in=scope.host_organisations)
    if scope.liaison_id:
        # The visit of the city a share is for: of a joint appointment, that city's half.
        shared_here = _shares_seen(scope).filter(
            appointment__visits=OuterRef("pk"), municipality=OuterRef("host_municipality")
        )
        which |= Q(Exists(shared_here))
    return _matching(queryset, which)


def visible_appointments(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The appointments a user sees at all (restricted ones may still be shown redacted)."""
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    which = _nothing()
    if scope.municipalities:
        which |= Q(visits__host_municipality__in=scope.municipalities)
    if scope.persons:
        which |= Q(participants__in=scope.persons)
    if scope.host_organisations:
        which |= Q(hosting_organisations__in=scope.host_organisations)
    if scope.liaison_id:
        which |= Q(shares__in=_shares_seen(scope))
    return _matching(queryset, which)


def _shares_seen(scope: Scope) -> QuerySet:
    return Share.objects.filter(liaison=scope.liaison_id).in_force()


def visible_organisations(queryset: QuerySet, user: AnyUser) -> QuerySet:
    scope = scope_of(user)
    if scope.staff:
        return queryset
    return queryset.filter(pk__in=scope.host_organisations)


def visible_venues(queryset: QuerySet, user: AnyUser) -> QuerySet:
    scope = scope_of(user)
    return queryset if scope.staff else queryset.none()


def visible_people(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """Personal data, so narrower than the directory: public figures, the coordinator's own
    people and the members of their municipality's delegations."""
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    if not scope.municipalities:
        return queryset.none()
    return _matching(queryset, Q(is_public_figure=True) | _people_of(scope.municipalities))


def _people_of(municipalities: Iterable[int]) -> Q:
    """The people of ``municipalities``: their records and their delegations' members."""
    return Q(owner__in=municipalities) | Q(delegations__visit__host_municipality__in=municipalities)


def people_named_to(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The people (of ``queryset``) whom ``user`` is told by name where they host an
    appointment ``user`` sees, or are named in its checks: those the directory shows them
    (``visible_people``, the people a coordinator may choose for it), and to a reader who
    sees a visit without working with the directory (a delegate, a partner host, a liaison),
    public figures and the records of the cities whose visits they see.

    Another city's people at a joint appointment are not named: its coordinators may not see
    them in the directory nor choose them for the appointment, and its delegates and liaisons
    see that city's half of it, as they see only that city's visit.
    """
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    # The rules are handed the querysets they narrow and import no app's models: by name.
    seen = visible_visits(apps.get_model("visits", "Visit").objects.all(), user)
    which = (
        Q(is_public_figure=True)
        | Q(owner__hosted_visits__in=seen)
        | _people_of(scope.municipalities)
    )
    return _matching(queryset, which)


def _owned(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """Records with an owning municipality: all for the programme office, a coordinator's
    own municipality's for them, none for anyone else."""
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    return queryset.filter(owner__in=scope.municipalities)


def visible_partnerships(queryset: QuerySet, user: AnyUser) -> QuerySet:
    return _owned(queryset, user)


def visible_projects(queryset: QuerySet, user: AnyUser) -> QuerySet:
    return _owned(queryset, user)


# --- Single decisions ----------------------------------------------------------------------------


def can_work_with_directory(user: AnyUser) -> bool:
    """Create and change organisations and venues (a shared directory)."""
    return scope_of(user).staff


def acting_for(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The municipalities (of ``queryset``) ``user`` plans visits and enters people for: those
    they coordinate; every one for the operator."""
    scope = scope_of(user)
    return queryset if scope.everything else queryset.filter(pk__in=scope.municipalities)


def can_plan_visits(user: AnyUser) -> bool:
    """Create visits: for a municipality the user coordinates."""
    scope = scope_of(user)
    return scope.everything or bool(scope.municipalities)


def can_change_visit(user: AnyUser, visit) -> bool:
    """Change a visit and its itinerary, and read who read it: its own city's coordinators."""
    scope = scope_of(user)
    return scope.everything or visit.host_municipality_id in scope.municipalities


def can_withdraw_share(user: AnyUser, share: Share) -> bool:
    """Withdraw a share: the coordinators of the city it was made for (and the operator).
    Another city's coordinators, who plan a joint appointment too, see its shares but may not
    take that city's security liaison off it: each city answers for its own."""
    scope = scope_of(user)
    # ``everything``, where ``names_liaison`` has ``reads_all``: the programme office reads
    # every city's records, its liaisons' names too, but changes no visit, nor its shares.
    return scope.everything or _answers_for(scope, share)


def _answers_for(scope: Scope, share: Share) -> bool:
    """Whether the user coordinates the city ``share`` was made for, which chose its liaison
    and answers for them: the one test ``can_withdraw_share`` and ``names_liaison`` share."""
    return share.municipality_id in scope.municipalities


def can_read_cancellation_reason(user: AnyUser, visit) -> bool:
    """Why a visit was called off may name a security concern: for its city's coordinators and
    those who read every city's records (the programme office, the operator), not for another
    city's coordinators, the delegation, hosts or liaisons."""
    return can_change_visit(user, visit) or scope_of(user).reads_all


def can_see_hotel(user: AnyUser, visit) -> bool:
    """Where a delegation stays is a security matter: for the coordinators of the visit's city,
    who book it, and the visit's delegates, who stay there. Not for the programme office, a
    host or a liaison: they see venues, and the minutes from the hotel to two or three of them
    would place it, named or not. (The directory lists every venue, hotels too, to the staff
    who keep it, but never which delegation stays where.)"""
    return can_change_visit(user, visit) or is_in_delegation(user, visit)


def can_read_visit_facts(user: AnyUser, visit) -> bool:
    """A visit's facts (where it comes from, how many come, whether it keeps Shabbat, its
    projects, supporters and purpose, which says where it goes) are for the staff and the
    visit's delegates. A host or a liaison sees exactly the appointments they are given, and
    the visit by its title and dates."""
    return scope_of(user).staff or is_in_delegation(user, visit)


def with_readable_facts(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The visits of ``queryset`` whose facts ``user`` reads (``can_read_visit_facts``), in
    one query: for a list of visits, which would otherwise ask once a row."""
    scope = scope_of(user)
    if scope.staff:
        return queryset
    return queryset.filter(delegates__person__in=scope.persons).distinct()


def is_in_delegation(user: AnyUser, visit) -> bool:
    """Whether ``user`` is one of the visit's delegates."""
    persons = scope_of(user).persons
    return bool(persons) and visit.delegates.filter(person__in=persons).exists()


def with_details(user: AnyUser, appointments: Iterable) -> list:
    """Those of ``appointments`` whose place and people ``user`` sees: where listing one at all
    says who takes part (a person's page), the others are left out, not shown by their time.
    Needs what ``sees_details`` needs prefetched."""
    return [appointment for appointment in appointments if sees_details(user, appointment)]


def sees_details(user: AnyUser, appointment) -> bool:
    """Whether ``user`` sees the place and people of an appointment they can see.

    Restricted appointments show only their time, except to the coordinators of the owning
    city, the named participants and hosts (people, or a hosting organisation's hosts), and
    the liaisons they are shared with (while they serve its city). Needs ``visits``,
    ``participants``, ``hosts``, ``hosting_organisations`` and ``shares`` prefetched.
    """
    if appointment.confidentiality != appointment.Confidentiality.RESTRICTED:
        return True
    scope = scope_of(user)
    people = {p.pk for p in appointment.participants.all()} | {
        p.pk for p in appointment.hosts.all()
    }
    return (
        scope.everything
        or any(v.host_municipality_id in scope.municipalities for v in appointment.visits.all())
        or bool(scope.persons & people)
        or any(o.pk in scope.host_organisations for o in appointment.hosting_organisations.all())
        or _shared_with(scope, appointment)
    )


def _shared_with(scope: Scope, appointment) -> bool:
    """Whether one of the appointment's shares is the user's and in force (as
    ``Share.objects.in_force`` says, from what ``sees_details`` has prefetched)."""
    cities = {v.host_municipality_id for v in appointment.visits.all()}
    return any(
        share.liaison_id == scope.liaison_id
        and share.municipality_id in cities
        and scope.serves_as_liaison([share.municipality_id])
        for share in appointment.shares.all()
    )


def liaisons_to_share_with(queryset: QuerySet, user: AnyUser, appointment) -> QuerySet:
    """The users (of ``queryset``) with whom ``user`` may share ``appointment``, which they may
    change: the liaisons who serve its city (``liaisons_serving``) and the user's, for those
    who plan visits (a city's coordinators, the operator); nobody for anyone else. Bochum's
    coordinator is not offered, and so not told the names of, the liaisons of other cities,
    also of a joint appointment."""
    if not can_plan_visits(user):
        return queryset.none()
    serving_it = liaisons_serving(queryset, appointment)
    scope = scope_of(user)
    if scope.everything:
        return serving_it
    # Of a joint appointment, the liaisons of the user's own city and those who serve every
    # city: the other city's are that city's to share it with, and to name.
    ours = Membership.objects.filter(
        Q(organisation=None) | Q(organisation__in=scope.municipalities),
        role=Role.SECURITY_LIAISON,
    )
    return serving_it.filter(pk__in=ours.values("user"))


def users_named_to(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The users (of ``queryset``) whom ``user`` is told by name where a page says who did
    something (a change log): themselves; the coordinators of the municipalities they
    coordinate and the security liaisons who serve those (``liaisons_to_share_with`` offers
    them by name); the programme office and the operator, whom every city works with; and
    everyone, to those who read every city's records.

    Another city's coordinator who changed a joint appointment, or its liaison it was shared
    with (``names_liaison``), is that city's to name: the page says their role and city.
    """
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    ours = Q(role=Role.PROGRAMME_OFFICE)
    if scope.municipalities:
        ours |= Q(
            role__in=[Role.CITY_COORDINATOR, Role.SECURITY_LIAISON],
            organisation__in=scope.municipalities,
        ) | Q(role=Role.SECURITY_LIAISON, organisation=None)
    colleagues = Membership.objects.filter(ours).values("user")
    return queryset.filter(Q(pk=user.pk) | Q(is_superuser=True) | Q(pk__in=colleagues))


def names_liaison(user: AnyUser, share: Share) -> bool:
    """Whether ``user`` is told the name of the liaison of ``share`` by the share itself:
    those who read every city's records, and the coordinators of the city it was shared
    for, who chose the liaison, also after the liaison moved to another city (the shares
    page lists the share as lapsed). Not the other city's coordinators, who see the shares
    of a joint appointment as they plan it too."""
    scope = scope_of(user)
    # ``reads_all``, where ``can_withdraw_share`` has ``everything``: the programme office is
    # told whom each city chose, as it reads every city's records, yet withdraws nothing.
    return scope.reads_all or _answers_for(scope, share)


@dataclass(frozen=True)
class UsersToldOf:
    """Users as a reader is told of them (``users_told_of``)."""

    names: dict[int, str]  # by key, those ``users_named_to`` names to the reader
    roles: dict[int, str]  # the others, by their roles and cities (``by_role``)
    liaisons: dict[int, str]  # by the share's key, the liaisons ``names_liaison`` names

    def who(self, user_id: int | None) -> str:
        """The user by name or by role; "" for none (the system, a deleted account)."""
        if user_id is None:
            return ""
        return self.names.get(user_id) or self.roles.get(user_id, "")

    def liaison(self, share: Share) -> str | None:
        """The liaison of ``share`` by name; None where the reader is not told it."""
        return self.liaisons.get(share.pk) or self.names.get(share.liaison_id)


def users_told_of(
    user: AnyUser,
    accounts: Iterable[User],
    shares: Iterable[Share] = (),
    *,
    municipalities: Iterable[int],
) -> UsersToldOf:
    """``accounts`` and the liaisons of ``shares`` (which come with them) as ``user`` is told
    of them where a page says who did something in a record of ``municipalities`` (the
    cities of its visits): by name (``display_name``) those ``users_named_to`` or
    ``names_liaison`` names, the others by the roles they hold for those cities, "City
    coordinator, Stadt Andersstadt" (``by_role``). Two queries at most, however many there
    are."""
    with_liaison = [share for share in shares if share.liaison_id is not None]
    by_key = {a.pk: a for a in [*accounts, *(share.liaison for share in with_liaison)]}
    if not by_key:
        return UsersToldOf({}, {}, {})
    named = users_named_to(User.objects.filter(pk__in=by_key), user)
    told = set(named.values_list("pk", flat=True))
    return UsersToldOf(
        {pk: display_name(account) for pk, account in by_key.items() if pk in told},
        by_role([account for pk, account in by_key.items() if pk not in told], municipalities),
        {s.pk: display_name(s.liaison) for s in with_liaison if names_liaison(user, s)},
    )


def liaisons_serving(queryset: QuerySet, appointment) -> QuerySet:
    """The active security liaisons (of ``queryset``) who serve the city of one of the
    appointment's visits (``serving``)."""
    memberships = Membership.objects.filter(serving(appointment))
    return queryset.filter(is_active=True, pk__in=memberships.values("user"))


def require(allowed: bool) -> None:
    """Refuse with 403 when a user who may see a record may not do what they ask."""
    if not allowed:
        raise PermissionDenied


# --- Privacy: delegates' needs, people's records -------------------------------------------------


def visible_delegates(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """Who is in which delegation: for the programme office, the coordinators of the host
    city, and each delegate's own record (delegates do not see each other's)."""
    scope = scope_of(user)
    if scope.reads_all:
        return queryset
    which = _nothing()
    if scope.municipalities:
        which |= Q(visit__host_municipality__in=scope.municipalities)
    if scope.persons:
        which |= Q(person__in=scope.persons)
    return queryset.filter(which)


def can_see_needs(user: AnyUser, delegate) -> bool:
    """A delegate's diet and accessibility needs (health, religion: GDPR Art. 9) are for those
    who organise the stay, the coordinators of the visit's city, and for the delegate
    themself; not for the programme office, hosts or other delegates. Whoever may see them may
    also withdraw the consent. Needs ``delegate.visit``."""
    return can_change_visit(user, delegate.visit) or delegate.person_id in scope_of(user).persons


def can_change_person(user: AnyUser, person) -> bool:
    """Change, export (GDPR Art. 15) or erase (Art. 17) a person's record: the coordinators of
    the municipality that owns it (the office that answers the person's requests)."""
    scope = scope_of(user)
    return scope.everything or person.owner_id in scope.municipalities


def can_enter_people(user: AnyUser) -> bool:
    """Enter a new person (a delegate-to-be, a host's contact): a city coordinator, for a
    municipality they coordinate, which then owns the record; and the operator. Not the
    programme office: it reads everyone but owns no one's record, so what it entered no
    office could change, export or erase. The same people as plan visits."""
    return can_plan_visits(user)


def can_edit_person(user: AnyUser, person) -> bool:
    """Correct a person's name and contact details: whoever may change the record
    (``can_change_person``), while it is not erased (a name entered again would undo the
    erasure)."""
    return can_change_person(user, person) and person.erased_at is None
