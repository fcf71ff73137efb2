from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    STANDING = "standing", _("Cán bộ cơ quan thường trực")
    LEADER = "leader", _("Lãnh đạo Ban Chỉ đạo")
    FOCAL = "focal", _("Đầu mối của đơn vị")
    VIEWER = "viewer", _("Người xem")


class User(AbstractUser):
    """An account: belongs to a unit and has one role, which decides what it may see and do."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Empty: Vietnamese, the product's language. English only when the user chose it
    # (chidao.core.language): the browser's language is never taken for a choice.
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=10,
        blank=True,
        default="",
        choices=[("vi", _("Tiếng Việt")), ("en", _("English"))],
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def can_edit_register(self) -> bool:
        return policy.edits_register(self)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once. It works
    until `expires_at` (none: until revoked) and, when its scope is read-only, only for
    reading (GET, HEAD, OPTIONS)."""

    class Scope(models.TextChoices):
        READ = "read", _("chỉ đọc")
        WRITE = "write", _("đọc và ghi")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    prefix = models.CharField(_("tiền tố"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class SsoIdentity(models.Model):
    """A user of the province's identity provider (OpenID Connect issuer and subject) and
    the chidao account they sign in as. The account's unit and role are set in chidao."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã người dùng tại nhà cung cấp"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("định danh đăng nhập một lần")
        verbose_name_plural = _("định danh đăng nhập một lần")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="sso_identity_unique",
                violation_error_message=_("Định danh này đã gắn với một tài khoản."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.subject}@{self.issuer}"
