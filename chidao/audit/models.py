from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class ChangeLogQuerySet(policy.PolicyQuerySet):
    """Administrators read the whole log; anyone else who enters the admin only the rows
    they made themselves (the log names people and what they did). Nobody changes a row."""

    def restrict(self, user, action: str = policy.VIEW):
        if action == policy.VIEW:
            if policy.is_system(user) or policy.is_administrator(user):
                return self
            if policy.is_signed_in(user):
                return self.filter(actor=user)
            return self.none()
        if action in (policy.CHANGE, policy.DELETE):
            return self.none()
        raise self.unknown(action)


class ChangeLog(models.Model):
    """One recorded change: who, when, what, before and after.

    Written by the services (and the admin) on purpose, never by signals, so commands and
    jobs are logged the same way. Rows are only ever added.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("tạo")
        UPDATE = "update", _("sửa")
        DELETE = "delete", _("xóa")
        LOAD = "load", _("nạp dữ liệu")
        LOGIN = "login", _("đăng nhập")
        LOGIN_FAILED = "login_failed", _("đăng nhập sai")
        PASSWORD = "password", _("đổi mật khẩu")
        DOWNLOAD = "download", _("tải tệp")

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("tác nhân"), max_length=150, help_text=_("Tên tài khoản, hoặc lệnh/tiến trình.")
    )
    action = models.CharField(_("hành động"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("loại đối tượng"), max_length=100)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    request_id = models.CharField(_("mã thao tác"), max_length=64, blank=True, db_index=True)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [
            # history of one object: ChangeLog for (type, id), newest first.
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"
        )
