from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "chidao.tasks"
    label = "tasks"

    def ready(self):
        from chidao.tasks import notices

        notices.register()
