from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.units.models import Evidence


class Person(models.Model):
    """A named person, as the sources write the name (no honorifics)."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    external_id = models.CharField(max_length=200, unique=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        from chidao.core.text import fold

        self.name_key = fold(self.full_name)
        super().save(*args, **kwargs)


class Position(models.Model):
    """A post in a unit: Chủ tịch UBND, Giám đốc Sở, Phó Chánh Văn phòng phụ trách CNTT ...

    rank says what the post is within its unit, so a rule like "the directors of all
    departments" can find the head of every department without parsing titles.
    """

    class Rank(models.TextChoices):
        HEAD = "head", _("người đứng đầu")
        STANDING_DEPUTY = "standing_deputy", _("cấp phó thường trực")
        DEPUTY = "deputy", _("cấp phó")
        LEADER_IN_CHARGE = "leader_in_charge", _("lãnh đạo phụ trách lĩnh vực")
        LEADERSHIP_REPRESENTATIVE = "leadership_representative", _("đại diện lãnh đạo")
        DIVISION_LEADER = "division_leader", _("lãnh đạo cấp phòng")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(
        _("chức danh"), max_length=200, help_text=_("Ví dụ: Chủ tịch, Giám đốc, Cục trưởng")
    )
    rank = models.CharField(_("cấp"), max_length=30, choices=Rank.choices)
    portfolio = models.CharField(
        _("phụ trách"), max_length=200, blank=True, help_text=_("Ví dụ: công nghệ thông tin")
    )

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit__name", "rank", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title", "portfolio"], name="position_unique_in_unit"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return position_label(self.title, self.unit.name, self.portfolio)


def position_label(title: str, unit_name: str, portfolio: str = "") -> str:
    """'Chánh Văn phòng' + 'Văn phòng Ủy ban nhân dân thành phố'
    -> 'Chánh Văn phòng Ủy ban nhân dân thành phố' (the shared words are said once)."""
    title_words, unit_words = title.split(), unit_name.split()
    overlap = 0
    for size in range(min(len(title_words), len(unit_words)), 0, -1):
        if [w.lower() for w in title_words[-size:]] == [w.lower() for w in unit_words[:size]]:
            overlap = size
            break
    text = " ".join(title_words + unit_words[overlap:])
    return f"{text} phụ trách {portfolio}" if portfolio else text


class Holding(models.Model):
    """Who held a position when: a date range, or only a date on which a source attests it.

    start/end are inclusive and may be empty (unknown). When a source says no more than
    "X was director on 25/11/2019", only attested_on is set.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="holdings"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="holdings"
    )
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    attested_on = models.DateField(_("được xác nhận ngày"), null=True, blank=True)
    capacity = models.CharField(
        _("tư cách"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: phụ trách điều hành (không phải Chủ tịch)"),
    )
    evidence = models.CharField(
        _("mức chứng cứ"), max_length=20, choices=Evidence.choices, default=Evidence.STATED
    )
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+"
    )
    end_source = models.ForeignKey(
        "documents.Source",
        verbose_name=_("nguồn của ngày kết thúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_id = models.CharField(max_length=200, unique=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = policy.RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảm nhiệm chức vụ")
        verbose_name_plural = _("đảm nhiệm chức vụ")
        ordering = ["position", "start", "attested_on"]
        indexes = [
            # holder_on(position, date): the holdings of one position, by date.
            models.Index(fields=["position", "start", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="holding_interval",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"

    def covers(self, date) -> bool:
        """True when the source puts the person in the position on that date."""
        if self.start is None and self.end is None:
            return self.attested_on == date
        if self.start is None:
            # Only the end is known: the holding is certain between attestation and end.
            lower = self.attested_on
            return lower is not None and lower <= date <= self.end
        return self.start <= date and (self.end is None or date <= self.end)
