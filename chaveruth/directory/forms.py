import contextlib
import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.formsets import DELETION_FIELD_NAME, TOTAL_FORM_COUNT
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from chaveruth.accounts.access import AnyUser, acting_for, can_change_person, scope_of
from chaveruth.directory.models import (
    Affiliation,
    OpeningException,
    OpeningHours,
    Organisation,
    Person,
    Venue,
)
from chaveruth.lib.countries import Country
from chaveruth.lib.forms import (
    PLANNED_DAY,
    KernForm,
    ListFilter,
    ServiceForm,
    SharedRecordForm,
    carry_new_version,
)


class OrganisationFilter(ListFilter):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Organisation.Kind.choices
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All"))] + Country.choices
    )


class OrganisationForm(SharedRecordForm):
    class Meta(ServiceForm.Meta):
        model = Organisation
        fields = [
            "name_de",
            "name_en",
            "name_he",
            "short_name",
            "kind",
            "country",
            "region",
            "city",
            "parent",
            "topics",
            "website",
            "description_de",
            "description_en",
            "description_he",
        ]


class PersonForm(SharedRecordForm):
    """A person's name and contact details, and which municipality owns the record (answers
    their requests about it). Functions at organisations are not entered here."""

    class Meta(ServiceForm.Meta):
        model = Person
        fields = [
            "honorific",
            "given_name",
            "family_name",
            "email",
            "phone",
            "is_public_figure",
            "owner",
        ]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if scope_of(user).everything:
            return  # the operator may leave a record unowned, as the model allows
        # A coordinator's people belong to a municipality they coordinate: without an owner,
        # they could neither see the record again nor change, export or erase it.
        owner.queryset = acting_for(owner.queryset, user)
        owner.required = True
        if len(scope_of(user).municipalities) == 1:
            owner.empty_label = None
            owner.initial = next(iter(scope_of(user).municipalities))


def offer_people(people: QuerySet[Person], *fields: forms.ModelChoiceField, user: AnyUser) -> None:
    """Offer ``people`` in each of ``fields`` (an appointment's hosts and participants) to
    ``user``, with labels that tell namesakes apart (``NamesakeLabels``), worked out once for
    all of them."""
    labels = NamesakeLabels(people, user)
    for field in fields:
        field.queryset = people
        field.label_from_instance = labels


class NamesakeLabels:
    """A select's label for each of ``people``: the name, where it is the list's only one;
    for namesakes, who may be someone else than the one meant, the organisations of their
    current functions and, where the user may change the record, their e-mail address,
    "Miriam Cohen (Universität Haifa, miriam@example.org)"; for those still alike, their
    number in the directory too, "Miriam Cohen (no. 12)". Only the list's people count: a
    namesake the user may not see changes nothing.

    Worked out at the first label, for the whole list, in two queries however long it is."""

    def __init__(self, people: QuerySet[Person], user: AnyUser) -> None:
        self.people = people
        self.user = user
        self._labels: dict[int, str] | None = None

    def __call__(self, person: Person) -> str:
        if self._labels is None:
            self._labels = _told_apart(list(self.people), self.user)
        return self._labels.get(person.pk, str(person))


def _told_apart(people: list[Person], user: AnyUser) -> dict[int, str]:
    labels = {person.pk: str(person) for person in people}
    namesakes = _alike(people, labels)
    details = _working_at(namesakes)
    for person in namesakes:
        # Only the owning city's coordinators read an address anywhere else (the person page
        # shows none): a public figure or a delegate of another city's record keeps theirs.
        shown = person.email and can_change_person(user, person)
        details.setdefault(person.pk, []).extend([person.email] if shown else [])
    names = dict(labels)
    labels |= {person.pk: _labelled(names[person.pk], details[person.pk]) for person in namesakes}
    for person in _alike(namesakes, labels):
        number = _("no. %(number)d") % {"number": person.pk}
        labels[person.pk] = _labelled(names[person.pk], [*details[person.pk], number])
    return labels


def _alike(people: list[Person], labels: dict[int, str]) -> list[Person]:
    """Those of ``people`` whose label another's reads as too (in any case)."""
    counts = Counter(labels[person.pk].casefold() for person in people)
    return [person for person in people if counts[labels[person.pk].casefold()] > 1]


def _labelled(name: str, details: list[str]) -> str:
    return f"{name} ({', '.join(details)})" if details else name


def _working_at(people: list[Person]) -> dict[int, list[str]]:
    """The organisations of each person's functions today, by the person's key."""
    if not people:
        return {}
    today = timezone.localdate()
    current = (
        Affiliation.objects.filter(person__in=[person.pk for person in people])
        .filter(Q(start=None) | Q(start__lte=today), Q(end=None) | Q(end__gte=today))
        .select_related("organisation")
        .order_by("person", "-start", "pk")
    )
    organisations: dict[int, list[str]] = {}
    for affiliation in current:
        named = organisations.setdefault(affiliation.person_id, [])
        if affiliation.organisation.name not in named:
            named.append(affiliation.organisation.name)
    return organisations


class CoordinateField(forms.DecimalField):
    """Decimal degrees; a German decimal comma ("51,4818") is read like a point."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _coordinate(name: str, limit: int, help_text: str | Promise) -> CoordinateField:
    return CoordinateField(
        label=capfirst(Venue._meta.get_field(name).verbose_name),  # the model's, translated
        min_value=-limit,
        max_value=limit,
        required=False,
        help_text=help_text,
        # Text, not type=number: browsers drop a decimal comma from a number input ("7,2"
        # arrived as 72, a valid longitude), so the field reads what was typed and says itself
        # what is wrong. The inputmode still brings up a keyboard of digits.
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class VenueForm(SharedRecordForm):
    # Coordinates copied from a map have more digits than we store: round, don't refuse.
    latitude = _coordinate("latitude", 90, _("Decimal degrees, e.g. 51.481845 or 51,481845"))
    longitude = _coordinate("longitude", 180, _("Decimal degrees, e.g. 7.216206 or 7,216206"))
    changed_together = (("street", "postcode", "city", "country"), ("latitude", "longitude"))

    class Meta(ServiceForm.Meta):
        model = Venue
        fields = [
            "organisation",
            "name_de",
            "name_en",
            "name_he",
            "street",
            "postcode",
            "city",
            "country",
            "latitude",
            "longitude",
            "capacity",
            "directions_de",
            "directions_en",
            "directions_he",
        ]

    def _rounded(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        return None if value is None else value.quantize(Decimal("0.000001"), ROUND_HALF_UP)

    def clean_latitude(self) -> Decimal | None:
        return self._rounded("latitude")

    def clean_longitude(self) -> Decimal | None:
        return self._rounded("longitude")

    def clean(self) -> dict:
        data = super().clean()
        if self.has_error("latitude") or self.has_error("longitude"):
            return data  # a coordinate refused on its own is missing here, not left out
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class TravelTimeForm(KernForm, forms.Form):
    """How long the way from one venue to another really takes (both ways unless the way
    back is entered too); no minutes: forget the entry."""

    destination = forms.ModelChoiceField(label=_("To"), queryset=Venue.objects.none())
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        help_text=_("Door to door, boarding and parking included. Empty: use the estimate."),
    )

    def __init__(self, *args, origin: Venue, user, to: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        destination = self.fields["destination"]
        destination.queryset = Venue.objects.visible_to(user).exclude(pk=origin.pk)
        # The venue a link asks about (a finding's ``?to=12``), chosen if the form offers it:
        # another's, this one, or not a key at all leaves the choice empty.
        with contextlib.suppress(ValidationError):
            if to:
                self.initial["destination"] = destination.clean(to)


# The browser's own time and date pickers (no script); the value as the input expects it.
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _label(model, name: str):
    """The model's name for the field, translated: "Öffnet" on the German page."""
    return capfirst(model._meta.get_field(name).verbose_name)


class OpeningHoursRow(KernForm, forms.Form):
    """One interval of a venue's week: weekday, opens, closes, all three or none. A row left
    empty is no interval, also one of the week emptied to remove it."""

    weekday = forms.TypedChoiceField(
        label=_label(OpeningHours, "weekday"),
        choices=[("", "—"), *OpeningHours.Weekday.choices],
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose the weekday, or empty the row.")},
    )
    opens = forms.TimeField(
        label=_label(OpeningHours, "opens"),
        widget=_TIME,
        error_messages={"required": _("Enter the hour the venue opens, or empty the row.")},
    )
    closes = forms.TimeField(
        label=_label(OpeningHours, "closes"),
        widget=_TIME,
        error_messages={"required": _("Enter the hour the venue closes, or empty the row.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any row may be empty, not only the extra ones: see has_changed.
        self.empty_permitted = True

    def has_changed(self) -> bool:
        """Whether anything is typed in the row: only then is it checked, as an interval.
        (Not "differs from the week as stored": a stored row emptied is no interval.)"""
        return any(self[name].data not in (None, "") for name in ("weekday", "opens", "closes"))

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors:  # with a field missing or unreadable, nothing to compare
            self._check_with_the_model(data)
        return data

    def _check_with_the_model(self, data: dict) -> None:
        """The model's own rule (closes after it opens, 00:00 for midnight), asked here so
        that its message stands beside this row rather than above the whole week."""
        row = OpeningHours(weekday=data["weekday"], opens=data["opens"], closes=data["closes"])
        try:
            row.full_clean(exclude=["venue"])
        except ValidationError as error:
            self.add_error("closes", error.messages)

    def interval(self) -> tuple[int, dt.time, dt.time] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("weekday") is None:
            return None
        return data["weekday"], data["opens"], data["closes"]


class SeenWeek(forms.Form):
    """The week a page showed (``services.week_fingerprint``), sent back with the rows: a week
    changed since in another tab is not replaced by one typed over the old."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    # What ``seen()`` makes of a value the field refuses (a NUL byte): no fingerprint, which
    # are hexadecimal, so that no week stored matches it.
    NOT_A_WEEK = "not a week"


class BaseOpeningHoursFormSet(forms.BaseFormSet):
    """A venue's week as rows, written as a whole by ``services.set_opening_hours``.

    ``seen`` is the fingerprint of the stored week the rows start from; a bound formset
    carries the one its page was drawn with (``seen()``).
    """

    def __init__(self, *args, seen: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen_form = SeenWeek(
            self.data if self.is_bound else None, prefix=self.prefix, initial={"seen": seen}
        )

    def seen(self) -> str | None:
        """The week the page showed; None from a post that sends none (a script's, which
        replaces the week whatever it was, as the services' other callers do). A value sent
        that is no page's is a week not seen: the save is refused as changed meanwhile, not
        let through unchecked."""
        if not self.seen_form.is_bound:
            return None
        if not self.seen_form.is_valid():
            return SeenWeek.NOT_A_WEEK
        return self.seen_form.cleaned_data["seen"] or None

    def clean(self) -> None:
        # Django reads a count below zero as no rows at all, and the week saved would be
        # empty: no page sends one.
        if self.management_form.cleaned_data[TOTAL_FORM_COUNT] < 0:
            message = _(
                "The form was sent with a row count below zero: open the page again and save "
                "it from there."
            )
            raise ValidationError(message, code="rows_below_zero")

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Remove")

    def entered(self) -> list[OpeningHoursRow]:
        """The rows that hold an interval, in their order: not the empty, not the removed."""
        removed = self.deleted_forms
        return [f for f in self.forms if f not in removed and f.interval() is not None]

    def week(self) -> list[tuple[int, dt.time, dt.time]]:
        return [form.interval() for form in self.entered()]

    def add_service_error(self, error: ValidationError) -> None:
        """Beside the row the service names (``params["row"]``, a position in ``week()``),
        else above the rows."""
        rows = self.entered()
        carry_new_version(self.seen_form, error, "seen")
        if hasattr(error, "error_dict"):  # a field's rule, which the rows asked already
            error = ValidationError(error.messages)
        for each in error.error_list:
            position = (each.params or {}).get("row")
            if position is not None and 0 <= position < len(rows):
                rows[position].add_error(None, each)
            else:
                self._non_form_errors.append(each)


OpeningHoursFormSet = forms.formset_factory(
    OpeningHoursRow,
    formset=BaseOpeningHoursFormSet,
    extra=7,  # room for a whole week at once: its hours, or each day's second interval
    can_delete=True,
    can_delete_extra=False,
    # A week of split hours is a handful of rows; far more is not a week someone typed.
    max_num=50,
    validate_max=True,
)


class OpeningExceptionForm(ServiceForm):
    """A date on which the venue keeps other hours, or is closed all day (a holiday's answer)."""

    class Meta(ServiceForm.Meta):
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "note"]
        widgets = {"date": PLANNED_DAY, "opens": _TIME, "closes": _TIME}
        help_texts = {
            "closed": _("Untick to enter the hours the venue keeps on that date."),
            "closes": _("00:00 for midnight."),
        }
