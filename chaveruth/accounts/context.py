from django.http import HttpRequest

from chaveruth.accounts.access import Scope, scope_of


def access(request: HttpRequest) -> dict[str, Scope]:
    """``scope`` in every template, so navigation shows only what the user may open."""
    return {"scope": scope_of(request.user)}
