"""The operator gives a user their roles in the admin: the memberships, beside the account.

There is no page for it in the interface yet; a city's coordinators ask the operator. A
membership is checked as ``add_membership`` checks it (``Membership.clean``: what each role
needs, a coordinator's municipality, a delegate's person) and written to the audit trail.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from chaveruth.accounts.models import Membership
from chaveruth.lib.forms import _LARGEST_KEY

User = get_user_model()


class AutocompleteByKey(AutocompleteSelect):
    """Django's autocomplete for a record chosen by its key, drawn again after a refused
    save without looking up a value sent that is no key ("abc", or one beyond the database's
    integers, on which SQLite overflows): Django's would fail on it (a 500). Such a value
    shows as nothing chosen; the field itself refuses it as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [each for each in value if _is_key(each)], attr)


def _is_key(value: str) -> bool:
    try:
        return abs(int(value)) <= _LARGEST_KEY
    except ValueError:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = AutocompleteByKey(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
