"""Forms rendered with the KERN design system, and the filter form every list page uses."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chaveruth.lib.dates import FIRST_DAY, LAST_DAY
from chaveruth.lib.records import CHANGED_MEANWHILE, version_of

# Django 6.1 labels the empty choice of a select "- Select an option -"
# (django.db.models.fields.BLANK_CHOICE_LABEL), and its German catalog has no translation yet.
# Naming the message here puts it into our catalog, which is searched before Django's.
# Translators: the first, empty choice of a drop-down list.
gettext_noop("- Select an option -")


# A day the programme plans on (a visit's, a venue's exception): the browser's date picker
# keeps to them, too (the models refuse the others).
PLANNED_DAY = forms.DateInput(
    attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()},
    format="%Y-%m-%d",
)


class KernRenderer(TemplatesSetting):
    """Renders every form field with templates/forms/field.html (label, hint, error, input
    with KERN's classes); every form uses it, the libraries' too."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class KernForm(forms.BaseForm):
    """Mixin for our forms: shows a service's errors beside the fields (KERN's look comes
    from templates/forms/, for every form)."""

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ``ValidationError`` beside the fields it names, the rest on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.error_dict.items():
            self.add_error(name if name in self.fields else None, messages)


def carry_new_version(form: forms.BaseForm, error: ValidationError, field: str) -> None:
    """Told that the record changed since ``form`` was drawn (``records.changed_meanwhile``),
    the form carries its version now in ``field``: sent again, it is meant to replace that
    change."""
    if getattr(error, "code", None) == CHANGED_MEANWHILE and field in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix(field)] = error.params["version"]


class ListFilter(KernForm, forms.Form):
    """A list page's search box and filters, read from the query string.

    Subclasses add choice fields named like the model field they filter by exact value.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def apply(self, queryset: QuerySet) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        text = filters.pop("q", "")
        return queryset.search(text).filter(**filters)


# The largest key a database column holds (a signed 64-bit integer).
_LARGEST_KEY = 2**63 - 1


def beyond_keys(text: str) -> bool:
    """Whether ``text`` is a whole number no key can be (SQLite overflows looking it up)."""
    try:
        return abs(int(text)) > _LARGEST_KEY
    except ValueError:
        return False  # not a number at all: the field says so


class SelectionByKey(forms.ModelMultipleChoiceField):
    """Several records chosen by their keys, where a key beyond the database's integers is an
    invalid choice: SQLite would overflow on it (a 500) instead of finding nothing."""

    def _check_values(self, value):
        for key in value or ():
            text = str(key).strip()
            if beyond_keys(text):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)


def _form_field(db_field, **kwargs):
    if db_field.many_to_many:
        kwargs.setdefault("form_class", SelectionByKey)
    if isinstance(db_field, models.IntegerField | models.DecimalField | models.FloatField):
        kwargs = {**_bounds(db_field), **kwargs}
    if isinstance(db_field, models.TextField) and db_field.null:
        # A text left empty stays NULL (a language not given), as Django keeps a CharField:
        # saving a form unchanged must not record "" for each empty language.
        kwargs.setdefault("empty_value", None)
    return db_field.formfield(**kwargs)


def _bounds(db_field) -> dict[str, Any]:
    """The model's own limits for a number, so that the form names them: a duration the
    model keeps to 5 minutes or more would otherwise be refused at -30 as "at least 0", the
    bound of its column type, and the input would not tell the browser either."""
    # Only plain limits: a decimal's digits, a function, a limit computed on call say nothing.
    limits = [
        v
        for v in db_field.validators
        if isinstance(v, MinValueValidator | MaxValueValidator) and not callable(v.limit_value)
    ]
    lows = [v.limit_value for v in limits if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in limits if isinstance(v, MaxValueValidator)]
    return {
        **({"min_value": max(lows)} if lows else {}),
        **({"max_value": min(highs)} if highs else {}),
    }


class ServiceForm(KernForm, forms.ModelForm):
    """A model form whose data a service writes (the form itself never saves).

    ``fields_for_service()`` gives the plain values, ``relations()`` the many-to-many selections.
    """

    class Meta:
        formfield_callback = _form_field  # our forms inherit it with their own Meta

    def relations(self) -> dict:
        many = {field.name for field in self._meta.model._meta.many_to_many}
        return {name: value for name, value in self.cleaned_data.items() if name in many}

    def fields_for_service(self) -> dict:
        many = {field.name for field in self._meta.model._meta.many_to_many}
        return {name: value for name, value in self.cleaned_data.items() if name not in many}


class SharedRecordForm(ServiceForm):
    """The form of a record several people change (a visit, its appointments and wishes, the
    directory's records): it carries the record's version as it was drawn (``seen_version``),
    for the service to refuse saving over a change made since (``records.refuse_if_changed``).
    A new record has none to carry."""

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance: models.Model | None = None, **kwargs) -> None:
        # Only a form drawn carries one (one sent back has its own). Read before the form
        # reads the record's values, so that a change saved between the two can only make
        # the form refused in vain, never overwrite that change.
        drawn = (args[0] if args else kwargs.get("data")) is None
        version = version_of(instance) if drawn and instance is not None and instance.pk else ""
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["seen_version"].initial = version

    def seen(self) -> str | None:
        """The version the form was drawn with (a form sent without one: None)."""
        return self.cleaned_data.get("seen_version") or None

    def fields_for_service(self) -> dict:
        fields = super().fields_for_service()
        fields.pop("seen_version", None)
        return fields

    def add_service_error(self, error: ValidationError) -> None:
        carry_new_version(self, error, "seen_version")
        super().add_service_error(error)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm | forms.BaseFormSet,
    *,
    save: Callable[[], Any],
    title: str,
    cancel_url: str,
    template: str = "form_page.html",
    **context: Any,
) -> HttpResponse:
    """The page every create and edit form shares.

    On a valid POST, ``save()`` calls the service and the page redirects to the record (or
    address) it returns. A service's ``ValidationError`` is shown beside the fields it names;
    a form with errors answers 400, so clients see the input was refused (and nothing was
    written). ``template`` is for a page that shows more around its form (an appointment's
    shares above the form to add one). A formset with an ``add_service_error`` of its own
    serves as the form too (a venue's week of opening hours).
    """
    if form.is_bound and form.is_valid():
        try:
            return redirect(save())
        except ValidationError as error:
            form.add_service_error(error)
    context = {"form": form, "title": title, "cancel_url": cancel_url, **context}
    # is_valid(), not errors: a formset's errors are a list, one entry a row, which is empty
    # when the rows' count itself was refused (a tampered or missing management form).
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)
