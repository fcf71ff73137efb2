"""/tasks/import/: upload a task sheet, preview it, confirm the import; the empty template.

The board's Excel export (`views_import.export_xlsx`) is routed at /tasks/export.xlsx by
chidao/tasks/urls.py.
"""

from django.urls import path

from chidao.tasks import views_import

urlpatterns = [
    path("", views_import.import_upload, name="task-import"),
    path("confirm/", views_import.import_confirm, name="task-import-confirm"),
    path("template.xlsx", views_import.import_template, name="task-import-template"),
]
