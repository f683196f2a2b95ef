from django.urls import path

from chaveruth.directory import views

app_name = "directory"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_form, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_form, name="organisation_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_form, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_form, name="person_edit"),
    path("people/<int:pk>/export/", views.person_export, name="person_export"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/new/", views.venue_form, name="venue_create"),
    path("venues/<int:pk>/", views.venue_detail, name="venue_detail"),
    path("venues/<int:pk>/edit/", views.venue_form, name="venue_edit"),
    path("venues/<int:pk>/travel/", views.venue_travel, name="venue_travel"),
    path("venues/<int:pk>/hours/", views.venue_hours, name="venue_hours"),
    path("venues/<int:pk>/exceptions/", views.venue_exceptions, name="venue_exceptions"),
    path(
        "venues/exceptions/<int:pk>/remove/",
        views.opening_exception_remove,
        name="opening_exception_remove",
    ),
]
