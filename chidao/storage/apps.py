from django.apps import AppConfig


class StorageConfig(AppConfig):
    """Stored files: one abstract model, one store, one way to serve, one prune command.

    Sits just above `core`, so every app may use it; it imports no other chidao app."""

    name = "chidao.storage"
    label = "storage"
