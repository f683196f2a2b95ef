"""People of one name are told apart in the selects that offer them: an appointment's hosts
and participants, a wish's participants, a new delegate. Where a name is the list's only one
it stands alone; namesakes add the organisations of their current functions and, for those
whose record the user may change, their e-mail address; those still alike their number in
the directory.

The visit of conftest (Stadt Beispielstadt, January 2025) with Noa Beispiel in its delegation.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from chaveruth.directory import services as directory
from chaveruth.visits import services as visits
from tests import factories as make
from tests.html import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "noa")]


def options(client, url: str, name: str) -> list[str]:
    """The labels of the select ``name`` of the form at ``url``, in alphabetical order (the
    list keeps namesakes in no particular order)."""
    select = get_page(client, url).find(tag="select", attrs={"name": name})
    return sorted(option.text() for option in select.find_all(tag="option"))


def appointment_form(visit) -> str:
    return reverse("visits:appointment_create", args=[visit.pk])


def miriam(city, **fields):
    return make.person("Miriam", "Cohen", owner=city, **fields)


@pytest.fixture
def three_miriams(city):
    """One at the university with an e-mail address, one whose function there ended, one with
    nothing to tell her by; and a lone Avi Levi with an address."""
    university = make.organisation("Universität Haifa", kind="university", country="IL")
    working = miriam(city, email="miriam@example.org")
    directory.add_affiliation(person=working, organisation=university, function={"de": "Dozentin"})
    retired = miriam(city)
    directory.add_affiliation(
        person=retired,
        organisation=make.organisation("Technion", kind="university", country="IL"),
        function={"de": "Dozentin"},
        start=dt.date(2001, 1, 1),
        end=dt.date(2020, 12, 31),
    )
    unknown = miriam(city)
    make.person("Avi", "Levi", owner=city, email="avi@example.org")
    return working, retired, unknown


def test_namesakes_are_told_apart_in_an_appointments_participants(
    coordinator, visit, three_miriams
):
    _working, retired, unknown = three_miriams

    assert options(coordinator, appointment_form(visit), "participants") == sorted(
        [
            "Avi Levi",
            "Miriam Cohen (Universität Haifa, miriam@example.org)",
            f"Miriam Cohen (no. {retired.pk})",
            f"Miriam Cohen (no. {unknown.pk})",
            "Noa Beispiel",
        ]
    )


def test_the_hosts_are_labelled_as_the_participants(coordinator, visit, three_miriams):
    url = appointment_form(visit)

    assert options(coordinator, url, "hosts") == options(coordinator, url, "participants")


def test_namesakes_are_told_apart_in_a_wishs_participants(coordinator, visit, three_miriams):
    url = reverse("visits:wish_create", args=[visit.pk])

    assert options(coordinator, url, "participants") == options(
        coordinator, appointment_form(visit), "participants"
    )


def test_a_new_delegate_is_told_apart_from_a_namesake_as_a_participant_is(
    coordinator, visit, three_miriams
):
    offered = options(coordinator, reverse("visits:delegate_add", args=[visit.pk]), "person")

    assert offered == sorted(
        ["- Select an option -", *options(coordinator, appointment_form(visit), "participants")]
    )


def test_a_namesake_the_coordinator_may_not_see_changes_no_label(coordinator, city, visit):
    """Another city's Miriam Cohen is not offered, nor hinted at by a detail beside the one
    who is."""
    miriam(city, email="miriam@example.org")
    miriam(make.municipality("Stadt Anderswo", "Anderswo"))

    assert options(coordinator, appointment_form(visit), "participants") == [
        "Miriam Cohen",
        "Noa Beispiel",
    ]


def test_another_city_s_public_figures_are_told_apart_without_their_e_mail(coordinator, visit):
    """The coordinator reads them, but their address only their own city's coordinators do:
    no page shows it to anyone else."""
    anderswo = make.municipality("Stadt Anderswo", "Anderswo")
    mayor = make.person("David", "Cohen", owner=anderswo, is_public_figure=True, email="d@x.org")
    other = make.person("David", "Cohen", owner=anderswo, is_public_figure=True)

    assert options(coordinator, appointment_form(visit), "participants") == [
        f"David Cohen (no. {mayor.pk})",
        f"David Cohen (no. {other.pk})",
        "Noa Beispiel",
    ]


def test_a_delegate_another_city_owns_is_told_apart_without_their_e_mail(coordinator, city, visit):
    anderswo = make.municipality("Stadt Anderswo", "Anderswo")
    shared = make.person("Avi", "Levi", owner=anderswo, email="avi@home.example")
    visits.add_delegate(visit=visit, person=shared)
    make.person("Avi", "Levi", owner=city, email="avi@example.org")

    assert options(coordinator, reverse("visits:delegate_add", args=[visit.pk]), "person") == [
        "- Select an option -",
        "Avi Levi",  # told apart by the other's address
        "Avi Levi (avi@example.org)",
        "Noa Beispiel",
    ]


def test_namesakes_in_german(coordinator, city, visit):
    first, second = miriam(city), miriam(city)
    with translation.override("de"):
        url = appointment_form(visit)

    assert options(coordinator, url, "participants") == sorted(
        [f"Miriam Cohen (Nr. {first.pk})", f"Miriam Cohen (Nr. {second.pk})", "Noa Beispiel"]
    )


def test_the_form_makes_as_many_queries_for_three_pairs_of_namesakes_as_for_one(
    coordinator, city, visit
):
    university = make.organisation("Universität Haifa", kind="university", country="IL")

    def namesakes(n: int) -> None:
        for email in (f"a{n}@example.org", ""):
            person = make.person("Miriam", f"Cohen {n}", owner=city, email=email)
            directory.add_affiliation(person=person, organisation=university, function={"de": "X"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(appointment_form(visit)).status_code == 200
        return len(captured)

    namesakes(1)
    with_one = queries()
    namesakes(2)
    namesakes(3)

    assert queries() == with_one
    assert "Miriam Cohen 3 (Universität Haifa, a3@example.org)" in options(
        coordinator, appointment_form(visit), "participants"
    )
