"""The countries the programme deals with. A short list on purpose: the forms offer these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    GERMANY = "DE", _("Germany")
    ISRAEL = "IL", _("Israel")
    OTHER = "XX", _("Other country")
