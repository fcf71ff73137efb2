"""Forms of the task pages. They only parse input: the rules (percent 0–100, a note, a
reason, a later deadline, who may do what) live in `chidao.tasks.services`, which the views
call, so pages and API refuse the same things with the same messages."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.widgets import DateInput
from chidao.tasks.models import Domain, ExtensionRequest, Task, TaskSeries, TaskSource
from chidao.tasks.status import Status
from chidao.units.models import Unit, valid_on_q

# The units a task may be given to: agencies and communes, not provinces or districts.
ASSIGNABLE_KINDS = [kind for kind in Unit.Kind.values if kind not in ("province", "district")]


def assignable_units():
    """Units valid today that may lead or coordinate a task, agencies first."""
    return (
        Unit.objects.filter(valid_on_q(timezone.localdate()), kind__in=ASSIGNABLE_KINDS)
        .only("id", "name", "kind")
        .order_by("kind", "name")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one field; the services check each by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class UnitSelect(forms.Select):
    """A choice of one unit that chidao.js turns into a list of radio buttons with a search
    box (typed without diacritics too), as UnitsSelect does for several; without the script
    it stays a plain select."""

    def __init__(self, attrs=None):
        defaults = {
            "data-searchable": "",
            "data-search-label": _("Tìm đơn vị (gõ có dấu hay không dấu)"),
            "data-chosen-label": _("Đã chọn"),
            "data-nothing-label": _("Chưa chọn đơn vị nào."),
            "data-none-label": _("Không có đơn vị nào khớp."),
        }
        super().__init__({**defaults, **(attrs or {})})


class UnitChoiceField(forms.ModelChoiceField):
    widget = UnitSelect

    def label_from_instance(self, obj):
        return obj.name


class UnitsSelect(forms.SelectMultiple):
    """A multi-select of units that chidao.js turns into a list of check boxes with a search
    box (typed without diacritics too); without the script it stays a plain multi-select."""

    def __init__(self, attrs=None):
        defaults = {
            "size": 8,
            "data-searchable": "",
            "data-search-label": _("Tìm đơn vị (gõ có dấu hay không dấu)"),
            "data-chosen-label": _("đơn vị đã chọn"),
            "data-none-label": _("Không có đơn vị nào khớp."),
        }
        super().__init__({**defaults, **(attrs or {})})


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = UnitsSelect

    def label_from_instance(self, obj):
        return obj.name


class SourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        document = obj.document
        label = f"{document.get_doc_type_display()} {document.number}".strip()
        return f"{label} — {document.title}"[:120]


# The board's sortable columns: value of ?sort= → label (a leading "-" sorts descending).
SORT_COLUMNS = {
    "title": _("Nhiệm vụ"),
    "unit": _("Đơn vị chủ trì"),
    "deadline": _("Hạn"),
    "status": _("Trạng thái"),
    "percent": _("Tiến độ"),
}
SORT_CHOICES = [
    (f"{sign}{key}", f"{label} ({direction})")
    for key, label in SORT_COLUMNS.items()
    for sign, direction in (("", _("tăng dần")), ("-", _("giảm dần")))
]


class BoardFilterForm(forms.Form):
    """The task board's filters, read from the query string."""

    q = forms.CharField(label=_("Tìm theo tên nhiệm vụ"), required=False, max_length=200)
    committee = forms.ModelChoiceField(
        label=_("Ban Chỉ đạo"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    source = SourceChoiceField(
        label=_("Văn bản giao"),
        queryset=TaskSource.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị (chủ trì hoặc phối hợp)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    lead_only = forms.BooleanField(label=_("Chỉ khi chủ trì"), required=False)
    domain = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Domain.objects.none(), required=False, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả"))] + Status.choices, required=False
    )
    deadline_from = forms.DateField(label=_("Hạn từ ngày"), required=False, widget=DateInput())
    deadline_to = forms.DateField(label=_("Hạn đến ngày"), required=False, widget=DateInput())
    sort = forms.ChoiceField(
        label=_("Sắp xếp theo"), choices=[("", _("Mặc định"))] + SORT_CHOICES, required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("name")
        self.fields["source"].queryset = TaskSource.objects.select_related("document").order_by(
            "-document__date", "pk"
        )
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        ).order_by("name")
        self.fields["domain"].queryset = Domain.objects.order_by("area", "order", "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("deadline_from"), cleaned.get("deadline_to")
        if start and end and end < start:
            self.add_error("deadline_to", _("Ngày cuối phải sau ngày đầu."))
        return cleaned


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
    )
    completed = forms.BooleanField(label=_("Đã hoàn thành"), required=False)
    output_number = forms.CharField(label=_("Số văn bản kết quả"), required=False, max_length=100)
    output_date = forms.DateField(
        label=_("Ngày văn bản kết quả"), required=False, widget=DateInput()
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG; chọn được nhiều tệp."),
    )

    def __init__(self, *args, role: str = "lead", **kwargs):
        super().__init__(*args, **kwargs)
        if role != "lead":
            # A coordinating unit adds a contribution; only the lead unit completes.
            for name in ("completed", "output_number", "output_date"):
                del self.fields[name]


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label=_("Hạn đề nghị"), widget=DateInput())
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    granted_deadline = forms.DateField(
        label=_("Hạn mới"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống: theo hạn đơn vị đề nghị."),
    )
    note = forms.CharField(
        label=_("Ý kiến xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    new_lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì mới"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=_("Lý do, căn cứ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_lead_unit"].queryset = assignable_units()


class TaskCreateForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Ban Chỉ đạo"), queryset=Committee.objects.none())
    source = SourceChoiceField(
        label=_("Văn bản giao"), queryset=TaskSource.objects.none(), required=False
    )
    source_clause = forms.CharField(label=_("Điều, khoản, mục"), required=False, max_length=100)
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500, required=False)
    content = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    domain = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Domain.objects.none())
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    coordinating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
    )
    deadline = forms.DateField(
        label=_("Hạn hoàn thành"),
        widget=DateInput(),
        help_text=_("Với nhiệm vụ định kỳ: hạn của lần đầu."),
    )
    expected_output = forms.CharField(label=_("Sản phẩm"), required=False, max_length=500)
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"), choices=Task.Priority.choices, initial=Task.Priority.NORMAL
    )
    recurrence = forms.ChoiceField(
        label=_("Lặp lại"),
        choices=[("", _("Không lặp lại"))] + TaskSeries.Recurrence.choices,
        required=False,
    )
    until = forms.DateField(label=_("Lặp đến ngày"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.restrict(user, policy.CHANGE).order_by("name")
        self.fields["committee"].queryset = committees
        self.fields["source"].queryset = (
            TaskSource.objects.filter(committee__in=committees)
            .select_related("document")
            .order_by("-document__date", "pk")
        )
        self.fields["domain"].queryset = Domain.objects.filter(
            Q(committee__isnull=True) | Q(committee__in=committees)
        ).order_by("area", "order", "name")
        units = assignable_units()
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee")
        source, domain = cleaned.get("source"), cleaned.get("domain")
        if committee and source and source.committee_id != committee.pk:
            self.add_error("source", _("Văn bản giao không thuộc Ban Chỉ đạo đã chọn."))
        if committee and domain and domain.committee_id not in (None, committee.pk):
            self.add_error("domain", _("Lĩnh vực này thuộc Ban Chỉ đạo khác."))
        if cleaned.get("recurrence") and not cleaned.get("until"):
            self.add_error("until", _("Nhiệm vụ định kỳ cần ngày kết thúc."))
        return cleaned


def pending_request(task) -> ExtensionRequest | None:
    return task.extension_requests.filter(state=ExtensionRequest.State.PENDING).first()


class TaskEditForm(forms.Form):
    """Correcting an assigned task (chidao.tasks.services.task_edit decides what may change)."""

    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    content = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_output = forms.CharField(label=_("Sản phẩm"), required=False, max_length=500)
    domain = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Domain.objects.none())
    coordinating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Hạn hoàn thành"),
        widget=DateInput(),
        help_text=_(
            "Hạn thường đổi qua đề nghị gia hạn; ở đây chỉ để sửa hạn đã giao nhầm, kèm lý do."
        ),
    )
    reason = forms.CharField(
        label=_("Lý do sửa"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi đổi hạn; ghi vào lịch sử nhiệm vụ."),
    )

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": task.title,
                "content": task.content,
                "expected_output": task.expected_output,
                "domain": task.domain_id,
                "coordinating_units": list(task.coordinating_units.values_list("pk", flat=True)),
                "deadline": task.deadline,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = Domain.objects.filter(
            Q(committee__isnull=True) | Q(committee=task.committee_id)
        ).order_by("area", "order", "name")
        # Units that closed since stay choosable while the task keeps them.
        self.fields["coordinating_units"].queryset = (
            Unit.objects.filter(
                Q(pk__in=assignable_units().values("pk")) | Q(coordinated_tasks=task)
            )
            .distinct()
            .only("id", "name", "kind")
            .order_by("kind", "name")
        )


class BulkForm(forms.Form):
    """The board's bulk action on the tasks ticked: export them, give them to another lead
    unit, or extend them; reassigning and extending need a reason."""

    EXPORT, REASSIGN, EXTEND = "export", "reassign", "extend"

    task = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Nhiệm vụ đã chọn"))
    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[
            (EXPORT, _("Xuất Excel các nhiệm vụ đã chọn")),
            (REASSIGN, _("Chuyển đơn vị chủ trì")),
            (EXTEND, _("Gia hạn")),
        ],
    )
    new_lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì mới"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
        widget=UnitSelect(attrs={"id": "bulk-unit"}),
    )
    deadline = forms.DateField(
        label=_("Hạn mới"), required=False, widget=DateInput(attrs={"id": "bulk-deadline"})
    )
    reason = forms.CharField(
        label=_("Lý do, căn cứ"), required=False, max_length=1000, widget=forms.TextInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_lead_unit"].queryset = assignable_units()
        ids = self.data.getlist("task") if hasattr(self.data, "getlist") else []
        self.fields["task"].choices = [(v, v) for v in ids if str(v).isdigit() and len(v) < 19]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == self.REASSIGN and not cleaned.get("new_lead_unit"):
            self.add_error("new_lead_unit", _("Hãy chọn đơn vị chủ trì mới."))
        if action == self.EXTEND and not cleaned.get("deadline"):
            self.add_error("deadline", _("Hãy nhập hạn mới (dd/mm/yyyy)."))
        if action in (self.REASSIGN, self.EXTEND) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Cần nêu lý do."))
        return cleaned
