from django.urls import path

from chaveruth.visits import planner_views, views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_form, name="create"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_form, name="edit"),
    path("<int:pk>/reschedule/", views.visit_reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.visit_cancel, name="cancel"),
    path("<int:pk>/reads/", views.visit_reads, name="reads"),
    path("<int:visit_pk>/appointments/new/", views.appointment_form, name="appointment_create"),
    path("appointments/<int:pk>/edit/", views.appointment_form, name="appointment_edit"),
    path("appointments/<int:pk>/delete/", views.appointment_delete, name="appointment_delete"),
    path("appointments/<int:pk>/shares/", views.appointment_shares, name="appointment_shares"),
    path("shares/<int:pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("<int:pk>/wishes/", planner_views.wish_list, name="wishes"),
    path("<int:visit_pk>/wishes/new/", planner_views.wish_form, name="wish_create"),
    path("wishes/<int:pk>/edit/", planner_views.wish_form, name="wish_edit"),
    path("wishes/<int:pk>/delete/", planner_views.wish_delete, name="wish_delete"),
    path("<int:pk>/proposals/new/", planner_views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", planner_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/accept/", planner_views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/discard/", planner_views.proposal_discard, name="proposal_discard"),
    path("<int:pk>/delegates/new/", views.delegate_add, name="delegate_add"),
    path("delegates/<int:pk>/remove/", views.delegate_remove, name="delegate_remove"),
    path("delegates/<int:pk>/needs/", views.needs_form, name="needs_edit"),
    path("delegates/<int:pk>/needs/withdraw/", views.needs_withdraw, name="needs_withdraw"),
]
