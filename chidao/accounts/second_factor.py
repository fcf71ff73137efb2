"""The second factor: a TOTP code from an authenticator app (django-otp).

Required to reach the admin (administrators and standing-agency staff), optional for everyone
else. A user who has set it up gives a code after their password at every sign-in
(`login_code`); set-up (`setup`) shows a QR code to scan and asks for one code to confirm.
The password step leaves only the pending user's id in the session, so a password alone
never opens a session for someone who has a second factor.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.accounts.models import Role, User
from chidao.accounts.services import login_failed, second_factor_confirm
from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change

PENDING = "chidao_second_factor"
# Wrong codes allowed for one password sign-in before the password must be given again.
MAX_CODE_FAILURES = 5


def is_required_for(user) -> bool:
    """Administrators must have a second factor; so must anyone who uses the admin."""
    return user.is_authenticated and (
        user.is_superuser or user.role == Role.ADMIN or user.can_edit_register
    )


def start(request, user, next_url: str) -> None:
    """After a right password: remember who is signing in until the code is given."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "failures": 0,
    }


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of signing in, for a user who has set up a second factor."""
    pending = request.session.get(PENDING)
    user = User.objects.filter(pk=(pending or {}).get("user"), is_active=True).first()
    if user is None:
        return redirect("login")
    device = _device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            next_url = pending.get("next") or ""
            del request.session[PENDING]
            user.backend = pending.get("backend") or "django.contrib.auth.backends.ModelBackend"
            user.otp_device = device  # django-otp marks the new session as verified
            auth_login(request, user)
            record_change(
                actor=user,
                action=ChangeLog.Action.LOGIN,
                target=user,
                after={"remote_addr": request.META.get("REMOTE_ADDR", ""), "second_factor": True},
            )
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = ""
            return redirect(next_url or "home")
        pending["failures"] = pending.get("failures", 0) + 1
        login_failed(
            username=user.get_username(),
            remote_addr=request.META.get("REMOTE_ADDR", ""),
            locked=False,
        )
        if pending["failures"] >= MAX_CODE_FAILURES:
            del request.session[PENDING]
            messages.error(request, _("Sai mã xác thực quá nhiều lần. Hãy đăng nhập lại."))
            return redirect("login")
        request.session[PENDING] = pending
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "registration/login_code.html", {"form": form})


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up the second factor: scan the QR code, then confirm with one code. Also where a
    signed-in user whose session is not yet verified gives a code (e.g. before the admin)."""
    user = request.user
    confirmed = _device(user)
    form = CodeForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["token"]):
                otp_login(request, confirmed)
                return redirect(next_url or "my-account")
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
        context = {"form": form, "verified": user.is_verified(), "next": next_url}
        return render(request, "accounts/second_factor_verify.html", context)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            second_factor_confirm(actor=user, device=device)
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(next_url or "my-account")
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
        "required": is_required_for(user),
        "next": next_url,
    }
    return render(request, "accounts/second_factor_setup.html", context)
