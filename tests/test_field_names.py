"""Every field of our models is named in the reader's language: the admin, the forms and the
change log ("Visit: …") read these names. A field without a verbose name gets an English one
made of its attribute's name."""

from django.apps import apps
from django.utils.functional import Promise


def test_every_field_of_our_models_has_a_translatable_name():
    unnamed = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("chaveruth.")
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)  # gettext_lazy
    ]
    assert unnamed == []
