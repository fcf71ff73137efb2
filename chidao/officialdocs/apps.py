from django.apps import AppConfig


class OfficialDocsConfig(AppConfig):
    name = "chidao.officialdocs"
    label = "officialdocs"
