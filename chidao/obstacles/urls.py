from django.urls import path

from chidao.obstacles import views

urlpatterns = [
    path("", views.obstacle_list, name="obstacle-list"),
    path("new/", views.obstacle_create, name="obstacle-create"),
    path("proposed/", views.obstacle_proposed, name="obstacle-proposed"),
    path("<int:pk>/", views.obstacle_detail, name="obstacle-detail"),
    path("files/<int:pk>/", views.reply_file, name="obstacle-reply-file"),
]
