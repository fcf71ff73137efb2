from django.urls import path

from chidao.indicators import views

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("export.xlsx", views.indicator_export, name="indicator-export"),
    path("<int:indicator_id>/", views.indicator_detail, name="indicator-detail"),
    path("values/<int:value_id>/", views.value_page, name="indicator-value"),
    path(
        "publication/<int:committee_id>/",
        views.publication_switch,
        name="indicator-publication",
    ),
]
