from django.apps import AppConfig


class UrgingConfig(AppConfig):
    name = "chidao.urging"
    label = "urging"
