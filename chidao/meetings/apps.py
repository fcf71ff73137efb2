from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "chidao.meetings"
    verbose_name = _("Phiên họp")
    label = "meetings"

    def ready(self):
        from chidao.meetings import contributions, notices

        notices.register()
        contributions.register()
