from django.urls import path

from chidao.documents import views

urlpatterns = [
    path("", views.decision_list, name="decision-list"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
]
