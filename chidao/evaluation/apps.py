from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "chidao.evaluation"
    verbose_name = _("Đánh giá, xếp hạng")
    label = "evaluation"

    def ready(self):
        from chidao.evaluation import notices

        notices.register()
