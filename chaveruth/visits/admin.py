import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from chaveruth.visits.models import Appointment, Delegate, Visit, Wish
from chaveruth.visits.services import reschedule_visit


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Visit)
class VisitAdmin(TranslationAdmin):
    list_display = ["title", "start_date", "end_date", "status", "host_municipality"]
    list_filter = ["status", "direction"]
    filter_horizontal = ["projects", "supporting_organisations"]
    inlines = [DelegateInline]
    actions = ["postpone_one_week"]
    # Cancelling asks why, and taking a visit up again forgets it: on the visit's own page.
    readonly_fields = ["status", "cancellation_reason"]

    @admin.action(description=_("Postpone by one week (moves the itinerary too)"))
    def postpone_one_week(self, request, queryset) -> None:
        week = dt.timedelta(days=7)
        for visit in queryset:
            try:
                reschedule_visit(
                    visit=visit, start_date=visit.start_date + week, end_date=visit.end_date + week
                )
            except ValidationError as error:
                self.message_user(request, f"{visit}: {error.messages[0]}", messages.ERROR)


@admin.register(Appointment)
class AppointmentAdmin(TranslationAdmin):
    list_display = ["title", "start", "end", "kind", "venue", "confidentiality"]
    list_filter = ["kind", "confidentiality"]
    filter_horizontal = ["visits", "hosting_organisations", "hosts", "participants"]


@admin.register(Wish)
class WishAdmin(TranslationAdmin):
    list_display = ["title", "visit", "venue", "minutes", "value", "appointment"]
    filter_horizontal = ["participants"]
