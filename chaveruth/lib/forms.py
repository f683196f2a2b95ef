"""Forms rendered with the KERN design system, and the filter form every list page uses."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from chaveruth.lib.dates import (
    FIRST_DAY,
    LAST_DAY,
    changeover_refusal,
    in_changeover,
)
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
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)


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


class LocalDateTimeField(forms.DateTimeField):
    """A moment typed on the clock of the current time zone (a visit's). A time the clocks
    skip or show twice is refused with the changeover and the times that may be entered:
    Django's own message names the zone's code and the time as ISO, and cannot be replaced
    through ``error_messages`` (``forms.utils.from_current_timezone`` raises it)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            zone = timezone.get_current_timezone()
            wall = (error.params or {}).get("datetime")
            if error.code == "ambiguous_timezone" and wall and in_changeover(wall, zone):
                raise changeover_refusal(wall, zone) from error
            raise


def _form_field(db_field, **kwargs):
    if db_field.many_to_many:
        kwargs.setdefault("form_class", SelectionByKey)
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", LocalDateTimeField)
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


class SeenSelection(forms.MultipleHiddenInput):
    """What a multiple choice showed when its form was drawn: an empty selection is sent as
    one empty value, so that "nothing chosen" is told from "not sent" (a form drawn without
    them, or Django's fallback to the entries)."""

    def format_value(self, value):
        return super().format_value(value) or [""]

    def value_from_datadict(self, data, files, name):
        return [key for key in super().value_from_datadict(data, files, name) if key != ""]


# A form sent over another's change to a field its user changed too (SharedRecordForm).
_BOTH_CHANGED = _(
    "Someone else changed this record since the page was opened (%(fields)s). The form now "
    "shows their changes; where you changed the same field, your entry is kept and theirs is "
    "named beside it. Save again to keep yours."
)
_THEIR_ENTRY = _("Someone else changed this meanwhile, to: %(value)s")
_SAVED_AT_THE_SAME_TIME = _(
    "Someone else saved a change here at the same moment. Save again: the form is then "
    "merged with it, as with the changes made before."
)


@dataclass(frozen=True)
class Merge:
    """A form saved over someone else's change that does not touch what its user changed:
    the service writes only ``written``, over the record as stored at ``version``."""

    version: str
    written: frozenset[str]  # the fields the service writes
    their_labels: list[str]  # the labels of the fields someone else changed, for the message


class SharedRecordForm(ServiceForm):
    """The form of a record several people change (a visit, its appointments and wishes, the
    directory's records).

    An edit form carries the record's version as it was drawn (``seen_version``) and the value
    each field showed (Django's hidden initials). Its selections (the people of an
    appointment) are saved as what their user added and took out, so that those the list does
    not offer them (another city's guests at a joint appointment) and those someone else
    chose meanwhile stay. Saved over someone else's change, the other fields are merged with
    it (``clean``): what the user changed is written, what the other changed is kept. Where
    both changed a field differently, nothing is saved; the form shows the other's changes
    and says beside each such field what they entered, and sent again, it keeps the user's
    entries there. The service checks the version under its lock
    (``records.refuse_if_changed``), so that nothing can come between the merge and the save.
    """

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # Fields that are entered as one: someone else's start and this user's end would make an
    # appointment nobody planned, so a change of either is a change of both.
    changed_together: tuple[tuple[str, ...], ...] = ()

    def __init__(self, *args, instance: models.Model | None = None, **kwargs) -> None:
        # Only a form drawn carries one (one sent back has its own). Read before the form
        # reads the record's values, so that a change saved between the two can only make
        # the form merge in vain, never overwrite that change.
        drawn = (args[0] if args else kwargs.get("data")) is None
        editing = instance is not None and instance.pk is not None
        version = version_of(instance) if drawn and editing else ""
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["seen_version"].initial = version
        self.merged: Merge | None = None
        for name in self._record_fields() if editing else ():
            field = self.fields[name]
            field.show_hidden_initial = True
            if isinstance(field.widget, forms.SelectMultiple):
                field.hidden_widget = SeenSelection

    def _record_fields(self) -> list[str]:
        """The record's fields this form shows (not ``seen_version`` and the like)."""
        return [name for name in self._meta.fields if name in self.fields]

    def _selections(self) -> list[str]:
        return [
            name
            for name in self._record_fields()
            if isinstance(self.fields[name], forms.ModelMultipleChoiceField)
        ]

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        """A selection shows, and its hidden initial names, only what the list offers: not
        even the keys of the people its user may not see."""
        value = super().get_initial_for_field(field, field_name)
        if isinstance(field, forms.ModelMultipleChoiceField) and value:
            return _offered(field, value)
        return value

    def clean(self) -> dict:
        data = super().clean()
        if self.errors or self.instance.pk is None:
            return data
        model = type(self.instance)
        try:
            now = version_of(self.instance)  # before the values, as when the form was drawn
        except model.DoesNotExist:
            self.add_error(None, _("This record was deleted meanwhile."))
            return data
        stored = forms.model_to_dict(
            model._base_manager.get(pk=self.instance.pk), self._record_fields()
        )
        for name in self._selections():
            data[name] = self._selected(name, data[name], stored[name])
        seen = data.get("seen_version")
        if seen and seen != now and self._sent_as_shown():
            self._merge_with_stored(stored, now)
        return data

    def _sent_as_shown(self) -> bool:
        """Whether the form came back with the values it showed (one drawn before the forms
        carried them, or a script's, did not: it is not merged, only refused if changed)."""
        return any(self.add_initial_prefix(name) in self.data for name in self._record_fields())

    def _selected(self, name: str, chosen: Iterable[models.Model], stored: list) -> list:
        """What is stored now, less what the user took out of the list, with what they chose:
        only what the list offers can be taken out, so the people it does not offer stay
        whatever is sent. A form sent without what it showed is taken to have shown all that
        is stored."""
        field = self.fields[name]
        chosen_keys = {record.pk for record in chosen}
        if self._sent_as_shown():
            seen = {int(key) for key in self._drawn_value(name) if _is_key(key)}
        else:
            seen = {record.pk for record in stored}
        taken_out = set(
            field.queryset.filter(pk__in=seen - chosen_keys).values_list("pk", flat=True)
        )
        keys = {record.pk for record in stored} - taken_out | chosen_keys
        return list(field.queryset.model._base_manager.filter(pk__in=keys))

    def _merge_with_stored(self, stored: dict, now: str) -> None:
        selections = set(self._selections())
        as_offered = {
            name: _offered(self.fields[name], stored[name]) if name in selections else stored[name]
            for name in self._record_fields()
        }
        theirs = [
            n
            for n in self._record_fields()
            if _differs(self.fields[n], as_offered[n], self._drawn_value(n))
        ]
        mine = self._together(n for n in self.changed_data if n in stored and n not in selections)
        # Theirs against this user's entry, where the user changed it or something entered
        # with it (their start against the user's end: the user's start is kept and named).
        clashes = [
            n for n in theirs if n in mine and _differs(self.fields[n], as_offered[n], self[n].data)
        ]
        labels = [str(self.fields[name].label) for name in theirs]
        if not clashes:
            self.merged = Merge(now, frozenset(mine | selections), labels)
            return
        self._show_theirs(as_offered, theirs, keep=mine, version=now)
        for name in clashes:
            value = shown_value(self.fields[name], stored[name], self._choices_of(name))
            self.add_error(name, _THEIR_ENTRY % {"value": value})
        self.add_error(None, _BOTH_CHANGED % {"fields": ", ".join(labels)})

    def _choices_of(self, name: str) -> dict:
        """All the choices of the record's field ``name`` (the form may offer only some: a
        visit's form, "cancelled" only for a visit drawn cancelled)."""
        return dict(self._meta.model._meta.get_field(name).flatchoices)

    def _drawn_value(self, name: str) -> Any:
        """What field ``name`` showed when the form was drawn, as sent back."""
        widget = self.fields[name].hidden_widget()
        return widget.value_from_datadict(self.data, self.files, self.add_initial_prefix(name))

    def _together(self, names: Iterable[str]) -> set[str]:
        changed = set(names)
        for group in self.changed_together:
            if changed & set(group):
                changed |= set(group)
        return changed

    def _show_theirs(
        self, stored: dict, theirs: list[str], *, keep: set[str], version: str
    ) -> None:
        """Make the form as if drawn now (``stored``: the record as stored, as the form shows
        it), with this user's entries in ``keep`` and in the selections: the fields in
        ``theirs`` show the stored values, and all count as seen."""
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = version
        selections = self._selections()
        for name in [*theirs, *selections]:
            field = self.fields[name]
            initial = sent(field.hidden_widget(), field, stored[name])
            self.data.setlist(self.add_initial_prefix(name), initial)
            if name in selections:  # what the user chose, on what is stored now
                chosen = _offered(field, self.cleaned_data[name])
                self.data.setlist(self.add_prefix(name), sent(field.widget, field, chosen))
            elif name not in keep:
                self.data.setlist(self.add_prefix(name), sent(field.widget, field, stored[name]))
        self.drawn_again(stored)

    def drawn_again(self, stored: dict) -> None:
        """For a form whose fields depend on the record as drawn (a visit's statuses): the
        form now shows ``stored``, the record as stored."""

    def seen(self) -> str | None:
        """The version the form's values are saved over (a form sent without one: None)."""
        if self.merged is not None:
            return self.merged.version
        return self.cleaned_data.get("seen_version") or None

    def fields_for_service(self) -> dict:
        fields = super().fields_for_service()
        fields.pop("seen_version", None)
        return self._only_mine(fields)

    def relations(self) -> dict:
        return self._only_mine(super().relations())

    def _only_mine(self, values: dict) -> dict:
        if self.merged is None:
            return values
        others = set(self._record_fields()) - self.merged.written
        return {name: value for name, value in values.items() if name not in others}

    def add_service_error(self, error: ValidationError) -> None:
        if getattr(error, "code", None) == CHANGED_MEANWHILE and self._sent_as_shown():
            # Saved between this form's merge and the service's lock: the form keeps the
            # version and values it was drawn with, so that sent again, it is merged with
            # that change as well, not written over it.
            self.add_error(None, _SAVED_AT_THE_SAME_TIME)
            return
        carry_new_version(self, error, "seen_version")
        super().add_service_error(error)


def _offered(field: forms.ModelMultipleChoiceField, records: Iterable[models.Model]) -> list:
    """Those of ``records`` the selection offers its user."""
    records = list(records)
    offered = set(
        field.queryset.filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True)
    )
    return [record for record in records if record.pk in offered]


def _is_key(text: str) -> bool:
    """A record's key as a browser sends it: ASCII digits ("²" is a digit to Python)."""
    return text.isascii() and text.isdigit() and not beyond_keys(text)


def _differs(field: forms.Field, initial: Any, data: Any) -> bool:
    """Django's ``has_changed``, blind to what a browser makes of a text: line breaks sent as
    CR LF, and the spaces at its ends that the field strips anyway."""
    return field.has_changed(_as_sent(field, initial), _as_sent(field, data))


def _as_sent(field: forms.Field, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n")
    return value.strip() if getattr(field, "strip", False) else value


def sent(widget: forms.Widget, field: forms.Field, value: Any) -> list[str]:
    """What a browser sends for ``widget`` showing ``value`` (a list, for ``QueryDict.setlist``)."""
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    shown = widget.format_value(field.prepare_value(value))
    if isinstance(shown, list):
        return shown
    return ["" if shown is None else shown]


def shown_value(field: forms.Field, value: Any, labels: dict | None = None) -> str:
    """``value`` of ``field`` as its reader knows it: a choice's label (from ``labels`` where
    the field does not offer it), a record's name, a date in their language. Records the
    reader may not choose are not named."""
    if value in (None, "", []):
        return str(_("(empty)"))
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [record.pk for record in value]
        names = [field.label_from_instance(r) for r in field.queryset.filter(pk__in=keys)]
        hidden = len(keys) - len(names)
        if hidden:
            names.append(ngettext("%(count)d more", "%(count)d more", hidden) % {"count": hidden})
        return ", ".join(names)
    if isinstance(field, forms.ModelChoiceField):
        record = field.queryset.filter(pk=value).first()
        return field.label_from_instance(record) if record else str(_("a choice not open to you"))
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value) or (labels or {}).get(value, value))
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return str(formats.localize(value))


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
            saved = redirect(save())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            merged = getattr(form, "merged", None)
            if merged and merged.their_labels:  # not when only what the form does not show changed
                message = _("Saved. Someone else changed this meanwhile (%(fields)s): kept too.")
                messages.info(request, message % {"fields": ", ".join(merged.their_labels)})
            return saved
    context = {"form": form, "title": title, "cancel_url": cancel_url, **context}
    # is_valid(), not errors: a formset's errors are a list, one entry a row, which is empty
    # when the rows' count itself was refused (a tampered or missing management form).
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)
