"""The committee meets: meetings, their agenda, the invitations to the seats of the day and
their answers and attendance, minutes, and the conclusions notice whose items become tasks.

Invitations are a snapshot of the committee's composition on the meeting date
(`chidao.committees.selectors.composition_on`), taken when the meeting is planned and taken
again while invitations have not gone out; the seat, position, unit and holder are kept as
they were, so a later change in the register does not rewrite who was invited.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.storage.models import StoredFile


class MeetingQuerySet(policy.PolicyQuerySet):
    """Who may do what with meetings (chidao.core.policy): everybody signed in views them
    (the committee's work is internal, not secret); the committee's managers change them."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if action == policy.VIEW:
            return self if policy.is_signed_in(user) else self.none()
        if action in (policy.CHANGE, policy.DELETE):
            ids = policy.managed_committee_ids(user)
            return self if ids is None else self.filter(committee_id__in=ids)
        raise self.unknown(action)


class Meeting(models.Model):
    """A meeting of a committee: regular (its quarterly meetings) or ad hoc."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Họp định kỳ")
        AD_HOC = "ad_hoc", _("Họp đột xuất")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        INVITED = "invited", _("Đã gửi giấy mời")
        HELD = "held", _("Đã họp")
        CONCLUDED = "concluded", _("Đã ban hành kết luận")
        CANCELLED = "cancelled", _("Đã hủy")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("tên phiên họp"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    online_link = models.URLField(_("đường dẫn họp trực tuyến"), max_length=500, blank=True)
    chair_role = models.CharField(
        _("chủ trì"),
        max_length=30,
        default="head",
        help_text=_("Trưởng ban chủ trì, hoặc một Phó Trưởng ban được ủy quyền."),
    )
    chair_person = models.CharField(_("người chủ trì"), max_length=200, blank=True)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    invitation_number = models.CharField(_("số giấy mời"), max_length=100, blank=True)
    invited_on = models.DateField(_("ngày gửi giấy mời"), null=True, blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    slot = models.DateField(
        _("kỳ họp định kỳ"),
        null=True,
        blank=True,
        help_text=_("Ngày theo lịch họp định kỳ mà phiên họp này thực hiện."),
    )
    synthetic = models.BooleanField(
        _("dữ liệu mô phỏng"), default=False, help_text=_("Dữ liệu trình diễn, không có thật.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp")
        verbose_name_plural = _("phiên họp")
        ordering = ["-starts_at", "id"]
        indexes = [
            # a committee's meetings, upcoming and past.
            models.Index(fields=["committee", "starts_at"], name="meeting_committee_idx"),
        ]
        constraints = [
            # one meeting per date of the committee's regular schedule (the daily job and
            # the standing agency may both plan it).
            models.UniqueConstraint(
                fields=["committee", "slot"],
                condition=Q(slot__isnull=False),
                name="meeting_one_per_slot",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def permits(self, user, action: str) -> bool:
        if policy.is_system(user):
            return True
        if action in (policy.CHANGE, policy.DELETE):
            return policy.manages_committee(user, self.committee_id)
        return action == policy.VIEW and policy.is_signed_in(user)

    @property
    def date(self):
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()


class AgendaItem(models.Model):
    """One item of a meeting's agenda, with its presenting unit, documents and the opinions
    voiced on it. An item raised from an explanation request keeps the link (its history)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)
    presenting_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    documents = models.TextField(_("tài liệu"), blank=True)
    opinions = models.TextField(_("ý kiến tại phiên họp"), blank=True)
    explanation = models.ForeignKey(
        "explanations.ExplanationRequest",
        verbose_name=_("yêu cầu giải trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("nội dung phiên họp")
        verbose_name_plural = _("nội dung phiên họp")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One invitee of a meeting: a seat of the composition on the meeting date (with its
    holder as the register knew them), or a guest; the answer and the attendance recorded."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        ATTEND = "attend", _("Tham dự")
        DELEGATE = "delegate", _("Cử người dự thay")
        ABSENT = "absent", _("Vắng mặt")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Chưa ghi nhận")
        PRESENT = "present", _("Có mặt")
        DELEGATE = "delegate", _("Người dự thay")
        ABSENT_EXCUSED = "absent_excused", _("Vắng có lý do")
        ABSENT = "absent", _("Vắng không lý do")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    body = models.CharField(_("thuộc"), max_length=20, default="committee")
    seat_role = models.CharField(_("vai trò"), max_length=30, blank=True)
    seat_role_label = models.CharField(_("vai trò"), max_length=100, blank=True)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    unit_name = models.CharField(_("tên đơn vị"), max_length=300, blank=True)
    person = models.CharField(_("người được mời"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_guest = models.BooleanField(_("khách mời"), default=False)
    answer = models.CharField(
        _("trả lời"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    delegate_name = models.CharField(_("người dự thay"), max_length=200, blank=True)
    absence_reason = models.TextField(_("lý do vắng"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance = models.CharField(
        _("điểm danh"), max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN
    )

    class Meta:
        verbose_name = _("giấy mời")
        verbose_name_plural = _("giấy mời")
        ordering = ["meeting", "order", "id"]
        indexes = [
            # "my invitations": a unit's invitations to meetings.
            models.Index(fields=["unit", "meeting"], name="invitation_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="delegate") | ~Q(delegate_name=""),
                name="invitation_delegate_named",
                violation_error_message=_("Cử người dự thay cần nêu tên người dự thay."),
            ),
            models.CheckConstraint(
                condition=~Q(answer="absent") | ~Q(absence_reason=""),
                name="invitation_absence_has_reason",
                violation_error_message=_("Vắng mặt cần nêu lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat_role_label} {self.person or self.unit_name}".strip()

    @property
    def represented(self) -> bool:
        return self.attendance in (self.Attendance.PRESENT, self.Attendance.DELEGATE)


class AgendaFile(StoredFile):
    """A document of an agenda item (the presenting unit's report, a draft), served to those
    who may see the meeting."""

    upload_folder = "meetings"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tài liệu phiên họp")
        verbose_name_plural = _("tài liệu phiên họp")


class MinutesFile(StoredFile):
    """A file of a meeting's minutes (signed minutes, slides), served to those who may see
    the meeting."""

    upload_folder = "meetings"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tệp biên bản")
        verbose_name_plural = _("tệp biên bản")


class TaskNotice(models.Model):
    """What a conclusion that gives tasks records (abstract: a meeting's ConclusionNotice and
    an inspection's Conclusion, chidao.meetings.conclusions): its number and date as issued,
    and who entered it. Each concrete notice adds its `source` (`tasks.TaskSource`, under its
    own related name), whose document names the notice."""

    number = models.CharField(_("số, ký hiệu"), max_length=100)
    date = models.DateField(_("ngày ban hành"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number


class NumberedItem(models.Model):
    """A numbered item of a TaskNotice (abstract): its tasks carry `Mục N` as source clause.
    Each concrete item adds its `text` and its notice."""

    number = models.PositiveIntegerField(_("mục"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    @property
    def clause(self) -> str:
        return f"Mục {self.number}"


class ConclusionNotice(TaskNotice):
    """The conclusions notice (Thông báo kết luận) of a meeting. Its document is the tasks'
    source (`tasks.TaskSource`), so each task it gives names the notice and its item."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    source = models.OneToOneField(
        "tasks.TaskSource", on_delete=models.PROTECT, related_name="conclusion_notice"
    )

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")


class ConclusionItem(NumberedItem):
    """One numbered item of a conclusions notice; its tasks carry `Mục N` as source clause."""

    notice = models.ForeignKey(ConclusionNotice, on_delete=models.CASCADE, related_name="items")
    text = models.TextField(_("nội dung kết luận"))

    class Meta:
        verbose_name = _("mục kết luận")
        verbose_name_plural = _("mục kết luận")
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="conclusion_item_unique")
        ]


class CalendarToken(models.Model):
    """The secret in the URL of a user's iCalendar feed (meetings and the unit's deadlines),
    so a phone or Outlook can subscribe without signing in. Only its SHA-256 is stored (the
    address is shown once); revoking deletes the row, and a new address replaces the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa lịch")
        verbose_name_plural = _("khóa lịch")

    def __str__(self) -> str:
        return f"{self.user_id}"


class MeetingSchedule(models.Model):
    """A committee's regular meetings (its operating regulation's "họp định kỳ"): a cadence
    and a rule giving the date in each period, e.g. quarterly, on the Thursday of the third
    week of the period's last month. The dates are computed (`chidao.meetings.schedule`);
    each regular meeting planned from the schedule keeps its date as `Meeting.slot`, and the
    daily job plans the next one `lead_days` ahead."""

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        HALF_YEARLY = "half_yearly", _("6 tháng một lần")
        YEARLY = "yearly", _("Hằng năm")

    committee = models.OneToOneField(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="meeting_schedule",
    )
    cadence = models.CharField(
        _("định kỳ"), max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    month_of_period = models.PositiveSmallIntegerField(
        _("tháng trong kỳ"), default=3, help_text=_("1 là tháng đầu của kỳ.")
    )
    week = models.PositiveSmallIntegerField(
        _("tuần trong tháng"), default=3, help_text=_("1 đến 4; 5 là tuần cuối của tháng.")
    )
    weekday = models.PositiveSmallIntegerField(_("thứ"), default=3, help_text=_("0 là thứ Hai."))
    time = models.TimeField(_("giờ họp"), default=dt.time(8, 0))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    chair_role = models.CharField(_("chủ trì"), max_length=30, default="head")
    lead_days = models.PositiveSmallIntegerField(
        _("lên lịch trước (ngày)"),
        default=30,
        help_text=_("Hệ thống tự lên lịch dự kiến phiên họp định kỳ trước số ngày này."),
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)
    synthetic = models.BooleanField(
        _("dữ liệu mô phỏng"),
        default=False,
        help_text=_("Lịch trình diễn: các phiên họp lên lịch từ đó cũng là dữ liệu mô phỏng."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch họp định kỳ")
        verbose_name_plural = _("lịch họp định kỳ")

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.get_cadence_display()}"
