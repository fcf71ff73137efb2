"""The default store: the file system under CHIDAO_UPLOAD_DIR, outside the web root.

Object storage replaces it by a setting (see `STORAGES` in chidao/settings.py); nothing else
in chidao touches the disk for stored files.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class UploadStorage(FileSystemStorage):
    """FileSystemStorage rooted at CHIDAO_UPLOAD_DIR (read when used, so a test or a
    deployment that changes the setting is followed), never served by URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.CHIDAO_UPLOAD_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Stored files are served only through chidao.storage.serve.")
