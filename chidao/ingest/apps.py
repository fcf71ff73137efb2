from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "chidao.ingest"
    verbose_name = _("Đọc văn bản")
    label = "ingest"
