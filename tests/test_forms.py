"""Our model forms say the model's own limits for numbers (chaveruth.lib.forms)."""

from django import forms
from django.utils import translation

from chaveruth.directory.forms import VenueForm
from chaveruth.lib.forms import ServiceForm
from chaveruth.lib.templatetags import kern_widget
from chaveruth.partnerships.models import Project
from chaveruth.visits.models import Wish
from tests.html import parse


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


def our_forms() -> list[type[forms.BaseForm]]:
    """Every form class of Chaveruth's own (in its apps' forms modules)."""
    import chaveruth.directory.forms
    import chaveruth.lib.forms
    import chaveruth.partnerships.forms
    import chaveruth.visits.forms

    modules = [
        chaveruth.directory.forms,
        chaveruth.lib.forms,
        chaveruth.partnerships.forms,
        chaveruth.visits.forms,
    ]
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    ]


def test_every_field_declared_on_a_form_has_a_label():
    """Without one Django makes an English label of the field's name ("Latitude" on the German
    venue form): a field written by hand must name its label, or take the model's."""
    unlabelled = [
        f"{form.__name__}.{name}"
        for form in our_forms()
        for name, field in getattr(form, "declared_fields", {}).items()
        if field.label is None and not field.widget.is_hidden  # a hidden field shows no label
    ]
    assert unlabelled == []


def test_the_venue_form_s_coordinates_are_labelled_in_the_reader_s_language():
    with translation.override("de"):
        fields = VenueForm().fields
        assert (str(fields["latitude"].label), str(fields["longitude"].label)) == (
            "Breitengrad",
            "Längengrad",
        )


def test_a_text_in_one_language_says_which_and_hebrew_runs_right_to_left():
    """For screen readers, and for Hebrew punctuation in its place (WCAG 3.1.2)."""
    form = VenueForm()
    assert [
        {name: parse(kern_widget(form[field])).find(tag="input").attrs.get(name) for name in LANG}
        for field in ("name_de", "name_en", "name_he", "street")
    ] == [
        {"lang": "de", "dir": "ltr"},
        {"lang": "en", "dir": "ltr"},
        {"lang": "he", "dir": "rtl"},
        {"lang": None, "dir": None},
    ]


LANG = ("lang", "dir")
