from django.urls import include, path

urlpatterns = [
    path("", include("chidao.reports.urls_submissions")),
    path("", include("chidao.reports.urls_consolidated")),
]
