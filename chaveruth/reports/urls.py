from django.urls import path

from chaveruth.reports import views

app_name = "reports"
urlpatterns = [path("", views.dashboard, name="dashboard")]
