"""A joint appointment (a reception for several delegations) on a visit's page: it names the
other visits it belongs to, those the reader may see, and to the visit's organisers counts the
others. Of its hosts it names those the reader may be told of (``access.people_named_to``):
another city's are that city's to name, and its organisers are told how many there are."""

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.access import people_named_to
from chaveruth.accounts.models import Role
from chaveruth.accounts.services import share_appointment
from chaveruth.directory.models import Person
from chaveruth.visits import services
from tests import factories as make
from tests.conftest import account, log_in
from tests.html import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def elsewhere(visit):
    """Visits B and C of another city, on the same days as the fixture's."""
    city = make.municipality("Stadt Andersstadt", "Andersstadt")
    return [
        make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de=title)
        for title in ("Visit B", "Visit C")
    ]


def reception(visits, museum=None, noa=None):
    """One reception of all ``visits`` on Tuesday evening, Noa taking part if given."""
    return services.add_appointment(
        visits=visits,
        venue=museum,
        participants=[noa] if noa else [],
        fields={
            "kind": "reception",
            "title_de": "Gemeinsamer Empfang",
            "title_en": "Joint reception",
            "start": make.berlin(2025, 1, 28, 18),
            "end": make.berlin(2025, 1, 28, 19),
        },
    )


def joint_lines(client, visit) -> list[str]:
    page = get_page(client, visit.get_absolute_url())
    return [p.text() for p in page.find_all(tag="p") if p.text().startswith("Joint appointment")]


def test_the_programme_office_reads_which_visits_share_the_reception(
    client, visit, elsewhere, museum, noa
):
    reception([visit, *elsewhere], museum, noa)
    log_in(client, "programmbuero", Role.PROGRAMME_OFFICE)
    assert joint_lines(client, visit) == ["Joint appointment with: Visit B, Visit C"]


def test_a_delegate_does_not_learn_of_the_other_delegations_from_a_reception_they_share(
    client, visit, elsewhere, museum, noa
):
    reception([visit, *elsewhere], museum, noa)
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    page = get_page(client, visit.get_absolute_url())
    assert "Joint reception" in page.text()
    assert joint_lines(client, visit) == []


def test_the_coordinator_reads_their_own_city_s_visits_by_name_and_counts_the_others(
    coordinator, city, visit, elsewhere, museum, noa
):
    """They change the reception for all its visits, so they are told there are others."""
    ours = make.visit(visit.programme, city, visit.start_date, visit.end_date, title_de="Unsere")
    reception([visit, ours, *elsewhere], museum, noa)
    assert joint_lines(coordinator, visit) == [
        "Joint appointment with: Unsere, 2 visits of other cities"
    ]
    assert joint_lines(coordinator, ours) == [
        "Joint appointment with: Beispieldelegation, 2 visits of other cities"
    ]


# --- Its hosts -----------------------------------------------------------------------------------


@pytest.fixture
def andersstadt(elsewhere):
    return elsewhere[0].host_municipality


@pytest.fixture
def hosts(city, andersstadt) -> list[Person]:
    """Anna of our city; Ben and Chen of Andersstadt, and Eva, a public figure there."""
    return [
        make.person("Anna", "Beispiel", owner=city),
        make.person("Ben", "Beispiel", owner=andersstadt),
        make.person("Chen", "Beispiel", owner=andersstadt),
        make.person("Eva", "Beispiel", owner=andersstadt, is_public_figure=True),
    ]


def hosted(visits, hosts, noa=None):
    """The joint reception of ``visits``, hosted by ``hosts``."""
    appointment = reception(visits, noa=noa)
    services.update_appointment(appointment=appointment, fields={}, hosts=hosts)
    return appointment


def hosted_by(client, visit, language: str = "en") -> list[str]:
    """The visit page's "Hosted by" lines, as ``client`` reads them in ``language``."""
    with translation.override(language):
        page = get_page(client, visit.get_absolute_url())
    said = ("Hosted by: ", "Ausgerichtet von: ")
    return [p.text() for p in page.find_all(tag="p") if p.text().startswith(said)]


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Hosted by: Anna Beispiel, Eva Beispiel and 2 other people"),
        ("de", "Ausgerichtet von: Anna Beispiel, Eva Beispiel und 2 weiteren Personen"),
    ],
)
def test_the_coordinator_is_told_how_many_of_the_other_city_s_hosts_there_are_not_who(
    coordinator, visit, elsewhere, hosts, language, line
):
    """Their own city's host and the public figure by name; Ben and Chen, whom Andersstadt
    entered and who are not in their directory, counted: they change the reception for all."""
    hosted([visit, elsewhere[0]], hosts)
    assert hosted_by(coordinator, visit, language) == [line]


def test_the_other_city_s_coordinator_reads_their_own_hosts_and_counts_ours(
    client, visit, elsewhere, andersstadt, hosts
):
    hosted([visit, elsewhere[0]], hosts)
    log_in(client, "koordination-andersstadt", Role.CITY_COORDINATOR, organisation=andersstadt)
    assert hosted_by(client, elsewhere[0]) == [
        "Hosted by: Ben Beispiel, Chen Beispiel, Eva Beispiel and 1 other person"
    ]


@pytest.mark.parametrize(
    ("language", "line"),
    [("en", "Hosted by: 1 person"), ("de", "Ausgerichtet von: 1 Person")],
)
def test_a_reception_hosted_only_by_the_other_city_s_people_counts_them(
    coordinator, visit, elsewhere, hosts, language, line
):
    hosted([visit, elsewhere[0]], hosts[1:2])
    assert hosted_by(coordinator, visit, language) == [line]


def test_a_delegate_reads_their_own_city_s_hosts_and_nothing_of_the_others(
    client, visit, elsewhere, museum, noa, hosts
):
    hosted([visit, elsewhere[0]], hosts, noa)
    log_in(client, "delegation-noa", Role.DELEGATE, person=noa)
    assert hosted_by(client, visit) == ["Hosted by: Anna Beispiel and Eva Beispiel"]


def test_a_liaison_reads_the_hosts_of_the_city_they_were_given_it_for(
    client, visit, elsewhere, andersstadt, hosts
):
    """Andersstadt's liaison sees Andersstadt's half of the reception: its hosts, not ours."""
    appointment = hosted([visit, elsewhere[0]], hosts)
    police = account("wache-andersstadt", Role.SECURITY_LIAISON, organisation=andersstadt)
    share_appointment(appointment=appointment, liaison=police)
    client.force_login(police)
    assert hosted_by(client, elsewhere[0]) == [
        "Hosted by: Ben Beispiel, Chen Beispiel and Eva Beispiel"
    ]


def test_the_programme_office_reads_every_host(client, visit, elsewhere, hosts):
    hosted([visit, elsewhere[0]], hosts)
    log_in(client, "programmbuero", Role.PROGRAMME_OFFICE)
    assert hosted_by(client, visit) == [
        "Hosted by: Anna Beispiel, Ben Beispiel, Chen Beispiel and Eva Beispiel"
    ]


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "Hosted by: Stadtwerke Beispielstadt and WERK X; Anna Beispiel, Eva Beispiel and "
                "2 other people",
                "Hosted by: WERK X; 1 person",
                "Hosted by: WERK X",
            ],
        ),
        (
            "de",
            [
                "Ausgerichtet von: Stadtwerke Beispielstadt und WERK X; Anna Beispiel, Eva "
                "Beispiel und 2 weiteren Personen",
                "Ausgerichtet von: WERK X; 1 Person",
                "Ausgerichtet von: WERK X",
            ],
        ),
    ],
)
def test_the_hosting_organisations_are_named_apart_from_the_people(
    coordinator, city, visit, elsewhere, hosts, language, lines
):
    """First the organisations, then the people with how many are not named: no organisation
    reads as one of the people ("Anna Beispiel, WERK X and 2 other people")."""
    werk_x = make.organisation("WERK X")
    works = make.organisation("Stadtwerke Beispielstadt")
    for organisations, people in [([werk_x, works], hosts), ([werk_x], hosts[1:2]), ([werk_x], [])]:
        appointment = hosted([visit, elsewhere[0]], people)
        services.update_appointment(
            appointment=appointment, fields={}, hosting_organisations=organisations
        )
    assert hosted_by(coordinator, visit, language) == lines


def test_people_named_to_follows_the_visits_a_reader_sees(visit, elsewhere, noa, hosts):
    """The rule the pages share: Noa sees our visit, so our city's people and public figures."""
    hosted([visit, elsewhere[0]], hosts, noa)
    noa_account = account("delegation-noa", Role.DELEGATE, person=noa)
    named = people_named_to(Person.objects.filter(pk__in=[p.pk for p in hosts]), noa_account)
    assert sorted(str(person) for person in named) == ["Anna Beispiel", "Eva Beispiel"]


def test_the_appointment_form_offers_and_shows_only_the_coordinator_s_hosts(
    coordinator, visit, elsewhere, hosts
):
    """The others stay hosts when the form is saved (lib.forms.SharedRecordForm), unnamed."""
    appointment = hosted([visit, elsewhere[0]], hosts)
    page = get_page(coordinator, reverse("visits:appointment_edit", args=[appointment.pk]))
    select = page.find(tag="select", attrs={"name": "hosts"})
    chosen = [option.text() for option in select.find_all("option") if "selected" in option.attrs]
    assert chosen == ["Anna Beispiel", "Eva Beispiel"]
    assert "Ben Beispiel" not in page.text()


def test_the_checks_do_not_name_the_other_city_s_host_who_is_booked_twice(
    client, coordinator, visit, elsewhere, andersstadt, hosts
):
    """Ben hosts the reception and, at the same time, a talk of Andersstadt's own visit."""
    ben = hosts[1]
    hosted([visit, elsewhere[0]], [ben])
    services.add_appointment(
        visits=[elsewhere[0]],
        venue=None,
        participants=[ben],
        fields={
            "kind": "meeting",
            "title_de": "Vortrag",
            "start": make.berlin(2025, 1, 28, 18),
            "end": make.berlin(2025, 1, 28, 19),
        },
    )
    ours = coordinator.get(visit.get_absolute_url())
    assert [f.message for f in ours.context["findings"]] == [
        "A person has another appointment on Tue 28/01/2025 that this page does not show: ask "
        "whether they are free at this time, the way there and back included."
    ]
    log_in(client, "koordination-andersstadt", Role.CITY_COORDINATOR, organisation=andersstadt)
    theirs = client.get(elsewhere[0].get_absolute_url())
    assert [f.message for f in theirs.context["findings"]] == [
        "Ben Beispiel is booked twice at the same time."
    ]


def test_a_double_booking_counts_the_people_it_does_not_name(coordinator, visit, elsewhere, hosts):
    """Two joint receptions at once, both of our visit and Andersstadt's, hosted by Anna (ours),
    Ben and Chen (Andersstadt's): Anna is named, the other two counted."""
    anna, ben, chen, _eva = hosts
    hosted([visit, elsewhere[0]], [anna, ben, chen])
    hosted([visit, elsewhere[0]], [anna, ben, chen])
    response = coordinator.get(visit.get_absolute_url())
    assert [f.message for f in response.context["findings"]] == [
        "Anna Beispiel and 2 others are booked twice at the same time."
    ]
    with translation.override("de"):
        response = coordinator.get(visit.get_absolute_url())
    assert [f.message for f in response.context["findings"]] == [
        "Anna Beispiel und 2 weitere sind zur selben Zeit doppelt gebucht."
    ]


def test_the_appointment_form_counts_the_people_it_keeps_without_listing_them(
    coordinator, visit, elsewhere, hosts
):
    """Ben and Chen, Andersstadt's, host too: the coordinator is told that two more stay."""
    appointment = hosted([visit, elsewhere[0]], hosts)

    def drawn(language: str):
        with translation.override(language):
            url = reverse("visits:appointment_edit", args=[appointment.pk])
            return coordinator.get(url).context["form"]

    form = drawn("en")
    assert form["hosts"].help_text.endswith(
        "2 more, chosen by another city, are not listed here and stay."
    )
    assert "chosen by another city" not in form["participants"].help_text
    assert drawn("de")["hosts"].help_text.endswith(
        "2 weitere, von einer anderen Stadt gewählt, stehen hier nicht und bleiben."
    )
