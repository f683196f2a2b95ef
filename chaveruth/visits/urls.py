from django.urls import path

from chaveruth.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_form, name="create"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_form, name="edit"),
    path("<int:pk>/reschedule/", views.visit_reschedule, name="reschedule"),
    path("<int:pk>/reads/", views.visit_reads, name="reads"),
    path("<int:visit_pk>/appointments/new/", views.appointment_form, name="appointment_create"),
    path("appointments/<int:pk>/edit/", views.appointment_form, name="appointment_edit"),
    path("appointments/<int:pk>/delete/", views.appointment_delete, name="appointment_delete"),
    path("delegates/<int:pk>/needs/", views.needs_form, name="needs_edit"),
    path("delegates/<int:pk>/needs/withdraw/", views.needs_withdraw, name="needs_withdraw"),
]
