"""Changing a delegation and sharing appointments with a security liaison, from the visit page.

Stadt Musterstadt hosts a visit with Noa Beispiel in its delegation; a partner organisation
hosts one appointment, and a liaison has another shared. Only Musterstadt's coordinators
change the delegation and the shares.
"""

from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chaveruth.accounts.access import sees_details
from chaveruth.accounts.models import Role, Share
from chaveruth.accounts.services import share_appointment
from chaveruth.directory.models import Organisation, Person
from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Delegate, DelegateNeeds, Visit
from tests import factories as make
from tests.conftest import account
from tests.html import get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@dataclass
class World:
    visit: Visit
    city: Organisation
    noa: Delegate
    hosted: Appointment
    shared: Appointment
    users: dict


@pytest.fixture
def world(db) -> World:
    city = make.municipality("Stadt Musterstadt", "Musterstadt")
    other_city = make.municipality("Stadt Beispielhausen", "Beispielhausen")
    partner = make.organisation("Beispiel-Hub", kind="startup_hub", country="DE")
    visit = make.visit(make.programme(), city)
    noa = services.add_delegate(
        visit=visit, person=make.person("Noa", "Beispiel", owner=city), role="head"
    )
    hosted = make.appointment(
        visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11), title="Hub-Besuch"
    )
    services.update_appointment(
        appointment=hosted,
        fields={},
        hosting_organisations=[partner],
        participants=[noa.person],
    )
    shared = make.appointment(
        visit, make.berlin(2025, 1, 21, 10), make.berlin(2025, 1, 21, 11), title="Empfang"
    )
    liaison = account("verbindung", Role.SECURITY_LIAISON)
    share_appointment(appointment=shared, liaison=liaison)
    users = {
        "coordinator": account("koordination", Role.CITY_COORDINATOR, True, organisation=city),
        "other_coordinator": account(
            "koordination-b", Role.CITY_COORDINATOR, True, organisation=other_city
        ),
        "programme_office": account("programm", Role.PROGRAMME_OFFICE, True),
        "delegate": account("noa", Role.DELEGATE, person=noa.person),
        "host": account("hub", Role.PARTNER_HOST, organisation=partner),
        "liaison": liaison,
    }
    return World(visit, city, noa, hosted, shared, users)


def delegation(visit: Visit) -> list[tuple[str, str, str | None]]:
    return [
        (str(d.person), d.role, d.organisation and d.organisation.name)
        for d in visit.delegates.select_related("person", "organisation").in_precedence()
    ]


def as_user(client, world: World, persona: str):
    client.force_login(world.users[persona])
    return client


# --- Adding and removing delegates ---------------------------------------------------------------


def test_the_coordinator_adds_a_delegate_with_role_and_organisation(client, world):
    avi = make.person("Avi", "Levi", owner=world.city)
    hub = make.organisation("Tel Aviv Hub")
    coordinator = as_user(client, world, "coordinator")
    response = coordinator.post(
        reverse("visits:delegate_add", args=[world.visit.pk]),
        {"person": avi.pk, "role": "interpreter", "organisation": hub.pk},
    )
    assert (response.status_code, response["Location"]) == (302, world.visit.get_absolute_url())
    assert delegation(world.visit) == [
        ("Noa Beispiel", "head", None),
        ("Avi Levi", "interpreter", "Tel Aviv Hub"),
    ]
    added = Delegate.objects.get(person=avi)
    entry = LogEntry.objects.get_for_object(added).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, world.users["coordinator"])


def test_the_add_form_offers_the_people_the_coordinator_may_see_by_name(client, world):
    make.person("Zoe", "Adler", owner=world.city)
    make.person("Ben", "Adler", owner=world.city)
    # Another Ben Adler: told apart by the e-mail address, as the one chosen reads the visit.
    make.person("Ben", "Adler", owner=world.city, email="ben.adler@example.org")
    make.person("Gil", "Fremd")  # nobody's: not for Musterstadt's coordinators
    erased = make.person("Eva", "Gelöscht", owner=world.city)
    erased.erased_at = timezone.now()
    erased.save()
    page = get_page(
        as_user(client, world, "coordinator"),
        reverse("visits:delegate_add", args=[world.visit.pk]),
    )
    assert page.find(tag="main").find(tag="h1").text() == f"Add delegate: {world.visit.title}"
    options = page.find(tag="select", attrs={"name": "person"}).find_all(tag="option")
    assert [option.text() for option in options] == [
        "- Select an option -",
        "Ben Adler",
        "Ben Adler (ben.adler@example.org)",
        "Zoe Adler",
        "Noa Beispiel",
    ]
    roles = page.find(tag="select", attrs={"name": "role"}).find_all(tag="option")
    assert [option.text() for option in roles] == [
        "Head of delegation",
        "Member",
        "Interpreter",
        "Escort",
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Noa Beispiel is already a member of this delegation."),
        ("de", "Noa Beispiel gehört dieser Delegation bereits an."),
    ],
)
def test_a_person_already_in_the_delegation_is_refused(client, world, language, message):
    coordinator = as_user(client, world, "coordinator")
    with translation.override(language):
        url = reverse("visits:delegate_add", args=[world.visit.pk])
    response = coordinator.post(url, {"person": world.noa.person_id, "role": "member"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"person": [message]}
    assert delegation(world.visit) == [("Noa Beispiel", "head", None)]


def test_the_service_refuses_a_person_already_in_the_delegation(world):
    with pytest.raises(ValidationError) as refused:
        services.add_delegate(visit=world.visit, person=world.noa.person)
    assert refused.value.message_dict == {
        "person": ["Noa Beispiel is already a member of this delegation."]
    }
    assert Delegate.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"person": ["This field is required."], "role": ["This field is required."]}),
        ({"role": "member"}, {"person": ["This field is required."]}),
        (
            {"person": "stranger", "role": "member"},
            {"person": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"person": "9" * 25, "role": "member"},
            {"person": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"person": "avi", "role": "king"},
            {"role": ["Select a valid choice. king is not one of the available choices."]},
        ),
        (
            {"person": "avi", "role": "member", "organisation": "99999999"},
            {
                "organisation": [
                    "Select a valid choice. That choice is not one of the available choices."
                ]
            },
        ),
    ],
)
def test_bad_input_for_a_delegate_is_refused_and_saves_nothing(client, world, data, errors):
    people = {
        "avi": make.person("Avi", "Levi", owner=world.city).pk,
        "stranger": make.person("Gil", "Fremd").pk,  # not one the coordinator may see
    }
    if data.get("person") in people:
        data = {**data, "person": people[data["person"]]}
    response = as_user(client, world, "coordinator").post(
        reverse("visits:delegate_add", args=[world.visit.pk]), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert delegation(world.visit) == [("Noa Beispiel", "head", None)]


def test_remove_asks_first_and_changes_nothing_on_get(client, world):
    page = get_page(
        as_user(client, world, "coordinator"),
        reverse("visits:delegate_remove", args=[world.noa.pk]),
    )
    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Remove delegate"
    assert main.find(tag="p").text() == (
        f"Remove Noa Beispiel from the delegation “{world.visit.title}”? Their diet and "
        "accessibility needs for this stay are deleted with them; the person stays in the "
        "directory. They are also taken off the participants of the visit's appointments "
        "and wishes, except appointments held jointly with another visit in whose delegation "
        "they are."
    )
    assert delegation(world.visit) == [("Noa Beispiel", "head", None)]


def test_remove_on_post_takes_the_delegate_off_with_their_needs(client, world):
    services.record_needs(
        delegate=world.noa,
        diet="kosher",
        accessibility="",
        consent_text="Zweck",
        recorded_by=world.users["coordinator"],
    )
    response = as_user(client, world, "coordinator").post(
        reverse("visits:delegate_remove", args=[world.noa.pk])
    )
    assert (response.status_code, response["Location"]) == (302, world.visit.get_absolute_url())
    assert (delegation(world.visit), DelegateNeeds.objects.count()) == ([], 0)
    entry = LogEntry.objects.get_for_object(world.noa).latest("pk")
    assert (entry.action, entry.actor) == (LogEntry.Action.DELETE, world.users["coordinator"])
    # The person stays in the directory, but not on the visit's appointment they were named
    # for; the trail says who took them off.
    assert Person.objects.filter(pk=world.noa.person.pk).count() == 1
    assert list(world.hosted.participants.all()) == []
    entry = LogEntry.objects.get_for_object(world.hosted).latest("pk")
    assert (entry.action, entry.actor, entry.changes_dict) == (
        LogEntry.Action.UPDATE,
        world.users["coordinator"],
        {"participants": {"type": "m2m", "operation": "delete", "objects": ["Noa Beispiel"]}},
    )


def test_a_removed_delegate_no_longer_sees_the_visit_s_restricted_appointments(client, world):
    """Noa's login saw the restricted talk because she was named for it. She is also in the
    delegation of a second visit of the city, with a joint dinner of both: that one she keeps."""
    person = world.noa.person
    window = {"start": make.berlin(2025, 1, 22, 10), "end": make.berlin(2025, 1, 22, 11)}
    talk = make.appointment(
        world.visit, **window, title="Sicherheitsgespräch", confidentiality="restricted"
    )
    services.update_appointment(appointment=talk, fields={}, participants=[person])
    second = make.visit(world.visit.programme, world.city)
    services.add_delegate(visit=second, person=person, role="member")
    dinner = services.add_appointment(
        visits=[world.visit, second],
        venue=None,
        participants=[person],
        fields={
            "kind": "meal",
            "title_de": "Abendessen",
            "confidentiality": "restricted",
            "start": make.berlin(2025, 1, 22, 19),
            "end": make.berlin(2025, 1, 22, 21),
        },
    )
    delegate = world.users["delegate"]

    def seen() -> list[tuple[str, bool]]:
        appointments = Appointment.objects.visible_to(delegate).prefetch_related(
            "visits", "participants", "hosts", "hosting_organisations", "shares"
        )
        return [(str(a), sees_details(delegate, a)) for a in appointments.order_by("start")]

    assert seen() == [("Hub-Besuch", True), ("Sicherheitsgespräch", True), ("Abendessen", True)]
    as_user(client, world, "coordinator").post(
        reverse("visits:delegate_remove", args=[world.noa.pk])
    )
    assert seen() == [("Abendessen", True)]
    assert (list(talk.participants.all()), list(dinner.participants.all())) == ([], [person])


def test_a_removed_delegate_is_no_longer_required_by_the_visit_s_wishes(client, world):
    """An accepted proposal gives a wish's required participants its appointment: she would
    be named again."""
    person = world.noa.person
    venue = make.venue(world.city, "Beispielmuseum", latitude="51.48", longitude="7.21")
    wanted = services.add_wish(
        visit=world.visit,
        fields={"title_de": "Museumsbesuch", "venue": venue, "minutes": 60, "value": 5},
        participants=[person],
    )
    as_user(client, world, "coordinator").post(
        reverse("visits:delegate_remove", args=[world.noa.pk])
    )
    assert list(wanted.participants.all()) == []


def test_the_visit_page_offers_adding_and_removing_to_the_coordinator(client, world):
    page = get_page(as_user(client, world, "coordinator"), world.visit.get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "delegates-heading"})
    links = [(a.text(), a.attrs["href"]) for a in section.find_all(tag="a")]
    assert links == [
        ("Record needs (Noa Beispiel)", reverse("visits:needs_edit", args=[world.noa.pk])),
        ("Remove (Noa Beispiel)", reverse("visits:delegate_remove", args=[world.noa.pk])),
        ("Add delegate", reverse("visits:delegate_add", args=[world.visit.pk])),
    ]


def test_the_programme_office_sees_the_delegation_but_no_way_to_change_it(client, world):
    page = get_page(as_user(client, world, "programme_office"), world.visit.get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "delegates-heading"})
    assert section.find_all(tag="a") == []


# Who else asks: the visit is theirs to see (403) or not at all (404).
ADD_REFUSED = {
    "other_coordinator": 404,
    "programme_office": 403,
    "delegate": 403,
    "host": 403,
    "liaison": 403,
}
# Noa's own record: she sees it, the programme office the delegation; others do not see it.
REMOVE_REFUSED = {
    "other_coordinator": 404,
    "programme_office": 403,
    "delegate": 403,
    "host": 404,
    "liaison": 404,
}


def test_nobody_but_the_coordinators_adds_a_delegate(client, world):
    avi = make.person("Avi", "Levi", owner=world.city)
    url = reverse("visits:delegate_add", args=[world.visit.pk])
    got = {}
    for persona in ADD_REFUSED:
        client.force_login(world.users[persona])
        got[persona] = (
            client.get(url).status_code,
            client.post(url, {"person": avi.pk, "role": "member"}).status_code,
        )
    assert got == {persona: (status, status) for persona, status in ADD_REFUSED.items()}
    assert delegation(world.visit) == [("Noa Beispiel", "head", None)]


def test_nobody_but_the_coordinators_removes_a_delegate(client, world):
    url = reverse("visits:delegate_remove", args=[world.noa.pk])
    got = {}
    for persona in REMOVE_REFUSED:
        client.force_login(world.users[persona])
        got[persona] = (client.get(url).status_code, client.post(url).status_code)
    assert got == {persona: (status, status) for persona, status in REMOVE_REFUSED.items()}
    assert delegation(world.visit) == [("Noa Beispiel", "head", None)]


# --- Sharing appointments with security liaisons -------------------------------------------------

INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."
NOTE = ("warning", "A restricted appointment that no security liaison has been given.")


@pytest.fixture
def reception(world) -> Appointment:
    """A restricted appointment of the visit, shared with nobody yet."""
    return make.appointment(
        world.visit,
        make.berlin(2025, 1, 22, 10),
        make.berlin(2025, 1, 22, 11),
        title="Ministerempfang",
        confidentiality=Appointment.Confidentiality.RESTRICTED,
    )


@pytest.fixture
def police(world):
    """A second security liaison, with a name, who has nothing shared yet."""
    user = account("polizei", Role.SECURITY_LIAISON)
    user.first_name, user.last_name = "Paula", "Wache"
    user.save()
    return user


def shares() -> list[tuple[str, str, str | None]]:
    return [
        (str(s.appointment), s.liaison.username, s.shared_by and s.shared_by.username)
        for s in Share.objects.select_related("appointment", "liaison", "shared_by").order_by("pk")
    ]


def what_they_see(client, user, visit: Visit) -> tuple[int, list[tuple[str, bool]] | int]:
    """How many visits ``user``'s list shows, and the visit page's appointments with whether
    their details are shown (or the page's status)."""
    client.force_login(user)
    listed = client.get(reverse("visits:list")).context["page"].paginator.count
    page = client.get(visit.get_absolute_url())
    if page.status_code != 200:
        return listed, page.status_code
    items = [item for day in page.context["days"] for item in day.items]
    return listed, [(str(item.appointment), item.details) for item in items]


def findings_on_page(client, visit) -> list[tuple[str, str]]:
    response = client.get(visit.get_absolute_url())
    assert response.status_code == 200
    return [(f.severity, f.message) for f in response.context["findings"]]


def test_the_coordinator_shares_a_restricted_appointment_and_the_liaison_sees_it(
    client, world, reception, police
):
    assert what_they_see(client, police, world.visit) == (0, 404)
    coordinator = as_user(client, world, "coordinator")
    url = reverse("visits:appointment_shares", args=[reception.pk])
    response = coordinator.post(url, {"liaison": police.pk})
    assert (response.status_code, response["Location"]) == (302, url)
    assert shares() == [
        ("Empfang", "verbindung", None),
        ("Ministerempfang", "polizei", "koordination"),
    ]
    entry = LogEntry.objects.get_for_object(Share.objects.get(liaison=police)).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, world.users["coordinator"])
    assert what_they_see(client, police, world.visit) == (1, [("Ministerempfang", True)])
    # The other liaison still sees only what was shared with them.
    assert what_they_see(client, world.users["liaison"], world.visit) == (1, [("Empfang", True)])


def test_withdrawing_a_share_asks_first_then_hides_the_appointment_again(
    client, world, reception, police
):
    share = share_appointment(appointment=reception, liaison=police)
    assert what_they_see(client, police, world.visit) == (1, [("Ministerempfang", True)])
    url = reverse("visits:share_withdraw", args=[share.pk])
    page = get_page(as_user(client, world, "coordinator"), url)
    assert page.find(tag="main").find(tag="p").text() == (
        "Withdraw the share of “Ministerempfang” on 22 January 2025, 10:00 with Paula Wache? "
        "They no longer see the appointment."
    )
    assert len(shares()) == 2  # a GET withdraws nothing
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("visits:appointment_shares", args=[reception.pk]),
    )
    assert shares() == [("Empfang", "verbindung", None)]
    entry = LogEntry.objects.get_for_object(share).latest("pk")
    assert (entry.action, entry.actor) == (LogEntry.Action.DELETE, world.users["coordinator"])
    assert what_they_see(client, police, world.visit) == (0, 404)


def test_the_check_s_note_goes_once_the_appointment_is_shared(client, world, reception, police):
    coordinator = as_user(client, world, "coordinator")
    before = findings_on_page(coordinator, world.visit)
    assert NOTE in before
    coordinator.post(
        reverse("visits:appointment_shares", args=[reception.pk]), {"liaison": police.pk}
    )
    assert findings_on_page(coordinator, world.visit) == [f for f in before if f != NOTE]


def test_the_shares_page_offers_the_active_liaisons_who_serve_the_city_by_name(
    client, world, reception, police
):
    retired = account("ruhestand", Role.SECURITY_LIAISON)
    retired.is_active = False
    retired.save()
    account("wache-muster", Role.SECURITY_LIAISON, organisation=world.city)
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    account("wache-beispiel", Role.SECURITY_LIAISON, organisation=other_city)
    page = get_page(
        as_user(client, world, "coordinator"),
        reverse("visits:appointment_shares", args=[reception.pk]),
    )
    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Security liaisons: Ministerempfang"
    assert main.find(tag="ul", cls="shares").text() == "Not shared with any security liaison."
    options = main.find(tag="select", attrs={"name": "liaison"}).find_all(tag="option")
    # Those who serve every city, and Musterstadt's; Beispielhausen's is not even named.
    assert [option.text() for option in options] == [
        "- Select an option -",
        "verbindung",
        "wache-muster",
        "Paula Wache",
    ]


def test_with_every_liaison_of_the_city_given_it_the_shares_page_offers_no_form(client, world):
    """A form whose only choice is "none" would refuse whatever is sent."""
    url = reverse("visits:appointment_shares", args=[world.shared.pk])
    main = get_page(as_user(client, world, "coordinator"), url).find(tag="main")
    assert main.find_all(tag="form") == []
    assert texts(main.find_all(cls="no-liaison-left")) == [
        "Every security liaison who serves this city has this appointment already."
    ]


def test_a_joint_appointment_may_be_shared_with_either_city_s_liaison(world, reception):
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    other_liaison = account("wache-beispiel", Role.SECURITY_LIAISON, organisation=other_city)
    with pytest.raises(ValidationError) as refused:
        share_appointment(appointment=reception, liaison=other_liaison)
    assert refused.value.message_dict == {
        "liaison": ["This security liaison serves another municipality."]
    }
    reception.visits.add(make.visit(world.visit.programme, other_city))
    share_appointment(appointment=reception, liaison=other_liaison)
    assert shares() == [
        ("Empfang", "verbindung", None),
        ("Ministerempfang", "wache-beispiel", None),
    ]


def lapsed_notes(client, world, appointment) -> list[tuple[str, str]]:
    """The shares page's liaisons, each with what it says of a share they no longer see."""
    url = reverse("visits:appointment_shares", args=[appointment.pk])
    items = get_page(as_user(client, world, "coordinator"), url).find(cls="shares").find_all("li")
    return [
        (item.find(cls="share").text().split(" — ")[0], lapsed[0].text())
        for item in items
        if (lapsed := item.find_all(cls="share-lapsed"))
    ]


def test_a_liaison_who_moves_to_another_city_no_longer_sees_what_was_shared(
    client, world, reception, police
):
    """A share is given to someone as a liaison for this city: once they serve another (the
    operator changed their role), it no longer shows them the appointment, the check asks
    again for a liaison, and the shares page says why; serving this city again, they see it
    again."""
    share_appointment(appointment=reception, liaison=police)
    coordinator = as_user(client, world, "coordinator")
    assert NOTE not in findings_on_page(coordinator, world.visit)
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    police.memberships.update(organisation=other_city)
    assert what_they_see(client, police, world.visit) == (0, 404)
    assert NOTE in findings_on_page(as_user(client, world, "coordinator"), world.visit)
    assert lapsed_notes(client, world, reception) == [
        ("Paula Wache", "No longer sees it: no longer serves this city as security liaison.")
    ]
    # Nobody else serves Musterstadt but the liaison for every city, who has it already.
    url = reverse("visits:appointment_shares", args=[world.shared.pk])
    world.users["liaison"].memberships.update(organisation=other_city)
    note = get_page(as_user(client, world, "coordinator"), url).find(cls="no-liaison-left")
    assert (
        note.text()
        == "No security liaison serves this city yet: the operator gives someone that role."
    )
    world.users["liaison"].memberships.update(organisation=None)
    police.memberships.update(organisation=world.city)
    assert what_they_see(client, police, world.visit) == (1, [("Ministerempfang", True)])
    assert lapsed_notes(client, world, reception) == []


def test_a_closed_account_s_shares_no_longer_count_for_the_check(client, world, reception, police):
    share_appointment(appointment=reception, liaison=police)
    police.is_active = False
    police.save()
    assert NOTE in findings_on_page(as_user(client, world, "coordinator"), world.visit)
    assert lapsed_notes(client, world, reception) == [
        ("Paula Wache", "No longer sees it: the account is closed.")
    ]


def test_of_a_joint_visit_a_liaison_sees_only_their_own_city_s_half(world, reception, client):
    """The appointment is part of both cities' visits; Beispielhausen's liaison sees it in
    Beispielhausen's visit, and not Musterstadt's visit around it."""
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    other_visit = make.visit(world.visit.programme, other_city)
    reception.visits.add(other_visit)
    other_liaison = account("wache-beispiel", Role.SECURITY_LIAISON, organisation=other_city)
    share_appointment(appointment=reception, liaison=other_liaison)
    assert what_they_see(client, other_liaison, world.visit) == (1, 404)
    assert what_they_see(client, other_liaison, other_visit) == (
        1,
        [("Ministerempfang", True)],
    )
    # A liaison for every city, given it for Musterstadt, sees it in Musterstadt's visit.
    share_appointment(appointment=reception, liaison=world.users["liaison"])
    assert Share.objects.get(
        liaison=world.users["liaison"], appointment=reception
    ).municipality == (world.city)
    assert what_they_see(client, world.users["liaison"], other_visit) == (1, 404)


def test_a_liaison_who_moves_to_the_city_of_a_joint_appointment_s_other_visit_sees_nothing(
    world, reception, client, police
):
    """Shared for Musterstadt, the reception is part of Beispielhausen's visit too: its
    liaison, moved to Beispielhausen, was given nothing there by anyone."""
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    other_visit = make.visit(world.visit.programme, other_city)
    police.memberships.update(organisation=world.city)
    share_appointment(appointment=reception, liaison=police)
    reception.visits.add(other_visit)
    police.memberships.update(organisation=other_city)
    assert what_they_see(client, police, other_visit) == (0, 404)
    assert what_they_see(client, police, world.visit) == (0, 404)
    assert lapsed_notes(client, world, reception) == [
        ("Paula Wache", "No longer sees it: no longer serves this city as security liaison.")
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This security liaison serves another municipality."),
        ("de", "Dieser Sicherheitskontakt ist für eine andere Kommune zuständig."),
    ],
)
def test_sharing_with_another_city_s_liaison_is_refused(world, reception, language, message):
    """By the service, whoever calls it: the form offers only the city's own liaisons."""
    other_city = Organisation.objects.get(name_de="Stadt Beispielhausen")
    other_liaison = account("wache-beispiel", Role.SECURITY_LIAISON, organisation=other_city)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        share_appointment(appointment=reception, liaison=other_liaison)
    assert refused.value.message_dict == {"liaison": [message]}
    assert shares() == [("Empfang", "verbindung", None)]


def test_the_visit_page_links_each_restricted_or_shared_appointment_to_its_shares(
    client, world, reception
):
    def links() -> list[tuple[str, str]]:
        page = get_page(as_user(client, world, "coordinator"), world.visit.get_absolute_url())
        return [
            (node.text(), node.find(tag="a").attrs["href"])
            for node in page.find_all(cls="appointment-shares")
        ]

    shares_of = lambda appointment: reverse("visits:appointment_shares", args=[appointment.pk])  # noqa: E731
    assert links() == [
        ("Shared with 1 security liaison", shares_of(world.shared)),
        ("Share with security liaison", shares_of(reception)),
    ]
    # A share that lapsed is no liaison the appointment has; its page still lists it.
    world.users["liaison"].is_active = False
    world.users["liaison"].save()
    assert links() == [
        ("Share with security liaison", shares_of(world.shared)),
        ("Share with security liaison", shares_of(reception)),
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The appointment is already shared with verbindung."),
        ("de", "Der Termin ist bereits für verbindung freigegeben."),
    ],
)
def test_sharing_twice_with_one_liaison_is_refused(world, language, message):
    """By the service, whoever calls it; the form does not offer the liaison again."""
    liaison = world.users["liaison"]
    with translation.override(language), pytest.raises(ValidationError) as refused:
        share_appointment(appointment=world.shared, liaison=liaison)
    assert refused.value.message_dict == {"liaison": [message]}
    assert shares() == [("Empfang", "verbindung", None)]


def test_a_liaison_it_is_shared_with_is_not_offered_again(client, world, police):
    url = reverse("visits:appointment_shares", args=[world.shared.pk])
    coordinator = as_user(client, world, "coordinator")
    offered = texts(get_page(coordinator, url).find(tag="select").find_all(tag="option"))
    assert offered == ["- Select an option -", "Paula Wache"]
    # Sent from a page drawn before it was shared (another tab): refused in words.
    response = coordinator.post(url, {"liaison": world.users["liaison"].pk})
    assert (response.status_code, response.context["form"].errors) == (
        400,
        {"liaison": ["The appointment is already shared with verbindung."]},
    )
    assert shares() == [("Empfang", "verbindung", None)]


@pytest.mark.parametrize(
    ("liaison", "errors"),
    [
        (None, {"liaison": ["This field is required."]}),
        ("coordinator", {"liaison": [INVALID_CHOICE]}),  # no liaison
        ("9" * 25, {"liaison": [INVALID_CHOICE]}),
    ],
)
def test_bad_input_for_a_share_is_refused_and_saves_nothing(
    client, world, reception, liaison, errors
):
    data = {}
    if liaison:
        data["liaison"] = world.users[liaison].pk if liaison in world.users else liaison
    response = as_user(client, world, "coordinator").post(
        reverse("visits:appointment_shares", args=[reception.pk]), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert shares() == [("Empfang", "verbindung", None)]


def test_the_service_shares_only_with_a_security_liaison(world, reception):
    with pytest.raises(ValidationError) as refused:
        share_appointment(appointment=reception, liaison=world.users["coordinator"])
    assert refused.value.message_dict == {"liaison": ["koordination is not a security liaison."]}
    assert shares() == [("Empfang", "verbindung", None)]


# The liaison's own share of "Empfang": Noa takes no part in it, the host does not host it.
SHARES_REFUSED = {
    "other_coordinator": 404,
    "programme_office": 403,
    "delegate": 404,
    "host": 404,
    "liaison": 403,
}


def test_nobody_but_the_coordinators_shares_or_withdraws(client, world, police):
    share = Share.objects.get()
    page = reverse("visits:appointment_shares", args=[world.shared.pk])
    withdraw = reverse("visits:share_withdraw", args=[share.pk])
    got = {}
    for persona in SHARES_REFUSED:
        client.force_login(world.users[persona])
        got[persona] = (
            client.get(page).status_code,
            client.post(page, {"liaison": police.pk}).status_code,
            client.get(withdraw).status_code,
            client.post(withdraw).status_code,
        )
    # The shares page of an appointment they see is refused (403); the share itself does not
    # exist for them (404): that the police were given it is its planners' to know.
    assert got == {
        persona: (status, status, 404, 404) for persona, status in SHARES_REFUSED.items()
    }
    assert shares() == [("Empfang", "verbindung", None)]


def test_a_liaison_serves_a_municipality_not_another_organisation(world):
    partner = Organisation.objects.get(name_de="Beispiel-Hub")
    with pytest.raises(ValidationError) as refused:
        account("wache-hub", Role.SECURITY_LIAISON, organisation=partner)
    assert refused.value.message_dict == {
        "organisation": ["A security liaison serves a municipality, or every one (none)."]
    }
