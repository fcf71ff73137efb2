from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: reminders and notifications of every part, delivered once each.

    Low in the layering: it imports no domain app. The parts above declare their kinds,
    their daily planners and their events through `chidao.notifications.registry`, from
    their own `AppConfig.ready()`.
    """

    name = "chidao.notifications"
    verbose_name = _("Thông báo")
    label = "notifications"
