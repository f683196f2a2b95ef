"""Every page of the web interface renders the Bochum 2025 demo, fact by fact.

The demo (``load_demo``) is the reference scenario (scenarios/bochum-2025.md). Pages are read
in English: interface strings are the msgids, data values come from the ``*_en`` columns.
Pages are parsed with a small tree builder on ``html.parser`` so that each assertion compares
the exact text of one element.
"""

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation

from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.partnerships.models import Partnership, Project
from chaveruth.visits.models import Appointment, Visit
from chaveruth.visits.services import update_appointment
from tests.conftest import log_in_as_coordinator
from tests.html import Node, get_page, parse, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# --- Reading HTML --------------------------------------------------------------------------------


def description(page: Node) -> dict[str, Node]:
    """A page's description list: the label of each item to its value element."""
    return {
        item.find(tag="dt").text(): item.find(tag="dd")
        for item in page.find_all(cls="kern-description-list-item")
    }


def result_rows(page: Node) -> list[list[str]]:
    """The cells of a list page's result table, row by row."""
    return [
        texts(row.find_all(tag="td"))
        for row in page.find(attrs={"id": "results"}).find(tag="tbody").find_all(tag="tr")
    ]


def field_names(form: Node) -> set[str]:
    return {
        node.attrs["name"]
        for node in form.walk()
        if node.tag in {"input", "select", "textarea"} and "name" in node.attrs
    }


def quoted(text: str) -> str:
    """The words inside a quotation rendered as „…“; fails when the marks are missing."""
    assert text[0] == "„" and text[-1] == "“", text
    return text[1:-1]


def date_words(heading: str) -> list[str]:
    """The words and numbers of a date heading, in a fixed order (the format is not at issue)."""
    return sorted(re.findall(r"\w+", heading))


# --- The demo and its records -------------------------------------------------------------------


@pytest.fixture
def demo(db) -> None:
    # As `manage.py load_demo` runs: in the default language, which the audit trail keeps.
    with translation.override("de"):
        call_command("load_demo", verbosity=0, stdout=StringIO())


@pytest.fixture
def coordinator_client(client, demo):
    """Bochum's city coordinator, who owns every record of the scenario."""
    return log_in_as_coordinator(client, Organisation.objects.get(name_de="Stadt Bochum"))


def visit_a() -> Visit:
    return Visit.objects.get(start_date="2025-01-19")


def visit_b() -> Visit:
    return Visit.objects.get(start_date="2025-01-26")


def project(number: int) -> Project:
    return Project.objects.get(number=number)


def organisation(name_de: str) -> Organisation:
    return Organisation.objects.get(name_de=name_de)


def venue(name_de: str) -> Venue:
    return Venue.objects.get(name_de=name_de)


def liminski() -> Person:
    return Person.objects.get(family_name="Liminski")


def civil_protection() -> Partnership:
    return Partnership.objects.get(name_de="Bevölkerungsschutz und Wasserresilienz")


def networking() -> Appointment:
    return Appointment.objects.get(title_de__startswith="Vernetzung mit Wissenschaft")


# Title strings of the demo as the English pages show them.
HACKATHONS = "Two hackathons on civil-protection / disaster-management challenges in NRW and Israel"
WATER = "The two sides of water resilience"
HEALTH_ECONOMY = "Economic exchange with Israeli innovators, focus on the health economy"
MENTAL_HEALTH = "Mental-health professional exchange: Israel Trauma Coalition with DZPG"
SAPIR = "Support for rebuilding the Entrepreneurship Center at Sapir College, Sderot"
VISIT_A = "Innovation, water-resilience and health-economy delegation"
VISIT_B = "Mental-health delegation (ITC with DZPG)"
MAYORS_RECEPTION = "Reception by Lord Mayor Thomas Eiskirch"
MINISTERS_RECEPTION = "Reception at the State Chancellery by Minister Nathanael Liminski"
LIMINSKI_FUNCTION = "Minister for Federal and European Affairs of NRW"

# --- Start page ----------------------------------------------------------------------------------


def test_dashboard_names_the_programme_by_its_english_name(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("reports:dashboard"))

    heading = page.find(tag="main").find(cls="kern-hgroup")
    assert heading.find(tag="h1").text() == (
        "Schalom – Chaveruth: NRW-Israel solidarity partnerships"
    )
    assert heading.find(cls="kern-preline").text() == "Programme · State Chancellery NRW"
    assert texts(page.find(tag="nav", cls="site-nav").find_all(tag="a")) == [
        "Visits",
        "Projects",
        "Partnerships",
        "Organisations",
        "People",
        "Venues",
    ]


def test_dashboard_shows_the_programme_at_a_glance(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("reports:dashboard"))

    figures = [
        (
            link.find(cls="figures__number").text(),
            link.find(cls="figures__label").text(),
            link.attrs["href"],
        )
        for link in page.find_all(tag="a", cls="figures__link")
    ]
    assert figures == [
        ("13", "Organisations", "/en/directory/organisations/"),
        ("4", "Partnerships", "/en/partnerships/"),
        ("5", "Projects", "/en/partnerships/projects/"),
        ("3", "Running projects", "/en/partnerships/projects/?status=running"),
        ("2", "Visits", "/en/visits/"),
    ]


def test_dashboard_lists_the_three_running_projects(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("reports:dashboard"))

    section = page.find(tag="section", attrs={"aria-labelledby": "projects-heading"})
    links = section.find_all(tag="a")
    assert [(link.text(), link.attrs["href"]) for link in links] == [
        (WATER, project(3).get_absolute_url()),
        (HEALTH_ECONOMY, project(4).get_absolute_url()),
        (MENTAL_HEALTH, project(5).get_absolute_url()),
    ]


def test_dashboard_lists_both_visits_as_recent(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("reports:dashboard"))

    section = page.find(tag="section", attrs={"aria-labelledby": "visits-heading"})
    upcoming, recent = section.find_all(tag="ul")
    assert texts(section.find_all(tag="h2")) == ["Upcoming visits", "Recent visits"]
    assert texts(upcoming.find_all(tag="li")) == ["No visits planned."]
    assert texts(recent.find_all(tag="li")) == [
        f"{VISIT_B} — 26/01/2025–31/01/2025, 8 people expected",
        f"{VISIT_A} — 19/01/2025–23/01/2025, 15 people expected",
    ]
    assert [link.attrs["href"] for link in recent.find_all(tag="a")] == [
        visit_b().get_absolute_url(),
        visit_a().get_absolute_url(),
    ]


LIMINSKI_QUOTE = (
    "Statt nur von Solidarität zu reden, wollen wir diese auch konkret leben und kommunale "
    "Partnerschaften fördern."
)
EISKIRCH_QUOTE = (
    "Internationale Partnerschaften sind in Bochum fester Bestandteil der Stadtgesellschaft."
)


def statement_parts(figure: Node) -> dict[str, str]:
    """The parts of one rendered statement that are present, by their role."""
    parts = {
        "quote": figure.find_all(tag="q"),
        "translation": figure.find_all(cls="statement__translation"),
        "by": figure.find_all(tag="figcaption"),
        "context": figure.find_all(cls="statement__context"),
    }
    return {role: nodes[0].text() for role, nodes in parts.items() if len(nodes) == 1}


def test_dashboard_quotes_both_statements_verbatim_with_a_translation(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("reports:dashboard"))

    liminski, eiskirch = page.find_all(tag="figure", cls="statement")
    assert liminski.find(tag="blockquote").attrs["lang"] == "de"
    assert statement_parts(liminski) == {
        "quote": LIMINSKI_QUOTE,
        "translation": "Translation: Instead of only talking about solidarity, we also want to "
        "live it concretely and promote municipal partnerships.",
        "by": f"— Nathanael Liminski, {LIMINSKI_FUNCTION}",
    }
    assert statement_parts(eiskirch) == {
        "quote": EISKIRCH_QUOTE,
        "translation": "Translation: International partnerships are an integral part of "
        "Bochum's urban society.",
        "by": "— Thomas Eiskirch, Lord Mayor of Bochum",
        # His added remark is reported speech, shown apart from the quote.
        "context": "He added that the cooperation with Israel offers a valuable basis for "
        "scientific and economic exchange.",
    }


def test_german_dashboard_quotes_the_statements_without_a_translation(demo, coordinator_client):
    with translation.override("de"):
        url = reverse("reports:dashboard")
    page = get_page(coordinator_client, url)

    assert page.find(tag="html").attrs["lang"] == "de"
    assert page.find(tag="main").find(tag="h1").text() == (
        "Schalom – Chaveruth: Solidaritätspartnerschaften NRW-Israel"
    )
    liminski, eiskirch = page.find_all(tag="figure", cls="statement")
    assert statement_parts(liminski)["quote"] == LIMINSKI_QUOTE
    assert "translation" not in statement_parts(liminski)
    assert statement_parts(eiskirch)["context"] == (
        "Er fügte hinzu, die Zusammenarbeit mit Israel biete eine wertvolle Grundlage für den "
        "wissenschaftlichen und wirtschaftlichen Austausch."
    )


# --- Visits --------------------------------------------------------------------------------------


def itinerary(page: Node) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Each day of a visit page: its date words and its (time range, title) items in order."""
    return [
        (
            date_words(day.find(tag="h3").text()),
            [
                (
                    item.find(cls="itinerary__time").text(),
                    item.find(tag="p", cls="kern-body--bold").text(),
                )
                for item in day.find_all(cls="itinerary__item")
            ],
        )
        for day in page.find_all(cls="itinerary-day")
    ]


def appointment_details(page: Node, title: str) -> list[str]:
    """The lines below an appointment's title on a visit page."""
    (item,) = [
        item
        for item in page.find_all(cls="itinerary__item")
        if item.find(tag="p", cls="kern-body--bold").text() == title
    ]
    return texts(item.find(cls="itinerary__body").find_all(tag="p"))[1:]


def test_visit_list_shows_both_visits(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("visits:list"))

    assert page.find(cls="result-count").text() == "2 results"
    assert result_rows(page) == [
        [
            VISIT_A,
            "19/01/2025–23/01/2025",
            "Incoming (Israel)",
            "City of Bochum",
            "15",
            "Completed",
        ],
        [VISIT_B, "26/01/2025–31/01/2025", "Incoming (Israel)", "City of Bochum", "8", "Completed"],
    ]


def test_innovation_visit_expects_15_members(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    assert page.find(tag="main").find(tag="h1").text() == VISIT_A
    assert page.find(cls="expected-size").text() == "15"
    facts = description(page)
    assert facts["Coming from"].text() == "Israel"
    assert facts["Host municipality"].text() == "City of Bochum"
    assert facts["Observes Shabbat"].text() == "No"
    assert facts["Observes Shabbat"].has_sample_badge()  # the sources do not say
    assert facts["Projects"].text() == f"{WATER}; {HEALTH_ECONOMY}"
    assert facts["Purpose"].text() == (
        "Networking with science, business and city administration; visit of the "
        "Gesundheitscampus Bochum; exchange with start-ups at WERK X; a tour of the Ruhr area."
    )


def test_the_invented_wishes_are_marked_as_sample_data(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("visits:wishes", args=[visit_a().pk]))
    titles = page.find(tag="tbody").find_all(tag="td", attrs={"data-label": "Wish"})
    assert [(title.text(), title.has_sample_badge()) for title in titles] == [
        ("Water-sensitive urban planning at the THGA campus", True),
        ("Visit of the Deutsches Bergbau-Museum", True),
        ("Talk on mental health at the DZPG", True),
    ]


def test_innovation_visit_is_supported_by_the_jewish_community(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    supported = description(page)["Supported by"]
    assert [(link.text(), link.attrs["href"]) for link in supported.find_all(tag="a")] == [
        (
            "Jewish Community of Bochum",
            organisation("Jüdische Gemeinde Bochum").get_absolute_url(),
        )
    ]


def test_innovation_visit_programme_day_by_day_in_local_time(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    assert itinerary(page) == [
        (date_words("Sunday 19 January 2025"), []),
        (
            date_words("Monday 20 January 2025"),
            [
                ("09:30–12:30", "Networking with science, business and city administration"),
                ("17:30–19:00", MAYORS_RECEPTION),
            ],
        ),
        (
            date_words("Tuesday 21 January 2025"),
            [
                ("09:30–12:00", "Visit of the Gesundheitscampus Bochum"),
                ("14:00–17:00", "Exchange with start-ups at WERK X"),
            ],
        ),
        (
            date_words("Wednesday 22 January 2025"),
            [("11:00–12:30", MINISTERS_RECEPTION)],
        ),
        (date_words("Thursday 23 January 2025"), [("09:00–13:00", "Tour of the Ruhr area")]),
    ]
    sunday = page.find_all(cls="itinerary-day")[0]
    assert texts(sunday.find_all(tag="p")) == [
        "Nothing planned.",
        "Add appointment on this day (Sunday 19 January 2025)",
    ]


def test_innovation_visit_receptions_name_their_hosts_and_guests(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    assert appointment_details(page, MAYORS_RECEPTION) == [
        "Reception · Bochum Town Hall, Willy-Brandt-Platz 2–6, 44787 Bochum · Internal",
        "Hosted by: City of Bochum; Thomas Eiskirch",
        "Also attending: Bochum city council members and project participants",
    ]
    assert appointment_details(page, MINISTERS_RECEPTION) == [
        "Reception · State Chancellery NRW, Horionplatz 1, 40213 Düsseldorf · Restricted",
        "Hosted by: State Chancellery NRW; Nathanael Liminski",
        "Shared with 1 security liaison",  # the coordinators' link to its shares
    ]
    assert appointment_details(page, "Exchange with start-ups at WERK X") == [
        "Start-up exchange · WERK X, Kortumstraße, 44787 Bochum · Internal",
        "Hosted by: WERK X",
    ]


def test_innovation_visit_marks_every_invented_time_as_sample_data(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    times = page.find_all(cls="itinerary__time")
    assert [time.has_sample_badge() for time in times] == [True] * 6
    assert times[0].find(cls="sample-badge").attrs["title"] == (
        "Invented for the demo; not stated in the source."
    )


def test_innovation_visit_lists_its_15_invented_delegates(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    delegates = page.find(tag="ul", cls="delegates").find_all(cls="delegate")
    members = "Avi Daniel Eitan Gal Hila Itai Lior Maya Michal Oren Roni Shira Tamar Yonatan"
    assert texts(delegates) == [
        "Noa Beispiel — Head of delegation",
        *(f"{name} Beispiel — Member" for name in members.split()),
    ]
    assert [delegate.has_sample_badge() for delegate in delegates] == [True] * 15


def test_innovation_visit_changes_list_the_creations_newest_first(demo, coordinator_client):
    page = get_page(coordinator_client, visit_a().get_absolute_url())

    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    rows = [texts(row.find_all(tag="td")) for row in section.find(tag="tbody").find_all(tag="tr")]
    # Written in German (the demo's language), read as the records are now: in English.
    assert [what for _when, _who, what in rows if " created: " in what] == [
        "Appointment created: Tour of the Ruhr area",
        f"Appointment created: {MINISTERS_RECEPTION}",
        "Appointment created: Exchange with start-ups at WERK X",
        "Appointment created: Visit of the Gesundheitscampus Bochum",
        f"Appointment created: {MAYORS_RECEPTION}",
        "Appointment created: Networking with science, business and city administration",
        f"Visit created: {VISIT_A}",
    ]
    assert {who for _when, who, _what in rows} == {"System"}  # loaded by the command
    # A record saved and then given its people and visits is one line, not four; the others
    # are the delegation, added after the visit, and a share, after the appointments.
    members = "Hila Itai Gal Lior Roni Daniel Maya Yonatan Shira Oren Michal Eitan Tamar Avi"
    assert [what for _when, _who, what in rows if " created: " not in what] == [
        f"Shared with security liaison sicherheit: {MINISTERS_RECEPTION}",
        *(f"Delegate added: {name} Beispiel (Member)" for name in members.split()),
        "Delegate added: Noa Beispiel (Head of delegation)",
    ]


def test_a_later_change_is_its_own_line_naming_the_fields_for_readers(demo, coordinator_client):
    tour = Appointment.objects.get(title_de="Tour durch das Ruhrgebiet")
    LogEntry.objects.update(timestamp=F("timestamp") - dt.timedelta(hours=1))  # loaded earlier
    update_appointment(appointment=tour, fields={"title_en": "Ruhr tour", "end": tour.end})
    update_appointment(appointment=tour, fields={"confidentiality": "restricted"})
    page = get_page(coordinator_client, visit_a().get_absolute_url())
    section = page.find(tag="section", attrs={"aria-labelledby": "history-heading"})
    rows = [texts(row.find_all(tag="td")) for row in section.find(tag="tbody").find_all(tag="tr")]
    # The record's name as it is now, on every line of it.
    assert rows[0][2] == "Appointment changed: Ruhr tour (title [en], confidentiality)"
    assert [what for _when, _who, what in rows if "Ruhr" in what] == [
        "Appointment changed: Ruhr tour (title [en], confidentiality)",
        "Appointment created: Ruhr tour",
    ]


def test_mental_health_visit_programme_ends_with_the_museum_on_friday(demo, coordinator_client):
    page = get_page(coordinator_client, visit_b().get_absolute_url())

    assert page.find(tag="main").find(tag="h1").text() == VISIT_B
    assert itinerary(page) == [
        (date_words("Sunday 26 January 2025"), []),
        (
            date_words("Monday 27 January 2025"),
            [
                ("09:30–12:30", "Expert talks with the DZPG, part 1"),
                ("17:30–19:00", MAYORS_RECEPTION),
            ],
        ),
        (date_words("Tuesday 28 January 2025"), [("11:00–12:30", MINISTERS_RECEPTION)]),
        (
            date_words("Wednesday 29 January 2025"),
            [("09:30–15:00", "Expert talks with the DZPG, part 2")],
        ),
        (
            date_words("Thursday 30 January 2025"),
            [("10:00–11:30", "Guided tour of the synagogue of the Jewish community of Bochum")],
        ),
        (
            date_words("Friday 31 January 2025"),
            [("15:00–17:15", "Visit of the Deutsches Bergbau-Museum")],
        ),
    ]


def test_mental_health_visit_places_and_hosts(demo, coordinator_client):
    page = get_page(coordinator_client, visit_b().get_absolute_url())

    assert appointment_details(page, "Expert talks with the DZPG, part 1") == [
        "Expert talk · DZPG, Massenbergstraße 9–13, 44787 Bochum · Internal",
        "Hosted by: German Center for Mental Health",
    ]
    assert appointment_details(
        page, "Guided tour of the synagogue of the Jewish community of Bochum"
    ) == [
        "Cultural programme · Bochum Synagogue, Erich-Mendel-Platz 1, 44791 Bochum · Internal",
        "Hosted by: Jewish Community of Bochum",
    ]
    assert appointment_details(page, "Visit of the Deutsches Bergbau-Museum") == [
        "Cultural programme · German Mining Museum, Am Bergbaumuseum 28, 44791 Bochum · Internal",
        "Hosted by: German Mining Museum",
    ]
    assert appointment_details(page, MAYORS_RECEPTION)[2] == (
        "Also attending: Bochum city council members and project participants"
    )


def test_mental_health_visit_observes_shabbat_as_sample_data(demo, coordinator_client):
    page = get_page(coordinator_client, visit_b().get_absolute_url())

    facts = description(page)
    assert facts["Observes Shabbat"].text() == "Yes"
    assert facts["Observes Shabbat"].has_sample_badge()
    # The scenario: sunset in Bochum on Friday 31 January at 17:19, candle lighting at 17:01.
    friday = page.find_all(cls="itinerary-day")[-1]
    assert friday.find(tag="h3").text() == "Friday 31 January 2025"
    assert texts(friday.find_all(cls="day-notes__note")) == [
        "Shabbat: rest begins at 17:01 (candle lighting)"
    ]
    assert page.find(cls="expected-size").text() == "8"
    assert facts["Projects"].text() == MENTAL_HEALTH
    assert facts["Supported by"].text() == "Jewish Community of Bochum"


def test_mental_health_visit_lists_its_delegates(demo, coordinator_client):
    page = get_page(coordinator_client, visit_b().get_absolute_url())

    delegates = page.find(tag="ul", cls="delegates").find_all(cls="delegate")
    assert texts(delegates) == [
        # In order of precedence: the head, the members, then the interpreter.
        "Yael Example — Head of delegation, Israel Trauma Coalition",
        *(
            f"{name} Example — Member, Israel Trauma Coalition"
            for name in ["Amit", "Dana", "Nir", "Omer", "Ruth", "Tal"]
        ),
        "Ayelet Example — Interpreter",
    ]


def test_visit_page_follows_the_language_of_its_url(demo, coordinator_client):
    visit = visit_a()
    english_url = reverse("visits:detail", args=[visit.pk])
    with translation.override("de"):
        german_url = reverse("visits:detail", args=[visit.pk])

    english = get_page(coordinator_client, english_url)
    german = get_page(coordinator_client, german_url)

    assert (english_url, german_url) == (f"/en/visits/{visit.pk}/", f"/visits/{visit.pk}/")
    assert english.find(tag="html").attrs["lang"] == "en"
    assert german.find(tag="html").attrs["lang"] == "de"
    assert english.find(tag="main").find(tag="h1").text() == visit.title_en == VISIT_A
    assert (
        german.find(tag="main").find(tag="h1").text()
        == visit.title_de
        == ("Delegation zu Innovation, Wasserresilienz und Gesundheitswirtschaft")
    )
    assert [day.find(tag="h3").text() for day in german.find_all(cls="itinerary-day")] == [
        "Sonntag, 19. Januar 2025",
        "Montag, 20. Januar 2025",
        "Dienstag, 21. Januar 2025",
        "Mittwoch, 22. Januar 2025",
        "Donnerstag, 23. Januar 2025",
    ]


# --- Projects and partnerships -------------------------------------------------------------------


def test_project_list_shows_the_five_projects_in_order(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("partnerships:project_list"))

    assert page.find(cls="result-count").text() == "5 results"
    assert [(row[0], row[1], row[2], row[4]) for row in result_rows(page)] == [
        ("1", SAPIR, "Completed", "—"),
        ("2", HACKATHONS, "Completed", "—"),
        ("3", WATER, "Running", HACKATHONS),
        ("4", HEALTH_ECONOMY, "Running", "—"),
        ("5", MENTAL_HEALTH, "Running", "—"),
    ]


def test_project_list_filters_running_projects(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("partnerships:project_list") + "?status=running")

    assert [row[:3] for row in result_rows(page)] == [
        ["3", WATER, "Running"],
        ["4", HEALTH_ECONOMY, "Running"],
        ["5", MENTAL_HEALTH, "Running"],
    ]


def test_water_resilience_project_builds_on_the_hackathons(demo, coordinator_client):
    page = get_page(coordinator_client, project(3).get_absolute_url())

    assert page.find(tag="main").find(tag="h1").text() == WATER
    assert page.find(cls="kern-preline").text() == "Project 3 · Student project"
    assert description(page)["Status"].text() == "Running as of February 2025"
    chain = page.find(tag="ol", cls="project-chain").find_all(tag="li")
    assert texts(chain) == [f"{HACKATHONS} — Completed", f"{WATER} — Running"]
    assert chain[0].find(tag="a").attrs["href"] == project(2).get_absolute_url()
    assert chain[1].attrs.get("aria-current") == "true"
    section = page.find(tag="section", attrs={"aria-labelledby": "chain-heading"})
    assert section.find(tag="p").text() == f"Builds on: {HACKATHONS}"


def test_water_resilience_project_names_partners_and_visit(demo, coordinator_client):
    page = get_page(coordinator_client, project(3).get_absolute_url())

    lists = page.find(tag="main").find_all(tag="ul", cls="kern-list")
    partners, visits = lists
    assert texts(partners.find_all(tag="li")) == [
        "City of Bochum — Lead",
        "Technische Hochschule Georg Agricola — Partner",
    ]
    assert texts(visits.find_all(tag="li")) == [f"{VISIT_A} (19/01/2025–23/01/2025)"]


def test_hackathons_project_is_followed_by_the_water_resilience_project(demo, coordinator_client):
    page = get_page(coordinator_client, project(2).get_absolute_url())

    chain = page.find(tag="ol", cls="project-chain").find_all(tag="li")
    assert texts(chain) == [
        f"{HACKATHONS} — Completed",
        f"{WATER} — Running (builds on this project)",
    ]
    assert chain[0].attrs.get("aria-current") == "true"
    assert chain[1].classes == ["project-chain__next"]
    assert chain[1].find(tag="a").attrs["href"] == project(3).get_absolute_url()


def test_hackathons_project_lists_its_two_hackathons(demo, coordinator_client):
    page = get_page(coordinator_client, project(2).get_absolute_url())

    (events_heading,) = [h2 for h2 in page.find_all(tag="h2") if h2.text() == "Events"]
    main = page.find(tag="main")
    events = main.children[main.children.index(events_heading) + 2]  # the list after the heading
    assert isinstance(events, Node)
    items = events.find_all(tag="li")
    assert texts(items) == [
        "First hackathon: civil protection and disaster management — 14/05/2024–15/05/2024, "
        "Bochum, "
        "8 teams, 42 participants",
        "Second hackathon: civil protection and disaster management — 10/09/2024–11/09/2024, "
        "Tel Aviv, "
        "6 teams, 35 participants",
    ]
    assert [item.has_sample_badge() for item in items] == [True, True]
    assert description(page)["Period"].text() == "14/05/2024–11/09/2024"
    assert description(page)["Period"].has_sample_badge()


def test_partnership_list_shows_the_four_partnerships(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("partnerships:partnership_list"))

    assert page.find(cls="result-count").text() == "4 results"
    rows = result_rows(page)
    assert rows == [
        [
            "Bochum – Sapir College: entrepreneurship",
            "Academic",
            "Active",
            "City of Bochum, Sapir College (Entrepreneurship Center)",
        ],
        [
            "Civil protection and water resilience",
            "Civil society",
            "Active",
            "City of Bochum, JADDE, Tech7, Technische Hochschule Georg Agricola",
        ],
        [
            "Health economy",
            "Economic",
            "Active",
            "Bochum Economic Development Agency, City of Bochum, Health Campus Bochum, WERK X",
        ],
        [
            "Mental health",
            "Civil society",
            "Active",
            "City of Bochum, German Center for Mental Health, Israel Trauma Coalition",
        ],
    ]
    names = [row.find_all(tag="td")[0] for row in page.find(tag="tbody").find_all(tag="tr")]
    assert [name.has_sample_badge() for name in names] == [True] * 4  # the grouping is invented


def test_partnership_detail_shows_its_organisations_and_projects(demo, coordinator_client):
    page = get_page(coordinator_client, civil_protection().get_absolute_url())

    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Civil protection and water resilience"
    assert main.find(tag="h1").has_sample_badge()
    assert main.find(cls="kern-preline").text() == (
        "Schalom – Chaveruth: NRW-Israel solidarity partnerships"
    )
    facts = description(page)
    assert {label: value.text() for label, value in facts.items()} == {
        "Kind": "Civil society",
        "Status": "Active",
        "Since": "01/03/2024",
        "Topics": "Civil protection / disaster management, Water resilience, "
        "Water-sensitive urban planning",
    }
    assert facts["Since"].has_sample_badge()
    organisations, projects = main.find_all(tag="ul", cls="kern-list")
    assert texts(organisations.find_all(tag="li")) == [
        "City of Bochum — Bochum, NRW, Germany",
        "JADDE — —",
        "Tech7 — Israel",
        "Technische Hochschule Georg Agricola — Bochum, Germany",
    ]
    assert texts(projects.find_all(tag="li")) == [
        f"2. {HACKATHONS} — Completed",
        f"3. {WATER} — Running",
    ]


# --- Directory -----------------------------------------------------------------------------------

# In English order: a list is sorted by the names its reader reads.
ORGANISATION_ROWS = [
    ["Bochum Economic Development Agency (WEG)", "Economic development agency", "Bochum, Germany"],
    ["City of Bochum", "Municipality", "Bochum, NRW, Germany"],
    ["German Center for Mental Health (DZPG)", "Research centre", "Bochum, Germany"],
    ["German Mining Museum", "Museum", "Bochum, Germany"],
    ["Health Campus Bochum", "Health campus", "Bochum, Germany"],
    ["Israel Trauma Coalition (ITC)", "NGO", "Israel"],
    ["JADDE", "Other partner organisation", "—"],
    ["Jewish Community of Bochum", "Jewish community", "Bochum, Germany"],
    [
        "Sapir College (Entrepreneurship Center)",
        "College",
        "Sderot, Israel",
    ],  # names "Sapir College"
    ["State Chancellery NRW", "State government", "Düsseldorf, NRW, Germany"],
    ["Tech7", "Innovation organisation", "Israel"],
    ["Technische Hochschule Georg Agricola (THGA)", "University", "Bochum, Germany"],
    ["WERK X", "Start-up hub", "Bochum, Germany"],
]


def organisation_names(page: Node) -> list[str]:
    return [
        row.find_all(tag="td")[0].find(tag="a").text()
        for row in page.find(attrs={"id": "results"}).find(tag="tbody").find_all(tag="tr")
    ]


def test_organisation_list_shows_all_13_organisations(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("directory:organisation_list"))

    assert page.find(cls="result-count").text() == "13 results"
    assert [row[:3] for row in result_rows(page)] == ORGANISATION_ROWS


def test_organisation_search_finds_names_and_cities_containing_bochum(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("directory:organisation_list") + "?q=Bochum")

    matching = Organisation.objects.filter(
        Q(name_de__icontains="Bochum")
        | Q(name_en__icontains="Bochum")
        | Q(name_he__icontains="Bochum")
        | Q(short_name__icontains="Bochum")
        | Q(city__icontains="Bochum")
    )
    assert organisation_names(page) == sorted(organisation.name for organisation in matching)
    assert organisation_names(page) == [
        "Bochum Economic Development Agency",
        "City of Bochum",
        "German Center for Mental Health",
        "German Mining Museum",
        "Health Campus Bochum",
        "Jewish Community of Bochum",
        "Technische Hochschule Georg Agricola",
        "WERK X",
    ]
    assert page.find(cls="result-count").text() == "8 results"
    assert page.find(tag="input", attrs={"name": "q"}).attrs["value"] == "Bochum"


def test_organisation_filter_by_kind_museum_finds_the_mining_museum(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("directory:organisation_list") + "?kind=museum")

    museum = organisation("Deutsches Bergbau-Museum")
    assert result_rows(page) == [
        ["German Mining Museum", "Museum", "Bochum, Germany", "Culture and remembrance"]
    ]
    assert page.find(tag="tbody").find(tag="a").attrs["href"] == museum.get_absolute_url()


def test_htmx_search_answers_only_the_results_partial(demo, coordinator_client):
    response = coordinator_client.get(
        reverse("directory:organisation_list") + "?q=Bochum", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "filter-form" not in html
    partial = parse(html)
    assert [child.tag for child in partial.children if isinstance(child, Node)] == ["div"]
    assert partial.find(tag="div", attrs={"id": "results"}).find(cls="result-count").text() == (
        "8 results"
    )
    assert len(organisation_names(partial)) == 8


def test_city_of_bochum_lists_its_lord_mayor_and_hosted_visits(demo, coordinator_client):
    bochum = organisation("Stadt Bochum")
    page = get_page(coordinator_client, bochum.get_absolute_url())

    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "City of Bochum"
    assert main.find(cls="kern-preline").text() == "Municipality"
    assert description(page)["Place"].text() == "Bochum, NRW, Germany"
    lists = dict(
        zip(
            texts(main.find_all(tag="h2")),
            main.find_all(tag="ul", cls="kern-list"),
            strict=True,
        )
    )
    assert texts(lists["People"].find_all(tag="li")) == ["Thomas Eiskirch — Lord Mayor of Bochum"]
    assert lists["People"].find(tag="a").attrs["href"] == (
        Person.objects.get(family_name="Eiskirch").get_absolute_url()
    )
    assert texts(lists["Visits"].find_all(tag="li")) == [
        f"{VISIT_A} (19/01/2025–23/01/2025)",
        f"{VISIT_B} (26/01/2025–31/01/2025)",
    ]
    assert texts(lists["Projects"].find_all(tag="li")) == [
        f"{SAPIR} (Lead)",
        f"{HACKATHONS} (Lead)",
        f"{WATER} (Lead)",
        f"{HEALTH_ECONOMY} (Partner)",
        f"{MENTAL_HEALTH} (Lead)",
    ]


def test_person_list_shows_functions_and_marks_invented_people(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("directory:person_list"))

    innovation = "Avi Daniel Eitan Gal Hila Itai Lior Maya Michal Noa Oren Roni Shira Tamar Yonatan"
    mental_health = "Amit Ayelet Dana Nir Omer Ruth Tal Yael"
    assert page.find(cls="result-count").text() == "25 results"
    rows = page.find(tag="tbody").find_all(tag="tr")
    assert [texts(row.find_all(tag="td")) for row in rows] == [
        *([f"{name} Beispiel", "—"] for name in innovation.split()),
        ["Thomas Eiskirch", "Lord Mayor of Bochum, City of Bochum"],
        *([f"{name} Example", "—"] for name in mental_health.split()),
        ["Nathanael Liminski", f"{LIMINSKI_FUNCTION}, State Chancellery NRW"],
    ]
    invented = [row.find_all(tag="td")[0].has_sample_badge() for row in rows]
    assert invented == [True] * 15 + [False] + [True] * 8 + [False]


def test_liminski_page_shows_his_function_appointments_and_statement(demo, coordinator_client):
    page = get_page(coordinator_client, liminski().get_absolute_url())

    main = page.find(tag="main")
    assert main.find(tag="h1").text(badges=True) == "Nathanael Liminski"
    functions, appointments = main.find_all(tag="ul", cls="kern-list")
    assert texts(functions.find_all(tag="li")) == [f"{LIMINSKI_FUNCTION}, State Chancellery NRW"]
    assert functions.find(tag="a").attrs["href"] == (
        organisation("Staatskanzlei NRW").get_absolute_url()
    )
    assert texts(appointments.find_all(tag="li")) == [
        f"22 January 2025, 11:00: {MINISTERS_RECEPTION}, State Chancellery NRW",
        f"28 January 2025, 11:00: {MINISTERS_RECEPTION}, State Chancellery NRW",
    ]
    assert [item.has_sample_badge() for item in appointments.find_all(tag="li")] == [True, True]
    assert statement_parts(main.find(tag="figure", cls="statement"))["quote"] == LIMINSKI_QUOTE


def test_venue_list_shows_the_nine_venues_with_sample_addresses(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("directory:venue_list"))

    assert page.find(cls="result-count").text() == "9 results"
    rows = page.find(tag="tbody").find_all(tag="tr")
    assert [texts(row.find_all(tag="td")) for row in rows] == [  # by the names shown
        ["Bochum Synagogue", "Erich-Mendel-Platz 1, 44791 Bochum", "Jewish Community of Bochum"],
        ["Bochum Town Hall", "Willy-Brandt-Platz 2–6, 44787 Bochum", "City of Bochum"],
        ["DZPG", "Massenbergstraße 9–13, 44787 Bochum", "German Center for Mental Health"],
        ["German Mining Museum", "Am Bergbaumuseum 28, 44791 Bochum", "German Mining Museum"],
        ["Health Campus Bochum", "Gesundheitscampus 10, 44801 Bochum", "Health Campus Bochum"],
        ["Sample Hotel Bochum", "Beispielstraße 1, 44787 Bochum", "City of Bochum"],
        ["State Chancellery NRW", "Horionplatz 1, 40213 Düsseldorf", "State Chancellery NRW"],
        ["THGA campus", "Herner Straße 45, 44787 Bochum", "Technische Hochschule Georg Agricola"],
        ["WERK X", "Kortumstraße, 44787 Bochum", "WERK X"],
    ]
    assert [row.find_all(tag="td")[1].has_sample_badge() for row in rows] == [True] * 9


def test_state_chancellery_shows_the_travel_time_entered_from_the_hotel(demo, coordinator_client):
    page = get_page(coordinator_client, venue("Staatskanzlei NRW").get_absolute_url())
    entries = page.find(tag="ul", cls="travel-times").find_all(tag="li")
    assert texts(entries) == ["Sample Hotel Bochum → State Chancellery NRW: 50 minutes"]
    assert entries[0].has_sample_badge()


def test_mining_museum_venue_shows_address_and_opening_hours(demo, coordinator_client):
    museum = venue("Deutsches Bergbau-Museum")
    page = get_page(coordinator_client, museum.get_absolute_url())

    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "German Mining Museum"
    facts = description(page)
    assert facts["Organisation"].text() == "German Mining Museum"
    assert facts["Address"].text() == "Am Bergbaumuseum 28, 44791 Bochum"
    assert facts["Address"].has_sample_badge()
    assert facts["Coordinates"].text() == "51.489100, 7.217200"
    assert facts["Capacity"].text() == "50"
    hours = main.find(tag="ul", cls="opening-hours").find_all(tag="li")
    assert texts(hours) == [
        f"{day}: 09:30–17:30"
        for day in ["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    ]


# --- Forms ---------------------------------------------------------------------------------------

ORGANISATION_FIELDS = {
    "csrfmiddlewaretoken",
    "seen_version",
    *(f"name_{code}" for code in ("de", "en", "he")),
    "short_name",
    "kind",
    "country",
    "region",
    "city",
    "parent",
    "topics",
    "website",
    *(f"description_{code}" for code in ("de", "en", "he")),
}
WISH_FIELDS = {
    "csrfmiddlewaretoken",
    "seen_version",
    *(f"title_{code}" for code in ("de", "en", "he")),
    "kind",
    "venue",
    "minutes",
    "value",
    "day",
    "not_before",
    "not_after",
    "participants",
    "confidentiality",
}
VENUE_FIELDS = {
    "csrfmiddlewaretoken",
    "seen_version",
    "organisation",
    *(f"name_{code}" for code in ("de", "en", "he")),
    "street",
    "postcode",
    "city",
    "country",
    "latitude",
    "longitude",
    "capacity",
    *(f"directions_{code}" for code in ("de", "en", "he")),
}
VISIT_FIELDS = {
    "csrfmiddlewaretoken",
    "seen_status",  # hidden: the status the form was drawn with
    "seen_version",  # hidden: the version it was drawn with (SharedRecordForm)
    "programme",
    *(f"title_{code}" for code in ("de", "en", "he")),
    "direction",
    "host_municipality",
    "origin_country",
    "origin",
    "start_date",
    "end_date",
    "expected_size",
    "status",
    "time_zone",
    "observes_shabbat",
    "candle_lighting_minutes",
    "hotel",
    "travel_mode",
    "day_starts",
    "day_ends",
    "longest_day_hours",
    *(f"purpose_{code}" for code in ("de", "en", "he")),
    "projects",
    "supporting_organisations",
}
APPOINTMENT_FIELDS = {
    "csrfmiddlewaretoken",
    "seen_version",
    "kind",
    *(f"title_{code}" for code in ("de", "en", "he")),
    "start",
    "end",
    "venue",
    "hosting_organisations",
    "hosts",
    "participants",
    *(f"attendees_note_{code}" for code in ("de", "en", "he")),
    "confidentiality",
    *(f"description_{code}" for code in ("de", "en", "he")),
}


def edited(fields: set[str]) -> set[str]:
    """An edit form's fields, each with the value it showed when drawn, sent back hidden
    (``initial-title_de``: what ``SharedRecordForm`` merges another's change with)."""
    own = fields - {"csrfmiddlewaretoken", "seen_version", "seen_status"}
    return fields | {f"initial-{name}" for name in own}


FORMS: dict[str, tuple[Callable[[], str], str, set[str]]] = {
    "organisation_create": (
        lambda: reverse("directory:organisation_create"),
        "New organisation",
        ORGANISATION_FIELDS,
    ),
    "organisation_edit": (
        lambda: reverse("directory:organisation_edit", args=[organisation("Stadt Bochum").pk]),
        "Edit organisation",
        edited(ORGANISATION_FIELDS),
    ),
    "venue_create": (lambda: reverse("directory:venue_create"), "New venue", VENUE_FIELDS),
    "venue_edit": (
        lambda: reverse("directory:venue_edit", args=[venue("Deutsches Bergbau-Museum").pk]),
        "Edit venue",
        edited(VENUE_FIELDS),
    ),
    "visit_create": (lambda: reverse("visits:create"), "New visit", VISIT_FIELDS),
    "visit_edit": (
        lambda: reverse("visits:edit", args=[visit_a().pk]),
        "Edit visit",
        edited(VISIT_FIELDS),
    ),
    "wish_create": (
        lambda: reverse("visits:wish_create", args=[visit_a().pk]),
        f"New wish: {VISIT_A}",
        WISH_FIELDS,
    ),
    "wish_edit": (
        lambda: reverse("visits:wish_edit", args=[visit_a().wishes.first().pk]),
        f"Edit wish: {VISIT_A}",
        edited(WISH_FIELDS),
    ),
    "appointment_create": (
        lambda: reverse("visits:appointment_create", args=[visit_a().pk]),
        f"New appointment: {VISIT_A}",
        APPOINTMENT_FIELDS,
    ),
    "appointment_edit": (
        lambda: reverse("visits:appointment_edit", args=[networking().pk]),
        f"Edit appointment: {VISIT_A}",
        edited(APPOINTMENT_FIELDS),
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_form_page_renders_its_fields(demo, coordinator_client, name):
    url, title, fields = FORMS[name]
    page = get_page(coordinator_client, url())

    assert page.find(tag="main").find(tag="h1").text() == title
    assert field_names(page.find(tag="form", cls="entry-form")) == fields


EDIT_VALUES: dict[str, dict[str, str]] = {
    "organisation_edit": {"name_de": "Stadt Bochum", "name_en": "City of Bochum", "city": "Bochum"},
    "venue_edit": {"street": "Am Bergbaumuseum 28", "postcode": "44791", "capacity": "50"},
    "visit_edit": {
        "title_en": VISIT_A,
        "start_date": "2025-01-19",
        "end_date": "2025-01-23",
        "expected_size": "15",
    },
    # Times in the visit's local time, as entered.
    "appointment_edit": {"start": "2025-01-20T09:30", "end": "2025-01-20T12:30"},
}


@pytest.mark.parametrize("name", EDIT_VALUES)
def test_edit_form_is_filled_with_the_record(demo, coordinator_client, name):
    url, _title, _fields = FORMS[name]
    form = get_page(coordinator_client, url()).find(tag="form", cls="entry-form")

    values = {
        field_name: form.find(tag="input", attrs={"name": field_name}).attrs["value"]
        for field_name in EDIT_VALUES[name]
    }
    assert values == EDIT_VALUES[name]


def empty_choice(form: Node, name: str) -> tuple[str, str]:
    """The value and label of the first option of the select ``name``."""
    option = form.find(tag="select", attrs={"name": name}).find_all(tag="option")[0]
    return option.attrs["value"], option.text()


def test_optional_select_offers_an_empty_choice(demo, coordinator_client):
    url = reverse("visits:appointment_create", args=[visit_a().pk])
    form = get_page(coordinator_client, url).find(tag="form", cls="entry-form")

    assert empty_choice(form, "venue") == ("", "- Select an option -")


def test_german_optional_select_offers_the_empty_choice_in_german(demo, coordinator_client):
    with translation.override("de"):
        url = reverse("visits:appointment_create", args=[visit_a().pk])
    form = get_page(coordinator_client, url).find(tag="form", cls="entry-form")

    assert empty_choice(form, "venue") == ("", "– Bitte auswählen –")


def test_reschedule_page_offers_the_current_dates(demo, coordinator_client):
    page = get_page(coordinator_client, reverse("visits:reschedule", args=[visit_a().pk]))

    assert page.find(tag="main").find(tag="h1").text() == f"Reschedule: {VISIT_A}"
    form = page.find(tag="form", cls="entry-form")
    assert field_names(form) == {"csrfmiddlewaretoken", "start_date", "end_date"}
    assert [
        (node.attrs["name"], node.attrs["value"])
        for node in form.find_all(tag="input", attrs={"type": "date"})
    ] == [("start_date", "2025-01-19"), ("end_date", "2025-01-23")]


def test_appointment_edit_form_links_to_its_deletion(demo, coordinator_client):
    appointment = networking()
    page = get_page(coordinator_client, reverse("visits:appointment_edit", args=[appointment.pk]))

    links = page.find(tag="form", cls="entry-form").find(cls="kern-btn-wrapper").find_all(tag="a")
    assert [(link.text(), link.attrs["href"]) for link in links] == [
        ("Cancel", visit_a().get_absolute_url()),
        ("Delete", reverse("visits:appointment_delete", args=[appointment.pk])),
    ]


def test_appointment_delete_page_asks_first_in_local_time(demo, coordinator_client):
    appointment = networking()
    page = get_page(coordinator_client, reverse("visits:appointment_delete", args=[appointment.pk]))

    main = page.find(tag="main")
    assert main.find(tag="h1").text() == "Delete appointment"
    assert main.find(tag="p").text() == (
        "Delete “Networking with science, business and city administration” on "
        "20 January 2025, 09:30?"
    )
    assert field_names(main.find(tag="form")) == {"csrfmiddlewaretoken"}
    assert Appointment.objects.filter(pk=appointment.pk).exists()  # a GET deletes nothing


# --- Who may see the pages -----------------------------------------------------------------------

PAGES: dict[str, Callable[[], str]] = {
    "dashboard": lambda: reverse("reports:dashboard"),
    "visit_list": lambda: reverse("visits:list"),
    "visit_a": lambda: visit_a().get_absolute_url(),
    "visit_b": lambda: visit_b().get_absolute_url(),
    "project_list": lambda: reverse("partnerships:project_list"),
    "project_2": lambda: project(2).get_absolute_url(),
    "project_3": lambda: project(3).get_absolute_url(),
    "partnership_list": lambda: reverse("partnerships:partnership_list"),
    "partnership": lambda: civil_protection().get_absolute_url(),
    "organisation_list": lambda: reverse("directory:organisation_list"),
    "organisation_search": lambda: reverse("directory:organisation_list") + "?q=Bochum",
    "organisation_kind": lambda: reverse("directory:organisation_list") + "?kind=museum",
    "organisation": lambda: organisation("Stadt Bochum").get_absolute_url(),
    "person_list": lambda: reverse("directory:person_list"),
    "person": lambda: liminski().get_absolute_url(),
    "venue_list": lambda: reverse("directory:venue_list"),
    "venue": lambda: venue("Deutsches Bergbau-Museum").get_absolute_url(),
    **{name: url for name, (url, _title, _fields) in FORMS.items()},
    "visit_reschedule": lambda: reverse("visits:reschedule", args=[visit_a().pk]),
    "appointment_delete": lambda: reverse("visits:appointment_delete", args=[networking().pk]),
}


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_user_is_sent_to_the_login_page(demo, client, name):
    url = PAGES[name]()
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={quote(url, safe='/')}"


def test_anonymous_user_of_a_german_page_is_sent_to_the_german_login(demo, client):
    with translation.override("de"):
        url = visit_a().get_absolute_url()
    response = client.get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/visits/{visit_a().pk}/",
    )


def test_login_page_renders_for_anonymous_users(demo, client):
    next_url = visit_a().get_absolute_url()
    page = get_page(client, f"{reverse('account_login')}?next={next_url}")

    assert page.find(tag="title").text() == "Log in – Chaveruth"
    assert page.find(tag="main").find(tag="h1").text() == "Log in"
    form = page.find(tag="main").find(tag="form")
    assert field_names(form) == {"csrfmiddlewaretoken", "login", "password", "next"}
    assert form.find(tag="input", attrs={"name": "next"}).attrs["value"] == next_url
    assert page.find_all(tag="nav", cls="site-nav") == []  # no navigation before login


UNKNOWN: dict[str, Callable[[int], str]] = {
    "visit": lambda pk: reverse("visits:detail", args=[pk]),
    "visit_edit": lambda pk: reverse("visits:edit", args=[pk]),
    "appointment_create": lambda pk: reverse("visits:appointment_create", args=[pk]),
    "appointment_edit": lambda pk: reverse("visits:appointment_edit", args=[pk]),
    "appointment_delete": lambda pk: reverse("visits:appointment_delete", args=[pk]),
    "visit_reschedule": lambda pk: reverse("visits:reschedule", args=[pk]),
    "project": lambda pk: reverse("partnerships:project_detail", args=[pk]),
    "partnership": lambda pk: reverse("partnerships:partnership_detail", args=[pk]),
    "organisation": lambda pk: reverse("directory:organisation_detail", args=[pk]),
    "person": lambda pk: reverse("directory:person_detail", args=[pk]),
    "venue": lambda pk: reverse("directory:venue_detail", args=[pk]),
}


@pytest.mark.parametrize("name", UNKNOWN)
def test_unknown_id_is_not_found(demo, coordinator_client, name):
    unknown = 1 + max(
        model.objects.order_by("-pk").values_list("pk", flat=True)[0]
        for model in (Visit, Appointment, Project, Partnership, Organisation, Person, Venue)
    )
    response = coordinator_client.get(UNKNOWN[name](unknown))

    assert response.status_code == 404
    assert parse(response.content.decode()).find(tag="h1").text() == "Not found"
