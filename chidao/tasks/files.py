"""Evidence files: checked by content (not by name), size-limited, stored outside the web root."""

import hashlib
import uuid
from pathlib import Path

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

# What a unit may attach as evidence: documents, spreadsheets, scans and photos.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "image/png": "png",
    "image/jpeg": "jpg",
}


class UploadRejected(ValueError):
    """The file may not be stored; the message says why, in the user's language."""


def upload_dir() -> Path:
    path = Path(settings.CHIDAO_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_upload(uploaded) -> tuple[str, bytes]:
    """Returns (content type, content) or raises UploadRejected."""
    limit = settings.CHIDAO_UPLOAD_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRejected(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).")
            % {"name": uploaded.name, "mb": limit // (1024 * 1024)}
        )
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise UploadRejected(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).")
            % {"name": uploaded.name, "mb": limit // (1024 * 1024)}
        )
    if not content:
        raise UploadRejected(_("Tệp “%(name)s” rỗng.") % {"name": uploaded.name})
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRejected(
            _(
                "Tệp “%(name)s” không thuộc loại được phép "
                "(PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG)."
            )
            % {"name": uploaded.name}
        )
    return kind.mime, content


def store(content: bytes, content_type: str) -> tuple[str, str]:
    """Write the bytes under a random name; returns (storage name, sha256)."""
    name = f"{uuid.uuid4().hex}.{ALLOWED_TYPES[content_type]}"
    (upload_dir() / name).write_bytes(content)
    return name, hashlib.sha256(content).hexdigest()


def path_of(storage_name: str) -> Path:
    return upload_dir() / storage_name
