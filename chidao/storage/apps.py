from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorageConfig(AppConfig):
    """Stored files: one abstract model, one store, one way to serve, one prune command.

    Sits just above `core`, so every app may use it; it imports no other chidao app."""

    name = "chidao.storage"
    verbose_name = _("Tệp lưu trữ")
    label = "storage"
