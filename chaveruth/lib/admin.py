"""The admin's choosers of one record among many, made safe against values a tampered form
sends (used by every admin of ours that has ``autocomplete_fields``)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from chaveruth.lib.forms import beyond_keys


class AutocompleteByKey(AutocompleteSelect):
    """Django's autocomplete for a record chosen by its key, drawn again after a refused save
    without looking up a value sent that is no key ("abc", or one beyond the database's
    integers, on which SQLite overflows): Django's would fail on it (a 500). Such a value shows
    as nothing chosen; the field itself refuses it as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        keys = [each for each in value if str(each).lstrip("-").isdigit() and not beyond_keys(each)]
        return super().optgroups(name, keys, attr)


class KeyedAutocomplete(admin.options.BaseModelAdmin):
    """Mixin for a model admin or an inline: its ``autocomplete_fields`` use
    ``AutocompleteByKey``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = AutocompleteByKey(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
