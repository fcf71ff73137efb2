from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "chidao.inspections"
    verbose_name = _("Kiểm tra")
    label = "inspections"

    def ready(self):
        from chidao.inspections import contributions, formulas, notices, reminders

        contributions.register()
        notices.register()
        reminders.register()
        formulas.register()
