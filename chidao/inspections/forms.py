"""The forms of the inspection pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.inputs import LINE, NOTE
from chidao.core.widgets import DateInput

DATE = DateInput()  # dd/mm/yyyy with the calendar button, in either language
MAX_ID = 2**63 - 1


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    purpose = forms.CharField(
        label=_("Mục đích, yêu cầu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )
    criteria_set = forms.TypedChoiceField(
        label=_("Danh mục kiểm tra lấy từ bộ tiêu chí"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, sets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].choices = [("", _("— tự soạn danh mục —"))] + [
            (s.pk, str(s)) for s in sets
        ]


class UnitRowForm(forms.Form):
    unit = forms.IntegerField(
        label=_("Mã đơn vị được kiểm tra"), required=False, min_value=1, max_value=MAX_ID
    )
    day = forms.DateField(label=_("Ngày kiểm tra"), required=False, widget=DATE)


UnitRows = forms.formset_factory(UnitRowForm, extra=6, max_num=100, absolute_max=100)


class ChecklistItemForm(forms.Form):
    code = forms.CharField(label=_("Mã mục"), max_length=20, required=False)
    text = forms.CharField(label=_("Nội dung kiểm tra"), max_length=LINE)
    guidance = forms.CharField(
        label=_("Tài liệu kiểm chứng"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Số kế hoạch"), max_length=100)
    date = forms.DateField(label=_("Ngày ban hành"), widget=DATE)


class RemedyRowForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung khắc phục"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )
    deadline = forms.DateField(label=_("Hạn"), required=False, widget=DATE)


RemedyRows = forms.formset_factory(RemedyRowForm, extra=4, max_num=50, absolute_max=50)


class ConclusionForm(forms.Form):
    number = forms.CharField(
        label=_("Số thông báo kết luận (để trống: số tiếp theo)"), max_length=100, required=False
    )
    date = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    summary = forms.CharField(
        label=_("Nhận xét chung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE,
        required=False,
    )


class ObstacleForm(forms.Form):
    title = forms.CharField(label=_("Khó khăn, vướng mắc, kiến nghị"), max_length=500)
    content = forms.CharField(
        label=_("Chi tiết"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )
