from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "chidao.people"
    label = "people"
