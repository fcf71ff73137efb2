"""Importing a plan's task sheet (upload → preview → confirm) and exporting task lists.

The upload is kept in the file store as imports/<uuid>.xlsx (CHIDAO_UPLOAD_DIR by default,
outside the web root), and named in the confirm form only through a signed, expiring token
that also binds the user, committee and source: the preview saves nothing, and the confirm
step parses the same bytes again so what is imported is exactly what was checked. No row
names these files:
`chidao prune-uploads` removes those older than its threshold (an hour, as long as a preview
stays valid), and files older than a day are removed at the next upload.
"""

import datetime as dt
import posixpath
import uuid
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.replica import reads_from_replica
from chidao.storage import files
from chidao.tasks import excel
from chidao.tasks.forms import BoardFilterForm
from chidao.tasks.models import TaskSource
from chidao.tasks.selectors import sorted_tasks, tasks_for
from chidao.tasks.services import TaskError
from chidao.units.models import Unit

SIGNING_SALT = "chidao.tasks.import"  # a namespace for signing, not a secret
TOKEN_MAX_AGE = 60 * 60  # seconds between preview and confirmation
STALE_AFTER = dt.timedelta(days=1)
IMPORTS = "imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stored_name(key: str) -> str:
    return posixpath.join(IMPORTS, f"{uuid.UUID(hex=key).hex}.xlsx")


def _remove_stale_uploads() -> None:
    store = files.storage()
    cutoff = timezone.now() - STALE_AFTER
    try:
        names = store.listdir(IMPORTS)[1]
    except FileNotFoundError:
        return
    for name in names:
        path = posixpath.join(IMPORTS, name)
        try:
            if name.endswith(".xlsx") and store.get_modified_time(path) < cutoff:
                store.delete(path)
        except OSError:
            pass


def managed_committees(user) -> list[Committee]:
    return list(Committee.objects.restrict(user, policy.CHANGE).order_by("name"))


class SourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        document = obj.document
        date = f" ({document.date:%d/%m/%Y})" if document.date else ""
        return (
            f"{obj.committee.short_name or obj.committee.name} — {document}{date}: {document.title}"
        )


class ImportForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"), queryset=Committee.objects.none()
    )
    source = SourceChoiceField(
        label=gettext_lazy("Văn bản giao nhiệm vụ"),
        queryset=TaskSource.objects.none(),
        required=False,
        empty_label=gettext_lazy("(không gắn văn bản)"),
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in committees]
        # Any committee is accepted here so that one the user may not manage is a 403,
        # not a form error; the choices offered are the user's own.
        self.fields["committee"].queryset = Committee.objects.all()
        self.fields["committee"].widget.choices = [(c.pk, c.name) for c in committees]
        self.fields["source"].queryset = TaskSource.objects.filter(
            committee_id__in=ids
        ).select_related("document", "committee")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CHIDAO_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        return upload

    def clean(self):
        data = super().clean()
        committee, source = data.get("committee"), data.get("source")
        if committee and source and source.committee_id != committee.pk:
            self.add_error("source", _("Văn bản này không thuộc Ban Chỉ đạo đã chọn."))
        return data


def _form(request, committees, data=None, files_=None):
    initial = {}
    if committee_id := request.GET.get("committee", "").strip():
        initial["committee"] = committee_id if committee_id.isdigit() else None
    return ImportForm(data, files_, committees=committees, initial=initial)


def _guard(request) -> list[Committee]:
    committees = managed_committees(request.user)
    if not committees:
        raise PermissionDenied(_("Chỉ cán bộ cơ quan thường trực mới nhập nhiệm vụ."))
    return committees


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: store the file, check it, show the preview."""
    committees = _guard(request)
    if request.method == "GET":
        return render(request, "tasks/import_upload.html", {"form": _form(request, committees)})
    form = _form(request, committees, request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "tasks/import_upload.html", {"form": form}, status=400)
    committee, source = form.cleaned_data["committee"], form.cleaned_data["source"]
    if not policy.manages_committee(request.user, committee.pk):
        raise PermissionDenied(_("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."))
    _remove_stale_uploads()
    upload = form.cleaned_data["file"]
    name = files.save(upload, folder=IMPORTS, extension="xlsx")
    key = posixpath.basename(name).removesuffix(".xlsx")
    preview = excel.parse_task_sheet(files.read(name), committee=committee)
    preview.file_name = upload.name
    token = None
    if preview.is_valid:
        token = signing.dumps(
            {
                "key": key,
                "user": request.user.pk,
                "committee": committee.pk,
                "source": source.pk if source else None,
                "name": upload.name[:200],
            },
            salt=SIGNING_SALT,
        )
    else:
        files.discard([name])
    return render(
        request,
        "tasks/import_preview.html",
        {
            "preview": preview,
            "committee": committee,
            "source": source,
            "token": token,
            "form": _form(request, committees),
        },
        status=200 if preview.is_valid else 422,
    )


@login_required
@require_POST
def import_confirm(request):
    """Import the previewed file, all rows in one transaction, then go back with a message."""
    _guard(request)
    try:
        claim = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
        return redirect("task-import")
    except signing.BadSignature:
        messages.error(request, _("Yêu cầu nhập không hợp lệ; hãy tải tệp lên lại."))
        return redirect("task-import")
    if claim.get("user") != request.user.pk:
        raise PermissionDenied(_("Bản xem trước này không phải của bạn."))
    committee = Committee.objects.filter(pk=claim.get("committee")).first()
    if committee is None or not policy.manages_committee(request.user, committee.pk):
        raise PermissionDenied(_("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."))
    source = None
    if claim.get("source"):
        source = TaskSource.objects.filter(pk=claim["source"], committee=committee).first()
    name = _stored_name(claim["key"])
    if not files.exists(name):
        messages.error(request, _("Tệp đã được nhập hoặc đã bị xóa; hãy tải tệp lên lại."))
        return redirect("task-import")
    preview = excel.parse_task_sheet(files.read(name), committee=committee)
    preview.file_name = claim.get("name", "")
    try:
        tasks = excel.import_tasks(
            actor=request.user, committee=committee, source=source, preview=preview
        )
    except TaskError as exc:
        messages.error(request, str(exc))
        return render(
            request,
            "tasks/import_preview.html",
            {
                "preview": preview,
                "committee": committee,
                "source": source,
                "token": None,
                "form": _form(request, _guard(request)),
            },
            status=422,
        )
    finally:
        files.discard([name])
    messages.success(
        request,
        _("Đã nhập %(n)s nhiệm vụ vào %(committee)s.") % {"n": len(tasks), "committee": committee},
    )
    # The board, filtered to what was just assigned, shows the message.
    params = {"committee": committee.pk} | ({"source": source.pk} if source else {})
    return redirect(f"{reverse('task-board')}?{urlencode(params)}")


@login_required
@require_GET
def import_template(request):
    """An empty sheet with the import columns."""
    _guard(request)
    response = HttpResponse(excel.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nhiem-vu.xlsx"'
    return response


# ---- export


@login_required
@require_GET
@reads_from_replica
def export_xlsx(request):
    """GET /tasks/export.xlsx?<the board's filters>: the tasks the user may see, as .xlsx.

    The query string is read by the board's own BoardFilterForm, so the export holds exactly
    what the board lists (over `tasks_for`, so never a task the user may not see)."""
    form = BoardFilterForm(request.GET or None, units=Unit.objects.all())
    if request.GET and not form.is_valid():
        return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
    filters = form.cleaned_data if form.is_bound else {}
    queryset = tasks_for(
        request.user,
        committee=filters.get("committee"),
        source=filters.get("source"),
        unit=filters.get("unit"),
        domain=filters.get("domain"),
        status=filters.get("status") or None,
        deadline_from=filters.get("deadline_from"),
        deadline_to=filters.get("deadline_to"),
        search=filters.get("q") or None,
    )
    if filters.get("unit") and filters.get("lead_only"):
        queryset = queryset.filter(lead_unit=filters["unit"])
    return xlsx_response(sorted_tasks(queryset, filters.get("sort") or ""))


def xlsx_response(queryset):
    """The tasks of `queryset` as an .xlsx download named for today."""
    response = HttpResponse(excel.export_tasks_xlsx(queryset), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{stamp}.xlsx"'
    return response
