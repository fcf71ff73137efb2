"""Evaluation: criteria sets (PAR Index / DTI shape), yearly cycles, units' scores, the frozen
results, and the commendation and criticism proposals drawn from them.

A criteria set is a tree field → criterion → sub-criterion with maximum points; each leaf says
how it is scored: self-assessed by the unit and appraised by the standing agency, computed from
chidao's own data as of the cycle's cut-off (`chidao.evaluation.formulas`), or entered from an
outside source (a survey). Scores move only through `chidao.evaluation.services`; every change
of a score is a ScoreChange row (the history is the product) and a ChangeLog row. When the
committee approves a cycle, each unit's result is copied into CycleResult, so nothing that
happens to tasks or reports later can alter it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.storage.models import StoredFile

POINTS = {"max_digits": 7, "decimal_places": 2}


class UnitGroup(models.TextChoices):
    """Units are ranked within their group, each group with its own criteria set."""

    DEPARTMENTS = "departments", _("Sở, ban, ngành")
    COMMUNES = "communes", _("Xã, phường")


class Method(models.TextChoices):
    """How a leaf criterion is scored."""

    SELF_ASSESSED = "self_assessed", _("Tự chấm, thẩm định")
    COMPUTED = "computed", _("Tính từ dữ liệu chidao")
    EXTERNAL = "external", _("Nguồn bên ngoài (điều tra, khảo sát)")


class CriteriaSet(models.Model):
    """A versioned tree of criteria for one group of units (departments or communes).

    A new version links to the one it revises (`parent`); cycles point at the version they
    used, so revising a set never changes a past cycle.
    """

    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    unit_group = models.CharField(_("nhóm đơn vị"), max_length=20, choices=UnitGroup.choices)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("phiên bản trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="criteria_set_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    """A node of the tree: a field (code "1"), a criterion ("1.2") or a sub-criterion ("1.2.a").

    Leaves carry a scoring `method` (parents leave it empty); a computed leaf names a formula
    of `chidao.evaluation.formulas.REGISTRY`. A parent's maximum is the sum of its children's.
    """

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bộ")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("nội dung"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    method = models.CharField(
        _("cách chấm"), max_length=20, choices=Method.choices, blank=True, default=""
    )
    formula_key = models.CharField(_("công thức"), max_length=60, blank=True)
    guidance = models.TextField(_("hướng dẫn, tài liệu kiểm chứng"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="criterion_max_points_not_negative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
            models.CheckConstraint(
                condition=~Q(method="computed") | ~Q(formula_key=""),
                name="computed_criterion_has_formula",
                violation_error_message=_("Tiêu chí tính từ dữ liệu phải có công thức."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_leaf(self) -> bool:
        return bool(self.method)

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


class CycleQuerySet(policy.PolicyQuerySet):
    """- view: administrators and leaders every cycle; standing-agency staff the cycles of the
    committees they serve; anyone the cycles their unit is evaluated in; standing staff and
    viewers the published ones;
    - change (appraise, enter outside scores, compute, edit proposals): the committee's
      managers; approve (approve, lock): leaders and administrators."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if action == policy.VIEW:
            if policy.approves(user):
                return self
            if not policy.is_signed_in(user):
                return self.none()
            rule = models.Q(pk__in=[])
            if policy.is_standing_staff(user) or policy.is_viewer(user):
                rule |= models.Q(state__in=[self.model.State.APPROVED, self.model.State.LOCKED])
            if policy.is_standing_staff(user):
                rule |= models.Q(committee_id__in=policy.served_committee_ids(user))
            units = policy.acting_unit_ids(user)
            if units:
                rule |= models.Q(
                    pk__in=CycleUnit.objects.filter(unit_id__in=units).values("cycle_id")
                )
            return self.filter(rule)
        if action in (policy.CHANGE, policy.DELETE):
            ids = policy.managed_committee_ids(user)
            return self if ids is None else self.filter(committee_id__in=ids)
        if action == policy.APPROVE:
            return self if policy.approves(user) else self.none()
        raise self.unknown(action)


PUBLISHED = ("approved", "locked")


def _results_rule(user, *, own_units: bool) -> Q | None:
    """Which cycles' scores and results `user` reads (None: all): published ones and those of
    the committees they manage, among the cycles they see; with `own_units`, also their own
    unit's self-assessment at any time."""
    if policy.approves(user):
        return None
    managed = policy.managed_committee_ids(user)
    rule = Q(cycle__state__in=PUBLISHED) | Q(cycle__committee_id__in=managed)
    if own_units:
        rule |= Q(unit_id__in=policy.acting_unit_ids(user))
    return rule & Q(cycle__in=EvaluationCycle.objects.restrict(user, policy.VIEW))


class ScoreQuerySet(policy.PolicyQuerySet):
    """- view: the sheets of the cycles whose results the user reads, and their own unit's;
    - change (appraise, compute, enter outside scores): the cycle committee's managers;
    - report (self-assess): the focal persons of the unit."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if action == policy.VIEW:
            rule = _results_rule(user, own_units=True)
            return self if rule is None else self.filter(rule)
        if action in (policy.CHANGE, policy.DELETE):
            managed = policy.managed_committee_ids(user)
            return self if managed is None else self.filter(cycle__committee_id__in=managed)
        if action == policy.REPORT:
            if policy.is_system(user):
                return self
            return self.filter(unit_id=user.unit_id) if policy.is_focal(user) else self.none()
        raise self.unknown(action)


class ResultQuerySet(policy.PolicyQuerySet):
    """Results as approved: read as the cycle's scores are (not one's own unit early)."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if action == policy.VIEW:
            rule = _results_rule(user, own_units=False)
            return self if rule is None else self.filter(rule)
        if action in (policy.CHANGE, policy.DELETE):
            return self if policy.is_system(user) else self.none()
        raise self.unknown(action)


class EvidenceQuerySet(policy.PolicyQuerySet):
    """Evidence files: read with the score they support, added by whom may self-assess it."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        scores = UnitScore.objects.restrict(
            user, policy.REPORT if action != policy.VIEW else action
        )
        return self.filter(score__in=scores)


class EvaluationCycle(models.Model):
    """One year's evaluation of a committee's units: open → self-assessment → appraisal →
    approved (results frozen and published to units) → locked (nothing changes any more).

    bands: [{"name": "Tốt", "min_percent": 90}, ...], highest first; a unit's band is the first
    whose minimum its percentage reaches. rules: the commendation and criticism rules
    (`chidao.evaluation.services.DEFAULT_RULES`).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Đang chuẩn bị")
        SELF_ASSESSMENT = "self_assessment", _("Đơn vị tự chấm")
        APPRAISAL = "appraisal", _("Thẩm định")
        APPROVED = "approved", _("Đã phê duyệt, công bố")
        LOCKED = "locked", _("Đã khóa")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
    )
    year = models.PositiveIntegerField(_("năm đánh giá"))
    name = models.CharField(_("tên đợt đánh giá"), max_length=300)
    criteria_sets = models.ManyToManyField(
        CriteriaSet, related_name="cycles", verbose_name=_("bộ tiêu chí (mỗi nhóm một bộ)")
    )
    self_assessment_deadline = models.DateField(_("hạn tự chấm"))
    cut_off = models.DateField(_("ngày chốt số liệu"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.OPEN
    )
    bands = models.JSONField(_("ngưỡng xếp loại"), default=list, blank=True)
    rules = models.JSONField(_("quy tắc khen thưởng, phê bình"), default=dict, blank=True)
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "name"], name="cycle_name_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.LOCKED)

    def permits(self, user, action: str) -> bool:
        if action in (policy.CHANGE, policy.DELETE):
            return policy.manages_committee(user, self.committee_id)
        if action == policy.APPROVE:
            return policy.approves(user)
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()


class CycleUnit(models.Model):
    """A unit evaluated in a cycle, in its group, with its name as it was then."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("tên đơn vị khi đánh giá"), max_length=255)
    group = models.CharField(_("nhóm"), max_length=20, choices=UnitGroup.choices)

    class Meta:
        verbose_name = _("đơn vị được đánh giá")
        verbose_name_plural = _("đơn vị được đánh giá")
        ordering = ["cycle", "group", "unit_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="cycle_unit_unique"),
        ]

    def __str__(self) -> str:
        return self.unit_name


class UnitScore(models.Model):
    """One unit's score on one leaf in one cycle: what the unit claimed, what the standing
    agency appraised, what the data gave as of the cut-off, or what an outside source said."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_score = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    explanation = models.TextField(_("giải trình"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appraised_score = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    appraised_at = models.DateTimeField(null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_value = models.DecimalField(_("điểm tính từ dữ liệu"), null=True, blank=True, **POINTS)
    computed_detail = models.JSONField(_("số liệu tính điểm"), default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    external_score = models.DecimalField(_("điểm từ nguồn ngoài"), null=True, blank=True, **POINTS)
    external_source = models.CharField(_("nguồn"), max_length=500, blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm của đơn vị")
        verbose_name_plural = _("điểm của đơn vị")
        ordering = ["cycle", "unit", "criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "criterion"], name="unit_score_once_per_leaf"
            ),
        ]
        indexes = [
            # a unit's sheet: the scores of one unit in one cycle.
            models.Index(fields=["cycle", "unit"]),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.unit_id}/{self.criterion_id}"


class ScoreChange(models.Model):
    """Every change of a score, in order: who, when, from what to what, and why."""

    class Kind(models.TextChoices):
        SELF = "self", _("Tự chấm")
        ACCEPTED = "accepted", _("Thẩm định: chấp nhận")
        ADJUSTED = "adjusted", _("Thẩm định: điều chỉnh")
        COMPUTED = "computed", _("Tính từ dữ liệu")
        EXTERNAL = "external", _("Nhập từ nguồn ngoài")

    score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    old_value = models.DecimalField(null=True, blank=True, **POINTS)
    new_value = models.DecimalField(null=True, blank=True, **POINTS)
    reason = models.TextField(_("lý do, giải trình"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử điểm")
        verbose_name_plural = _("lịch sử điểm")
        ordering = ["score", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.score_id} {self.kind} {self.old_value} → {self.new_value}"


class EvidenceFile(StoredFile):
    """A file a unit attaches to its self-assessment (checked and stored like task evidence)."""

    upload_folder = "evaluation"

    score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="evidence")

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["score", "uploaded_at", "id"]


class CycleResult(models.Model):
    """A unit's result as approved: copied once, so later changes to tasks, reports or scores
    cannot alter it. Numbers are kept as decimal strings in the JSON ("12.50").

    fields: [{"code", "name", "score", "max"}]; lines: every criterion of the unit's sheet with
    its score and where it came from, as it was; stats: the unit's task and report figures as
    of the cut-off (the grounds of proposals).
    """

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=255)
    group = models.CharField(max_length=20, choices=UnitGroup.choices)
    fields = models.JSONField(default=list)
    lines = models.JSONField(default=list)
    stats = models.JSONField(default=dict)
    total = models.DecimalField(**POINTS)
    max_total = models.DecimalField(**POINTS)
    rank = models.PositiveIntegerField()
    band = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        ordering = ["cycle", "group", "rank", "unit_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="cycle_result_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name}: {self.total}/{self.max_total}"


class Proposal(models.Model):
    """A unit (or an individual of a unit) proposed for commendation or criticism, with its
    grounds.

    Rows drawn by the cycle's rules have origin "rule"; the standing agency adds rows by hand,
    edits grounds and leaves rows out, each time with a reason (kept here and in the log).
    """

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Khen thưởng")
        CRITICISM = "criticism", _("Phê bình")

    class Origin(models.TextChoices):
        RULE = "rule", _("Theo quy tắc")
        MANUAL = "manual", _("Cơ quan thường trực bổ sung")

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("đơn vị"), max_length=255)
    person_name = models.CharField(
        _("cá nhân"), max_length=200, blank=True, help_text=_("Để trống khi đề nghị cho đơn vị.")
    )
    grounds = models.TextField(_("căn cứ đề nghị"))
    rules = models.JSONField(_("quy tắc áp dụng"), default=list, blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.RULE)
    included = models.BooleanField(_("đưa vào danh sách"), default=True)
    reason = models.TextField(_("lý do chỉnh sửa"), blank=True)
    order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng, phê bình")
        verbose_name_plural = _("đề nghị khen thưởng, phê bình")
        ordering = ["cycle", "kind", "order", "id"]
        indexes = [
            # the proposal lists of a cycle, by kind.
            models.Index(fields=["cycle", "kind", "order"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_name or self.unit_name}"
