from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.storage.models import StoredName


class IngestDraft(models.Model):
    """A decision (or an article about one) read into a draft, waiting for a person to check it.

    Nothing in the register changes until the draft is committed: then one transaction writes
    the decision and the committee version, and the draft keeps their ids.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        COMMITTED = "committed", _("Đã ghi vào sổ")
        DISCARDED = "discarded", _("Đã hủy")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    text = models.TextField(_("văn bản"))
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    storage_name = StoredName(
        _("tệp lưu"),
        max_length=200,
        blank=True,
        help_text=_("Tên tệp gốc trong kho tệp (thư mục ingest/)."),
    )
    sha256 = models.CharField(max_length=64, blank=True)
    extracted = models.JSONField(_("bản trích xuất"))
    corrected = models.JSONField(_("bản đã sửa"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    committed_at = models.DateTimeField(_("ghi vào sổ lúc"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi vào sổ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.ForeignKey(
        "committees.CommitteeVersion",
        verbose_name=_("phiên bản thành phần"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bản nháp nhập văn bản")
        verbose_name_plural = _("bản nháp nhập văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        number = (self.current.get("document") or {}).get("number") or "?"
        return f"Bản nháp #{self.pk}: {number}"

    @property
    def current(self) -> dict:
        """The draft as it stands: the reviewer's corrections, else the extraction."""
        return self.corrected or self.extracted
