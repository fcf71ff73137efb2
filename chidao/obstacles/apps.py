from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObstaclesConfig(AppConfig):
    name = "chidao.obstacles"
    verbose_name = _("Khó khăn, vướng mắc, kiến nghị")
    label = "obstacles"

    def ready(self):
        from chidao.obstacles import contributions, notices

        notices.register()
        contributions.register()
