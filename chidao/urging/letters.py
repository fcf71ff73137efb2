"""The urging letter (văn bản đôn đốc): an official letter (công văn) from the committee's
standing agency to a unit, listing its overdue and due-soon tasks and asking for a written
explanation of the delays. Laid out by chidao.officialdocs (template "cong-van"), signed by
the head of the issuing agency as the register records on the letter's date."""

import datetime as dt

from django.utils import timezone
from docx.shared import Mm

from chidao.committees.models import Committee
from chidao.core.dates import vn_date
from chidao.officialdocs import register
from chidao.officialdocs.word import OfficialDocument
from chidao.tasks.models import Task
from chidao.tasks.status import Status, with_status
from chidao.units.models import Unit

# Days given to the unit to answer in writing.
ANSWER_WITHIN_DAYS = 7


def tasks_to_urge(committee: Committee, unit: Unit, today: dt.date) -> list[Task]:
    """The unit's open tasks of the committee that are overdue or due soon, overdue first."""
    queryset = with_status(
        Task.objects.filter(
            committee=committee,
            lead_unit=unit,
            completed_on__isnull=True,
            cancelled_on__isnull=True,
        ),
        today,
    ).filter(status__in=[Status.OVERDUE, Status.DUE_SOON])
    return list(queryset.select_related("source__document").order_by("deadline", "id"))


def _source_label(task: Task) -> str:
    if task.source_id is None:
        return task.source_clause
    label = str(task.source.document)
    return f"{label}, {task.source_clause}" if task.source_clause else label


def urging_letter_docx(
    *,
    committee: Committee,
    unit: Unit,
    today: dt.date | None = None,
    issuer_unit: Unit | None = None,
    number: str = "",
) -> bytes:
    """The urging letter as a .docx.

    number: "12" (the issuer's symbol is added) or a whole "12/SNV-CCHC"; empty leaves the
    number blank for the clerk to fill in when the letter is registered.
    """
    today = today or timezone.localdate()
    agency = register.standing_agency_for(committee, today, preferred_unit=issuer_unit)
    issuer = issuer_unit or (agency.unit if agency else committee.issuing_body)
    if issuer is None:
        raise ValueError("Ban Chỉ đạo chưa có cơ quan thường trực hay cơ quan ban hành.")
    own = agency is not None and agency.unit_id == issuer.pk
    field = register.DOMAIN_FIELD.get(agency.domain, "") if own else ""

    tasks = tasks_to_urge(committee, unit, today)
    overdue = [t for t in tasks if t.status == Status.OVERDUE]
    soon = [t for t in tasks if t.status == Status.DUE_SOON]

    doc = OfficialDocument.open(
        "cong-van",
        letterhead=register.unit_letterhead(
            issuer,
            committee=committee,
            on=today,
            field=field,
            number=number,
            summary="V/v đôn đốc thực hiện nhiệm vụ",
        ),
        signature=register.unit_signature(issuer, on=today),
        recipients=["Như trên", "Trưởng Ban Chỉ đạo (để báo cáo)", "Lưu: VT"],
        addressee=f"{unit.name}.",
    )
    remit = f" về {agency.get_domain_display()}" if agency and field else ""
    if tasks:
        standing = (
            f"{unit.name} còn {len(overdue)} nhiệm vụ quá hạn và {len(soon)} nhiệm vụ sắp "
            "đến hạn chưa hoàn thành, cụ thể như sau:"
        )
    else:
        standing = f"{unit.name} không có nhiệm vụ quá hạn hoặc sắp đến hạn."
    doc.paragraph(
        f"Thực hiện chức năng cơ quan thường trực{remit} của {committee.name}, "
        f"{issuer.name} theo dõi, đôn đốc việc thực hiện các nhiệm vụ Ban Chỉ đạo giao. "
        f"Tính đến ngày {vn_date(today)}, {standing}",
        keep_with_next=True,
    )
    rows = [
        [
            str(index),
            task.title,
            _source_label(task),
            vn_date(task.deadline),
            Status(task.status).label,
            str((today - task.deadline).days) if task.status == Status.OVERDUE else "",
        ]
        for index, task in enumerate(tasks, start=1)
    ]
    if not rows:
        rows = [["", "Không có nhiệm vụ quá hạn hoặc sắp đến hạn.", "", "", "", ""]]
    doc.table(
        ["STT", "Nhiệm vụ", "Văn bản giao", "Hạn", "Tình trạng", "Số ngày quá hạn"],
        rows,
        widths=[Mm(13), Mm(51), Mm(30), Mm(25), Mm(25), Mm(21)],
    )
    answer_by = vn_date(today + dt.timedelta(days=ANSWER_WITHIN_DAYS))
    doc.paragraph(
        f"Để bảo đảm tiến độ theo chỉ đạo của Ban Chỉ đạo, {issuer.name} đề nghị "
        f"{unit.name} khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu trên. Đối với các "
        "nhiệm vụ đã quá hạn, đề nghị đơn vị báo cáo giải trình bằng văn bản, nêu rõ nguyên "
        "nhân chậm trễ, giải pháp khắc phục và thời hạn hoàn thành, gửi về "
        f"{issuer.name} trước ngày {answer_by} để tổng hợp, báo cáo Trưởng Ban Chỉ đạo.",
    )
    doc.paragraph(f"Đề nghị {unit.name} quan tâm, thực hiện./.")
    return doc.to_bytes()
