from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "chidao.evaluation"
    label = "evaluation"

    def ready(self):
        from chidao.evaluation import notices

        notices.register()
