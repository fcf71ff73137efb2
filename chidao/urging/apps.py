from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UrgingConfig(AppConfig):
    name = "chidao.urging"
    verbose_name = _("Đôn đốc")
    label = "urging"

    def ready(self):
        from chidao.urging import planner

        planner.register()
