"""Our model forms say the model's own limits for numbers (chaveruth.lib.forms)."""

from django import forms

from chaveruth.lib.forms import ServiceForm
from chaveruth.partnerships.models import Project
from chaveruth.visits.models import Wish


def test_a_number_field_takes_the_model_s_limits_not_its_column_s():
    form = forms.modelform_factory(Wish, form=ServiceForm, fields=["minutes", "value"])
    minutes, value = form.base_fields["minutes"], form.base_fields["value"]
    assert (minutes.min_value, minutes.max_value) == (5, 12 * 60)
    assert (value.min_value, value.max_value) == (1, 10)


def test_a_decimal_field_keeps_its_digits_and_takes_its_limit():
    """A decimal's validator of digits has no limit to read: it is left to the field."""
    form = forms.modelform_factory(Project, form=ServiceForm, fields=["budget_eur"])
    budget = form.base_fields["budget_eur"]
    assert (budget.min_value, budget.max_value, budget.decimal_places) == (0, None, 2)
