from django.urls import path

from chidao.units import views

urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/sources/", views.unit_sources, name="unit-sources"),
]
