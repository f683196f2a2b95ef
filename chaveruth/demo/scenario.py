"""The Bochum 2025 reference scenario (scenarios/bochum-2025.md) as demo data.

Every fact the scenario states is written exactly as stated. What it leaves open (times, the
delegation members, addresses, budgets, how the organisations group into partnerships) is
invented, and each record names its invented fields in ``sample_fields`` ("*" = all of it).
Only the two public figures of the scenario appear by name; every other person is obviously
invented ("Noa Beispiel").

Every write goes through the services, as the views and importers do; only the demo account
is created directly, since accounts have no service yet.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership, share_appointment
from chaveruth.demo.data import (
    ADDRESS,
    APPOINTMENTS,
    DELEGATES,
    DEMO_PASSWORD,
    DEMO_ROLES,
    DEMO_USERNAME,
    HACKATHON_SAMPLE,
    HACKATHONS,
    ORGANISATIONS,
    PARTNERSHIP_SAMPLE,
    PARTNERSHIPS,
    PROGRAMME,
    PROGRAMME_SLUG,
    PROJECTS,
    PUBLIC_FIGURES,
    SOURCE,
    STATEMENTS,
    STATUS_AS_OF,
    TOPICS,
    TRAVEL_TIMES,
    VENUES,
    VISITS,
    WISHES,
)
from chaveruth.directory.models import Organisation, Person, Topic, Venue
from chaveruth.directory.services import (
    add_affiliation,
    create_organisation,
    create_person,
    create_topic,
    create_venue,
    enter_travel_time,
    set_opening_hours,
)
from chaveruth.lib.records import per_language
from chaveruth.partnerships.models import Partnership, Programme, Project, ProjectEvent, Statement
from chaveruth.partnerships.services import (
    add_project_event,
    create_partnership,
    create_programme,
    create_project,
    record_statement,
)
from chaveruth.visits.models import Appointment, Delegate, Visit
from chaveruth.visits.services import add_appointment, add_delegate, add_wish, create_visit


def is_loaded() -> bool:
    return Programme.objects.filter(slug=PROGRAMME_SLUG).exists()


def _texts(spec: dict[str, Any], *names: str) -> dict[str, str]:
    """The translated fields of a spec, spread over their language columns."""
    fields: dict[str, str] = {}
    for name in names:
        if name in spec:
            fields.update(per_language(name, spec[name]))
    return fields


def _pick(records: dict[str, Any], keys: Iterable[str]) -> list[Any]:
    return [records[key] for key in keys]


@transaction.atomic
def load_scenario() -> Programme:
    """Write the whole scenario through the services and return its programme."""
    topics = _load_topics()
    organisations = _load_organisations(topics)
    people = _load_public_figures(organisations)
    venues = _load_venues(organisations)
    programme = create_programme(
        slug=PROGRAMME_SLUG,
        fields={
            **_texts(PROGRAMME, "name", "description", "purpose"),
            "short_name": PROGRAMME["short_name"],
            "run_by": organisations["staatskanzlei"],
        },
    )
    projects = _load_projects(programme, organisations, topics)
    visits = _load_visits(programme, organisations, projects, venues)
    members = _load_delegates(visits, organisations)
    _load_appointments(visits, venues, organisations, people, members)
    _load_wishes(visits, venues)
    _load_statements(programme, people)
    return programme


def _load_topics() -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for slug, parent, name in TOPICS:
        topics[slug] = create_topic(
            slug=slug, parent=topics[parent] if parent else None, fields=per_language("name", name)
        )
    return topics


def _load_organisations(topics: dict[str, Topic]) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for key, spec in ORGANISATIONS.items():
        fields = {
            name: spec.get(name, "") for name in ("short_name", "kind", "country", "region", "city")
        }
        organisations[key] = create_organisation(
            fields={**fields, **_texts(spec, "name", "description")},
            topics=_pick(topics, spec.get("topics", ())),
        )
    return organisations


def _load_public_figures(organisations: dict[str, Organisation]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for key, spec in PUBLIC_FIGURES.items():
        person = create_person(
            fields={
                "given_name": spec["given_name"],
                "family_name": spec["family_name"],
                "is_public_figure": True,
            }
        )
        add_affiliation(
            person=person,
            organisation=organisations[spec["organisation"]],
            function=spec["function"],
        )
        people[key] = person
    return people


def _load_venues(organisations: dict[str, Organisation]) -> dict[str, Venue]:
    venues: dict[str, Venue] = {}
    for key, spec in VENUES.items():
        venue = create_venue(
            organisation=organisations[spec["organisation"]],
            fields={
                **_texts(spec, "name"),
                "street": spec["street"],
                "postcode": spec["postcode"],
                "city": spec["city"],
                "country": "DE",
                "latitude": Decimal(spec["latitude"]),
                "longitude": Decimal(spec["longitude"]),
                "capacity": spec["capacity"],
                "sample_fields": spec.get("sample_fields", ADDRESS),
            },
        )
        if "opening_hours" in spec:
            set_opening_hours(venue=venue, hours=spec["opening_hours"], sample=True)
        venues[key] = venue
    for origin, destination, minutes in TRAVEL_TIMES:
        enter_travel_time(
            origin=venues[origin],
            destination=venues[destination],
            minutes=minutes,
            fields={"sample_fields": ["*"]},
        )
    return venues


def _load_projects(
    programme: Programme, organisations: dict[str, Organisation], topics: dict[str, Topic]
) -> dict[int, Project]:
    """The partnerships, the five projects in order (3 builds on 2) and the hackathons."""
    partnerships: dict[str, Partnership] = {}
    for key, spec in PARTNERSHIPS.items():
        partnerships[key] = create_partnership(
            programme=programme,
            organisations=_pick(organisations, spec["organisations"]),
            topics=_pick(topics, spec["topics"]),
            fields={
                **_texts(spec, "name"),
                "kind": spec["kind"],
                "status": Partnership.Status.ACTIVE,
                "since": spec["since"],
                "owner": organisations["bochum"],
                "sample_fields": PARTNERSHIP_SAMPLE,
            },
        )
    projects: dict[int, Project] = {}
    for spec in PROJECTS:
        fields = {
            name: spec[name]
            for name in ("number", "kind", "status", "start", "end", "budget_eur", "funding_eur")
            if name in spec
        }
        projects[spec["number"]] = create_project(
            programme=programme,
            fields={
                **fields,
                **_texts(spec, "title", "description"),
                "status_as_of": STATUS_AS_OF,
                "owner": organisations["bochum"],
                "partnership": partnerships[spec["partnership"]],
                "builds_on": projects[spec["builds_on"]] if "builds_on" in spec else None,
                "sample_fields": spec["sample_fields"],
            },
            partners=[(organisations[key], role) for key, role in spec["partners"]],
            topics=_pick(topics, spec["topics"]),
        )
    for spec in HACKATHONS:
        add_project_event(
            project=projects[2],
            fields={
                **_texts(spec, "title"),
                **{name: spec[name] for name in HACKATHON_SAMPLE},
                "kind": ProjectEvent.Kind.HACKATHON,
                "sample_fields": HACKATHON_SAMPLE,
            },
        )
    return projects


def _load_visits(
    programme: Programme,
    organisations: dict[str, Organisation],
    projects: dict[int, Project],
    venues: dict[str, Venue],
) -> dict[str, Visit]:
    visits: dict[str, Visit] = {}
    for key, spec in VISITS.items():
        visits[key] = create_visit(
            programme=programme,
            host_municipality=organisations["bochum"],
            fields={
                **_texts(spec, "title", "purpose"),
                "direction": Visit.Direction.INCOMING,
                "origin_country": "IL",
                "start_date": spec["start_date"],
                "end_date": spec["end_date"],
                "expected_size": spec["expected_size"],
                "status": Visit.Status.COMPLETED,
                "observes_shabbat": spec.get("observes_shabbat", False),
                "hotel": venues["hotel"],
                "sample_fields": [*spec["sample_fields"], "hotel"],
            },
            projects=[projects[number] for number in spec["projects"]],
            supporting_organisations=[organisations["jewish_community"]],
        )
    return visits


def _load_delegates(
    visits: dict[str, Visit], organisations: dict[str, Organisation]
) -> dict[str, list[Person]]:
    """Invented members, all called "… Beispiel" or "… Example"; returns them per visit."""
    members: dict[str, list[Person]] = {}
    for key, (family_name, delegates) in DELEGATES.items():
        for given_name, role, organisation in delegates:
            person = create_person(
                fields={
                    "given_name": given_name,
                    "family_name": family_name,
                    "owner": organisations["bochum"],
                    "sample_fields": ["*"],
                }
            )
            members.setdefault(key, []).append(person)
            add_delegate(
                visit=visits[key],
                person=person,
                role=role,
                organisation=organisations[organisation] if organisation else None,
                sample_fields=["*"],
            )
    return members


def _load_appointments(
    visits: dict[str, Visit],
    venues: dict[str, Venue],
    organisations: dict[str, Organisation],
    people: dict[str, Person],
    members: dict[str, list[Person]],
) -> None:
    """The itineraries; every member of a visit takes part in all of its appointments."""
    for spec in APPOINTMENTS:
        add_appointment(
            visits=_pick(visits, spec["visits"]),
            venue=venues[spec["venue"]] if "venue" in spec else None,
            hosting_organisations=_pick(organisations, spec["hosting"]),
            hosts=_pick(people, spec.get("hosts", ())),
            participants=[person for key in spec["visits"] for person in members[key]],
            fields={
                **_texts(spec, "title", "attendees_note"),
                "kind": spec["kind"],
                "start": spec["start"],
                "end": spec["end"],
                "confidentiality": spec.get(
                    "confidentiality", Appointment.Confidentiality.INTERNAL
                ),
                "sample_fields": [*spec["sample_fields"], "participants"],
            },
        )


def _load_wishes(visits: dict[str, Visit], venues: dict[str, Venue]) -> None:
    """Invented candidate appointments for the optimiser to place (the README's tour)."""
    for spec in WISHES:
        add_wish(
            visit=visits[spec["visit"]],
            fields={
                **_texts(spec, "title"),
                "kind": spec["kind"],
                "venue": venues[spec["venue"]],
                "minutes": spec["minutes"],
                "value": spec["value"],
                "sample_fields": ["*"],
            },
        )


def _load_statements(programme: Programme, people: dict[str, Person]) -> None:
    for key, text, context in STATEMENTS:
        record_statement(
            person=people[key],
            fields={
                **per_language("text", text),
                **per_language("context", context),
                "original_language": "de",
                "source": SOURCE,
                "programme": programme,
            },
        )


@transaction.atomic
def delete_scenario() -> None:
    """Delete the demo's records, dependants first, so that ``load_scenario`` can run again.

    Raises ``ProtectedError`` when records outside the demo refer to them.
    """
    # The role logins go too: their memberships point at demo records (the admin stays).
    get_user_model().objects.filter(username__in=[row[0] for row in DEMO_ROLES]).delete()
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    erased: list[int] = []
    if programme is not None:
        # Before their places in the demo go: those are all that says whose they were.
        erased = _erased_demo_people(programme)
        Statement.objects.filter(
            Q(programme=programme)
            | Q(project__programme=programme)
            | Q(visit__programme=programme)
            | Q(appointment__visits__programme=programme)
        ).delete()
        Appointment.objects.filter(
            pk__in=Appointment.objects.filter(visits__programme=programme).values("pk")
        ).delete()
        Delegate.objects.filter(visit__programme=programme).delete()
        Visit.objects.filter(programme=programme).delete()
        Project.objects.filter(programme=programme).delete()
        Partnership.objects.filter(programme=programme).delete()
        programme.delete()

    Person.objects.filter(_demo_names() | Q(pk__in=erased)).delete()

    organisations = Organisation.objects.filter(
        name_de__in=[spec["name"]["de"] for spec in ORGANISATIONS.values()]
    )
    Venue.objects.filter(
        organisation__in=organisations,
        name_de__in=[spec["name"]["de"] for spec in VENUES.values()],
    ).delete()
    organisations.delete()

    slugs = [slug for slug, _parent, _name in TOPICS]
    Topic.objects.filter(slug__in=slugs, parent__isnull=False).delete()
    Topic.objects.filter(slug__in=slugs).delete()


def _demo_names() -> Q:
    """The demo's people, by the names it gives them."""
    names = Q(pk__in=[])
    for spec in PUBLIC_FIGURES.values():
        names |= Q(
            given_name=spec["given_name"], family_name=spec["family_name"], is_public_figure=True
        )
    for family_name, members in DELEGATES.values():
        names |= Q(
            given_name__in=[given_name for given_name, _role, _org in members],
            family_name=family_name,
            is_public_figure=False,
        )
    return names


def _erased_demo_people(programme: Programme) -> list[int]:
    """The demo's people erased since it was loaded (GDPR Art. 17), whose names no longer say
    so: its delegates, invented through and through (``sample_fields`` ``["*"]``), and its
    public figures, who host its appointments and belong to no municipality.

    A real person on a demo visit is not marked as invented and stays. A public figure carries
    no such mark: one a city entered has an owner, and one who also has a place in an
    appointment outside the demo stays too, since deleting them would take them out of it.
    """
    appointments = Appointment.objects.filter(visits__programme=programme)
    elsewhere = Appointment.objects.exclude(pk__in=appointments)
    return list(
        Person.objects.exclude(erased_at=None)
        .filter(
            Q(sample_fields=["*"], delegations__visit__programme=programme)
            | Q(is_public_figure=True, owner=None, hosted_appointments__in=appointments)
        )
        .exclude(Q(appointments__in=elsewhere) | Q(hosted_appointments__in=elsewhere))
        .values_list("pk", flat=True)
        .distinct()
    )


def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo logins that are missing: an administrator and one per role.

    Existing accounts are left as they are. Returns ``(username, password, description)``
    rows for ``make demo`` to print.
    """
    User = get_user_model()
    rows = [(DEMO_USERNAME, DEMO_PASSWORD, "administrator (operator): sees and edits everything")]
    if not User.objects.filter(username=DEMO_USERNAME).exists():
        User.objects.create_superuser(username=DEMO_USERNAME, email="", password=DEMO_PASSWORD)
    for username, role, scope, description in DEMO_ROLES:
        rows.append((username, DEMO_PASSWORD, description))
        if User.objects.filter(username=username).exists() or not is_loaded():
            continue
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        add_membership(user=user, role=role, **_demo_scope(scope))
        if role == Role.SECURITY_LIAISON:
            reception = Appointment.objects.get(
                confidentiality=Appointment.Confidentiality.RESTRICTED,
                visits__start_date=VISITS["innovation"]["start_date"],
            )
            share_appointment(appointment=reception, liaison=user)
    return rows


def _demo_scope(scope: str | None) -> dict[str, Any]:
    """The organisation or person a demo role is scoped to."""
    if scope is None:
        return {}
    if scope.startswith("person:"):
        return {
            "person": Person.objects.get(
                given_name=scope.removeprefix("person:"),
                delegations__visit__start_date=VISITS["innovation"]["start_date"],
            )
        }
    return {"organisation": Organisation.objects.get(name_de=ORGANISATIONS[scope]["name"]["de"])}
