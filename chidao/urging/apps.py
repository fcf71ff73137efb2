from django.apps import AppConfig


class UrgingConfig(AppConfig):
    name = "chidao.urging"
    label = "urging"

    def ready(self):
        from chidao.urging import planner

        planner.register()
