"""The page forms of indicators: an actual value, and the public page's switch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.tasks.models import TaskSource


class ValueForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    period = forms.CharField(
        label=_("Kỳ (quý)"), max_length=7, help_text=_("Ví dụ 2025-Q2 (quý II năm 2025).")
    )
    actual = forms.CharField(label=_("Giá trị thực hiện"), max_length=30)
    note = forms.CharField(
        label=_("Giải trình, ghi chú"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi giá trị thấp hơn mốc của kỳ hoặc kém hơn kỳ trước."),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class PublicationForm(forms.Form):
    enabled = forms.BooleanField(label=_("Công khai tiến độ của Ban Chỉ đạo"), required=False)
    plans = forms.ModelMultipleChoiceField(
        label=_("Kế hoạch, chương trình được công khai"),
        queryset=TaskSource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = TaskSource.objects.filter(
            committee=committee
        ).select_related("document")
