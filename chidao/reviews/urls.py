"""The program review page, under /reports/ (where it has always been)."""

from django.urls import path

from chidao.reviews import views

urlpatterns = [
    path("programs/<int:pk>/review/", views.program_review_page, name="program-review"),
]
