from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chidao.reports"
    verbose_name = _("Báo cáo")
    label = "reports"

    def ready(self):
        from chidao.reports import notices

        notices.register()
