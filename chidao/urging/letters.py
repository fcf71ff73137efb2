"""The urging letter (văn bản đôn đốc): an official letter (công văn) from the committee's
standing agency to a unit, listing its overdue and due-soon tasks and asking for a written
explanation of the delays. Rendered as Word in the Decree 30/2020 format."""

import datetime as dt
import re
import unicodedata

from django.utils import timezone
from docx.shared import Mm, Pt

from chidao.committees.models import Committee, StandingAgency
from chidao.core import docx_format as fmt
from chidao.core.dates import vn_date
from chidao.core.text import fold
from chidao.tasks.models import Task
from chidao.tasks.status import Status, with_status
from chidao.units.models import Unit

# The field an official letter's symbol names after the issuer ("12/SNV-CCHC").
DOMAIN_FIELD = {
    StandingAgency.Domain.ADMINISTRATIVE_REFORM: "CCHC",
    StandingAgency.Domain.DIGITAL_TRANSFORMATION: "CĐS",
    StandingAgency.Domain.ALL: "",
}
# Words left out of an abbreviation ("Sở Thông tin và Truyền thông" → "STTTT").
_SKIPPED_WORDS = {"và", "của"}
# Days given to the unit to answer in writing.
ANSWER_WITHIN_DAYS = 7


def abbreviation(name: str) -> str:
    """Initials in capitals, as Vietnamese issuers abbreviate: 'Sở Nội vụ' → 'SNV',
    'Ủy ban nhân dân' → 'UBND', 'Ban Chỉ đạo' → 'BCĐ'; an Office ('Văn phòng …') is 'VP'."""
    if fold(name).startswith("van phong"):
        return "VP"
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in _SKIPPED_WORDS]
    # The initial without its tone and vowel marks (Ủ → U); Đ is a letter of its own.
    initials = [unicodedata.normalize("NFD", w[0].upper())[0] for w in words if w[0].isalpha()]
    return "".join(initials)


def place_of(unit: Unit | None) -> str:
    """'Hà Nội' for any unit of Thành phố Hà Nội (the place in the date line)."""
    province = unit.province if unit is not None and unit.province_id else unit
    name = province.name if province is not None else ""
    for prefix in ("Thành phố ", "Tỉnh ", "thành phố ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name or "Hà Nội"


def governing_body_lines(unit: Unit | None) -> str:
    """'ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI': the body the issuer belongs to, on two lines."""
    if unit is None:
        return ""
    name = unit.name.upper()
    for marker in (" THÀNH PHỐ ", " TỈNH ", " QUẬN ", " HUYỆN ", " XÃ ", " PHƯỜNG "):
        if marker in name:
            head, tail = name.split(marker, 1)
            return f"{head}\n{marker.strip()} {tail}"
    return name


def standing_agency_for(committee: Committee, on: dt.date, preferred_unit: Unit | None = None):
    """The standing agency issuing in the committee's name: the preferred unit when it is one
    (the user's own unit), else the current version's (whole remit first, then reform)."""
    agencies = list(
        StandingAgency.objects.filter(version__committee=committee, version__effective_from__lte=on)
        .select_related("unit__parent", "unit__province", "version")
        .order_by("-version__effective_from", "domain")
    )
    if not agencies:
        agencies = list(
            StandingAgency.objects.filter(version__committee=committee)
            .select_related("unit__parent", "unit__province", "version")
            .order_by("version__effective_from", "domain")
        )
    if preferred_unit is not None:
        for agency in agencies:
            if agency.unit_id == preferred_unit.pk:
                return agency
    if not agencies:
        return None
    latest = [a for a in agencies if a.version_id == agencies[0].version_id]
    order = [
        StandingAgency.Domain.ALL,
        StandingAgency.Domain.ADMINISTRATIVE_REFORM,
        StandingAgency.Domain.DIGITAL_TRANSFORMATION,
    ]
    return sorted(latest, key=lambda a: order.index(a.domain) if a.domain in order else 9)[0]


def default_signer_title(unit: Unit | None) -> str:
    """A deputy signs urging letters for the head of the issuing agency."""
    key = fold(unit.name) if unit is not None else ""
    if key.startswith("van phong"):
        return "PHÓ CHÁNH VĂN PHÒNG"
    if key.startswith("so "):
        return "PHÓ GIÁM ĐỐC"
    if key.startswith("ban "):
        return "PHÓ TRƯỞNG BAN"
    return "PHÓ THỦ TRƯỞNG CƠ QUAN"


def authority_prefix(signer_title: str) -> str:
    """'PHÓ GIÁM ĐỐC' signs 'KT. GIÁM ĐỐC' (for the head); the head signs without prefix."""
    title = signer_title.strip().upper()
    if title.startswith("PHÓ "):
        return f"KT. {title[4:]}"
    return ""


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
    signer_name: str = "",
    signer_title: str = "",
) -> bytes:
    """The urging letter as a .docx.

    number: "12" (the issuer's symbol is added) or a whole "12/SNV-CCHC"; empty leaves the
    number blank for the clerk to fill in when the letter is registered.
    """
    today = today or timezone.localdate()
    agency = standing_agency_for(committee, today, preferred_unit=issuer_unit)
    issuer = issuer_unit or (agency.unit if agency else committee.issuing_body)
    if issuer is None:
        raise ValueError("Ban Chỉ đạo chưa có cơ quan thường trực hay cơ quan ban hành.")
    field = DOMAIN_FIELD.get(agency.domain, "") if agency and agency.unit_id == issuer.pk else ""
    parent = issuer.parent if issuer.parent_id else committee.issuing_body
    if parent is not None and parent.pk == issuer.pk:
        parent = None
    symbol = abbreviation(issuer.name) + (f"-{field}" if field else "")
    if "/" in number:
        number_symbol = f"Số: {number.strip()}"
    else:
        number_symbol = f"Số: {number.strip() or ' ' * 6}/{symbol}"

    tasks = tasks_to_urge(committee, unit, today)
    overdue = [t for t in tasks if t.status == Status.OVERDUE]
    soon = [t for t in tasks if t.status == Status.DUE_SOON]

    doc = fmt.new_document()
    fmt.header_block(
        doc,
        governing_body_lines(parent),
        issuer.name,
        number_symbol,
        place_of(issuer),
        today,
        summary="V/v đôn đốc thực hiện nhiệm vụ",
    )
    greeting = fmt.centred_paragraph(doc, f"Kính gửi: {unit.name}.", space_before=Pt(18))
    greeting.paragraph_format.space_after = Pt(12)

    remit = f" về {agency.get_domain_display()}" if agency and field else ""
    if tasks:
        standing = (
            f"{unit.name} còn {len(overdue)} nhiệm vụ quá hạn và {len(soon)} nhiệm vụ sắp "
            "đến hạn chưa hoàn thành, cụ thể như sau:"
        )
    else:
        standing = f"{unit.name} không có nhiệm vụ quá hạn hoặc sắp đến hạn."
    fmt.body_paragraph(
        doc,
        f"Thực hiện chức năng cơ quan thường trực{remit} của {committee.name}, "
        f"{issuer.name} theo dõi, đôn đốc việc thực hiện các nhiệm vụ Ban Chỉ đạo giao. "
        f"Tính đến ngày {vn_date(today)}, {standing}",
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
    fmt.data_table(
        doc,
        ["STT", "Nhiệm vụ", "Văn bản giao", "Hạn", "Tình trạng", "Số ngày quá hạn"],
        rows,
        widths=[Mm(13), Mm(51), Mm(30), Mm(25), Mm(25), Mm(21)],
    )
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    answer_by = vn_date(today + dt.timedelta(days=ANSWER_WITHIN_DAYS))
    fmt.body_paragraph(
        doc,
        f"Để bảo đảm tiến độ theo chỉ đạo của Ban Chỉ đạo, {issuer.name} đề nghị "
        f"{unit.name} khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu trên. Đối với các "
        "nhiệm vụ đã quá hạn, đề nghị đơn vị báo cáo giải trình bằng văn bản, nêu rõ nguyên "
        "nhân chậm trễ, giải pháp khắc phục và thời hạn hoàn thành, gửi về "
        f"{issuer.name} trước ngày {answer_by} để tổng hợp, báo cáo Trưởng Ban Chỉ đạo.",
    )
    fmt.body_paragraph(doc, f"Đề nghị {unit.name} quan tâm, thực hiện./.")

    signer_title = (signer_title or default_signer_title(issuer)).upper()
    table = fmt.signature_block(doc, authority_prefix(signer_title), signer_title, signer_name)
    fmt.recipients(
        doc,
        ["Như trên", "Trưởng Ban Chỉ đạo (để báo cáo)", "Lưu: VT"],
        beside=table,
    )
    return fmt.to_bytes(doc)
