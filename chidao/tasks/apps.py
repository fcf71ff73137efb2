from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "chidao.tasks"
    verbose_name = _("Nhiệm vụ")
    label = "tasks"

    def ready(self):
        from chidao.tasks import explanations, notices

        notices.register()
        explanations.register()
