from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class Evidence(models.TextChoices):
    """How firmly a source places a fact at a date (kept from hanoi-agencies.json)."""

    STATED = "stated", _("nguồn nêu rõ")
    ATTESTED = "attested", _("được xác nhận")
    ATTESTED_NEAR = "attested_near", _("được xác nhận gần thời điểm")
    INFERRED = "inferred", _("suy luận")


class Unit(models.Model):
    """An administrative unit or an agency, valid over a date interval.

    valid_from / valid_to are inclusive; empty means "not known to have started / ended".
    A unit that is merged, split or dissolved is closed (valid_to) and linked to its
    successors through a UnitEvent, never rewritten, so history stays as it was.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Quận, huyện, thị xã")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở")
        SPECIALISED_AGENCY = "specialised_agency", _("Cơ quan chuyên môn khác")
        ADMINISTRATIVE_ORGANISATION = "administrative_organisation", _("Tổ chức hành chính khác")
        CENTRAL_AGENCY = "central_agency", _("Cơ quan Trung ương đóng trên địa bàn")
        POLICE = "police", _("Công an")
        MILITARY_COMMAND = "military_command", _("Bộ Tư lệnh, Bộ Chỉ huy quân sự")
        PROJECT_BOARD = "project_board", _("Ban Quản lý dự án")

    ADMINISTRATIVE_LEVELS = (Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE)

    external_id = models.CharField(
        _("mã định danh ngoài"),
        max_length=200,
        unique=True,
        help_text=_("Khóa tự nhiên của nguồn nạp, để nạp lại không tạo bản ghi trùng."),
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=40, choices=Kind.choices)
    type_label = models.CharField(
        _("loại hình"), max_length=40, blank=True, help_text=_("Quận, Huyện, Phường, Xã, ...")
    )
    code = models.CharField(_("mã hành chính"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh, thành phố chứa đơn vị (để lọc nhanh)."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "name"]
        indexes = [
            # units?province=&level=&as_of=: the units of one province and level on a date.
            models.Index(fields=["province", "kind", "valid_from", "valid_to"]),
            # rule seats: the children of one parent of a kind on a date.
            models.Index(fields=["parent", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_interval",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from chidao.core.text import fold

        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    def is_valid_on(self, date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )


def valid_on_q(date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] contains date; empty bounds are open."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": date})
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": date}))


class UnitEvent(models.Model):
    """Something that happened to units on a date, with its legal basis.

    Predecessors and successors link the units before and after: a merger has several
    predecessors and one successor, a split the reverse, a rename one of each.
    """

    class Kind(models.TextChoices):
        ESTABLISHED = "established", _("thành lập")
        RENAMED = "renamed", _("đổi tên")
        MERGED = "merged", _("hợp nhất, sáp nhập")
        SPLIT = "split", _("chia tách")
        DISSOLVED = "dissolved", _("giải thể")
        REORGANISED = "reorganised", _("sắp xếp đơn vị hành chính")

    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    basis_document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_events",
    )
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị trước"), related_name="events_as_predecessor", blank=True
    )
    successors = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị sau"), related_name="events_as_successor", blank=True
    )
    external_id = models.CharField(max_length=200, unique=True)
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện đơn vị")
        verbose_name_plural = _("sự kiện đơn vị")
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class UnitAttestation(models.Model):
    """A source placing a unit at or near a date, with its evidence level."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="attestations")
    snapshot = models.CharField(
        _("thời điểm danh sách"), max_length=20, help_text=_("Ví dụ: 2019, 2023, 2025")
    )
    attested_on = models.DateField(_("xác nhận ngày"), null=True, blank=True)
    evidence = models.CharField(_("mức chứng cứ"), max_length=20, choices=Evidence.choices)
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    other_sources = models.ManyToManyField("documents.Source", related_name="+", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("xác nhận tồn tại")
        verbose_name_plural = _("xác nhận tồn tại")
        constraints = [
            models.UniqueConstraint(fields=["unit", "snapshot"], name="unit_attestation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.snapshot})"
