from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplanationsConfig(AppConfig):
    name = "chidao.explanations"
    verbose_name = _("Yêu cầu giải trình")
    label = "explanations"

    def ready(self):
        from chidao.explanations import notices

        notices.register()
