from django.urls import path

from chidao.committees import views

urlpatterns = [
    path("", views.home, name="home"),
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
]
