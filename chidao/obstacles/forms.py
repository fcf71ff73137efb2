"""Forms of the register's pages. They only parse input; the rules live in
`chidao.obstacles.services`, so pages and API refuse the same things the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.widgets import DateInput
from chidao.obstacles.models import Obstacle
from chidao.tasks.forms import UnitChoiceField, assignable_units

STATE_FILTERS = [("", _("Tất cả")), ("open", _("Chưa giải quyết xong")), *Obstacle.State.choices]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo nội dung"), required=False, max_length=200)
    committee = forms.ModelChoiceField(
        label=_("Ban Chỉ đạo"),
        queryset=Committee.objects.all(),
        required=False,
        empty_label=_("Tất cả"),
    )
    state = forms.ChoiceField(label=_("Trạng thái"), choices=STATE_FILTERS, required=False)


class RaiseForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Ban Chỉ đạo"), queryset=Committee.objects.all())
    unit = UnitChoiceField(label=_("Đơn vị nêu"), queryset=assignable_units())
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=[("difficulty", _("Khó khăn, vướng mắc")), ("proposal", _("Kiến nghị, đề xuất"))],
    )
    title = forms.CharField(label=_("Nội dung tóm tắt"), max_length=500)
    content = forms.CharField(
        label=_("Nội dung chi tiết"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
    )
    origin = forms.ChoiceField(
        label=_("Nêu tại"), choices=Obstacle.Origin.choices, initial="direct"
    )
    origin_note = forms.CharField(
        label=_("Cuộc họp, đợt kiểm tra (nếu có)"), max_length=500, required=False
    )
    raised_on = forms.DateField(label=_("Ngày nêu"), widget=DateInput(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not policy.manages_any_committee(user):
            # A unit raises for itself only.
            self.fields["unit"].queryset = assignable_units().filter(
                pk__in=policy.acting_unit_ids(user)
            )


class AssignForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Cấp có thẩm quyền giải quyết"), choices=Obstacle.Level.choices
    )
    resolver = UnitChoiceField(label=_("Đơn vị xử lý"), queryset=assignable_units())
    due_on = forms.DateField(label=_("Hạn trả lời"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    document = forms.CharField(
        label=_("Số, ký hiệu văn bản trả lời"), required=False, max_length=100
    )
    file = forms.FileField(
        label=_("Tệp văn bản trả lời"),
        required=False,
        help_text=_("Công văn trả lời (PDF, Word hoặc ảnh chụp), tối đa một tệp."),
    )
    replied_on = forms.DateField(label=_("Ngày trả lời"), widget=DateInput(), required=False)
    resolved = forms.BooleanField(label=_("Đã giải quyết xong"), required=False)


class ForwardForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Chuyển lên"),
        choices=[(v, label) for v, label in Obstacle.Level.choices if v in ("ministry", "central")],
    )
    note = forms.CharField(label=_("Văn bản, nội dung chuyển"), max_length=1000)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do đóng, không xử lý"), max_length=2000)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Gộp vào mục số"), min_value=1, max_value=2**31 - 1)


class ResolveForm(forms.Form):
    pass


ACTIONS = {
    "assign": AssignForm,
    "reply": ReplyForm,
    "resolve": ResolveForm,
    "forward": ForwardForm,
    "close": CloseForm,
    "merge": MergeForm,
}


class AcceptForm(forms.Form):
    key = forms.CharField(max_length=120)
    title = forms.CharField(label=_("Nội dung tóm tắt"), max_length=500, required=False)
    merge_into = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    dismiss = forms.BooleanField(required=False)
