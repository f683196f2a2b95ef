"""The authorization matrix: every URL of the site × every persona → the exact outcome.

Outcomes: ``LOGIN`` (redirected to the login page), ``OK`` (200), another status code, a
number (a list page showing exactly that many rows), or ``Itinerary(shown, redacted)`` for a
visit page.
A URL added to the site without a row here fails ``test_every_url_is_in_the_matrix``.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, reverse

from chaveruth.accounts.models import ItineraryRead, Role, Share
from chaveruth.accounts.services import add_membership
from chaveruth.directory.models import Organisation, Person
from chaveruth.directory.services import add_opening_exception
from chaveruth.visits.models import Appointment, Proposal, Visit, Wish
from tests import factories as make
from tests.conftest import give_second_factor
from tests.html import get_page, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LOGIN, OK = "login", 200


@dataclass(frozen=True)
class Itinerary:
    shown: int  # appointments listed
    redacted: int  # of them shown as "Restricted appointment", time only


PERSONAS = [
    "coordinator",  # city coordinator of Stadt Bochum, which owns every demo record
    "other_coordinator",  # city coordinator of another municipality
    "delegate",  # Noa Beispiel, member of the innovation delegation (visit A)
    "other_delegate",  # a member of the mental-health delegation (visit B)
    "host",  # partner host for WERK X, which hosts one appointment of visit A
    "liaison",  # security liaison with the minister's reception of visit A shared
    "unshared_liaison",  # security liaison with nothing shared
    "programme_office",
    "anonymous",
]


def row(*outcomes) -> dict:
    assert len(outcomes) == len(PERSONAS)
    return dict(zip(PERSONAS, outcomes, strict=True))


STAFF_ONLY_PAGE = row(OK, OK, 403, 403, 403, 403, 403, OK, LOGIN)
BOCHUM_RECORD = row(OK, 404, 404, 404, 404, 404, 404, OK, LOGIN)
VISIT_A_CHANGE = row(OK, 404, 403, 404, 403, 403, 404, 403, LOGIN)
# Visit A's wishes and proposals: to all but its coordinators they do not exist, even to those
# who see the visit (a 403 would let them count them).
VISIT_A_PLANNING = row(OK, 404, 404, 404, 404, 404, 404, 404, LOGIN)
# A GET of a POST-only action goes to the page it belongs to, which applies its own rules.
POST_ONLY = row(302, 302, 302, 302, 302, 302, 302, 302, LOGIN)
WERKX_APPOINTMENT_CHANGE = row(OK, 404, 403, 404, 403, 404, 404, 403, LOGIN)

#: url name → (arguments from the demo, outcome per persona)
MATRIX = {
    "reports:dashboard": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    # Switching the language is a POST (a GET just redirects back, changing nothing).
    "set_language": (None, row(302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "directory:organisation_list": (None, row(14, 14, 0, 0, 1, 0, 0, 14, LOGIN)),
    "directory:organisation_create": (None, STAFF_ONLY_PAGE),
    "directory:organisation_detail": ("bochum", row(OK, OK, 404, 404, 404, 404, 404, OK, LOGIN)),
    # Only staff work with the directory: others are refused before anything is looked up.
    "directory:organisation_edit": ("bochum", STAFF_ONLY_PAGE),
    "directory:person_list": (None, row(25, 2, 0, 0, 0, 0, 0, 25, LOGIN)),
    # People are entered by coordinators, for their own city, which then owns the record: not
    # by the programme office, which reads everyone but owns no one's record.
    "directory:person_create": (None, row(OK, OK, 403, 403, 403, 403, 403, 403, LOGIN)),
    "directory:person_detail": ("noa", BOCHUM_RECORD),
    # Corrected by the owning city's office, as it answers the person's requests.
    "directory:person_edit": ("noa", row(OK, 404, 404, 404, 404, 404, 404, 403, LOGIN)),
    # A person's data export (GDPR Art. 15) and erasure (Art. 17): the owning city's office.
    "directory:person_export": ("noa", row(OK, 404, 404, 404, 404, 404, 404, 403, LOGIN)),
    "directory:person_erase": ("noa", row(OK, 404, 404, 404, 404, 404, 404, 403, LOGIN)),
    "directory:venue_list": (None, row(9, 9, 0, 0, 0, 0, 0, 9, LOGIN)),
    "directory:venue_create": (None, STAFF_ONLY_PAGE),
    "directory:venue_detail": ("town_hall", row(OK, OK, 404, 404, 404, 404, 404, OK, LOGIN)),
    "directory:venue_edit": ("town_hall", STAFF_ONLY_PAGE),
    "directory:venue_travel": ("town_hall", STAFF_ONLY_PAGE),
    "directory:venue_hours": ("town_hall", STAFF_ONLY_PAGE),
    "directory:venue_exceptions": ("town_hall", STAFF_ONLY_PAGE),
    "directory:opening_exception_remove": ("town_hall_exception", STAFF_ONLY_PAGE),
    "partnerships:partnership_list": (None, row(4, 0, 0, 0, 0, 0, 0, 4, LOGIN)),
    "partnerships:partnership_detail": ("partnership", BOCHUM_RECORD),
    "partnerships:project_list": (None, row(5, 0, 0, 0, 0, 0, 0, 5, LOGIN)),
    "partnerships:project_detail": ("project", BOCHUM_RECORD),
    "visits:list": (None, row(2, 0, 1, 1, 1, 1, 0, 2, LOGIN)),
    "visits:create": (None, row(OK, OK, 403, 403, 403, 403, 403, 403, LOGIN)),
    "visits:detail": (
        "visit_a",
        row(
            Itinerary(7, 0),  # the coordinators' own briefing included
            404,
            Itinerary(6, 0),  # only what Noa takes part in (the minister's reception too)
            404,
            Itinerary(1, 0),  # the start-up exchange WERK X hosts
            Itinerary(1, 0),  # the shared reception, whole
            404,
            Itinerary(7, 1),  # everything, but the restricted reception redacted
            LOGIN,
        ),
    ),
    "visits:edit": ("visit_a", VISIT_A_CHANGE),
    "visits:reschedule": ("visit_a", VISIT_A_CHANGE),
    # Visit A took place: its coordinators are sent to its page, which says so.
    "visits:cancel": ("visit_a", row(302, 404, 403, 404, 403, 403, 404, 403, LOGIN)),
    "visits:reads": ("visit_a", VISIT_A_CHANGE),
    "visits:appointment_create": ("visit_a", VISIT_A_CHANGE),
    "visits:wishes": ("visit_a", VISIT_A_CHANGE),
    "visits:wish_create": ("visit_a", VISIT_A_CHANGE),
    "visits:wish_edit": ("wish_a", VISIT_A_PLANNING),
    "visits:wish_delete": ("wish_a", VISIT_A_PLANNING),
    "visits:proposal": ("proposal_a", VISIT_A_PLANNING),
    # Asking for, accepting and discarding a proposal are POSTs only: a GET (say, after the
    # language was switched on a refusal) goes to the wish list or the proposal page.
    "visits:proposal_create": ("visit_a", POST_ONLY),
    "visits:proposal_accept": ("proposal_a", POST_ONLY),
    "visits:proposal_discard": ("proposal_a", POST_ONLY),
    "visits:appointment_edit": ("werkx_appointment", WERKX_APPOINTMENT_CHANGE),
    "visits:appointment_delete": ("werkx_appointment", WERKX_APPOINTMENT_CHANGE),
    "visits:appointment_shares": ("werkx_appointment", WERKX_APPOINTMENT_CHANGE),
    # The minister's reception shared with the liaison: Noa, the liaison and the programme
    # office see the appointment, but that the police have it is its planners' to know: to
    # all but its city's coordinators the share does not exist.
    "visits:share_withdraw": ("liaison_share", VISIT_A_PLANNING),
    # Noa's diet and accessibility needs: recorded by the host city's coordinators; seen and
    # withdrawn by them and by Noa. The programme office sees the delegation, not the needs;
    # hosts and liaisons do not see the delegation at all.
    "visits:needs_edit": ("noa_delegate", row(OK, 404, 403, 404, 404, 404, 404, 403, LOGIN)),
    # The delegation is changed by the host city's coordinators only: Noa sees her own record
    # and the programme office the delegation, but neither changes it.
    "visits:delegate_add": ("visit_a", VISIT_A_CHANGE),
    "visits:delegate_remove": ("noa_delegate", row(OK, 404, 403, 404, 404, 404, 404, 403, LOGIN)),
    "visits:needs_withdraw": ("noa_delegate", row(OK, 404, OK, 404, 404, 404, 404, 403, LOGIN)),
    # The account pages (django-allauth) show a user their own account and nothing of the
    # programme. Their answers depend on the account: whether it has a password (the three
    # personas made here have none), a second factor (the staff personas have TOTP), and a
    # recent login (force_login is not one, so changing a factor first asks to
    # re-authenticate: 302). Single sign-on is not configured here: its pages are 404.
    "account_change_password": (None, row(OK, 302, OK, 302, OK, OK, 302, OK, LOGIN)),
    "account_confirm_email": ({"key": "bogus-key"}, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_confirm_login_code": (None, row(302, 302, 302, 302, 302, 302, 302, 302, LOGIN)),
    "account_email": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    "account_email_verification_sent": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_inactive": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_login": (None, row(302, 302, 302, 302, 302, 302, 302, 302, OK)),
    "account_logout": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    "account_reauthenticate": (None, row(OK, 302, OK, 403, OK, OK, 403, OK, LOGIN)),
    "account_reset_password": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_reset_password_done": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_reset_password_from_key": (
        {"uidb36": "1", "key": "bogus"},
        row(OK, OK, OK, OK, OK, OK, OK, OK, OK),
    ),
    "account_reset_password_from_key_done": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "account_set_password": (None, row(302, OK, 302, OK, 302, 302, OK, 302, LOGIN)),
    "account_signup": (None, row(302, 302, 302, 302, 302, 302, 302, 302, OK)),
    "mfa_activate_totp": (None, row(302, 302, 302, OK, 302, 302, OK, 302, LOGIN)),
    "mfa_add_webauthn": (None, row(302, 302, 302, OK, 302, 302, OK, 302, LOGIN)),
    "mfa_authenticate": (None, row(302, 302, 302, 302, 302, 302, 302, 302, LOGIN)),
    "mfa_deactivate_totp": (None, row(302, 302, 404, 404, 404, 404, 404, 302, LOGIN)),
    "mfa_download_recovery_codes": (None, row(404, 404, 404, 404, 404, 404, 404, 404, LOGIN)),
    "mfa_edit_webauthn": ({"pk": 999}, row(302, 302, 302, 404, 302, 302, 404, 302, LOGIN)),
    "mfa_generate_recovery_codes": (None, row(302, 302, 302, OK, 302, 302, OK, 302, LOGIN)),
    "mfa_index": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    "mfa_list_webauthn": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    "mfa_reauthenticate": (None, row(OK, OK, 302, 403, 302, 302, 403, OK, LOGIN)),
    "mfa_reauthenticate_webauthn": (None, row(302, 302, 302, 403, 302, 302, 403, 302, LOGIN)),
    "mfa_remove_webauthn": ({"pk": 999}, row(302, 302, 302, 404, 302, 302, 404, 302, LOGIN)),
    "mfa_view_recovery_codes": (None, row(404, 404, 404, 404, 404, 404, 404, 404, LOGIN)),
    "openid_connect_callback": (
        {"provider_id": "stadt"},
        row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "openid_connect_login": (
        {"provider_id": "stadt"},
        row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "saml_acs": ({"organization_slug": "stadt"}, row(302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "saml_finish_acs": (
        {"organization_slug": "stadt"},
        row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "saml_login": (
        {"organization_slug": "stadt"},
        row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "saml_metadata": (
        {"organization_slug": "stadt"},
        row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "saml_sls": ({"organization_slug": "stadt"}, row(404, 404, 404, 404, 404, 404, 404, 404, 404)),
    "socialaccount_connections": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)),
    "socialaccount_login_cancelled": (None, row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    "socialaccount_login_error": (None, row(401, 401, 401, 401, 401, 401, 401, 401, LOGIN)),
    "socialaccount_signup": (
        None,
        row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    ),
}


def site_url_names() -> set[str]:
    """Every named URL of the site, by namespace (the admin has its own staff-only login)."""

    def walk(patterns, namespace: str | None) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walked = walk(pattern.url_patterns, pattern.namespace or namespace)
                names |= walked
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return walk(get_resolver().url_patterns, None)


def test_every_url_is_in_the_matrix():
    assert site_url_names() == set(MATRIX)


def user(username: str, role: Role, **scope):
    account = get_user_model().objects.create_user(username)
    add_membership(user=account, role=role, **scope)
    return account


@pytest.fixture
def world(db) -> dict:
    """The demo, two more personas, and one appointment of visit A nobody but its
    coordinators sees (it has no participants, hosts or shares)."""
    call_command("load_demo", verbosity=0)
    visit_a = Visit.objects.get(start_date="2025-01-19")
    visit_b = Visit.objects.get(start_date="2025-01-26")
    make.appointment(
        visit_a,
        make.berlin(2025, 1, 19, 17),
        make.berlin(2025, 1, 19, 18),
        title="Vorbesprechung der Koordination",
        kind="meeting",
    )
    town_hall = visit_a.appointments.filter(venue__isnull=False).first().venue
    # After the visits, so that no finding of theirs changes.
    closed = add_opening_exception(venue=town_hall, date=dt.date(2025, 12, 24), fields={})
    users = get_user_model().objects
    other_city = make.municipality("Stadt Beispielhausen", "Beispielhausen")
    world = {
        "users": {
            "coordinator": users.get(username="bochum"),
            "other_coordinator": user(
                "koordination-beispielhausen", Role.CITY_COORDINATOR, organisation=other_city
            ),
            "delegate": users.get(username="delegation"),
            "other_delegate": user(
                "delegation-b", Role.DELEGATE, person=visit_b.delegates.first().person
            ),
            "host": users.get(username="werkx"),
            "liaison": users.get(username="sicherheit"),
            "unshared_liaison": user("verbindung-ohne-freigabe", Role.SECURITY_LIAISON),
            "programme_office": users.get(username="programm"),
            "anonymous": None,
        },
        "args": {
            "bochum": Organisation.objects.get(name_de="Stadt Bochum").pk,
            "noa": Person.objects.get(given_name="Noa").pk,
            "town_hall": town_hall.pk,
            "town_hall_exception": closed.pk,
            "partnership": visit_a.projects.first().partnership_id,
            "project": visit_a.projects.first().pk,
            "visit_a": visit_a.pk,
            "wish_a": visit_a.wishes.first().pk,
            "proposal_a": Proposal.objects.create(visit=visit_a, status="ready").pk,
            "noa_delegate": visit_a.delegates.get(person__given_name="Noa").pk,
            "liaison_share": Share.objects.get(liaison__username="sicherheit").pk,
            "werkx_appointment": Appointment.objects.get(
                hosting_organisations__name_de="WERK X"
            ).pk,
        },
    }
    for persona in ("coordinator", "other_coordinator", "programme_office"):
        give_second_factor(world["users"][persona])  # staff must have one
    return world


def outcome(response) -> object:
    """What a persona got, in the matrix's terms."""
    if response.status_code == 302 and response["Location"].startswith("/en/accounts/login/"):
        return LOGIN
    if response.status_code != 200:
        return response.status_code
    context = response.context
    if context and "days" in context:
        items = [item for day in context["days"] for item in day.items]
        return Itinerary(len(items), sum(not item.details for item in items))
    if context and "items" in context:
        return context["page"].paginator.count
    return OK


def answers(client, world, personas, ask) -> dict:
    """What each persona got from the same request."""
    got = {}
    for persona in personas:
        client.logout()
        if world["users"][persona] is not None:
            client.force_login(world["users"][persona])
        got[persona] = outcome(ask())
    return got


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, world, name):
    argument, expected = MATRIX[name]
    if isinstance(argument, dict):  # fixed arguments, e.g. a made-up key
        url = reverse(name, kwargs=argument)
    else:
        url = reverse(name, args=[world["args"][argument]] if argument else [])
    assert answers(client, world, PERSONAS, lambda: client.get(url)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "visits:proposal_create",
        "visits:proposal_accept",
        "visits:proposal_discard",
        "visits:wish_delete",
    ],
)
def test_planning_posts_from_anyone_but_the_coordinators_are_refused_and_change_nothing(
    client, world, name
):
    argument, _ = MATRIX[name]
    url = reverse(name, args=[world["args"][argument]])
    others = [persona for persona in PERSONAS if persona != "coordinator"]
    got = answers(client, world, others, lambda: client.post(url))
    refused = VISIT_A_CHANGE if name == "visits:proposal_create" else VISIT_A_PLANNING
    assert got == {persona: refused[persona] for persona in others}
    proposal = Proposal.objects.get(pk=world["args"]["proposal_a"])
    assert (proposal.status, Proposal.objects.count()) == ("ready", 1)
    assert Wish.objects.filter(pk=world["args"]["wish_a"]).exists()


def test_redacted_appointment_shows_its_time_but_not_its_place_or_people(client, world):
    client.force_login(world["users"]["programme_office"])
    page = client.get(reverse("visits:detail", args=[world["args"]["visit_a"]])).text
    assert "Restricted appointment" in page
    assert "11:00–12:30" in page  # the reception's time stays
    for secret in ("Horionplatz", "State Chancellery", "Liminski"):
        assert secret not in page


def test_the_shared_liaison_sees_the_reception_whole(client, world):
    client.force_login(world["users"]["liaison"])
    page = client.get(reverse("visits:detail", args=[world["args"]["visit_a"]])).text
    assert "Reception at the State Chancellery by Minister Nathanael Liminski" in page
    assert "Horionplatz 1, 40213 Düsseldorf" in page
    assert "Restricted appointment" not in page


def test_every_itinerary_read_is_logged_with_ids_and_time_only(client, world):
    reader = world["users"]["delegate"]
    client.force_login(reader)
    client.get(reverse("visits:detail", args=[world["args"]["visit_a"]]))
    read = ItineraryRead.objects.get()
    assert (read.reader, read.visit_id, read.channel) == (
        reader,
        world["args"]["visit_a"],
        ItineraryRead.Channel.PAGE,
    )
    # Nothing else is stored: no titles, places or names.
    assert {field.name for field in ItineraryRead._meta.concrete_fields} == {
        "id",
        "reader",
        "visit",
        "channel",
        "read_at",
    }


def test_the_coordinator_sees_who_read_the_itinerary(client, world):
    visit = world["args"]["visit_a"]
    client.force_login(world["users"]["delegate"])
    client.get(reverse("visits:detail", args=[visit]))
    client.force_login(world["users"]["coordinator"])
    page = client.get(reverse("visits:reads", args=[visit]))
    assert [(read.reader.username, read.channel) for read in page.context["reads"]] == [
        ("delegation", "page")
    ]


def test_a_person_page_leaves_out_a_restricted_appointment_whose_people_the_user_may_not_see(
    client, world
):
    """The programme office sees Noa's appointments, but not the restricted reception: listed
    even by its time alone, it would say that she takes part in it. Her coordinators see it."""
    url = reverse("directory:person_detail", args=[world["args"]["noa"]])
    listed = {}
    for persona in ("programme_office", "coordinator"):
        client.force_login(world["users"][persona])
        page = client.get(url)
        listed[persona] = [a.appointment.title for a in page.context["appointments"]]
        assert "Restricted appointment" not in page.text
    reception = "Reception at the State Chancellery by Minister Nathanael Liminski"
    assert reception in listed["coordinator"]
    assert listed["programme_office"] == [t for t in listed["coordinator"] if t != reception]
    assert listed["programme_office"]


def test_nobody_finds_a_visit_by_words_of_its_purpose(client, world):
    """A host or a liaison could otherwise read the purpose the visit page hides, word by word;
    the visit is found by its title."""
    found = {}
    for persona in ("coordinator", "host", "liaison"):
        client.force_login(world["users"][persona])
        for words in ("Ruhrgebiet", "Wasserresilienz"):
            page = client.get(reverse("visits:list"), {"q": words})
            found[persona, words] = page.context["page"].paginator.count
    assert found == {
        ("coordinator", "Ruhrgebiet"): 0,
        ("coordinator", "Wasserresilienz"): 1,
        ("host", "Ruhrgebiet"): 0,
        ("host", "Wasserresilienz"): 1,
        ("liaison", "Ruhrgebiet"): 0,
        ("liaison", "Wasserresilienz"): 1,
    }


def test_a_visit_s_facts_are_for_its_planners_and_delegates_not_a_host_or_liaison(client, world):
    """A host or a liaison sees exactly the appointments they are given, and the visit by its
    title and dates: not how many come, whether they keep Shabbat, who supports them."""
    url = reverse("visits:detail", args=[world["args"]["visit_a"]])
    personas = ("coordinator", "programme_office", "delegate", "host", "liaison")
    facts = {}
    for persona in personas:
        client.force_login(world["users"][persona])
        page = get_page(client, url)
        listed = get_page(client, reverse("visits:list"))
        sizes = listed.find_all(tag="td", attrs={"data-label": "Expected members"})
        directions = listed.find_all(tag="td", attrs={"data-label": "Direction"})
        start = get_page(client, reverse("reports:dashboard")).text()
        facts[persona] = [
            *texts(page.find_all(cls="kern-description-list-item__key")),
            texts(sizes),
            sorted(set(texts(directions))),
            "15 people expected" in start,
        ]
    all_facts = [
        "Coming from",
        "Host municipality",
        "Expected members",
        "Observes Shabbat",
        "Projects",
        "Supported by",
        "Purpose",
    ]
    from_israel, incoming = ["Incoming (Israel)"], ["Incoming"]
    assert facts == {
        "coordinator": [*all_facts, ["15", "8"], from_israel, True],
        "programme_office": [*all_facts, ["15", "8"], from_israel, True],
        "delegate": [*all_facts, ["15"], from_israel, False],  # its own visit, as on its page
        "host": [["—"], incoming, False],
        "liaison": [["—"], incoming, False],
    }


def test_the_visit_s_purpose_is_for_its_planners_and_delegates_not_a_host_or_liaison(client, world):
    """Visit A's purpose names the Gesundheitscampus, WERK X and the Ruhr tour: where the
    delegation goes. A host and a liaison see their appointments only, and every other day
    is "nothing planned for you", not "nothing planned"."""
    url = reverse("visits:detail", args=[world["args"]["visit_a"]])
    personas = ("coordinator", "programme_office", "delegate", "host", "liaison")
    seen = {}
    for persona in personas:
        client.force_login(world["users"][persona])
        page = client.get(url).text
        seen[persona] = (
            "exchange with start-ups at WERK X" in page,
            page.count("Nothing planned for you."),
        )
    assert seen == {
        "coordinator": (True, 0),
        "programme_office": (True, 0),
        "delegate": (True, 1),
        "host": (False, 4),
        "liaison": (False, 4),
    }
