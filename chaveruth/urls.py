from urllib.parse import urlsplit

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils import translation
from django.views.i18n import set_language


# The login page offers the language switch too, so it must work before login.
@login_not_required
def set_language_from_page(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, run in the language of the page it returns to.

    ``set_language`` finds the page in the new language with ``translate_url``, which resolves
    ``next`` in the active language. This URL has no language prefix, so LocaleMiddleware
    activates German, in which "/en/visits/2/" does not resolve: the switch from English (or
    Hebrew) back to German returned to the same page, still in English.
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    try:
        path = urlsplit(next_url).path
    except ValueError:  # not an address ("http://["): set_language goes to "/" instead
        path = ""
    language = translation.get_language_from_path(path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return set_language(request)


# The admin's own login form would let staff in with a password alone: it sends them to
# allauth's, which asks for the second factor and counts failed attempts.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/setlang/", set_language_from_page, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", include("chaveruth.reports.urls")),
    # Login, logout, second factor, password, single sign-on (django-allauth).
    path("accounts/", include("allauth.urls")),
    path("directory/", include("chaveruth.directory.urls")),
    path("partnerships/", include("chaveruth.partnerships.urls")),
    path("visits/", include("chaveruth.visits.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
