"""The register of difficulties, obstacles and proposals (khó khăn, vướng mắc, kiến nghị).

An item is raised by a unit (in a periodic report's difficulties or proposals section, at a
meeting, at an inspection, or directly), assigned by the committee's standing agency to the
level and the unit able to resolve it with a deadline, answered by that unit, and resolved,
forwarded upward or closed without action (with a reason). Duplicates are merged into one.
Its states over time are the events (ObstacleEvent); `resolved_on` and `closed_on` let the
consolidated report say what was open at a cut-off.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.storage.models import StoredFile


class ObstacleQuerySet(policy.PolicyQuerySet):
    """Who may do what with which items (chidao.core.policy):

    - view: administrators, leaders and viewers every item; standing-agency staff the items
      of the committees they serve; a unit's people the items their unit raised or must
      resolve;
    - change (assign, forward, close, merge, take proposed items in): the committee's
      managers;
    - report (reply): the resolver unit's people, and the committee's managers.
    """

    def _of_units(self, unit_ids, *, raised: bool = True) -> models.QuerySet:
        condition = Q(resolver_id__in=unit_ids)
        if raised:
            condition |= Q(raised_by_id__in=unit_ids)
        return self.filter(condition)

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        served, units = policy.managed_committee_ids(user), policy.acting_unit_ids(user)
        if action == policy.VIEW:
            if policy.reads_everything(user):
                return self
            condition = Q(pk__in=[])
            if served:
                condition |= Q(committee_id__in=served)
            if units:
                condition |= Q(resolver_id__in=units) | Q(raised_by_id__in=units)
            return self.filter(condition)
        if action in (policy.CHANGE, policy.DELETE):
            return self if served is None else self.filter(committee_id__in=served)
        if action == policy.REPORT:
            if served is None:
                return self
            condition = Q(pk__in=[])
            if served:
                condition |= Q(committee_id__in=served)
            if units:
                condition |= Q(resolver_id__in=units)
            return self.filter(condition)
        raise self.unknown(action)


class Obstacle(models.Model):
    """One difficulty, obstacle or proposal of a unit, followed until it is resolved."""

    class Origin(models.TextChoices):
        REPORT = "report", _("Báo cáo định kỳ")
        MEETING = "meeting", _("Cuộc họp")
        INSPECTION = "inspection", _("Kiểm tra")
        DIRECT = "direct", _("Đơn vị gửi trực tiếp")

    class Level(models.TextChoices):
        UNIT = "unit", _("Đơn vị tự giải quyết")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        CITY = "city", _("Ủy ban nhân dân thành phố")
        MINISTRY = "ministry", _("Bộ, ngành Trung ương")
        CENTRAL = "central", _("Chính phủ, Trung ương")

    class State(models.TextChoices):
        OPEN = "open", _("Mới tiếp nhận")
        ASSIGNED = "assigned", _("Đã giao xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        RESOLVED = "resolved", _("Đã giải quyết")
        FORWARDED = "forwarded", _("Đã chuyển cấp trên")
        CLOSED = "closed", _("Đóng, không xử lý")

    # Still waiting for someone: counted as open in reports and lists.
    PENDING = (State.OPEN, State.ASSIGNED, State.ANSWERED, State.FORWARDED)

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("Ban Chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="obstacles",
    )
    title = models.CharField(_("nội dung tóm tắt"), max_length=500)
    title_key = models.CharField(max_length=500, editable=False, db_index=True)
    content = models.TextField(_("nội dung chi tiết"), blank=True)
    kind = models.CharField(
        _("loại"),
        max_length=20,
        choices=[("difficulty", _("Khó khăn, vướng mắc")), ("proposal", _("Kiến nghị, đề xuất"))],
        default="difficulty",
    )
    raised_by = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị nêu"),
        on_delete=models.PROTECT,
        related_name="obstacles_raised",
    )
    raised_by_name = models.CharField(_("tên đơn vị khi nêu"), max_length=255)
    raised_on = models.DateField(_("ngày nêu"))
    origin = models.CharField(_("nêu tại"), max_length=20, choices=Origin.choices)
    origin_note = models.CharField(_("cuộc họp, đợt kiểm tra"), max_length=500, blank=True)
    submission = models.ForeignKey(
        "reports.Submission",
        verbose_name=_("báo cáo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    section_key = models.CharField(_("mục báo cáo"), max_length=100, blank=True)
    domain = models.ForeignKey(
        "tasks.Domain",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tasks = models.ManyToManyField(
        "tasks.Task", verbose_name=_("nhiệm vụ bị vướng"), blank=True, related_name="obstacles"
    )
    level = models.CharField(
        _("cấp có thẩm quyền giải quyết"), max_length=20, choices=Level.choices, blank=True
    )
    resolver = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles_assigned",
    )
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.OPEN
    )
    reply = models.TextField(_("nội dung trả lời"), blank=True)
    reply_document = models.CharField(_("văn bản trả lời"), max_length=100, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    closed_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    close_reason = models.TextField(_("lý do"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("gộp vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = _("khó khăn, vướng mắc, kiến nghị")
        ordering = ("-raised_on", "-pk")
        indexes = [
            # the register of a committee by state, newest first (the list page and the API)
            models.Index(fields=["committee", "state", "-raised_on"], name="obstacle_list"),
            # the urging planner: assigned items by deadline
            models.Index(fields=["state", "due_on"], name="obstacle_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="assigned")
                | (Q(resolver__isnull=False) & Q(due_on__isnull=False)),
                name="obstacle_assigned_has_resolver",
                violation_error_message=_("Đã giao xử lý thì phải có đơn vị xử lý và hạn."),
            ),
            models.UniqueConstraint(
                fields=["submission", "section_key", "raised_by"],
                condition=Q(submission__isnull=False),
                name="obstacle_once_per_report_section",
                violation_error_message=_("Mục này của báo cáo đã vào sổ."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING


class ObstacleEvent(models.Model):
    """What happened to an item, in order (the item's history on its page)."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Tiếp nhận")
        ASSIGNED = "assigned", _("Giao xử lý")
        ANSWERED = "answered", _("Trả lời")
        RESOLVED = "resolved", _("Giải quyết xong")
        FORWARDED = "forwarded", _("Chuyển cấp trên")
        CLOSED = "closed", _("Đóng, không xử lý")
        MERGED = "merged", _("Gộp trùng")

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField(_("ngày"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class ReplyFileQuerySet(policy.PolicyQuerySet):
    """A reply document is seen by those who see its item (ObstacleQuerySet): one policy."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if action != policy.VIEW:
            raise self.unknown(action)
        if policy.is_system(user):
            return self
        return self.filter(obstacle__in=Obstacle.objects.restrict(user, policy.VIEW))


class ReplyFile(StoredFile):
    """The reply's document as a file (the official letter answering the item), attached by
    the resolver unit or the standing agency; `number` is its number and symbol if given."""

    upload_folder = "obstacles"

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="reply_files")
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)

    objects = ReplyFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp văn bản trả lời")
        verbose_name_plural = _("tệp văn bản trả lời")
        ordering = ("obstacle", "uploaded_at", "pk")


class DismissedProposal(models.Model):
    """A report section the standing agency decided not to take into the register (so it is
    no longer proposed)."""

    submission = models.ForeignKey("reports.Submission", on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(max_length=100)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "section_key"], name="dismissed_proposal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.section_key}"
