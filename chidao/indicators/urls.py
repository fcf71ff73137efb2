from django.urls import path

from chidao.indicators import views, views_definitions, views_saved

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("export.xlsx", views.indicator_export, name="indicator-export"),
    path("<int:indicator_id>/", views.indicator_detail, name="indicator-detail"),
    path("new/<int:committee_id>/", views_definitions.indicator_new, name="indicator-new"),
    path("<int:indicator_id>/edit/", views_definitions.indicator_edit, name="indicator-edit"),
    path(
        "<int:indicator_id>/targets/", views_definitions.indicator_targets, name="indicator-targets"
    ),
    path("views/new/<int:committee_id>/", views_saved.saved_view_create, name="indicator-view-new"),
    path(
        "views/<int:view_id>/delete/", views_saved.saved_view_delete, name="indicator-view-delete"
    ),
    path("values/<int:value_id>/", views.value_page, name="indicator-value"),
    path(
        "publication/<int:committee_id>/",
        views.publication_switch,
        name="indicator-publication",
    ),
]
