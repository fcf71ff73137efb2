"""The forms of the meeting pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.inputs import LINE, NOTE
from chidao.core.widgets import DateInput, DateTimeInput
from chidao.meetings.models import Meeting, MeetingSchedule
from chidao.meetings.schedule import WEEKDAYS

CHAIRS = [
    ("head", _("Trưởng ban")),
    ("standing_deputy_head", _("Phó Trưởng ban thường trực")),
    ("deputy_head", _("Phó Trưởng ban")),
]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên họp"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Meeting.Kind.choices)
    starts_at = forms.SplitDateTimeField(label=_("Thời gian"), widget=DateTimeInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Đường dẫn họp trực tuyến"), max_length=500, required=False, assume_scheme="https"
    )
    chair_role = forms.ChoiceField(label=_("Chủ trì"), choices=CHAIRS)
    working_group = forms.BooleanField(label=_("Mời cả Tổ công tác giúp việc"), required=False)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=LINE)
    presenting_unit = forms.IntegerField(
        label=_("Mã đơn vị trình bày"), required=False, min_value=1, max_value=2**63 - 1
    )
    documents = forms.CharField(
        label=_("Tài liệu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE,
    )
    explanation = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    task = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Trả lời"),
        choices=[
            ("attend", _("Tham dự")),
            ("delegate", _("Cử người dự thay")),
            ("absent", _("Vắng mặt")),
        ],
    )
    delegate_name = forms.CharField(
        label=_("Họ tên, chức vụ người dự thay"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Lý do vắng"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )


class ConclusionRowForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung kết luận"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE,
        required=False,
    )
    lead_unit = forms.IntegerField(
        label=_("Mã đơn vị chủ trì"), required=False, min_value=1, max_value=2**63 - 1
    )
    coordinating_units = forms.CharField(
        label=_("Mã đơn vị phối hợp (cách nhau bởi dấu phẩy)"), max_length=500, required=False
    )
    deadline = forms.DateField(label=_("Hạn"), required=False, widget=DateInput())

    def clean_coordinating_units(self):
        raw = self.cleaned_data["coordinating_units"]
        ids = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 18:
                raise forms.ValidationError(
                    _("Mã đơn vị phải là số: “%(value)s”.") % {"value": part[:30]}
                )
            ids.append(int(part))
        return ids


ConclusionRows = forms.formset_factory(ConclusionRowForm, extra=5, max_num=50, absolute_max=50)


class ConclusionsForm(forms.Form):
    number = forms.CharField(label=_("Số thông báo"), max_length=100)
    date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())


WEEKS = [
    (1, _("Tuần thứ 1")),
    (2, _("Tuần thứ 2")),
    (3, _("Tuần thứ 3")),
    (4, _("Tuần thứ 4")),
    (5, _("Tuần cuối")),
]


class ScheduleForm(forms.Form):
    """The committee's regular schedule, e.g. quarterly, Thursday of the third week of the
    period's last month."""

    cadence = forms.ChoiceField(label=_("Định kỳ"), choices=MeetingSchedule.Cadence.choices)
    month_of_period = forms.IntegerField(
        label=_("Tháng thứ mấy trong kỳ"), min_value=1, max_value=12, initial=3
    )
    week = forms.TypedChoiceField(label=_("Tuần"), choices=WEEKS, coerce=int, initial=3)
    weekday = forms.TypedChoiceField(
        label=_("Thứ"), choices=list(enumerate(WEEKDAYS)), coerce=int, initial=3
    )
    time = forms.TimeField(
        label=_("Giờ họp"),
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "size": 5}),
        initial="08:00",
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    chair_role = forms.ChoiceField(label=_("Chủ trì"), choices=CHAIRS)
    lead_days = forms.IntegerField(
        label=_("Tự lên lịch trước (ngày)"), min_value=0, max_value=365, initial=30
    )
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)


class GuestForm(forms.Form):
    person = forms.CharField(label=_("Họ tên khách mời"), max_length=200, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=300, required=False)
    unit = forms.IntegerField(
        label=_("Mã đơn vị"), required=False, min_value=1, max_value=2**63 - 1
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
