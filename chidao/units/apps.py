from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "chidao.units"
    label = "units"
