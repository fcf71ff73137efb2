from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chidao.reports"
    label = "reports"
