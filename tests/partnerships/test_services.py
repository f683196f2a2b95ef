from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chaveruth.partnerships import services
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_partnership_needs_two_organisations():
    with pytest.raises(ValidationError) as refused:
        services.create_partnership(
            programme=make.programme(),
            organisations=[make.municipality()],
            fields={"name_de": "Allein", "kind": "municipal"},
        )
    assert refused.value.message_dict == {
        "organisations": ["A partnership needs at least two organisations."]
    }


def test_project_partners_have_roles():
    programme, city, ngo = make.programme(), make.municipality(), make.organisation("Beispiel-NGO")
    water = services.create_project(
        programme=programme,
        fields={
            "number": 1,
            "title_de": "Wasser",
            "kind": "student_project",
            "status": "running",
            "budget_eur": Decimal("12000.00"),
            "funding_eur": Decimal("9000.00"),
        },
        partners=[(city, "lead"), (ngo, "partner")],
    )
    assert sorted((p.organisation.name_de, p.role) for p in water.partners.all()) == [
        ("Beispiel-NGO", "partner"),
        ("Musterstadt", "lead"),
    ]


def test_an_organisation_has_one_role_per_project():
    programme, city = make.programme(), make.municipality()
    water = make.project(programme, 1)
    services.add_project_partner(project=water, organisation=city, role="lead")
    with pytest.raises(ValidationError):
        services.add_project_partner(project=water, organisation=city, role="partner")


def test_chain_lists_the_projects_a_project_builds_on_oldest_first():
    programme = make.programme()
    hackathons = make.project(programme, 2)
    water = make.project(programme, 3, builds_on=hackathons)
    follow_up = make.project(programme, 4, builds_on=water)
    assert follow_up.chain() == [hackathons, water, follow_up]
    assert list(hackathons.followed_by.all()) == [water]


def test_a_project_cannot_build_on_itself_through_a_chain():
    programme = make.programme()
    first = make.project(programme, 1)
    second = make.project(programme, 2, builds_on=first)
    with pytest.raises(ValidationError) as refused:
        services.update_project(project=first, fields={"builds_on": second})
    assert refused.value.message_dict == {"builds_on": ["A project cannot build on itself."]}
    first.refresh_from_db()
    assert first.builds_on is None


def test_project_numbers_are_unique_within_a_programme():
    programme = make.programme()
    make.project(programme, 1)
    with pytest.raises(ValidationError):
        make.project(programme, 1)


def test_a_statement_must_refer_to_something():
    with pytest.raises(ValidationError) as refused:
        services.record_statement(person=make.person(), fields={"text_de": "Ein Satz."})
    assert refused.value.messages == ["Say what the statement refers to."]
