"""Urging (đôn đốc): reminders that go out exactly once per task, step and recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder to one person on one channel for one step of one task.

    The unique key (task, step, recipient, channel) makes a duplicate impossible: the
    planner inserts rows, ignoring those that exist; the sender claims pending rows with a
    conditional update, delivers, and marks them sent. Running either twice, or both at
    once, delivers each reminder once.
    """

    class Step(models.TextChoices):
        BEFORE = "before", _("Trước hạn")
        DUE = "due", _("Đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        ESCALATION = "escalation", _("Báo cáo lãnh đạo đơn vị")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        IN_APP = "in_app", _("Thông báo trong hệ thống")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(
        _("mốc"), max_length=40, help_text=_("Ví dụ: before-7, due, overdue-2, escalation")
    )
    step_kind = models.CharField(_("loại mốc"), max_length=20, choices=Step.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    deadline = models.DateField(_("hạn khi nhắc"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lượt đôn đốc")
        verbose_name_plural = _("lượt đôn đốc")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "step", "recipient", "channel"], name="reminder_once_per_step"
            )
        ]
        indexes = [
            # the sender: pending (or stale sending) rows, oldest first.
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.step} → {self.recipient_id} ({self.channel})"


class Notification(models.Model):
    """An in-app notification, shown on the user's pages until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    message = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:80]
