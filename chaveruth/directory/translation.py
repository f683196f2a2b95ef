"""Fields that delegates and partners read, stored once per language (de, en, he)."""

from modeltranslation.translator import TranslationOptions, register

from chaveruth.directory.models import Affiliation, Organisation, Topic, Venue


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Affiliation)
class AffiliationTranslation(TranslationOptions):
    fields = ("function",)


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "directions")
