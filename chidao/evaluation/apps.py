from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "chidao.evaluation"
    label = "evaluation"
