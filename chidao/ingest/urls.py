from django.urls import path

from chidao.ingest import views

urlpatterns = [
    path("", views.upload, name="ingest-upload"),
    path("<int:pk>/", views.review, name="ingest-review"),
]
