"""The forms of the explanation pages: a unit's answer, and a request issued from a page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.inputs import NOTE
from chidao.core.widgets import DateInput


class AnswerForm(forms.Form):
    reasons = forms.CharField(
        label=_("Nguyên nhân chậm trễ"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE
    )
    done = forms.CharField(
        label=_("Những việc đơn vị đã làm"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE,
        required=False,
    )
    plan = forms.CharField(
        label=_("Giải pháp, kế hoạch mới"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE,
    )
    new_deadline = forms.DateField(
        label=_("Thời hạn hoàn thành mới"),
        required=False,
        widget=DateInput(),
    )


class IssueForm(forms.Form):
    subject_kind = forms.CharField(widget=forms.HiddenInput, max_length=40)
    subject_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(
        label=_("Lý do yêu cầu giải trình"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE,
    )
    due_on = forms.DateField(label=_("Hạn giải trình"), required=False, widget=DateInput())
