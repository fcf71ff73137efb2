"""What every stored file records, and the field that names a file in the store."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.storage import files


class StoredName(models.CharField):
    """The name of a file in the store (`chidao.storage.files`), relative to its root.

    Every column of this type is a reference `chidao prune-uploads` honours: a file that no
    such column names is an orphan. In migrations it is a plain CharField.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class StoredFile(models.Model):
    """A file someone uploaded, checked by content and kept in the store under a random name;
    served only through `chidao.storage.serve` to those allowed to see what it is attached to.

    Concrete subclasses add the link to what the file belongs to and set `upload_folder`.
    """

    upload_folder: ClassVar[str] = ""

    storage_name = StoredName(_("tệp lưu"), max_length=200, unique=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("kích thước"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def create_stored(
        cls, *, content: bytes, content_type: str, original_name: str, uploaded_by=None, **links
    ):
        """Store checked bytes in the model's folder and create the row naming them. Call it
        inside `files.atomic()` so a rollback deletes the file too."""
        name, digest = files.store(content, content_type, folder=cls.upload_folder)
        return cls.objects.create(
            storage_name=name,
            original_name=original_name[:255],
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=uploaded_by,
            **links,
        )
