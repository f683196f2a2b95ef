from django import forms
from django.utils.translation import gettext_lazy as _

from chaveruth.lib.forms import ListFilter
from chaveruth.partnerships.models import Partnership, Project


class PartnershipFilter(ListFilter):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Partnership.Kind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Partnership.Status.choices
    )


class ProjectFilter(ListFilter):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Project.Status.choices
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Project.Kind.choices
    )
