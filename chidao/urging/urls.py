from django.urls import path

from chidao.urging import views

urlpatterns = [
    path("letter/", views.urging_letter, name="urging-letter"),
    path("notifications/", views.notifications, name="urging-notifications"),
]
