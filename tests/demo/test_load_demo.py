import datetime as dt
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone

from chaveruth.directory.models import Affiliation, Organisation, Person, Topic, TravelTime, Venue
from chaveruth.directory.privacy import erase_person
from chaveruth.directory.services import create_organisation, create_person
from chaveruth.partnerships.models import (
    Partnership,
    Programme,
    Project,
    ProjectEvent,
    ProjectPartner,
    Statement,
)
from chaveruth.visits.models import Appointment, Delegate, Visit, Wish
from chaveruth.visits.services import add_appointment, add_delegate, update_appointment
from tests import factories as make

BERLIN = ZoneInfo("Europe/Berlin")

DOMAIN_MODELS = [
    Topic,
    Organisation,
    Person,
    Affiliation,
    Venue,
    Programme,
    Partnership,
    Project,
    ProjectPartner,
    ProjectEvent,
    Statement,
    Visit,
    Delegate,
    Appointment,
]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts(models) -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in models}


def untranslated(field: str) -> Q:
    """Records missing the English or Hebrew text of a field."""
    missing = Q()
    for code in ("en", "he"):
        missing |= Q(**{f"{field}_{code}__isnull": True}) | Q(**{f"{field}_{code}": ""})
    return missing


def local(moment: dt.datetime) -> tuple[str, str]:
    moment = timezone.localtime(moment, BERLIN)
    return moment.strftime("%Y-%m-%d %a"), moment.strftime("%H:%M")


@pytest.fixture
def demo(db) -> str:
    return load_demo()


@pytest.fixture
def visit_a(demo) -> Visit:
    return Visit.objects.get(start_date=dt.date(2025, 1, 19))


@pytest.fixture
def visit_b(demo) -> Visit:
    return Visit.objects.get(start_date=dt.date(2025, 1, 26))


def test_programme_is_the_state_programme_run_by_the_state_chancellery(demo):
    programme = Programme.objects.get()

    assert programme.slug == "schalom-chaveruth"
    assert programme.name_de == "Schalom – Chaveruth: Solidaritätspartnerschaften NRW-Israel"
    assert programme.run_by.name_de == "Staatskanzlei NRW"
    assert "Hamas" in programme.description_de and "7. Oktober 2023" in programme.description_de
    assert programme.purpose_en == (
        "Partnerships between municipalities and civil-society actors in NRW and in Israel."
    )


def test_organisations_are_the_thirteen_of_the_scenario_with_kind_and_place(demo):
    # The country by its name in the reader's language, German here (the default).
    organisations = {(o.name_de, o.kind, o.place) for o in Organisation.objects.order_by("pk")}

    assert Organisation.objects.count() == 13
    assert organisations == {
        ("Stadt Bochum", "municipality", "Bochum, NRW, Deutschland"),
        ("Staatskanzlei NRW", "state_government", "Düsseldorf, NRW, Deutschland"),
        ("Sapir College (Entrepreneurship Center)", "college", "Sderot, Israel"),
        ("Tech7", "innovation", "Israel"),
        ("JADDE", "other", ""),
        ("Technische Hochschule Georg Agricola", "university", "Bochum, Deutschland"),
        (
            "Bochum Wirtschaftsentwicklungsgesellschaft",
            "economic_development",
            "Bochum, Deutschland",
        ),
        ("Gesundheitscampus Bochum", "health_campus", "Bochum, Deutschland"),
        ("WERK X", "startup_hub", "Bochum, Deutschland"),
        ("Israel Trauma Coalition", "ngo", "Israel"),
        ("Deutsches Zentrum für Psychische Gesundheit", "research_centre", "Bochum, Deutschland"),
        ("Jüdische Gemeinde Bochum", "jewish_community", "Bochum, Deutschland"),
        ("Deutsches Bergbau-Museum", "museum", "Bochum, Deutschland"),
    }
    assert not Organisation.objects.filter(untranslated("name")).exists()


def test_topics_with_water_sensitive_planning_narrower_than_water_resilience(demo):
    topics = {
        t.slug: (t.name_de, t.name_en, t.parent and t.parent.slug) for t in Topic.objects.all()
    }

    assert topics == {
        "civil-protection": (
            "Bevölkerungsschutz / Katastrophenschutz",
            "Civil protection / disaster management",
            None,
        ),
        "water-resilience": ("Wasserresilienz", "Water resilience", None),
        "water-sensitive-urban-planning": (
            "Wassersensible Stadtplanung",
            "Water-sensitive urban planning",
            "water-resilience",
        ),
        "entrepreneurship": ("Unternehmertum", "Entrepreneurship", None),
        "health-economy": ("Gesundheitswirtschaft", "Health economy", None),
        "mental-health": ("Psychische Gesundheit", "Mental health", None),
        "culture-and-remembrance": ("Kultur und Erinnerung", "Culture and remembrance", None),
    }
    assert not Topic.objects.filter(untranslated("name")).exists()


def test_projects_in_order_with_titles_and_status_as_of_february_2025(demo):
    projects = [
        (p.number, p.title_en, p.status, p.status_as_of) for p in Project.objects.order_by("number")
    ]

    february = dt.date(2025, 2, 1)
    assert projects == [
        (
            1,
            "Support for rebuilding the Entrepreneurship Center at Sapir College, Sderot",
            "completed",
            february,
        ),
        (
            2,
            "Two hackathons on civil-protection / disaster-management challenges in NRW and Israel",
            "completed",
            february,
        ),
        (3, "The two sides of water resilience", "running", february),
        (
            4,
            "Economic exchange with Israeli innovators, focus on the health economy",
            "running",
            february,
        ),
        (
            5,
            "Mental-health professional exchange: Israel Trauma Coalition with DZPG",
            "running",
            february,
        ),
    ]
    assert Project.objects.get(number=3).title_de == "Die zwei Seiten der Wasserresilienz"


def test_project_3_builds_on_the_hackathons_of_project_2(demo):
    water = Project.objects.get(number=3)

    assert [project.number for project in water.chain()] == [2, 3]
    assert list(Project.objects.exclude(number=3).values_list("builds_on", flat=True)) == [None] * 4


def test_project_partners_have_the_roles_the_scenario_implies(demo):
    roles = {
        (
            partner.project.number,
            partner.organisation.short_name or partner.organisation.name_de,
            partner.role,
        )
        for partner in ProjectPartner.objects.select_related("project", "organisation")
    }

    assert roles == {
        (1, "Stadt Bochum", "lead"),
        (1, "Sapir College", "partner"),
        (2, "Stadt Bochum", "lead"),
        (2, "Tech7", "partner"),
        (2, "JADDE", "partner"),
        (3, "Stadt Bochum", "lead"),
        (3, "THGA", "partner"),
        (4, "WEG", "lead"),
        (4, "Stadt Bochum", "partner"),
        (5, "Stadt Bochum", "lead"),
        (5, "ITC", "partner"),
        (5, "DZPG", "partner"),
    }


def test_the_two_hackathons_are_events_of_project_2_marked_as_sample(demo):
    events = list(ProjectEvent.objects.order_by("start"))

    assert [(e.project.number, e.kind) for e in events] == [(2, "hackathon"), (2, "hackathon")]
    for event in events:
        assert event.sample_fields == ["start", "end", "place", "teams", "participants"]


def test_visit_a_is_fifteen_people_from_israel_from_19_to_23_january(visit_a):
    assert (visit_a.start_date, visit_a.end_date) == (dt.date(2025, 1, 19), dt.date(2025, 1, 23))
    assert visit_a.expected_size == 15
    assert (visit_a.direction, visit_a.origin_country, visit_a.status) == (
        "incoming",
        "IL",
        "completed",
    )
    assert visit_a.host_municipality.name_de == "Stadt Bochum"
    assert sorted(visit_a.projects.values_list("number", flat=True)) == [3, 4]
    assert [o.name_de for o in visit_a.supporting_organisations.all()] == [
        "Jüdische Gemeinde Bochum"
    ]
    assert visit_a.observes_shabbat is False
    assert visit_a.delegates.count() == 15
    assert list(
        visit_a.delegates.filter(role="head").values_list("person__given_name", flat=True)
    ) == ["Noa"]


def test_visit_a_programme_holds_the_four_points_and_both_receptions(visit_a):
    programme = [(local(a.start), a.title_en) for a in visit_a.appointments.order_by("start")]

    assert [title for _when, title in programme] == [
        "Networking with science, business and city administration",
        "Reception by Lord Mayor Thomas Eiskirch",
        "Visit of the Gesundheitscampus Bochum",
        "Exchange with start-ups at WERK X",
        "Reception at the State Chancellery by Minister Nathanael Liminski",
        "Tour of the Ruhr area",
    ]
    assert all(visit_a.covers(a.start, a.end) for a in visit_a.appointments.all())
    assert not visit_a.appointments.filter(untranslated("title")).exists()


def test_visit_b_observes_shabbat_and_its_friday_museum_visit_ends_at_17_15(visit_b):
    museum = visit_b.appointments.get(venue__name_de="Deutsches Bergbau-Museum")

    assert (visit_b.start_date, visit_b.end_date) == (dt.date(2025, 1, 26), dt.date(2025, 1, 31))
    assert visit_b.observes_shabbat is True
    assert "observes_shabbat" in visit_b.sample_fields
    assert [p.number for p in visit_b.projects.all()] == [5]
    assert local(museum.start) == ("2025-01-31 Fri", "15:00")
    assert local(museum.end) == ("2025-01-31 Fri", "17:15")
    assert museum.end == dt.datetime(2025, 1, 31, 17, 15, tzinfo=BERLIN)


def test_visit_b_programme_holds_expert_talks_and_the_cultural_programme(visit_b):
    titles = list(visit_b.appointments.order_by("start").values_list("title_en", "kind"))

    assert titles == [
        ("Expert talks with the DZPG, part 1", "expert_talk"),
        ("Reception by Lord Mayor Thomas Eiskirch", "reception"),
        ("Reception at the State Chancellery by Minister Nathanael Liminski", "reception"),
        ("Expert talks with the DZPG, part 2", "expert_talk"),
        ("Guided tour of the synagogue of the Jewish community of Bochum", "cultural"),
        ("Visit of the Deutsches Bergbau-Museum", "cultural"),
    ]
    assert 7 <= visit_b.delegates.count() <= 9


def test_receptions_are_held_by_the_minister_in_duesseldorf_and_the_mayor_in_bochum(demo):
    receptions = Appointment.objects.filter(kind="reception").order_by("start")

    assert [(r.hosts.get().family_name, r.venue.city, r.attendees_note_en) for r in receptions] == [
        ("Eiskirch", "Bochum", "Bochum city council members and project participants"),
        ("Liminski", "Düsseldorf", None),
        ("Eiskirch", "Bochum", "Bochum city council members and project participants"),
        ("Liminski", "Düsseldorf", None),
    ]


def test_public_figures_hold_their_functions(demo):
    functions = {
        (a.person.given_name, a.person.family_name, a.organisation.name_de, a.function_en)
        for a in Affiliation.objects.select_related("person", "organisation")
    }

    assert functions == {
        (
            "Nathanael",
            "Liminski",
            "Staatskanzlei NRW",
            "Minister for Federal and European Affairs of NRW",
        ),
        ("Thomas", "Eiskirch", "Stadt Bochum", "Lord Mayor of Bochum"),
    }
    assert Affiliation.objects.get(person__family_name="Eiskirch").function_de == (
        "Oberbürgermeister der Stadt Bochum"
    )
    assert sorted(
        Person.objects.filter(is_public_figure=True).values_list("family_name", flat=True)
    ) == [
        "Eiskirch",
        "Liminski",
    ]


def test_statements_are_on_record_verbatim(demo):
    statements = {s.person.family_name: s for s in Statement.objects.select_related("person")}

    assert statements["Liminski"].text_de == (
        "Statt nur von Solidarität zu reden, wollen wir diese auch konkret leben und "
        "kommunale Partnerschaften fördern."
    )
    assert statements["Eiskirch"].text_de == (
        "Internationale Partnerschaften sind in Bochum fester Bestandteil der Stadtgesellschaft."
    )
    # His added remark is reported speech, kept apart from the quote.
    assert statements["Eiskirch"].context_en == (
        "He added that the cooperation with Israel offers a valuable basis for scientific and "
        "economic exchange."
    )
    assert statements["Liminski"].context_de is None
    assert {s.programme.slug for s in statements.values()} == {"schalom-chaveruth"}


def test_every_private_person_is_obviously_invented(demo):
    private = Person.objects.filter(is_public_figure=False)

    assert private.count() == 23
    for person in private:
        assert "Beispiel" in person.family_name or "Example" in person.family_name
        assert person.sample_fields == ["*"]
        assert person.email == ""


def test_texts_delegates_read_are_stored_in_german_english_and_hebrew(demo):
    readable = [
        (Visit, "title"),
        (Visit, "purpose"),
        (Appointment, "title"),
        (Organisation, "name"),
        (Venue, "name"),
        (Topic, "name"),
        (Affiliation, "function"),
        (Programme, "name"),
    ]

    missing = {
        f"{model.__name__}.{field}": model.objects.filter(
            untranslated(field) | Q(**{f"{field}_de__isnull": True})
        ).count()
        for model, field in readable
    }

    assert set(missing.values()) == {0}, missing


def test_invented_details_are_marked_as_sample(demo):
    for appointment in Appointment.objects.all():
        assert {"start", "end"} <= set(appointment.sample_fields), appointment.title_en
    for venue in Venue.objects.all():
        assert venue.is_sample("street") and venue.is_sample("latitude"), venue.name_de
    assert Venue.objects.get(name_de="Deutsches Bergbau-Museum").is_sample("opening_hours")
    for delegate in Delegate.objects.all():
        assert delegate.sample_fields == ["*"]
    for partnership in Partnership.objects.all():
        assert {"organisations", "kind", "since"} <= set(partnership.sample_fields)
    for project in Project.objects.exclude(budget_eur=None):
        assert {"budget_eur", "funding_eur"} <= set(project.sample_fields)
    # Stated facts are not marked; the hotel and whether it keeps Shabbat are invented.
    assert Visit.objects.get(start_date=dt.date(2025, 1, 19)).sample_fields == [
        "observes_shabbat",
        "hotel",
    ]
    for wish in Wish.objects.all():
        assert wish.sample_fields == ["*"]
    for travel_time in TravelTime.objects.all():
        assert travel_time.sample_fields == ["*"]
    assert Organisation.objects.exclude(sample_fields=[]).count() == 0


def test_mining_museum_opens_tuesday_to_sunday(demo):
    museum = Venue.objects.get(name_de="Deutsches Bergbau-Museum")

    assert [(h.weekday, h.opens, h.closes) for h in museum.opening_hours.all()] == [
        (day, dt.time(9, 30), dt.time(17, 30)) for day in range(1, 7)
    ]


def test_budgets_are_given_for_some_projects(demo):
    budgets = dict(Project.objects.values_list("number", "budget_eur"))

    assert budgets == {
        1: Decimal("60000.00"),
        2: Decimal("30000.00"),
        3: Decimal("40000.00"),
        4: None,
        5: None,
    }


def test_audit_trail_records_the_system_as_actor(demo):
    assert LogEntry.objects.count() > 0
    assert LogEntry.objects.exclude(actor=None).count() == 0


def test_demo_account_is_an_administrator(demo):
    user = get_user_model().objects.get(username="demo")

    assert (user.is_staff, user.is_superuser) == (True, True)
    assert user.check_password("chaveruth-demo")
    assert "demo / chaveruth-demo" in demo


def test_second_run_changes_nothing(demo):
    before = counts(apps.get_models())

    output = load_demo()

    assert counts(apps.get_models()) == before
    assert output.startswith("The demo is already loaded; nothing changed")


def test_reset_deletes_and_loads_the_demo_again(demo):
    before = counts(DOMAIN_MODELS)
    old_programme = Programme.objects.get().pk
    user = get_user_model().objects.get(username="demo")

    output = load_demo("--reset")

    assert counts(DOMAIN_MODELS) == before
    assert Programme.objects.get().pk != old_programme
    assert get_user_model().objects.get(username="demo").pk == user.pk
    assert output.startswith("Loaded the demo: Schalom – Chaveruth")


def test_reset_leaves_records_outside_the_demo_alone(demo):
    other = create_organisation(
        fields={"name_de": "Stadt Beispielstadt", "kind": "municipality", "country": "DE"}
    )

    load_demo("--reset")

    assert Organisation.objects.filter(pk=other.pk).exists()
    assert Organisation.objects.count() == 14


def test_reset_after_a_delegate_and_a_public_figure_were_erased(demo):
    before = counts(DOMAIN_MODELS)
    erase_person(person=Person.objects.get(given_name="Noa"), erased_by=None)
    erase_person(person=Person.objects.get(family_name="Liminski"), erased_by=None)

    output = load_demo("--reset")

    assert counts(DOMAIN_MODELS) == before
    assert not Person.objects.exclude(erased_at=None).exists()
    assert Person.objects.filter(given_name="Noa").count() == 1
    assert Person.objects.filter(family_name="Liminski").count() == 1
    assert output.startswith("Loaded the demo: Schalom – Chaveruth")


def test_reset_leaves_an_erased_person_outside_the_demo_alone(demo, visit_a):
    """A real guest on a demo visit is not the demo's, erased or not: the reset refuses while
    the demo's Stadt Bochum owns the record, as it does for any record of the city's."""
    bochum = Organisation.objects.get(name_de="Stadt Bochum")
    guest = create_person(fields={"given_name": "Rivka", "family_name": "Levi", "owner": bochum})
    add_delegate(visit=visit_a, person=guest)
    erase_person(person=guest, erased_by=None)

    with pytest.raises(CommandError, match="Cannot reset: 1 other records"):
        load_demo("--reset")

    assert Person.objects.filter(pk=guest.pk).exists()


def test_reset_leaves_an_erased_public_figure_with_a_place_outside_the_demo_alone(demo):
    """Public figures carry no sample mark: one who hosts a demo reception is the demo's only
    if nothing outside the demo holds them."""
    speaker = create_person(
        fields={"given_name": "Dana", "family_name": "Beispiel", "is_public_figure": True}
    )
    reception = Appointment.objects.filter(kind="reception").first()
    update_appointment(appointment=reception, fields={}, hosts=[*reception.hosts.all(), speaker])
    elsewhere = make.visit(make.programme(), make.municipality())
    add_appointment(
        visits=[elsewhere],
        hosts=[speaker],
        fields={
            "kind": "reception",
            "title_de": "Empfang",
            "start": make.berlin(2025, 1, 20, 18),
            "end": make.berlin(2025, 1, 20, 19),
        },
    )
    erase_person(person=speaker, erased_by=None)

    load_demo("--reset")

    assert list(elsewhere.appointments.get().hosts.all()) == [speaker]
