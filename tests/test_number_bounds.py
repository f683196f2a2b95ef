"""Every number a form takes has a bound of its own, the same on SQLite and PostgreSQL: SQLite
checks only its 64-bit integers, so that without one a delegation of 40 000 would be saved
there and refused on PostgreSQL (its column holds 32 767), with a message naming the column's
limit, not the programme's."""

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from tests import factories as make
from tests.conftest import log_in_as_coordinator
from tests.test_bad_input import errors_of, visit_data

# What PostgreSQL's columns hold (Django's base ranges, which SQLite widens).
_COLUMN_MAXIMUM = {
    "PositiveSmallIntegerField": 32767,
    "SmallIntegerField": 32767,
    "PositiveIntegerField": 2147483647,
    "IntegerField": 2147483647,
}


def _unbounded(field: models.Field) -> bool:
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    column = _COLUMN_MAXIMUM.get(field.get_internal_type())
    return not highs or column is None or min(highs) > column


def test_every_number_entered_has_a_bound_within_its_column():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("chaveruth.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.IntegerField)
        and not isinstance(field, models.AutoField | models.ForeignKey)
        and field.editable
        and not field.choices  # a choice is its own bound
        and _unbounded(field)
    ]
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_delegation_too_large_is_refused_with_the_programme_s_bound(client):
    bochum = make.municipality("Stadt Beispielstadt", "Beispielstadt")
    visit = make.visit(make.programme(), bochum)
    client = log_in_as_coordinator(client, bochum)
    response = client.post(
        reverse("visits:edit", args=[visit.pk]), visit_data(visit, expected_size="40000")
    )
    assert response.status_code == 400
    assert errors_of(response, "expected_size") == [
        "Ensure this value is less than or equal to 999."
    ]
    visit.refresh_from_db()
    assert visit.expected_size is None
