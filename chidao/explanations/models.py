"""Explanation requests (yêu cầu giải trình): a committee's standing agency asks a unit to
explain, in writing, why something it answers for is late (a task now, an indicator value
later), and the unit answers with the reasons, what it has done and its new plan.

The subject is a (kind, id) pair; the kinds are registered by the parts that own them
(`chidao.explanations.subjects`), so this low app knows no higher model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class ExplanationQuerySet(policy.PolicyQuerySet):
    """Who may do what with explanation requests (chidao.core.policy):

    - view: administrators, leaders and viewers every request; standing-agency staff the
      requests of the committees they serve; whoever acts for the addressed unit its own;
    - change (issue, withdraw): the committee's managers;
    - report (answer): whoever acts for the addressed unit.
    """

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if action == policy.VIEW:
            if policy.reads_everything(user):
                return self
            served, units = policy.managed_committee_ids(user), policy.acting_unit_ids(user)
            query = Q(pk__in=[])
            if served:
                query |= Q(committee_id__in=served)
            if units:
                query |= Q(unit_id__in=units)
            return self.filter(query)
        if action in (policy.CHANGE, policy.DELETE):
            ids = policy.managed_committee_ids(user)
            return self if ids is None else self.filter(committee_id__in=ids)
        if action == policy.REPORT:
            units = policy.acting_unit_ids(user)
            return self.filter(unit_id__in=units) if units else self.none()
        raise self.unknown(action)


class ExplanationRequest(models.Model):
    """A written request to a unit to explain a delay, and the unit's answer."""

    class State(models.TextChoices):
        OPEN = "open", _("Chờ giải trình")
        ANSWERED = "answered", _("Đã giải trình")
        WITHDRAWN = "withdrawn", _("Đã rút")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="explanation_requests",
    )
    issuing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị giải trình"),
        on_delete=models.PROTECT,
        related_name="explanation_requests",
    )
    subject_kind = models.CharField(_("loại đối tượng"), max_length=40)
    subject_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    subject_title = models.CharField(_("đối tượng"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày yêu cầu"))
    due_on = models.DateField(_("hạn giải trình"))
    reason = models.TextField(_("lý do yêu cầu"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.OPEN
    )
    answer_reasons = models.TextField(_("nguyên nhân"), blank=True)
    answer_done = models.TextField(_("những việc đã làm"), blank=True)
    answer_plan = models.TextField(_("kế hoạch mới"), blank=True)
    answer_new_deadline = models.DateField(_("thời hạn hoàn thành mới"), null=True, blank=True)
    answered_on = models.DateField(_("ngày giải trình"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(
        _("dữ liệu mô phỏng"), default=False, help_text=_("Dữ liệu trình diễn, không có thật.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExplanationQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")
        ordering = ["due_on", "id"]
        indexes = [
            # a subject's requests (its history, "already asked?").
            models.Index(fields=["subject_kind", "subject_id"], name="explanation_subject_idx"),
            # the pending list of a committee and of a unit.
            models.Index(fields=["committee", "state", "due_on"], name="explanation_committee_idx"),
            models.Index(fields=["unit", "state", "due_on"], name="explanation_unit_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "unit"],
                condition=Q(state="open"),
                name="one_open_explanation_per_subject_unit",
                violation_error_message=_("Đã có một yêu cầu giải trình đang chờ trả lời."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")),
                name="explanation_due_after_issue",
                violation_error_message=_("Hạn giải trình không được trước ngày yêu cầu."),
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | Q(answered_on__isnull=False),
                name="explanation_answered_has_date",
                violation_error_message=_("Giải trình cần có ngày trả lời."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_title} ({self.unit_id})"

    def permits(self, user, action: str) -> bool:
        if policy.is_system(user):
            return True
        if action in (policy.CHANGE, policy.DELETE):
            return policy.manages_committee(user, self.committee_id)
        if action == policy.REPORT:
            return self.unit_id in policy.acting_unit_ids(user)
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def is_late(self, today) -> bool:
        return self.is_open and today > self.due_on


class ExplanationRule(models.Model):
    """When a committee proposes explanation requests for one kind of subject: overdue more
    than `overdue_days` days, or more than `reminders` reminders sent. Without a row the
    settings CHIDAO_EXPLAIN_AFTER_OVERDUE_DAYS / _REMINDERS apply."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="explanation_rules",
    )
    subject_kind = models.CharField(_("loại đối tượng"), max_length=40, default="task")
    overdue_days = models.PositiveIntegerField(_("quá hạn quá (ngày)"))
    reminders = models.PositiveIntegerField(_("đã đôn đốc quá (lần)"))

    objects = policy.CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngưỡng yêu cầu giải trình")
        verbose_name_plural = _("ngưỡng yêu cầu giải trình")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "subject_kind"],
                name="one_explanation_rule_per_committee_kind",
                violation_error_message=_("Ban Chỉ đạo đã có ngưỡng cho loại đối tượng này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.subject_kind}: >{self.overdue_days}d, >{self.reminders}"


def rule_for(committee_id: int, subject_kind: str = "task") -> tuple[int, int]:
    """(overdue days, reminders) beyond which the committee proposes a request."""
    row = ExplanationRule.objects.filter(committee_id=committee_id, subject_kind=subject_kind)
    found = row.values_list("overdue_days", "reminders").first()
    if found:
        return found
    return settings.CHIDAO_EXPLAIN_AFTER_OVERDUE_DAYS, settings.CHIDAO_EXPLAIN_AFTER_REMINDERS
