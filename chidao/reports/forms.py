"""Report forms: they only parse input; the rules live in `chidao.reports.services`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.widgets import DateInput
from chidao.reports import services
from chidao.reports.models import ReportForm, ReportingRegime, Submission
from chidao.tasks.forms import MultipleFileField, UnitMultipleChoiceField
from chidao.units.models import Unit, valid_on_q


def _lines(text: str, names: tuple[str, ...]) -> list[dict]:
    """'key | title' lines (figures: 'key | label | unit') into dicts; ValueError on a line
    without '|'."""
    items = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "|" not in line:
            raise forms.ValidationError(
                _("Dòng %(n)s thiếu dấu “|” giữa mã và tên.") % {"n": number}
            )
        parts = [part.strip() for part in line.split("|", len(names) - 1)]
        items.append(dict(zip(names, parts, strict=False)))
    return items


def _as_lines(items: list[dict], names: tuple[str, ...]) -> str:
    return "\n".join(
        " | ".join(str(item.get(name, "")) for name in names).rstrip(" |") for item in items
    )


SECTION_NAMES = ("key", "title")
FIGURE_NAMES = ("key", "label", "unit")


class FormVersionForm(forms.Form):
    """A form version as text: one section per line, one figure per line."""

    sections = forms.CharField(
        label=gettext_lazy("Các phần của báo cáo"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Mỗi dòng một phần: mã | tiêu đề (ví dụ: results | Kết quả)."),
    )
    figures = forms.CharField(
        label=gettext_lazy("Các chỉ tiêu số liệu"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Mỗi dòng một chỉ tiêu: mã | tên chỉ tiêu | đơn vị tính."),
    )

    def clean_sections(self):
        return _lines(self.cleaned_data["sections"], SECTION_NAMES)

    def clean_figures(self):
        return _lines(self.cleaned_data["figures"], FIGURE_NAMES)


class NewFormForm(FormVersionForm):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"), queryset=Committee.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("Tên mẫu báo cáo"), max_length=300)

    field_order = ["committee", "name", "sections", "figures"]

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class PeriodOpenForm(forms.Form):
    regime = forms.ModelChoiceField(
        label=gettext_lazy("Chế độ báo cáo"), queryset=ReportingRegime.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=1901, max_value=9998)
    index = forms.IntegerField(
        label=gettext_lazy("Kỳ thứ"),
        min_value=1,
        max_value=12,
        help_text=gettext_lazy("Tháng 1–12, quý 1–4, 6 tháng 1–2; 9 tháng và năm: 1."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regimes = ReportingRegime.objects.restrict(user, policy.CHANGE)
        self.fields["regime"].queryset = regimes.select_related("committee").order_by("name")


class AdhocForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"), queryset=Committee.objects.none()
    )
    title = forms.CharField(
        label=gettext_lazy("Nội dung yêu cầu báo cáo"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    form = forms.ModelChoiceField(
        label=gettext_lazy("Mẫu báo cáo (phiên bản mới nhất)"), queryset=ReportForm.objects.none()
    )
    data_from = forms.DateField(label=gettext_lazy("Số liệu từ ngày"), widget=DateInput())
    data_to = forms.DateField(label=gettext_lazy("Số liệu đến ngày"), widget=DateInput())
    deadline = forms.DateField(label=gettext_lazy("Hạn nộp"), widget=DateInput())
    units = UnitMultipleChoiceField(
        label=gettext_lazy("Đơn vị phải báo cáo"),
        queryset=Unit.objects.none(),
    )
    requires_leader_approval = forms.BooleanField(
        label=gettext_lazy("Cần lãnh đạo đơn vị duyệt trước khi nộp"), required=False
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["form"].queryset = ReportForm.objects.filter(committee__in=committees).order_by(
            "name"
        )
        self.fields["units"].queryset = (
            Unit.objects.filter(valid_on_q(timezone.localdate()))
            .exclude(kind__in=["province", "district"])
            .only("id", "name")
            .order_by("kind", "name")
        )

    def clean(self):
        cleaned = super().clean()
        committee, form = cleaned.get("committee"), cleaned.get("form")
        if committee and form and form.committee_id != committee.pk:
            self.add_error("form", _("Mẫu báo cáo thuộc Ban Chỉ đạo khác."))
        return cleaned


def section_field(key: str) -> str:
    return f"section_{key}"


def figure_field(key: str) -> str:
    return f"figure_{key}"


class SubmissionForm(forms.Form):
    """The unit's report on a form version: a text box per section, a box per figure."""

    files = MultipleFileField(
        label=gettext_lazy("Tệp đính kèm"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG."),
    )

    def __init__(self, *args, form_version, initial_from: Submission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_version = form_version
        fields = {}
        sections = (initial_from.sections if initial_from else None) or {}
        figures = (initial_from.figures if initial_from else None) or {}
        for section in form_version.sections:
            fields[section_field(section["key"])] = forms.CharField(
                label=section["title"],
                required=False,
                max_length=services.SECTION_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=sections.get(section["key"], ""),
            )
        for figure in form_version.figures:
            label = figure["label"] + (f" ({figure['unit']})" if figure.get("unit") else "")
            value = figures.get(figure["key"])
            fields[figure_field(figure["key"])] = forms.CharField(
                label=label,
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                initial="" if value is None else value,
            )
        files_field = self.fields.pop("files")
        self.fields.update(fields)
        self.fields["files"] = files_field

    def clean(self):
        cleaned = super().clean()
        for figure in self.form_version.figures:
            name = figure_field(figure["key"])
            raw = (cleaned.get(name) or "").strip()
            if raw and services.parse_number(raw) is None:
                self.add_error(name, _("Phải là số."))
        return cleaned

    def content(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        sections = {
            s["key"]: data.get(section_field(s["key"]), "") for s in self.form_version.sections
        }
        figures = {
            f["key"]: data.get(figure_field(f["key"]), "") for f in self.form_version.figures
        }
        return sections, figures


# ---- periods
