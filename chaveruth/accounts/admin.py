"""The operator gives a user their roles in the admin: the memberships, beside the account.

There is no page for it in the interface yet; a city's coordinators ask the operator. A
membership is checked as ``add_membership`` checks it (``Membership.clean``: what each role
needs, a coordinator's municipality, a delegate's person) and written to the audit trail.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from chaveruth.accounts.models import Membership
from chaveruth.lib.admin import KeyedAutocomplete

User = get_user_model()


class MembershipInline(KeyedAutocomplete, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "person"]


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
