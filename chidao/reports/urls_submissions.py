"""Report pages under /reports/: periods, submissions, forms, ad-hoc requests."""

from django.urls import path

from chidao.reports import views

urlpatterns = [
    path("periods/", views.period_list, name="report-periods"),
    path("periods/open/", views.period_open, name="report-period-open"),
    path("periods/<int:pk>/", views.period_detail, name="report-period"),
    path(
        "periods/<int:pk>/units/<int:unit_id>/",
        views.submission_page,
        name="report-submission",
    ),
    path(
        "periods/<int:pk>/units/<int:unit_id>/save/",
        views.submission_save,
        name="report-submission-save",
    ),
    path(
        "periods/<int:pk>/units/<int:unit_id>/approve/",
        views.submission_approve,
        name="report-submission-approve",
    ),
    path(
        "periods/<int:pk>/units/<int:unit_id>/correct/",
        views.submission_correct,
        name="report-submission-correct",
    ),
    path(
        "periods/<int:pk>/units/<int:unit_id>/v<int:version>/",
        views.submission_version,
        name="report-submission-version",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="report-attachment"),
    path("forms/", views.form_list, name="report-forms"),
    path("forms/new/", views.form_create, name="report-form-new"),
    path("forms/<int:pk>/", views.form_edit, name="report-form-edit"),
    path("adhoc/new/", views.adhoc_create, name="report-adhoc"),
]
