from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "chidao.indicators"
    verbose_name = _("Chỉ tiêu, cảnh báo, trang công khai")
    label = "indicators"

    def ready(self):
        from chidao.indicators import explanations, hooks

        hooks.register()
        explanations.register()
