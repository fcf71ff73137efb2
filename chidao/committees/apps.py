from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "chidao.committees"
    label = "committees"
