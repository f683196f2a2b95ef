"""The answer to a login attempt that django-axes refuses (``AXES_LOCKOUT_CALLABLE``).

Axes counts failed logins per user name and IP address and treats a pair as locked once it
has ``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME`` (``failures >= limit``).
Left alone it answers the very attempt that reaches the limit with the lockout already. We
want "five failures allowed": the fifth wrong password still gets the login form with its
error, and only the next attempt (even with the right password) is refused. Axes records the
failure count of the current attempt in ``request.axes_failures_since_start``; an attempt
that was refused because the pair was already locked is itself counted, so its count is
above the limit.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponseBase | None, credentials: dict | None
) -> HttpResponseBase:
    reached_limit_now = (
        getattr(request, "axes_failures_since_start", None) == settings.AXES_FAILURE_LIMIT
    )
    if reached_limit_now and isinstance(original_response, HttpResponseBase):
        return original_response
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "accounts/lockout.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name an attempt was for (``AXES_USERNAME_CALLABLE``).

    allauth's form posts it as ``login`` but authenticates with ``username=…``; axes itself
    passes ``{"login": …}`` when it resets the count after a successful login. Every path
    must name the same user, or failures would be counted for nobody (and lock everyone).
    """
    if credentials:
        return credentials.get("username") or credentials.get("login")
    return request.POST.get("login")
