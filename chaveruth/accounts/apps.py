from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chaveruth.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Connects the receiver that starts a session's 12-hour clock at login.
        from chaveruth.lib import security  # noqa: F401
