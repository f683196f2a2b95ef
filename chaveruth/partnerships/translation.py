"""Fields that delegates and partners read, stored once per language (de, en, he)."""

from modeltranslation.translator import TranslationOptions, register

from chaveruth.partnerships.models import Partnership, Programme, Project, ProjectEvent, Statement


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description", "purpose")


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "description", "outcomes")


@register(ProjectEvent)
class ProjectEventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("text", "context")
