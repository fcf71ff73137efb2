from django.urls import include, path

urlpatterns = [
    path("", include("chidao.tasks.urls_pages")),
    path("import/", include("chidao.tasks.urls_import")),
]
