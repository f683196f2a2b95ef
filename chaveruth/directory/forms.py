from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from chaveruth.accounts.access import acting_for, scope_of
from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.lib.countries import Country
from chaveruth.lib.forms import KernForm, ListFilter, ServiceForm


class OrganisationFilter(ListFilter):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Organisation.Kind.choices
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All"))] + Country.choices
    )


class OrganisationForm(ServiceForm):
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


class PersonForm(ServiceForm):
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


class VenueForm(ServiceForm):
    # Coordinates copied from a map have more digits than we store: round, don't refuse.
    latitude = _coordinate("latitude", 90, _("Decimal degrees, e.g. 51.481845 or 51,481845"))
    longitude = _coordinate("longitude", 180, _("Decimal degrees, e.g. 7.216206 or 7,216206"))

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

    def __init__(self, *args, origin: Venue, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = Venue.objects.visible_to(user).exclude(pk=origin.pk)
