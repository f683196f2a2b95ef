"""Who read a visit's itinerary when, and who changed or shared what, as its coordinators read
them: times on the visit's clock in their language's format, as the change log says them, and
people by name (``display_name``) wherever the page names a user; but another city's
coordinator or liaison, met on a joint appointment, by their role and city
(``access.users_named_to``)."""

import datetime as dt

import pytest
from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.access import can_withdraw_share, names_liaison
from chaveruth.accounts.models import ItineraryRead, Role
from chaveruth.accounts.services import (
    add_membership,
    record_itinerary_read,
    share_appointment,
    withdraw_share,
)
from chaveruth.visits import services
from tests import factories as make
from tests.conftest import account, log_in
from tests.html import get_page, texts
from tests.visits.test_joint_appointments import reception

pytestmark = pytest.mark.django_db


def named(user, first: str, last: str):
    get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    user.refresh_from_db()
    return user


@pytest.fixture
def planner(client, city):
    """``client``, logged in as Dana Plan, a coordinator of the visit's city."""
    named(log_in(client, "planung", Role.CITY_COORDINATOR, organisation=city), "Dana", "Plan")
    return client


@pytest.fixture
def liaison():
    return named(account("verbindung", Role.SECURITY_LIAISON), "Kim", "Wache")


def reads_on_page(client, visit, language: str) -> list[list[str]]:
    with translation.override(language):
        page = get_page(client, reverse("visits:reads", args=[visit.pk]))
    return [texts(row.find_all(tag="td")) for row in page.find("tbody").find_all("tr")]


@pytest.mark.parametrize(
    ("language", "when"), [("de", "30.11.2026 00:37"), ("en", "30/11/2026 00:37")]
)
def test_a_read_is_shown_on_the_visit_s_clock_in_the_reader_s_format(
    planner, visit, noa, language, when
):
    """Read at 23:37:18 UTC on 29 November, 00:37 in Bochum the next day."""
    reader = named(account("delegation-noa", Role.DELEGATE, person=noa), "Noa", "Beispiel")
    read = record_itinerary_read(reader=reader, visit=visit, channel=ItineraryRead.Channel.FEED)
    moment = dt.datetime(2026, 11, 29, 23, 37, 18, tzinfo=dt.UTC)
    ItineraryRead.objects.filter(pk=read.pk).update(read_at=moment)
    feed = {"de": "Kalender-Abo", "en": "Calendar feed"}[language]
    assert reads_on_page(planner, visit, language) == [[when, "Noa Beispiel", feed]]


def test_the_change_log_names_who_changed_what_by_name(planner, visit):
    planner.post(
        reverse("visits:reschedule", args=[visit.pk]),
        {"start_date": "2025-03-02", "end_date": "2025-03-07"},
    )
    with translation.override("en"):
        page = get_page(planner, visit.get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    whos = [texts(row.find_all(tag="td"))[1] for row in section.find("tbody").find_all("tr")]
    assert whos[0] == "Dana Plan"


def test_the_shares_page_names_who_shared_by_name(planner, city, visit, liaison):
    make.appointment(visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11))
    appointment = visit.appointments.get()
    dana = get_user_model().objects.get(username="planung")
    share_appointment(appointment=appointment, liaison=liaison, shared_by=dana)
    with translation.override("de"):
        page = get_page(planner, reverse("visits:appointment_shares", args=[appointment.pk]))
    shared = page.find(cls="share").text()
    assert shared.startswith("Kim Wache — freigegeben von Dana Plan am ")


# --- A joint appointment's change log ------------------------------------------------------------


@pytest.fixture
def andersstadt(db):
    return make.municipality("Stadt Andersstadt", "Andersstadt")


@pytest.fixture
def joint(visit, andersstadt):
    """A reception of the visit and of Andersstadt's visit on the same days."""
    theirs = make.visit(visit.programme, andersstadt, visit.start_date, visit.end_date)
    return reception([visit, theirs])


@pytest.fixture
def bert(andersstadt):
    """Bert Anders, a coordinator of Andersstadt."""
    user = account(
        "koordination-andersstadt", Role.CITY_COORDINATOR, organisation=andersstadt, staff=True
    )
    return named(user, "Bert", "Anders")


def change_log(client, visit, language: str = "en") -> list[tuple[str, str]]:
    """Who made each change of the visit page's change log and what it was, newest first."""
    with translation.override(language):
        page = get_page(client, visit.get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    cells = [texts(row.find_all(tag="td")) for row in section.find("tbody").find_all("tr")]
    return [(who, what) for _when, who, what in cells]


@pytest.mark.parametrize(
    ("language", "who"),
    [
        ("en", "City coordinator, Stadt Andersstadt"),
        ("de", "Kommunale Koordination, Stadt Andersstadt"),
    ],
)
def test_another_city_s_coordinator_who_changed_a_joint_appointment_is_named_by_role_and_city(
    planner, visit, joint, bert, language, who
):
    with set_actor(bert):
        services.update_appointment(appointment=joint, fields={"title_en": "Town hall reception"})
    log = change_log(planner, visit, language)
    assert log[0][0] == who
    assert "Bert" not in str(log)


def test_the_own_city_s_coordinators_and_the_programme_office_are_named(
    planner, visit, joint, city
):
    """Dana's colleague of the same city, and the state's programme office, whom every city
    works with."""
    colleague = named(account("kollegin", Role.CITY_COORDINATOR, organisation=city), "Ute", "Rat")
    office = named(account("programmbuero", Role.PROGRAMME_OFFICE), "Paula", "Land")
    for user, title in ((colleague, "Reception"), (office, "Town hall reception")):
        with set_actor(user):
            services.update_appointment(appointment=joint, fields={"title_en": title})
    assert [who for who, _what in change_log(planner, visit)[:2]] == ["Paula Land", "Ute Rat"]


def test_the_other_city_s_coordinator_reads_their_own_change_by_name(client, visit, joint, bert):
    with set_actor(bert):
        services.update_appointment(appointment=joint, fields={"title_en": "Town hall reception"})
    client.force_login(bert)
    theirs = joint.visits.exclude(pk=visit.pk).get()
    assert change_log(client, theirs)[0][0] == "Bert Anders"


def test_a_share_with_another_city_s_liaison_names_neither_the_liaison_nor_who_shared_it(
    planner, visit, joint, andersstadt, bert, liaison
):
    """Lea Wache serves Andersstadt only, whose coordinator shared the reception with her;
    Kim Wache serves every city, ours too."""
    lea = account("wache-andersstadt", Role.SECURITY_LIAISON, organisation=andersstadt)
    named(lea, "Lea", "Wache")
    with set_actor(bert):
        share_appointment(appointment=joint, liaison=lea, shared_by=bert)
    share_appointment(appointment=joint, liaison=liaison)
    assert change_log(planner, visit)[:2] == [
        ("System", "Shared with security liaison Kim Wache: Joint reception"),
        ("City coordinator, Stadt Andersstadt", "Shared with a security liaison: Joint reception"),
    ]


def test_the_shares_page_names_the_other_city_s_liaison_and_coordinator_by_role_and_city(
    planner, visit, joint, andersstadt, bert, liaison
):
    """As the change log: the shares of a joint appointment are listed to both cities'
    coordinators, and Andersstadt's are Andersstadt's to name."""
    lea = account("wache-andersstadt", Role.SECURITY_LIAISON, organisation=andersstadt)
    named(lea, "Lea", "Wache")
    share_appointment(appointment=joint, liaison=lea, shared_by=bert)
    dana = get_user_model().objects.get(username="planung")
    share_appointment(appointment=joint, liaison=liaison, shared_by=dana)
    with translation.override("en"):
        page = get_page(planner, reverse("visits:appointment_shares", args=[joint.pk]))
    shared = [text.split(" on ")[0] for text in texts(page.find_all(cls="share"))]
    assert shared == [
        "Security liaison, Stadt Andersstadt — shared by City coordinator, Stadt Andersstadt",
        "Kim Wache — shared by Dana Plan",
    ]
    assert "Lea" not in page.text()


def test_another_city_s_share_of_a_joint_appointment_is_not_ours_to_withdraw(
    planner, visit, joint, andersstadt, bert, liaison
):
    """Andersstadt answers for its own liaison: our coordinators see the share listed but are
    offered no "Withdraw" for it, and are refused it if they ask all the same."""
    lea = account("wache-andersstadt", Role.SECURITY_LIAISON, organisation=andersstadt)
    theirs = share_appointment(appointment=joint, liaison=lea, shared_by=bert)
    ours = share_appointment(appointment=joint, liaison=liaison)
    page = get_page(planner, reverse("visits:appointment_shares", args=[joint.pk]))
    links = [a.attrs["href"] for a in page.find_all(cls="share-withdraw-link")]
    assert links == [reverse("visits:share_withdraw", args=[ours.pk])]
    withdraw = reverse("visits:share_withdraw", args=[theirs.pk])
    assert planner.get(withdraw).status_code == 403
    assert planner.post(withdraw).status_code == 403
    assert joint.shares.filter(pk=theirs.pk).exists()
    assert planner.post(reverse("visits:share_withdraw", args=[ours.pk])).status_code == 302
    assert list(joint.shares.all()) == [theirs]


def shares_listed(client, appointment) -> list[str]:
    """Each share of the shares page: its liaison, and who shared it."""
    with translation.override("en"):
        page = get_page(client, reverse("visits:appointment_shares", args=[appointment.pk]))
    return [text.split(" on ")[0] for text in texts(page.find_all(cls="share"))]


def test_a_liaison_who_moved_to_another_city_is_named_alike_on_both_pages(
    planner, city, visit, andersstadt
):
    """Dana shared the reception with Lea while Lea served our city; Lea now serves
    Andersstadt. Our city chose her, and both the shares page, which lists the share as
    lapsed, and the change log still name her (``names_liaison``), also once withdrawn."""
    lea = named(account("wache", Role.SECURITY_LIAISON, organisation=city), "Lea", "Wache")
    appointment = make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11)
    )
    dana = get_user_model().objects.get(username="planung")
    with set_actor(dana):
        share = share_appointment(appointment=appointment, liaison=lea, shared_by=dana)
    lea.memberships.update(organisation=andersstadt)
    assert shares_listed(planner, appointment) == ["Lea Wache — shared by Dana Plan"]
    assert change_log(planner, visit)[0] == (
        "Dana Plan",
        "Shared with security liaison Lea Wache: Empfang",
    )
    with set_actor(dana):
        withdraw_share(share=share)
    assert change_log(planner, visit)[0] == (
        "Dana Plan",
        "Share withdrawn: Empfang (security liaison Lea Wache)",
    )


def test_another_city_s_coordinator_is_shown_by_the_roles_they_hold_for_its_cities_only(
    planner, visit, joint, andersstadt, bert
):
    """Bert also serves Andersstadt and Stadt Xhausen as security liaison and hosts for a
    society: what he does for Xhausen or the society is not ours to know, nor that he serves
    them. His roles for Andersstadt say on whose behalf he acted, in a fixed order."""
    xhausen = make.municipality("Stadt Xhausen", "Xhausen")
    add_membership(user=bert, role=Role.SECURITY_LIAISON, organisation=xhausen)
    add_membership(user=bert, role=Role.PARTNER_HOST, organisation=make.organisation("Werk X"))
    add_membership(user=bert, role=Role.SECURITY_LIAISON, organisation=andersstadt)
    with set_actor(bert):
        services.update_appointment(appointment=joint, fields={"title_en": "Town hall reception"})
        share_appointment(appointment=joint, liaison=bert, shared_by=bert)
    bert_here = "City coordinator, Stadt Andersstadt; Security liaison, Stadt Andersstadt"
    assert [who for who, _what in change_log(planner, visit)[:2]] == [bert_here, bert_here]
    assert shares_listed(planner, joint) == [f"{bert_here} — shared by {bert_here}"]


def test_one_who_holds_no_role_for_the_cities_concerned_is_another_user(
    planner, visit, joint, bert
):
    """Bert changed the reception for Andersstadt, and coordinates Xhausen now: his role
    there says nothing of the reception, and would tell us whom he serves."""
    with set_actor(bert):
        services.update_appointment(appointment=joint, fields={"title_en": "Town hall reception"})
    bert.memberships.update(organisation=make.municipality("Stadt Xhausen", "Xhausen"))
    assert change_log(planner, visit)[0][0] == "Another user"
    assert change_log(planner, visit, "de")[0][0] == "Ein anderes Benutzerkonto"


def test_another_city_s_coordinator_who_deleted_a_joint_appointment_is_named_by_role_and_city(
    planner, visit, joint, bert
):
    """The reception is gone, and with it the link to Andersstadt's visit: its deletion noted
    both visits, and so Bert's city."""
    with set_actor(bert):
        services.remove_appointment(appointment=joint)
    assert change_log(planner, visit)[0] == (
        "City coordinator, Stadt Andersstadt",
        "Appointment deleted: Joint reception",
    )


@pytest.mark.parametrize(
    ("who", "told", "withdraws"),
    [
        ("coordinator", True, True),
        ("operator", True, True),
        # Reads every city's records, the liaisons each chose too, but changes no visit.
        ("programme office", True, False),
        ("other city's coordinator", False, False),
    ],
)
def test_who_is_told_a_share_s_liaison_and_who_may_withdraw_it(
    city, visit, andersstadt, liaison, who, told, withdraws
):
    """The same test of the city the share was made for (``names_liaison``,
    ``can_withdraw_share``), but for the programme office."""
    appointment = make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11)
    )
    share = share_appointment(appointment=appointment, liaison=liaison)
    if who == "operator":
        user = get_user_model().objects.create_superuser("betrieb")
    else:
        role, organisation = {
            "coordinator": (Role.CITY_COORDINATOR, city),
            "programme office": (Role.PROGRAMME_OFFICE, None),
            "other city's coordinator": (Role.CITY_COORDINATOR, andersstadt),
        }[who]
        user = account("leser", role, organisation=organisation)
    assert (names_liaison(user, share), can_withdraw_share(user, share)) == (told, withdraws)


def test_a_joint_appointment_is_shared_only_with_the_own_city_s_liaisons(
    planner, city, visit, joint, andersstadt, bert, liaison
):
    """Lea serves Andersstadt, Jo our city, Kim every city: our coordinator is offered Jo and
    Kim, never Lea by name, and a key of hers sent all the same is refused; Kim shared by
    Andersstadt's coordinator is Andersstadt's share, theirs to withdraw."""
    lea = account("wache-andersstadt", Role.SECURITY_LIAISON, organisation=andersstadt)
    named(lea, "Lea", "Wache")
    named(account("wache-hier", Role.SECURITY_LIAISON, organisation=city), "Jo", "Wache")
    with translation.override("en"):
        url = reverse("visits:appointment_shares", args=[joint.pk])
        select = get_page(planner, url).find(tag="select", attrs={"name": "liaison"})
        assert texts(select.find_all(tag="option"))[1:] == ["Jo Wache", "Kim Wache"]
        assert planner.post(url, {"liaison": lea.pk}).status_code == 400
    assert not joint.shares.exists()
    dana = get_user_model().objects.get(username="planung")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        share_appointment(appointment=joint, liaison=lea, shared_by=dana)
    assert refused.value.message_dict == {
        "liaison": ["This security liaison serves another municipality."]
    }
    assert share_appointment(appointment=joint, liaison=liaison, shared_by=bert).municipality == (
        andersstadt
    )
