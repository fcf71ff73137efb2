"""The meeting's Decree-30 documents, laid out by chidao.officialdocs: the invitation (Giấy
mời, template "giay-moi") and the conclusions notice (Thông báo kết luận, "thong-bao"), both
issued in the committee's name and signed as the register records on the document's date
(the standing deputy head for the head, else the head)."""

from django.utils import timezone
from docx.shared import Mm

from chidao.core.dates import vn_date
from chidao.meetings.models import Meeting
from chidao.officialdocs import register
from chidao.officialdocs.word import OfficialDocument

SYNTHETIC = "[DỮ LIỆU MÔ PHỎNG — không phải văn bản thật]"


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"{local:%H} giờ {local:%M}, {vn_date(local.date())}"


def invitation_docx(meeting: Meeting, invitations) -> bytes:
    on = meeting.invited_on or timezone.localdate()
    doc = OfficialDocument.open(
        "giay-moi",
        letterhead=register.committee_letterhead(
            meeting.committee, on=on, kind="GM", number=meeting.invitation_number
        ),
        signature=register.committee_signature(meeting.committee, on=on),
        recipients=["Như thành phần mời", "Lưu: VT"],
        title="Giấy mời",
        subject=meeting.title,
    )
    if meeting.synthetic:
        doc.paragraph(SYNTHETIC)
    chair = meeting.chair_person or "…"
    doc.paragraph(
        f"{meeting.committee.name} tổ chức {meeting.title}. "
        f"Chủ trì: {meeting.chair_position or 'Trưởng Ban Chỉ đạo'} {chair}.",
    )
    doc.paragraph("Thành phần mời:", keep_with_next=True)
    rows = [
        [str(i), inv.seat_role_label, inv.person or "", inv.position or inv.unit_name]
        for i, inv in enumerate(invitations, start=1)
    ]
    doc.table(
        ["STT", "Vai trò", "Họ và tên", "Chức vụ, đơn vị"],
        rows or [["", "", "", ""]],
        widths=[Mm(13), Mm(40), Mm(45), Mm(67)],
    )
    doc.paragraph(f"Thời gian: {_when(meeting)}.")
    place = meeting.place or ""
    if meeting.online_link:
        place = f"{place} (trực tuyến: {meeting.online_link})".strip()
    doc.paragraph(f"Địa điểm: {place or '…'}.")
    agenda = list(meeting.agenda.select_related("presenting_unit"))
    if agenda:
        doc.paragraph("Nội dung:", keep_with_next=True)
        for item in agenda:
            presenter = f" ({item.presenting_unit.name} trình bày)" if item.presenting_unit else ""
            doc.paragraph(f"{item.order}. {item.title}{presenter}.")
    doc.paragraph(
        "Đề nghị các đồng chí sắp xếp thời gian tham dự; trường hợp vắng mặt, đề nghị cử người "
        "dự thay hoặc báo lý do vắng qua hệ thống chidao./."
    )
    return doc.to_bytes()


def conclusions_docx(meeting: Meeting) -> bytes:
    notice = meeting.conclusions
    doc = OfficialDocument.open(
        "thong-bao",
        letterhead=register.committee_letterhead(
            meeting.committee, on=notice.date, kind="TB", number=notice.number
        ),
        signature=register.committee_signature(meeting.committee, on=notice.date),
        recipients=["Thành viên Ban Chỉ đạo", "Các đơn vị được giao nhiệm vụ", "Lưu: VT"],
        title="Thông báo",
        subject=f"Kết luận của {meeting.chair_position or 'Trưởng Ban Chỉ đạo'} tại "
        f"{meeting.title}",
    )
    if meeting.synthetic:
        doc.paragraph(SYNTHETIC)
    local = timezone.localtime(meeting.starts_at)
    doc.paragraph(
        f"Ngày {vn_date(local.date())}, {meeting.committee.name} tổ chức {meeting.title} "
        f"do {meeting.chair_position or 'Trưởng Ban Chỉ đạo'} {meeting.chair_person} chủ trì. "
        f"Sau khi nghe báo cáo và ý kiến của các thành viên, "
        f"{meeting.chair_position or 'Trưởng Ban Chỉ đạo'} kết luận như sau:"
    )
    tasks_by_clause = {t.source_clause: t for t in notice.source.tasks.select_related("lead_unit")}
    for item in notice.items.all():
        task = tasks_by_clause.get(item.clause)
        suffix = ""
        if task is not None:
            suffix = f" Giao {task.lead_unit.name} chủ trì; thời hạn: {vn_date(task.deadline)}."
        doc.paragraph(f"{item.number}. {item.text}{suffix}")
    doc.paragraph("Văn phòng thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    return doc.to_bytes()
