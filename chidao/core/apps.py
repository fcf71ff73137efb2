from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The libraries' sections of the admin, named in Vietnamese like chidao's own
# (app label: section name, {model name: (singular, plural)}).
LIBRARY_NAMES = {
    "django_tasks_database": (
        _("Tác vụ nền"),
        {"dbtaskresult": (_("kết quả tác vụ nền"), _("kết quả tác vụ nền"))},
    ),
    "axes": (
        _("Chống dò mật khẩu"),
        {
            "accessattempt": (_("lần đăng nhập sai"), _("lần đăng nhập sai")),
            "accesslog": (_("lượt truy cập"), _("lượt truy cập")),
            "accessfailurelog": (_("lần truy cập thất bại"), _("lần truy cập thất bại")),
        },
    ),
    "otp_totp": (
        _("Xác thực hai lớp"),
        {"totpdevice": (_("thiết bị mã TOTP"), _("thiết bị mã TOTP"))},
    ),
}


class CoreConfig(AppConfig):
    name = "chidao.core"
    verbose_name = _("Dùng chung")
    label = "core"

    def ready(self):
        for label, (section, models) in LIBRARY_NAMES.items():
            try:
                config = apps.get_app_config(label)
            except LookupError:  # not installed
                continue
            config.verbose_name = section
            for model_name, (singular, plural) in models.items():
                meta = config.get_model(model_name)._meta
                meta.verbose_name, meta.verbose_name_plural = singular, plural
