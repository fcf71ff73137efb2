"""The page forms of indicators: an actual value, the public page's switch, an indicator's
definition and a year's targets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.indicators.models import Direction, Layer, SourceKind
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


class IndicatorForm(forms.Form):
    """An indicator's definition (checked again, and for uniqueness, by the service)."""

    code = forms.CharField(label=_("Mã"), max_length=30)
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    unit_of_measure = forms.CharField(
        label=_("Đơn vị tính"), max_length=30, help_text=_("Ví dụ %, hồ sơ, điểm.")
    )
    direction = forms.ChoiceField(label=_("Chiều tốt"), choices=Direction.choices)
    layer = forms.ChoiceField(label=_("Tầng"), choices=Layer.choices)
    program = forms.ModelChoiceField(
        label=_("Chương trình, kế hoạch"), queryset=TaskSource.objects.none(), required=False
    )
    source_kind = forms.ChoiceField(label=_("Nguồn số liệu"), choices=SourceKind.choices)
    figure_key = forms.CharField(
        label=_("Mã số liệu trong mẫu báo cáo"),
        max_length=50,
        required=False,
        help_text=_("Số liệu có mã này trong báo cáo quý của đơn vị là giá trị thực hiện."),
    )
    formula = forms.CharField(
        label=_("Công thức, cách tính"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minimum = forms.CharField(label=_("Giá trị nhỏ nhất"), max_length=30, initial="0")
    maximum = forms.CharField(label=_("Giá trị lớn nhất"), max_length=30, initial="100")
    margin_percent = forms.CharField(
        label=_("Biên an toàn (%)"),
        max_length=10,
        initial="5",
        help_text=_("Đạt mốc nhưng không vượt quá biên này thì có nguy cơ chậm."),
    )
    published = forms.BooleanField(label=_("Công khai trên trang tiến độ"), required=False)

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = TaskSource.objects.filter(
            committee=committee
        ).select_related("document")


class TargetsForm(forms.Form):
    """A unit's (or the whole committee's) target for a year and its quarterly milestones."""

    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, empty_value=None, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1901, max_value=9998)
    target = forms.CharField(label=_("Chỉ tiêu cả năm"), max_length=30)
    q1 = forms.CharField(label=_("Mốc quý I"), max_length=30, required=False)
    q2 = forms.CharField(label=_("Mốc quý II"), max_length=30, required=False)
    q3 = forms.CharField(label=_("Mốc quý III"), max_length=30, required=False)
    q4 = forms.CharField(label=_("Mốc quý IV"), max_length=30, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Chung của Ban Chỉ đạo"))] + [
            (u.pk, u.name) for u in units
        ]


class SavedViewForm(forms.Form):
    """A name for the indicators page's current filters (sent beside them, hidden)."""

    name = forms.CharField(label=_("Tên dạng xem"), max_length=100)
    shared = forms.BooleanField(
        label=_("Dùng chung cho mọi người theo dõi Ban Chỉ đạo"), required=False
    )
