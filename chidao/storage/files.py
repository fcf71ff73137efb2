"""Every stored file goes through here: checked by content (not by name), size-limited, written
through Django's storage API (`STORAGES["default"]`) under a random name, and deleted again
when the transaction that was to record it rolls back.

Names are relative to the store's root and carry their folder ("tasks/3f2a….pdf"); rows keep
them whole in a `StoredName` field, which is how `chidao prune-uploads` finds every reference.
"""

import contextlib
import hashlib
import logging
import posixpath
import uuid
from contextvars import ContextVar

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

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


def storage() -> Storage:
    return storages["default"]


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


# ---- writing, and forgetting what a rolled-back transaction wrote

# The names stored inside the innermost open `atomic()` block of this thread or task.
_pending: ContextVar[list[str] | None] = ContextVar("chidao_stored_files", default=None)


def save(content, *, folder: str, extension: str) -> str:
    """Write `content` (bytes or a Django File) under a random name in `folder`; returns the
    name. Inside `atomic()`, the file is deleted again if that block rolls back."""
    name = posixpath.join(folder, f"{uuid.uuid4().hex}.{extension}")
    if isinstance(content, bytes):
        content = ContentFile(content)
    name = storage().save(name, content)
    pending = _pending.get()
    if pending is not None:
        pending.append(name)
    return name


def store(content: bytes, content_type: str, *, folder: str) -> tuple[str, str]:
    """Write checked upload bytes; returns (name, sha256)."""
    name = save(content, folder=folder, extension=ALLOWED_TYPES[content_type])
    return name, hashlib.sha256(content).hexdigest()


@contextlib.contextmanager
def atomic(using=None):
    """`transaction.atomic()` that deletes the files stored inside it when it rolls back.

    Django has no rollback hook, so the block keeps the names it stored: an exception (or
    `set_rollback(True)`) deletes them after the rollback; a block that commits into an
    enclosing `atomic()` of this module hands them up, so the block that finally rolls back
    deletes them. Under a plain `transaction.atomic()` that later rolls back, the files stay
    with no row: `chidao prune-uploads` removes them once they are old enough.
    Usable as a decorator: `@files.atomic()`.
    """
    saved: list[str] = []
    token = _pending.set(saved)
    rolled_back = False
    try:
        with transaction.atomic(using=using):
            yield
            rolled_back = transaction.get_rollback(using=using)
    except BaseException:
        _pending.reset(token)
        discard(saved)
        raise
    _pending.reset(token)
    if rolled_back:
        discard(saved)
        return
    enclosing = _pending.get()
    if enclosing is not None:
        enclosing.extend(saved)


def discard(names) -> None:
    """Delete stored files, logging (not raising) what could not be deleted."""
    for name in names:
        try:
            storage().delete(name)
        except Exception:  # noqa: BLE001 - a file left behind is pruned later
            logger.warning("Could not delete stored file %s", name, exc_info=True)


# ---- reading


def exists(name: str) -> bool:
    return bool(name) and storage().exists(name)


def read(name: str) -> bytes:
    with storage().open(name, "rb") as handle:
        return handle.read()


def open_file(name: str):
    """The stored file, opened for reading (raises FileNotFoundError when it is gone)."""
    return storage().open(name, "rb")
