from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", include("chaveruth.reports.urls")),
    path("accounts/", include("chaveruth.accounts.urls")),
    path("directory/", include("chaveruth.directory.urls")),
    path("partnerships/", include("chaveruth.partnerships.urls")),
    path("visits/", include("chaveruth.visits.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
