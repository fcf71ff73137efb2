from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class CommitteeQuerySet(policy.CommitteeScopedQuerySet):
    committee_path = "pk"


class VersionQuerySet(policy.CommitteeScopedQuerySet):
    committee_path = "committee"


class LineageQuerySet(policy.CommitteeScopedQuerySet):
    committee_path = "successor"


class VersionPartQuerySet(policy.CommitteeScopedQuerySet):
    """Seats, standing agencies, duties and list approvals: parts of one version."""

    committee_path = "version__committee"


class Committee(models.Model):
    """A steering committee (Ban Chỉ đạo). Its composition lives in its versions."""

    name = models.CharField(_("tên"), max_length=300)
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    issuing_body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan quyết định thành lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    external_id = models.CharField(max_length=200, unique=True)
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # The committee's end (giải thể): the date, the decision and the words that end it.
    dissolved_on = models.DateField(_("giải thể từ"), null=True, blank=True)
    dissolved_by = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("quyết định giải thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dissolution_source = models.ForeignKey(
        "documents.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dissolution_quote = models.TextField(_("trích dẫn về việc giải thể"), blank=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = _("ban chỉ đạo")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from chidao.core.text import fold

        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.pk)


class CommitteeLineage(models.Model):
    """The successor committee was formed from the predecessor (by reconstitution, merger ...)."""

    class Kind(models.TextChoices):
        RECONSTITUTED_FROM = "reconstituted_from", _("thành lập trên cơ sở kiện toàn")
        MERGED_FROM = "merged_from", _("hợp nhất từ")
        RENAMED_FROM = "renamed_from", _("đổi tên từ")

    predecessor = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    kind = models.CharField(_("quan hệ"), max_length=30, choices=Kind.choices)
    decision = models.ForeignKey(
        "documents.LegalDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)

    objects = LineageQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế thừa ban chỉ đạo")
        verbose_name_plural = _("kế thừa ban chỉ đạo")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="committee_lineage_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="committee_lineage_not_self",
                violation_error_message=_("Ban chỉ đạo không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.successor} ← {self.predecessor}"

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.successor_id)


class CommitteeVersion(models.Model):
    """The committee as one decision constituted it; in force until the next version.

    An amend's version carries the previous version's seats over, less those it takes
    away, plus those it adds (committees.services.committee_version_amend).

    effective_from is the decision's date when the source states it; otherwise the date
    of the source that attests the decision (effective_from_basis says which).
    """

    class Action(models.TextChoices):
        ESTABLISH = "establish", _("thành lập")
        RECONSTITUTE = "reconstitute", _("kiện toàn")
        REPLACE = "replace", _("thay thế")
        AMEND = "amend", _("bổ sung, thay đổi thành viên")

    class DateBasis(models.TextChoices):
        DECISION_DATE = "decision_date", _("ngày ký quyết định")
        SOURCE_DATE = "source_date", _("ngày của nguồn (quyết định không nêu ngày)")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="versions")
    decision = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="committee_versions",
    )
    action = models.CharField(_("hành động"), max_length=20, choices=Action.choices)
    effective_from = models.DateField(_("áp dụng từ"))
    effective_from_basis = models.CharField(
        _("căn cứ ngày áp dụng"), max_length=20, choices=DateBasis.choices
    )
    seats_recorded = models.BooleanField(
        _("đã ghi nhận thành phần"),
        default=True,
        help_text=_("Sai khi nguồn không nêu thành phần theo quyết định này."),
    )
    regulation_issuer = models.CharField(
        _("người ban hành quy chế hoạt động"), max_length=200, blank=True
    )
    regulation_quote = models.TextField(_("trích dẫn về quy chế"), blank=True)
    working_group_name = models.CharField(_("tổ công tác giúp việc"), max_length=300, blank=True)
    working_group_seat = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tổ công tác đặt tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(max_length=200, unique=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thành phần")
        verbose_name_plural = _("phiên bản thành phần")
        ordering = ["committee", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "effective_from"], name="committee_version_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.decision}"

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.committee_id)


class Seat(models.Model):
    """A seat on the committee or on its working group, as one version states it.

    It is held by a named person, by a position (ex officio: whoever holds it on the date
    asked), or by a rule over the register that expands to one seat per unit on that date.
    """

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("Ban Chỉ đạo")
        WORKING_GROUP = "working_group", _("Tổ công tác giúp việc")

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng ban")
        STANDING_DEPUTY_HEAD = "standing_deputy_head", _("Phó Trưởng ban thường trực")
        DEPUTY_HEAD = "deputy_head", _("Phó Trưởng ban")
        MEMBER = "member", _("Ủy viên")
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY_LEADER = "deputy_leader", _("Tổ phó")

    class HolderKind(models.TextChoices):
        PERSON = "person", _("người được nêu tên")
        POSITION = "position", _("theo chức vụ")
        RULE = "rule", _("theo quy tắc")

    class Rule(models.TextChoices):
        DEPARTMENT_HEADS = "department_heads", _("Giám đốc các Sở trực thuộc UBND")
        AGENCY_LEADER_REPRESENTATIVES = (
            "agency_leader_representatives",
            _("Đại diện lãnh đạo các sở, ban, ngành"),
        )
        DIVISION_LEADERS_OF_MEMBER_UNITS = (
            "division_leaders_of_member_units",
            _("Lãnh đạo cấp phòng của các đơn vị có lãnh đạo là thành viên"),
        )

    version = models.ForeignKey(CommitteeVersion, on_delete=models.CASCADE, related_name="seats")
    body = models.CharField(_("thuộc"), max_length=20, choices=Body.choices)
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    holder_kind = models.CharField(_("cách xác định"), max_length=20, choices=HolderKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    position = models.ForeignKey(
        "people.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    rule = models.CharField(_("quy tắc"), max_length=40, choices=Rule.choices, blank=True)
    rule_parent = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị cấp trên của quy tắc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("nguyên văn"), max_length=500, blank=True)
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    source_quote = models.TextField(_("trích dẫn nguồn"))

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("ghế")
        verbose_name_plural = _("ghế")
        ordering = ["version", "body", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(holder_kind="person", person__isnull=False)
                    | models.Q(holder_kind="position", position__isnull=False)
                    | (models.Q(holder_kind="rule") & ~models.Q(rule=""))
                ),
                name="seat_holder_matches_kind",
                violation_error_message=_(
                    "Ghế theo người cần tên người; theo chức vụ cần chức vụ; "
                    "theo quy tắc cần quy tắc."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.label or self.position or self.person}"

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.version.committee_id)


class StandingAgency(models.Model):
    """The agency that serves the committee, for one domain or for the whole remit."""

    class Domain(models.TextChoices):
        ALL = "all", _("toàn bộ nhiệm vụ")
        ADMINISTRATIVE_REFORM = "administrative_reform", _("cải cách hành chính")
        DIGITAL_TRANSFORMATION = "digital_transformation", _("chuyển đổi số")

    version = models.ForeignKey(
        CommitteeVersion, on_delete=models.CASCADE, related_name="standing_agencies"
    )
    domain = models.CharField(_("lĩnh vực"), max_length=30, choices=Domain.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    source_quote = models.TextField(_("trích dẫn nguồn"))

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan thường trực")
        verbose_name_plural = _("cơ quan thường trực")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "domain"], name="standing_agency_one_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_domain_display()})"

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.version.committee_id)


class Duty(models.Model):
    """A duty the decision gives the committee, as written."""

    version = models.ForeignKey(CommitteeVersion, on_delete=models.CASCADE, related_name="duties")
    domain = models.CharField(
        _("lĩnh vực"), max_length=30, choices=StandingAgency.Domain.choices, default="all"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("nội dung"))
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ của ban")
        verbose_name_plural = _("nhiệm vụ của ban")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.version.committee_id)


class MemberListApproval(models.Model):
    """Who proposes and who approves a member list (of the committee or its working group)."""

    class ListKind(models.TextChoices):
        COMMITTEE_MEMBERS = "committee_members", _("danh sách thành viên Ban Chỉ đạo")
        WORKING_GROUP_LEADERS = "working_group_leaders", _("danh sách lãnh đạo tổ công tác")
        WORKING_GROUP_MEMBERS = "working_group_members", _("danh sách thành viên tổ công tác")

    version = models.ForeignKey(
        CommitteeVersion, on_delete=models.CASCADE, related_name="list_approvals"
    )
    list_kind = models.CharField(_("danh sách"), max_length=30, choices=ListKind.choices)
    proposed_by = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.CharField(_("người phê duyệt"), max_length=200)
    source = models.ForeignKey("documents.Source", on_delete=models.PROTECT, related_name="+")
    source_quote = models.TextField(_("trích dẫn nguồn"))

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("phê duyệt danh sách")
        verbose_name_plural = _("phê duyệt danh sách")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "list_kind"], name="member_list_approval_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()}: {self.approver}"

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.version.committee_id)
