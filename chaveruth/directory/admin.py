from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from chaveruth.directory.models import (
    Affiliation,
    OpeningException,
    OpeningHours,
    Organisation,
    Person,
    Topic,
    TravelTime,
    Venue,
)
from chaveruth.directory.services import check_no_overlap
from chaveruth.lib.admin import KeyedAutocomplete


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["slug", "name", "parent"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "kind", "city", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_de", "name_en", "short_name", "city"]
    filter_horizontal = ["topics"]


class AffiliationInline(KeyedAutocomplete, TranslationTabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "is_public_figure"]
    search_fields = ["family_name", "given_name"]
    inlines = [AffiliationInline]


class OpeningHoursFormSet(BaseInlineFormSet):
    """The admin saves the week itself: it is held to the service's rule on overlaps too."""

    def clean(self) -> None:
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_no_overlap(rows)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "city", "organisation"]
    search_fields = ["name_de", "city"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]


@admin.register(TravelTime)
class TravelTimeAdmin(KeyedAutocomplete, admin.ModelAdmin):
    """Travel times a coordinator knows better than the estimate from coordinates."""

    list_display = ["origin", "destination", "minutes"]
    autocomplete_fields = ["origin", "destination"]
