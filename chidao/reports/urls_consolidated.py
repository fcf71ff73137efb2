"""Consolidated report pages and the leaders' dashboard, under /reports/."""

from django.urls import path

from chidao.reports import views_consolidated as views
from chidao.reports import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.leaders_dashboard, name="leaders-dashboard"),
    path("consolidated/", views.consolidated_list, name="consolidated-list"),
    path(
        "periods/<int:pk>/consolidated/",
        views.consolidated_report,
        name="consolidated-report",
    ),
    path(
        "periods/<int:pk>/consolidated/<str:format>/",
        views.consolidated_request,
        name="consolidated-request",
    ),
    path("consolidated/<int:pk>/", views.consolidated_status, name="consolidated-status"),
    path(
        "consolidated/<int:pk>/download/",
        views.consolidated_download,
        name="consolidated-download",
    ),
    path("tasks-as-of/", views.tasks_as_of, name="tasks-as-of"),
]
