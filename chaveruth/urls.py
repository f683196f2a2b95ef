from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # The login page offers the language switch too, so it must work before login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
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
