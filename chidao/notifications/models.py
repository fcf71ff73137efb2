"""The outbox: one row per notice, recipient and channel, delivered exactly once."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Thông báo trong hệ thống")
    EMAIL = "email", _("Thư điện tử")


class OutboxMessage(models.Model):
    """One notice (a reminder due or an event) to one person on one channel.

    The unique key (subject, step, recipient, channel) makes a duplicate impossible: the
    parts insert rows ignoring those that exist; the sender claims pending rows with a
    conditional update, delivers them and marks them sent. Running either twice, or both at
    once, delivers each notice once. `subject_key` names the subject ("tasks.task:12",
    "reports.period:3/unit:7"); `subject_type`/`subject_id` link the object when there is one.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    kind = models.CharField(_("loại"), max_length=60)
    subject_key = models.CharField(_("đối tượng"), max_length=120)
    # No index of its own: nothing looks rows up by content type (a content type is never
    # deleted), and every index is paid on each of the ~180,000 rows of a national run.
    subject_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    step = models.CharField(
        _("mốc"), max_length=80, help_text=_("Ví dụ: assigned, before-7@2026-03-31, overdue-2@…")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    digest = models.BooleanField(
        _("gộp vào thư tổng hợp ngày"),
        default=False,
        help_text=_("Thư điện tử gửi gộp một lần mỗi ngày thay vì gửi riêng."),
    )
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=250)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
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
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("thư chờ gửi")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "step", "recipient", "channel"],
                name="outbox_once_per_subject_step_recipient_channel",
                violation_error_message=_("Thông báo này đã có cho người nhận trên kênh này."),
            )
        ]
        indexes = [
            # the sender: pending (or stale sending) rows of one channel, oldest first, read
            # in index order (`id` too: a planning run stamps all its rows with one time).
            models.Index(fields=["state", "channel", "created_at", "id"], name="outbox_claimable"),
            # The planners' "rows a subject already has" use the unique key's index, which
            # starts with subject_key (a separate (kind, subject_key) index was one more to
            # write for every row queued).
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.step} → {self.recipient_id} ({self.channel})"


class Notification(models.Model):
    """An in-app notification, shown to its user (menu count, notifications page, API) until
    read. Written by the sender from the in-app outbox row, in the same transaction."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    message = models.OneToOneField(
        OutboxMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    kind = models.CharField(_("loại"), max_length=60)
    title = models.TextField(_("nội dung"))
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the menu's unread count and the "unread" filter of one user.
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class Preference(models.Model):
    """How a user wants e-mail: one message per notice (the default) or one digest a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_digest = models.BooleanField(
        _("nhận thư tổng hợp mỗi ngày"),
        default=False,
        help_text=_("Một thư mỗi ngày gộp các thông báo, thay cho từng thư riêng."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {'digest' if self.email_digest else 'each'}"
