from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from chaveruth.partnerships.models import (
    Partnership,
    Programme,
    Project,
    ProjectEvent,
    ProjectPartner,
    Statement,
)


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ["name", "run_by"]


@admin.register(Partnership)
class PartnershipAdmin(TranslationAdmin):
    list_display = ["name", "kind", "status", "programme"]
    list_filter = ["kind", "status"]
    filter_horizontal = ["organisations", "topics"]


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0


class ProjectEventInline(TranslationStackedInline):
    model = ProjectEvent
    extra = 0


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["number", "title", "status", "builds_on"]
    list_filter = ["status", "kind"]
    inlines = [ProjectPartnerInline, ProjectEventInline]


@admin.register(Statement)
class StatementAdmin(TranslationAdmin):
    list_display = ["person", "date", "text"]
