"""Every list view makes the same number of queries for one item as for three (no N+1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import share_appointment
from chaveruth.directory import services as directory
from chaveruth.directory.models import Organisation, Topic
from chaveruth.partnerships.models import Programme
from chaveruth.planning import optimiser
from chaveruth.visits import itinerary
from chaveruth.visits import services as visits
from chaveruth.visits.models import Proposal
from tests import factories as make
from tests.conftest import account, log_in, log_in_as_coordinator

pytestmark = pytest.mark.django_db


def add_items(numbers: range) -> None:
    """One of everything each list shows per number, with its related records filled in."""
    programme = Programme.objects.first() or make.programme()
    host = Organisation.objects.filter(kind="municipality").first() or make.municipality()
    topic = directory.create_topic(slug=f"thema-{numbers.start}", fields={"name_de": "Thema"})
    for n in numbers:
        partner = directory.create_organisation(
            fields={"name_de": f"Beispielverein {n}", "kind": "ngo", "country": "IL"},
            topics=[topic],
        )
        person = make.person(given=f"Avi {n}", owner=host)
        directory.add_affiliation(person=person, organisation=partner, function={"de": "Leitung"})
        make.venue(partner, name=f"Beispielhaus {n}")
        partnership = make.partnership(programme, host, partner, n, topics=[topic])
        project = make.project(
            programme,
            n,
            partners=[(partner, "lead"), (host, "partner")],
            topics=Topic.objects.all(),
            partnership=partnership,
            owner=host,
        )
        visit = make.visit(programme, host, title_de=f"Delegation {n}")
        visits.update_visit(visit=visit, fields={}, projects=[project])


@pytest.fixture
def coordinator_client(client, db):
    return log_in_as_coordinator(client, make.municipality())


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "directory:organisation_list",
        "directory:person_list",
        "directory:venue_list",
        "partnerships:partnership_list",
        "partnerships:project_list",
        # "visits:list" runs the checks of each visit of the page the user may change: its
        # queries are counted in tests/visits/test_visit_list.py.
    ],
)
def test_list_makes_as_many_queries_for_three_items_as_for_one(coordinator_client, name):
    url = reverse(name)
    add_items(range(1, 2))
    with_one = queries_for(coordinator_client, url)
    add_items(range(2, 4))
    with_three = queries_for(coordinator_client, url)
    assert (with_one, with_three) == (with_one, with_one)
    assert len(coordinator_client.get(url).context["items"]) >= 3


def test_proposal_page_makes_as_many_queries_for_three_days_as_for_one(coordinator_client):
    """Each day of the proposal with an appointment, a placed wish, a conflict and its calendar
    notes: the page makes no query a day or a finding."""
    city = Organisation.objects.get(kind="municipality")
    at = {"latitude": Decimal("51.481900"), "longitude": Decimal("7.215800")}
    # Sunday 26 to Friday 31 January 2025: a day off, and Shabbat from Friday's candle lighting.
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 1, 26),
        end=dt.date(2025, 1, 31),
        observes_shabbat=True,
        hotel=make.venue(city, "Beispielhotel", **at),
    )
    museum = make.venue(city, "Beispielmuseum", **at)

    def proposal_for(days: list[int]) -> str:
        plan = []
        for day in days:
            # Past candle lighting on the Friday, and 13 hours long on the other days.
            make.appointment(visit, make.berlin(2025, 1, day, 7), make.berlin(2025, 1, day, 20))
            placed = visits.add_wish(
                visit=visit,
                fields={"title_de": f"Besuch {day}", "venue": museum, "minutes": 60, "value": 1},
            )
            start = make.berlin(2025, 1, day, 21)
            end = start + dt.timedelta(hours=1)
            plan.append({"wish": placed.pk, "start": start.isoformat(), "end": end.isoformat()})
        proposal = Proposal.objects.create(visit=visit, status="ready", plan=plan)
        return reverse("visits:proposal", args=[proposal.pk])

    with_one = queries_for(coordinator_client, proposal_for([31]))
    with_three = queries_for(coordinator_client, url := proposal_for([28, 29, 30]))
    assert (with_one, with_three) == (with_one, with_one)
    # The Friday kept as it is; the other days as the wishes would make them, once each.
    assert [f.message for f in coordinator_client.get(url).context["findings"]] == [
        "In der Ruhezeit (Schabbat) von Freitag, 31.01.2025, 17:01 (Kerzenzünden) bis Samstag, "
        "01.02.2025, 18:14 (Hawdala).",
        "Der 31.01.2025 dauert 13 Std. (Grenze: 12 Std.).",
        "Der 28.01.2025 dauert 15 Std. (Grenze: 12 Std.).",
        "Der 29.01.2025 dauert 15 Std. (Grenze: 12 Std.).",
        "Der 30.01.2025 dauert 15 Std. (Grenze: 12 Std.).",
    ]


def test_shares_page_makes_as_many_queries_for_three_shares_as_for_one(client):
    """A joint appointment's shares, of both cities: each liaison and who shared it named or
    said by role and city (``users_told_of``), and offered for withdrawal or not
    (``can_withdraw_share``), with no query a share."""
    programme = make.programme()
    ours = make.municipality("Stadt Beispielstadt", "Beispielstadt")
    theirs = make.municipality("Stadt Andersstadt", "Andersstadt")
    joint = visits.add_appointment(
        visits=[make.visit(programme, ours), make.visit(programme, theirs)],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "start": make.berlin(2025, 1, 21, 18),
            "end": make.berlin(2025, 1, 21, 19),
        },
    )
    coordinator = log_in(client, "koordination", Role.CITY_COORDINATOR, organisation=ours)
    bert = account("koordination-andersstadt", Role.CITY_COORDINATOR, organisation=theirs)

    def share(number: int, city: Organisation, shared_by) -> int:
        liaison = account(f"wache-{number}", Role.SECURITY_LIAISON, organisation=city)
        return share_appointment(appointment=joint, liaison=liaison, shared_by=shared_by).pk

    url = reverse("visits:appointment_shares", args=[joint.pk])
    share(1, theirs, bert)
    with_one = queries_for(client, url)
    ours_to_withdraw = share(2, ours, coordinator)
    share(3, theirs, bert)
    with_three = queries_for(client, url)
    assert (with_one, with_three) == (with_one, with_one)
    page = client.get(url).context
    theirs_by_role = "Sicherheitskontakt, Stadt Andersstadt"
    assert [(liaison, shared_by) for _share, liaison, shared_by in page["shares"]] == [
        (theirs_by_role, "Kommunale Koordination, Stadt Andersstadt"),
        ("wache-2", "koordination"),
        (theirs_by_role, "Kommunale Koordination, Stadt Andersstadt"),
    ]
    assert page["withdrawable"] == {ours_to_withdraw}


def test_proposal_page_makes_as_many_queries_for_three_wishes_not_placed_as_for_one(
    coordinator_client,
):
    """Each wish left out on German Unity Day, whose venue nobody gave its hours for that day,
    and by Shabbat that evening: the "Not placed" list reads the wishes, their venues, the
    exceptions entered since and the rest periods once, not once a wish or a rule."""
    city = Organisation.objects.get(kind="municipality")
    at = {"latitude": Decimal("51.481900"), "longitude": Decimal("7.215800")}
    # Wednesday 1 to Saturday 4 October 2025; Friday 3 October is German Unity Day.
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 10, 1),
        end=dt.date(2025, 10, 4),
        observes_shabbat=True,
        hotel=make.venue(city, "Beispielhotel", **at),
    )

    def left_out(numbers: range) -> list:
        """The wishes not placed, once wishes ``numbers`` are added, as a proposal keeps them."""
        for n in numbers:
            fields = {"title_de": f"Feiertag {n}", "minutes": 120, "value": 1}
            fields |= {"venue": make.venue(city, f"Zentrum {n}", **at), "day": dt.date(2025, 10, 3)}
            visits.add_wish(visit=visit, fields=fields)
        question = itinerary.pose_question(visit)
        nothing = optimiser.Plan(
            days=tuple(() for _ in question.problem.days), score=0, left_out=()
        )
        return itinerary.answer(question, nothing).left_out

    proposal = Proposal.objects.create(visit=visit, status="ready", left_out=left_out(range(1, 2)))
    url = reverse("visits:proposal", args=[proposal.pk])
    with_one = queries_for(coordinator_client, url)
    Proposal.objects.filter(pk=proposal.pk).update(left_out=left_out(range(2, 4)))
    with_three = queries_for(coordinator_client, url)
    assert (with_one, with_three) == (with_one, with_one)
    page = coordinator_client.get(url)
    assert [
        [(said.text, said.answer and said.answer.text) for said in item.said]
        for item in page.context["left_out"]
    ] == [
        [
            (
                "Der 03.10.2025 ist ein Feiertag (Tag der Deutschen Einheit), und für diesen Tag "
                f"sind keine Öffnungszeiten von Zentrum {n} eingetragen: Ist dort geöffnet?",
                f"Eintragen, ob und wann Zentrum {n} am 03.10.2025 geöffnet ist",
            ),
            (
                "Die Delegation hält die Ruhezeit (Schabbat) von Freitag, 03.10.2025, 18:45 "
                "(Kerzenzünden) bis Samstag, 04.10.2025, 19:51 (Hawdala).",
                None,
            ),
        ]
        for n in range(1, 4)
    ]
