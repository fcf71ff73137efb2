from django.urls import include, path

from chidao.tasks import views_import

urlpatterns = [
    path("export.xlsx", views_import.export_xlsx, name="task-export"),
    path("import/", include("chidao.tasks.urls_import")),
    path("", include("chidao.tasks.urls_pages")),
]
