from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def can_edit_register(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in (Role.ADMIN, Role.STANDING))
