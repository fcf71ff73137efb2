from django.urls import path

from chidao.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.notifications_read_all, name="notifications-read-all"),
    path("preference/", views.notification_preference, name="notifications-preference"),
    path("<int:pk>/open/", views.notification_open, name="notification-open"),
    path("<int:pk>/read/", views.notification_read, name="notification-read"),
]
