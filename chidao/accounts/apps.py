from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chidao.accounts"
    label = "accounts"
