"""The standing agency's submission (TỜ TRÌNH) proposing commendation and criticism from the
results of an evaluation cycle."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.evaluation import selectors
from chidao.evaluation.models import EvaluationCycle, UnitGroup
from chidao.evaluation.services import EvaluationError
from chidao.units.models import Unit


def _today() -> dt.date:
    return timezone.localdate()


def proposals_docx(
    cycle: EvaluationCycle,
    *,
    today: dt.date | None = None,
    issuer_unit: Unit | None = None,
    number: str = "",
    signer_name: str = "",
    signer_title: str = "",
) -> bytes:
    """The standing agency's submission (TỜ TRÌNH) to the head of the committee proposing
    commendation and criticism, in the Decree 30/2020 format, with a table of units and
    grounds for each list. A preview (before approval) is marked as a draft."""
    from docx.shared import Mm, Pt

    from chidao.core import docx_format as fmt
    from chidao.core.dates import vn_date
    from chidao.urging.letters import (
        abbreviation,
        authority_prefix,
        default_signer_title,
        governing_body_lines,
        place_of,
        standing_agency_for,
    )

    today = today or _today()
    committee = cycle.committee
    agency = standing_agency_for(committee, today, preferred_unit=issuer_unit)
    issuer = issuer_unit or (agency.unit if agency else committee.issuing_body)
    if issuer is None:
        raise EvaluationError(_("Ban Chỉ đạo chưa có cơ quan thường trực."), status=409)
    parent = issuer.parent if issuer.parent_id else committee.issuing_body
    if parent is not None and parent.pk == issuer.pk:
        parent = None
    symbol = f"TTr-{abbreviation(issuer.name)}"
    number_symbol = (
        f"Số: {number.strip()}" if "/" in number else f"Số: {number.strip() or ' ' * 6}/{symbol}"
    )
    lists = selectors.proposal_lists(cycle)
    results = {row["unit_id"]: row for row in selectors.cycle_results(cycle)}

    doc = fmt.new_document()
    fmt.header_block(
        doc, governing_body_lines(parent), issuer.name, number_symbol, place_of(issuer), today
    )
    fmt.title(
        doc,
        "TỜ TRÌNH",
        f"Về việc đề nghị khen thưởng, phê bình theo kết quả {cycle.name}",
    )
    if lists["preview"]:
        fmt.centred_paragraph(
            doc, "(Dự thảo — kết quả chưa được Ban Chỉ đạo phê duyệt)", italic=True
        )
    greeting = fmt.centred_paragraph(doc, f"Kính gửi: Trưởng {committee.name}.", space_before=Pt(6))
    greeting.paragraph_format.space_after = Pt(12)
    remit = f" về {agency.get_domain_display()}" if agency and agency.unit_id == issuer.pk else ""
    counts = {}
    for row in results.values():
        counts[row["group"]] = counts.get(row["group"], 0) + 1
    covered = "; ".join(
        f"{n} đơn vị nhóm {UnitGroup(group).label.lower()}" for group, n in sorted(counts.items())
    )
    fmt.body_paragraph(
        doc,
        f"Thực hiện chức năng cơ quan thường trực{remit} của {committee.name}, {issuer.name} "
        f"đã tổ chức {cycle.name} ({covered}), gồm các bước đơn vị tự chấm điểm kèm tài liệu "
        "kiểm chứng, thẩm định của cơ quan thường trực và tính điểm các tiêu chí từ dữ liệu theo "
        f"dõi nhiệm vụ, báo cáo định kỳ với số liệu chốt đến ngày {vn_date(cycle.cut_off)}.",
    )
    fmt.body_paragraph(
        doc,
        f"Căn cứ kết quả đánh giá và quy định về khen thưởng, phê bình, {issuer.name} kính "
        f"trình Trưởng Ban Chỉ đạo xem xét khen thưởng, phê bình các tập thể sau:",
    )
    widths = [Mm(12), Mm(48), Mm(20), Mm(18), Mm(67)]
    headers = ["STT", "Đơn vị", "Điểm", "Xếp hạng", "Căn cứ đề nghị"]

    def rows_of(items):
        rows = []
        for index, item in enumerate(items, start=1):
            result = results.get(item["unit_id"])
            name = item["unit_name"]
            if item.get("person_name"):
                name = f"{item['person_name']} ({name})"
            rows.append(
                [
                    str(index),
                    name,
                    f"{selectors.fmt_points(result['total'])}/{selectors.fmt_points(result['max_total'])}"
                    if result
                    else "",
                    f"{result['rank']}/{result['group_size']}" if result else "",
                    item["grounds"],
                ]
            )
        return rows or [["", "Không có đơn vị nào.", "", "", ""]]

    fmt.body_paragraph(doc, "I. ĐỀ NGHỊ KHEN THƯỞNG", bold=True)
    fmt.data_table(doc, headers, rows_of(lists["commendation"]), widths)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    fmt.body_paragraph(doc, "II. ĐỀ NGHỊ PHÊ BÌNH", bold=True)
    fmt.data_table(doc, headers, rows_of(lists["criticism"]), widths)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    fmt.body_paragraph(
        doc,
        f"Kết quả chấm điểm chi tiết từng tiêu chí của từng đơn vị được lưu trên hệ thống chidao. "
        f"{issuer.name} kính trình Trưởng Ban Chỉ đạo xem xét, quyết định./.",
    )
    signer_title = (signer_title or default_signer_title(issuer)).upper()
    table = fmt.signature_block(doc, authority_prefix(signer_title), signer_title, signer_name)
    fmt.recipients(
        doc,
        [
            "Như trên",
            "Các Phó Trưởng Ban Chỉ đạo",
            "Các đơn vị được đánh giá",
            "Lưu: VT",
        ],
        beside=table,
    )
    return fmt.to_bytes(doc)
