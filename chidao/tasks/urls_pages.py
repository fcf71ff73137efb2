from django.urls import path

from chidao.tasks import views, views_bulk, views_manage

urlpatterns = [
    path("", views.task_board, name="task-board"),
    path("mine/", views.my_tasks, name="my-tasks"),
    path("bulk/", views_bulk.task_bulk, name="task-bulk"),
    path("new/", views.task_create, name="task-create"),
    path("dashboard/", views.task_dashboard, name="task-dashboard"),
    path("orphaned/", views.orphaned_tasks, name="orphaned-tasks"),
    path("extensions/", views_manage.extension_queue, name="task-extensions"),
    path("<int:pk>/", views.task_detail, name="task-detail"),
    path("<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("<int:pk>/extension/", views.task_extension_request, name="task-extension-request"),
    path(
        "<int:pk>/extension/<int:request_pk>/decide/",
        views.task_extension_decide,
        name="task-extension-decide",
    ),
    path("<int:pk>/edit/", views_manage.task_edit, name="task-edit"),
    path("<int:pk>/cancel/", views.task_cancel, name="task-cancel"),
    path("<int:pk>/reassign/", views.task_reassign, name="task-reassign"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
