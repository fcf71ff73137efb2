"""The forms of the evaluation pages: they only parse; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy

from chidao.committees.models import Committee
from chidao.core.widgets import DateInput
from chidao.evaluation import selectors
from chidao.evaluation.models import (
    CriteriaSet,
    CycleUnit,
    EvaluationCycle,
    Proposal,
    UnitGroup,
)
from chidao.tasks.forms import MultipleFileField
from chidao.units.models import Unit

# ---- forms (they only parse; the rules live in the services)


class SelfAssessForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Điểm tự chấm"), min_value=0, decimal_places=2)
    explanation = forms.CharField(
        label=gettext_lazy("Giải trình"), widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=gettext_lazy("Tài liệu kiểm chứng"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, ảnh; mỗi tệp tối đa theo cấu hình."),
    )


class AppraiseForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Chấp nhận điểm tự chấm")),
            ("adjust", gettext_lazy("Điều chỉnh")),
        ],
        widget=forms.RadioSelect,
        initial="accept",
        label=gettext_lazy("Thẩm định"),
    )
    score = forms.DecimalField(
        label=gettext_lazy("Điểm thẩm định"), required=False, min_value=0, decimal_places=2
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do điều chỉnh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExternalForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Điểm"), min_value=0, decimal_places=2)
    source = forms.CharField(label=gettext_lazy("Nguồn"), max_length=500)


class CycleCreateForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"), queryset=Committee.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Năm đánh giá"), min_value=2000, max_value=2100)
    name = forms.CharField(label=gettext_lazy("Tên đợt đánh giá"), max_length=300)
    criteria_sets = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Bộ tiêu chí (mỗi nhóm đơn vị một bộ)"),
        queryset=CriteriaSet.objects.none(),
    )
    self_assessment_deadline = forms.DateField(
        label=gettext_lazy("Hạn tự chấm"), widget=DateInput()
    )
    cut_off = forms.DateField(label=gettext_lazy("Ngày chốt số liệu"), widget=DateInput())

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            pk__in=[c.pk for c in committees]
        ).order_by("name")
        self.fields["criteria_sets"].queryset = CriteriaSet.objects.order_by("name", "-version")


class SettingsForm(forms.Form):
    self_assessment_deadline = forms.DateField(
        label=gettext_lazy("Hạn tự chấm"), widget=DateInput()
    )
    cut_off = forms.DateField(label=gettext_lazy("Ngày chốt số liệu"), widget=DateInput())
    good = forms.DecimalField(
        label=gettext_lazy("Tốt: từ (% điểm tối đa)"), min_value=0, max_value=100
    )
    fair = forms.DecimalField(label=gettext_lazy("Khá: từ (%)"), min_value=0, max_value=100)
    average = forms.DecimalField(
        label=gettext_lazy("Trung bình: từ (%)"), min_value=0, max_value=100
    )
    top_n = forms.IntegerField(
        label=gettext_lazy("Khen thưởng: N đơn vị dẫn đầu mỗi nhóm (0: không áp dụng)"),
        min_value=0,
        max_value=50,
    )
    all_on_time = forms.BooleanField(
        label=gettext_lazy("Khen thưởng: mọi nhiệm vụ và báo cáo đúng hạn"), required=False
    )
    bottom_n = forms.IntegerField(
        label=gettext_lazy("Phê bình: N đơn vị cuối mỗi nhóm (0: không áp dụng)"),
        min_value=0,
        max_value=50,
    )
    overdue_more_than = forms.IntegerField(
        label=gettext_lazy("Phê bình: có hơn N nhiệm vụ quá hạn (để trống: không áp dụng)"),
        min_value=0,
        required=False,
    )
    report_missing = forms.BooleanField(
        label=gettext_lazy("Phê bình: không nộp báo cáo định kỳ"), required=False
    )
    weak_band = forms.BooleanField(label=gettext_lazy("Phê bình: xếp loại Yếu"), required=False)

    @classmethod
    def initial_for(cls, cycle: EvaluationCycle) -> dict:
        bands = {b["name"]: b["min_percent"] for b in (cycle.bands or selectors.DEFAULT_BANDS)}
        rules = cycle.rules or selectors.DEFAULT_RULES
        find = {
            (kind, r["rule"]): r
            for kind in ("commendation", "criticism")
            for r in rules.get(kind, [])
        }
        return {
            "self_assessment_deadline": cycle.self_assessment_deadline,
            "cut_off": cycle.cut_off,
            "good": bands.get("Tốt", 90),
            "fair": bands.get("Khá", 80),
            "average": bands.get("Trung bình", 65),
            "top_n": find.get(("commendation", "top_n"), {}).get("n", 0),
            "all_on_time": ("commendation", "all_on_time") in find,
            "bottom_n": find.get(("criticism", "bottom_n"), {}).get("n", 0),
            "overdue_more_than": find.get(("criticism", "overdue_more_than"), {}).get("n"),
            "report_missing": ("criticism", "report_missing") in find,
            "weak_band": ("criticism", "band") in find,
        }

    def bands(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"name": "Tốt", "min_percent": float(data["good"])},
            {"name": "Khá", "min_percent": float(data["fair"])},
            {"name": "Trung bình", "min_percent": float(data["average"])},
            {"name": "Yếu", "min_percent": 0},
        ]

    def rules(self) -> dict:
        data = self.cleaned_data
        commendation, criticism = [], []
        if data["top_n"]:
            commendation.append({"rule": "top_n", "n": data["top_n"]})
        if data["all_on_time"]:
            commendation.append({"rule": "all_on_time"})
        if data["bottom_n"]:
            criticism.append({"rule": "bottom_n", "n": data["bottom_n"]})
        if data["overdue_more_than"] is not None:
            criticism.append({"rule": "overdue_more_than", "n": data["overdue_more_than"]})
        if data["report_missing"]:
            criticism.append({"rule": "report_missing"})
        if data["weak_band"]:
            criticism.append({"rule": "band", "band": "Yếu"})
        return {"commendation": commendation, "criticism": criticism}


class ProposalAddForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Danh sách"), choices=Proposal.Kind.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none())
    person_name = forms.CharField(
        label=gettext_lazy("Cá nhân (nếu đề nghị cho cá nhân)"), required=False, max_length=200
    )
    grounds = forms.CharField(
        label=gettext_lazy("Căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=gettext_lazy("Lý do bổ sung"), max_length=1000)

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=CycleUnit.objects.filter(cycle=cycle).values("unit_id")
        ).order_by("name")
        self.fields["unit"].label_from_instance = lambda unit: unit.name


class ProposalEditForm(forms.Form):
    grounds = forms.CharField(
        label=gettext_lazy("Căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 2})
    )
    included = forms.BooleanField(label=gettext_lazy("Đưa vào danh sách"), required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do chỉnh sửa"), max_length=1000)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))
    name = forms.CharField(
        label=gettext_lazy("Tên bộ tiêu chí (để trống: lấy trong tệp)"),
        required=False,
        max_length=300,
    )
    unit_group = forms.ChoiceField(
        label=gettext_lazy("Nhóm đơn vị"),
        choices=[("", gettext_lazy("Lấy trong tệp")), *UnitGroup.choices],
        required=False,
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Là phiên bản mới của"),
        queryset=CriteriaSet.objects.order_by("name", "version"),
        required=False,
    )
