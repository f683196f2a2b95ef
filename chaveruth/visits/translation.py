"""Fields that delegates and partners read, stored once per language (de, en, he)."""

from modeltranslation.translator import TranslationOptions, register

from chaveruth.visits.models import Appointment, Visit, Wish


@register(Visit)
class VisitTranslation(TranslationOptions):
    fields = ("title", "purpose")


@register(Appointment)
class AppointmentTranslation(TranslationOptions):
    fields = ("title", "description", "attendees_note")


@register(Wish)
class WishTranslation(TranslationOptions):
    fields = ("title",)  # becomes the appointment's title, in each language
