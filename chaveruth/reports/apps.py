from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chaveruth.reports"
    verbose_name = _("Overview and reports")
