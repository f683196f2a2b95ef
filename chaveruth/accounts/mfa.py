"""Staff must use a second factor (TOTP app, security key) before they see anything.

Staff are the roles that read across a municipality or the whole programme: the programme
office, city coordinators and the operator (superuser). Until they have set up a second
factor, every page sends them to the set-up page; the account pages (set-up, logout) and
static files stay reachable. Partner hosts, delegates and liaisons may add one voluntarily.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from chaveruth.accounts.access import scope_of

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def needs_second_factor(user) -> bool:
    if not settings.MFA_REQUIRED_FOR_STAFF or not user.is_authenticated:
        return False
    if not (scope_of(user).staff or user.is_superuser):
        return False
    return not Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if needs_second_factor(request.user) and not self._exempt(request.path_info):
            return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        """The account pages (where the factor is set up, or one logs out) and static files."""
        accounts = reverse("account_login").rsplit("login/", 1)[0]  # /accounts/ or /en/accounts/
        return path.startswith((accounts, "/accounts/", settings.STATIC_URL, "/static/"))
