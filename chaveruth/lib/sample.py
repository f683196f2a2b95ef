"""Marking invented details as sample data.

The Bochum scenario is public; what it does not say (exact times, delegation members' names,
addresses, budgets) the demo invents. Each record lists the names of its invented fields in
``sample_fields``; templates show a "sample data" badge beside them: ``{% sample obj "start" %}``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SampleData(models.Model):
    sample_fields = models.JSONField(
        _("sample data"),
        default=list,
        blank=True,
        help_text=_("Fields whose values were invented for the demo."),
    )

    class Meta:
        abstract = True

    def is_sample(self, field: str) -> bool:
        return field in self.sample_fields or "*" in self.sample_fields
