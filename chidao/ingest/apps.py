from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "chidao.ingest"
    label = "ingest"
