from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class Source(models.Model):
    """Where a fact comes from: a news article, a legal document, a dataset or a package.

    Every fact in the register points at one, so a reader can always ask "says who?".
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Bài báo")
        LEGAL_DOCUMENT = "legal_document", _("Văn bản pháp lý")
        DATASET = "dataset", _("Bộ dữ liệu")
        PACKAGE = "package", _("Gói dữ liệu")
        ENTRY = "entry", _("Nhập liệu")

    key = models.CharField(_("mã nguồn"), max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=500)
    url = models.URLField(_("địa chỉ"), max_length=500, blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    publisher = models.CharField(_("nơi đăng"), max_length=200, blank=True)
    text = models.TextField(_("toàn văn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn")
        verbose_name_plural = _("nguồn")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class LegalDocument(models.Model):
    """A legal or administrative document (decision, plan, ...), stored as fields.

    The number is kept exactly as the source writes it ("818/QĐ-UBND", or just "6218");
    unknown values stay empty rather than guessed.
    """

    class Type(models.TextChoices):
        DECISION = "decision", _("Quyết định")
        RESOLUTION = "resolution", _("Nghị quyết")
        PLAN = "plan", _("Kế hoạch")
        PROGRAM = "program", _("Chương trình")
        SCHEME = "scheme", _("Đề án")
        NOTICE = "notice", _("Thông báo")
        REGULATION = "regulation", _("Quy chế")
        SUBMISSION = "submission", _("Tờ trình")
        DIRECTIVE = "directive", _("Chỉ thị")
        LETTER = "letter", _("Công văn")
        REPORT = "report", _("Báo cáo")

    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=Type.choices)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    signer = models.ForeignKey(
        "people.Person",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_documents",
    )
    signer_capacity = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    source = models.ForeignKey(
        Source, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="documents"
    )
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}".strip()

    def save(self, *args, **kwargs):
        # number_key is derived so that "818/QĐ-UBND" is found by "818/qd-ubnd" or "818".
        from chidao.core.text import fold

        self.number_key = fold(self.number)
        super().save(*args, **kwargs)


class DocumentRelation(models.Model):
    """A stated relation between two documents: 6218 replaces 699."""

    class Kind(models.TextChoices):
        REPLACES = "replaces", _("thay thế")
        AMENDS = "amends", _("sửa đổi, bổ sung")
        BASED_ON = "based_on", _("căn cứ")

    from_document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="relations_out"
    )
    to_document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="relations_in"
    )
    kind = models.CharField(_("quan hệ"), max_length=20, choices=Kind.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["from_document", "to_document", "kind"], name="document_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_document=models.F("to_document")),
                name="document_relation_not_self",
                violation_error_message=_("Văn bản không thể có quan hệ với chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_document} {self.get_kind_display()} {self.to_document}"
