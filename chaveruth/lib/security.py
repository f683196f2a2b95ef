"""Response headers and session limits that Django's own settings do not cover.

Django's ``SecurityMiddleware`` sends HSTS, ``nosniff``, ``Referrer-Policy`` and
``Cross-Origin-Opener-Policy``; its CSP and clickjacking middleware send the policy and
``X-Frame-Options``. Two things are left, and they are here:

- ``SecurityHeadersMiddleware``: a ``Permissions-Policy`` that denies powerful browser features
  no page of ours uses, and ``Cache-Control: no-store`` on every response to a signed-in user.
  A page seen after login may show a delegation's whereabouts; neither the browser's cache (a
  shared office computer, the back button after logout) nor a proxy may keep it. Static files
  never reach this middleware's user check (WhiteNoise answers them before the session is
  read), so they stay cacheable.
- ``SessionLifetimeMiddleware``: a session ends 12 hours after login however active it is.
  The idle limit (30 minutes) is Django's own: ``SESSION_COOKIE_AGE`` with
  ``SESSION_SAVE_EVERY_REQUEST``. An absolute limit bounds what a stolen session cookie is
  worth and makes people log in afresh every working day (OWASP ASVS 3.3.1, 3.3.2).
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

# No page uses these; a script injected despite the CSP cannot ask for them either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

# Seconds since the epoch at which the user of this session logged in.
LOGIN_TIME_KEY = "_chaveruth_login_time"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # ``request.user`` exists only once AuthenticationMiddleware has run, i.e. not for
        # static files answered by WhiteNoise further out.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # "no-store" among others
        return response


@receiver(user_logged_in)
def remember_login_time(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Start the 12-hour clock at every login (also a second login in the same session)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(timezone.now().timestamp())


class SessionLifetimeMiddleware:
    """Log out and send to the login page once ``SESSION_ABSOLUTE_AGE`` seconds have passed
    since login, whatever happened in between. Must come after AuthenticationMiddleware and
    MessageMiddleware (it reads ``request.user`` and leaves a message)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            # A session from before this check was deployed gets its clock started now.
            logged_in_at = request.session.setdefault(LOGIN_TIME_KEY, now)
            if now - logged_in_at >= settings.SESSION_ABSOLUTE_AGE:
                logout(request)  # flushes the session: the row is deleted, the key replaced
                hours = timedelta(seconds=settings.SESSION_ABSOLUTE_AGE) // timedelta(hours=1)
                message = ngettext(
                    "You were logged out %(hours)d hour after your login. Please log in again.",
                    "You were logged out %(hours)d hours after your login. Please log in again.",
                    hours,
                )
                messages.info(request, message % {"hours": hours})
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address as our reverse proxy saw it (``BEHIND_PROXY=true``).

    The proxy appends the address it was connected from to X-Forwarded-For; entries before
    that one come from the client and may be forged, so only the last one counts:
    ``"203.0.113.9, 198.51.100.4"`` -> ``"198.51.100.4"``.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR")
