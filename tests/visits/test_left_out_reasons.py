"""Why a wish is not placed, as the proposal page says it: what really stands in the way (the
venue's hours, a holiday nobody answered, Shabbat, who is busy), and where several rules
together leave no time, each of them, in a fixed order."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from chaveruth.accounts.models import Role
from chaveruth.accounts.services import add_membership
from chaveruth.directory import services as directory
from chaveruth.visits import services
from tests import factories as make
from tests.html import get_page
from tests.visits.conftest import BOCHUM, EAST
from tests.visits.test_itinerary import left_out, meeting_elsewhere, propose, wish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "immediate_tasks")]


def not_placed(client, proposal) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each item of the page's "Not placed" list: its text, and its links (text, address)."""
    page = get_page(client, reverse("visits:proposal", args=[proposal.pk]))
    return [
        (item.text(), [(a.text(), a.attrs["href"]) for a in item.find_all(tag="a")])
        for item in page.find(tag="ul", cls="left-out").find_all(tag="li")
    ]


# --- The venue's hours --------------------------------------------------------------------


def test_a_wish_longer_than_the_venue_is_open_that_day_says_so(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Open 09:30–17:30 on Tuesday: 8 hours, not the 10 wished. Not "closed"."""
    wish(visit, museum, minutes=600, day=dt.date(2025, 1, 28), title_de="Ganztags")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Ganztags",
            "Beispielmuseum is open on 28/01/2025 only 09:30–17:30, shorter than the 600 "
            "minutes wished.",
        )
    ]
    with translation.override("de"):
        assert left_out(coordinator, proposal) == [
            (
                "Ganztags",
                "Beispielmuseum ist am 28.01.2025 nur 09:30–17:30 geöffnet, kürzer als die "
                "gewünschten 600 Minuten.",
            )
        ]


def test_a_wish_whose_own_hours_leave_too_little_of_the_venue_s_says_so(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Open eight hours, but from 10:00 on only seven and a half are left before it closes."""
    wish(visit, museum, minutes=460, day=dt.date(2025, 1, 28), not_before=dt.time(10))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "Beispielmuseum is open on 28/01/2025 09:30–17:30: between 10:00 and 19:00, when "
            "it may take place, that leaves less than the 460 minutes wished.",
        )
    ]


def test_a_wish_for_any_day_longer_than_the_venue_ever_opens_says_so(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    wish(visit, museum, minutes=600)
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "On no day it could take place is Beispielmuseum open for the 600 minutes wished "
            "between 09:00 and 19:00.",
        )
    ]


# --- A public holiday nobody answered, and Shabbat ------------------------------------------


@pytest.fixture
def unity_day(city):
    """Bochum, Wednesday 1 to Saturday 4 October 2025, observing Shabbat; Friday 3 October is
    German Unity Day. A partner's centre 2.2 km from the hotel never gave its hours."""
    hotel = make.venue(city, "Beispielhotel", **BOCHUM)
    visit = make.visit(
        make.programme(),
        city,
        start=dt.date(2025, 10, 1),
        end=dt.date(2025, 10, 4),
        observes_shabbat=True,
        hotel=hotel,
    )
    centre = make.venue(city, "Beispielzentrum", **EAST)
    return visit, centre


def exceptions_of(venue, **asked) -> str:
    url = reverse("directory:venue_exceptions", args=[venue.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in asked.items()) if asked else "")


def test_a_wish_on_a_holiday_asks_whether_the_venue_opens_and_names_shabbat_that_evening(
    coordinator, unity_day, django_capture_on_commit_callbacks
):
    """Nobody said whether the centre opens on German Unity Day (the visit page asks it); from
    candle lighting that Friday the delegation keeps Shabbat. Both are named, the holiday
    first, with the link the visit page gives to answer it, a sentence of its own that the
    next rule's does not run into. Not "closed"."""
    visit, centre = unity_day
    wish(visit, centre, minutes=120, day=dt.date(2025, 10, 3), title_de="Feiertag")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    link = (
        "Enter whether and when Beispielzentrum opens on 03/10/2025",
        exceptions_of(centre, date="2025-10-03", note="German+Unity+Day"),
    )
    assert not_placed(coordinator, proposal) == [
        (
            "Feiertag: several rules together leave no time for it. 03/10/2025 is a public "
            "holiday (German Unity Day), and the hours of Beispielzentrum that day are not "
            "entered: is it open? Enter whether and when Beispielzentrum opens on 03/10/2025. "
            "The delegation keeps Shabbat from Friday, 03/10/2025, 18:45 (candle lighting) to "
            "Saturday, 04/10/2025, 19:51 (havdalah).",
            [link],
        )
    ]
    with translation.override("de"):
        assert left_out(coordinator, proposal) == [
            (
                "Feiertag",
                "mehrere Regeln zusammen lassen ihm keine Zeit. Der 03.10.2025 ist ein Feiertag "
                "(Tag der Deutschen Einheit), und für diesen Tag sind keine Öffnungszeiten von "
                "Beispielzentrum eingetragen: Ist dort geöffnet? Die Delegation hält die "
                "Ruhezeit (Schabbat) von Freitag, 03.10.2025, 18:45 (Kerzenzünden) bis Samstag, "
                "04.10.2025, 19:51 (Hawdala).",
            )
        ]


def test_a_wish_on_a_holiday_alone_asks_only_that(
    coordinator, unity_day, django_capture_on_commit_callbacks
):
    """In the morning, Shabbat is far: the holiday alone is in the way."""
    visit, centre = unity_day
    wish(visit, centre, minutes=120, day=dt.date(2025, 10, 3), not_after=dt.time(12))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "03/10/2025 is a public holiday (German Unity Day), and the hours of Beispielzentrum "
            "that day are not entered: is it open?",
        )
    ]
    # Answered since: the link leads to the exception entered, not to a second one.
    directory.add_opening_exception(
        venue=centre, date=dt.date(2025, 10, 3), fields={"closed": True}
    )
    ((_text, links),) = not_placed(coordinator, proposal)
    assert links == [
        ("See the exception entered for Beispielzentrum on 03/10/2025", exceptions_of(centre))
    ]


def test_a_wish_on_shabbat_alone_names_it_with_its_times(
    coordinator, unity_day, django_capture_on_commit_callbacks
):
    visit, centre = unity_day
    wish(visit, centre, minutes=120, day=dt.date(2025, 10, 4))
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "it would fall into Shabbat, which the delegation keeps from Friday, 03/10/2025, "
            "18:45 (candle lighting) to Saturday, 04/10/2025, 19:51 (havdalah).",
        )
    ]


# --- People busy elsewhere --------------------------------------------------------------------


def test_a_wish_whose_required_participant_is_booked_elsewhere_names_only_the_person(
    coordinator, visit, museum, django_capture_on_commit_callbacks
):
    """Another city's appointment keeps the Lord Mayor all Tuesday: he is named, with the day,
    never the appointment, its time or its place."""
    mayor = make.person("Thomas", "Eiskirch", is_public_figure=True)
    other = meeting_elsewhere(mayor, make.berlin(2025, 1, 28, 8), make.berlin(2025, 1, 28, 22))
    town_hall = make.venue(other.visits.get().host_municipality, "Rathaus Anderswo", **EAST)
    services.update_appointment(appointment=other, fields={"venue": town_hall})
    wanted = wish(visit, museum, minutes=60, day=dt.date(2025, 1, 28), title_de="Empfang")
    wanted.participants.set([mayor])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    ((text, links),) = not_placed(coordinator, proposal)
    assert (text, links) == (
        "Empfang: Thomas Eiskirch has another appointment on Tue 28/01/2025 whose time this "
        "page does not show: the optimiser leaves that day to you; add it by hand where it "
        "fits.",
        [],
    )
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk])).text
    assert ("Anderswo" not in page, "08:00" not in page, "22:00" not in page) == (True,) * 3


def test_a_delegate_at_another_city_s_dinner_that_evening_leaves_the_morning_to_the_reader(
    coordinator, visit, museum, noa, django_capture_on_commit_callbacks
):
    """The handover day: on Wednesday Noa's delegation goes on to Stadt Anderswo, whose visit
    has a dinner with her from 19:00 to 21:00. Whose time our city may not know keeps her
    free all that day, so a wish for the morning is left out: its reason says so by the day,
    not as if she were busy all morning, and tells neither the dinner nor its time."""
    wednesday = dt.date(2025, 1, 29)
    onward = make.visit(
        make.programme("anderes"),
        make.municipality("Stadt Anderswo", "Anderswo"),
        start=wednesday,
        end=dt.date(2025, 2, 2),
    )
    services.add_delegate(visit=onward, person=noa)
    dinner = {"start": make.berlin(2025, 1, 29, 19), "end": make.berlin(2025, 1, 29, 21)}
    services.add_appointment(
        visits=[onward],
        participants=[noa],
        fields={"kind": "meal", "title_de": "Abschiedsessen", **dinner},
    )
    wish(visit, museum, minutes=90, day=wednesday, not_after=dt.time(12), title_de="Vormittag")
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert not_placed(coordinator, proposal) == [
        (
            "Vormittag: Noa Beispiel has another appointment on Wed 29/01/2025 whose time this "
            "page does not show: the optimiser leaves that day to you; add it by hand where it "
            "fits.",
            [],
        )
    ]
    with translation.override("de"):
        assert left_out(coordinator, proposal) == [
            (
                "Vormittag",
                "Noa Beispiel hat am Mi 29.01.2025 einen weiteren Termin, dessen Zeit diese "
                "Seite nicht zeigt: Diesen Tag überlässt die Optimierung Ihnen; tragen Sie den "
                "Termin von Hand ein, wo er passt.",
            )
        ]
    page = coordinator.get(reverse("visits:proposal", args=[proposal.pk])).text
    assert ("Abschiedsessen" not in page, "19:00" not in page, "21:00" not in page) == (True,) * 3


def test_people_of_the_city_s_own_visits_and_of_another_s_are_told_apart(
    coordinator, city, visit, museum, noa, django_capture_on_commit_callbacks
):
    """Noa is busy in another visit of our city's own in the morning, the mayor in the
    afternoon: their times are known, and leave no hour. Avi is at another city's appointment
    that day, and Dana too: the day is said of the two of them together."""
    tuesday = dt.date(2025, 1, 28)
    mayor = make.person("Thomas", "Eiskirch", is_public_figure=True)
    avi, dana = (make.person(name, "Beispiel", owner=city) for name in ("Avi", "Dana"))
    ours = make.visit(make.programme("eigenes"), city, start=tuesday, end=tuesday)
    for person, start, end in [(noa, 9, 14), (mayor, 13, 19)]:
        services.add_appointment(
            visits=[ours],
            participants=[person],
            fields={
                "kind": "meeting",
                "title_de": "Bei uns",
                "start": make.berlin(2025, 1, 28, start),
                "end": make.berlin(2025, 1, 28, end),
            },
        )
    theirs = meeting_elsewhere(avi, make.berlin(2025, 1, 28, 7), make.berlin(2025, 1, 28, 8))
    evening = {"start": make.berlin(2025, 1, 28, 20), "end": make.berlin(2025, 1, 28, 21)}
    services.add_appointment(
        visits=theirs.visits.all(),
        participants=[dana],
        fields={"kind": "meeting", "title_de": "Anderswo", **evening},
    )
    wanted = wish(visit, museum, minutes=60, day=tuesday)
    wanted.participants.set([mayor, avi, dana])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "several rules together leave no time for it. Noa Beispiel and Thomas Eiskirch are "
            "booked elsewhere, or on the way there or back, at some of the times it could take "
            "place. Avi Beispiel and Dana Beispiel have other appointments on Tue 28/01/2025 "
            "whose times this page does not show: the optimiser leaves that day to you; add it "
            "by hand where it fits.",
        )
    ]


def test_several_people_in_the_way_are_all_named_by_name(
    coordinator, city, visit, museum, noa, django_capture_on_commit_callbacks
):
    """Noa, of the delegation, is busy in the morning, the mayor in the afternoon, in another
    visit of our city's own."""
    tuesday = dt.date(2025, 1, 28)
    mayor = make.person("Thomas", "Eiskirch", is_public_figure=True)
    ours = make.visit(make.programme("eigenes"), city, start=tuesday, end=tuesday)
    for person, start, end in [(noa, 9, 14), (mayor, 13, 19)]:
        services.add_appointment(
            visits=[ours],
            participants=[person],
            fields={
                "kind": "meeting",
                "title_de": "Bei uns",
                "start": make.berlin(2025, 1, 28, start),
                "end": make.berlin(2025, 1, 28, end),
            },
        )
    wish(visit, museum, minutes=60, day=tuesday).participants.set([mayor])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    assert left_out(coordinator, proposal) == [
        (
            "Museumsbesuch",
            "Noa Beispiel and Thomas Eiskirch are booked elsewhere, or on the way there or "
            "back, whenever it could take place.",
        )
    ]


def test_a_person_in_the_way_is_named_only_to_one_who_may_be_told_their_name(
    coordinator, city, visit, museum, django_capture_on_commit_callbacks
):
    """Ben, whom Stadt Andersstadt entered, is needed for the wish and busy all Tuesday in
    another visit of ours: our coordinator reads that a person is, as the visit page would
    say it (``access.people_named_to``); in the programme office too, they read his name."""
    ben = make.person("Ben", "Beispiel", owner=make.municipality("Stadt Andersstadt"))
    tuesday = dt.date(2025, 1, 28)
    ours = make.visit(make.programme("eigenes"), city, start=tuesday, end=tuesday)
    all_day = {"start": make.berlin(2025, 1, 28, 8), "end": make.berlin(2025, 1, 28, 22)}
    services.add_appointment(
        visits=[ours], participants=[ben], fields={"kind": "meeting", "title_de": "X", **all_day}
    )
    wish(visit, museum, minutes=60, day=tuesday).participants.set([ben])
    proposal = propose(coordinator, visit, django_capture_on_commit_callbacks)
    said = "is booked elsewhere, or on the way there or back, whenever it could take place."
    assert left_out(coordinator, proposal) == [("Museumsbesuch", f"a person {said}")]
    user = get_user_model().objects.get(username=f"koordination-{city.pk}")
    add_membership(user=user, role=Role.PROGRAMME_OFFICE)
    assert left_out(coordinator, proposal) == [("Museumsbesuch", f"Ben Beispiel {said}")]
