from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chidao.reports"
    label = "reports"

    def ready(self):
        from chidao.reports import notices

        notices.register()
