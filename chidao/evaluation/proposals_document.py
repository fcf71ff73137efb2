"""The standing agency's submission (TỜ TRÌNH) proposing commendation and criticism from the
results of an evaluation cycle. Laid out by chidao.officialdocs (template "to-trinh"),
signed by the head of the issuing agency as the register records on the document's date."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.shared import Mm

from chidao.core.dates import vn_date
from chidao.evaluation import selectors
from chidao.evaluation.models import EvaluationCycle, UnitGroup
from chidao.evaluation.services import EvaluationError
from chidao.officialdocs import register
from chidao.officialdocs.word import OfficialDocument
from chidao.units.models import Unit

HEADERS = ["STT", "Đơn vị", "Điểm", "Xếp hạng", "Căn cứ đề nghị"]
WIDTHS = [Mm(12), Mm(48), Mm(20), Mm(18), Mm(67)]


def _today() -> dt.date:
    return timezone.localdate()


def proposals_docx(
    cycle: EvaluationCycle,
    *,
    today: dt.date | None = None,
    issuer_unit: Unit | None = None,
    number: str = "",
) -> bytes:
    """The standing agency's submission (TỜ TRÌNH) to the head of the committee proposing
    commendation and criticism, in the Decree 30/2020 format, with a table of units and
    grounds for each list. A preview (before approval) is marked as a draft."""
    today = today or _today()
    committee = cycle.committee
    agency = register.standing_agency_for(committee, today, preferred_unit=issuer_unit)
    issuer = issuer_unit or (agency.unit if agency else committee.issuing_body)
    if issuer is None:
        raise EvaluationError(_("Ban Chỉ đạo chưa có cơ quan thường trực."), status=409)
    lists = selectors.proposal_lists(cycle)
    results = {row["unit_id"]: row for row in selectors.cycle_results(cycle)}

    doc = OfficialDocument.open(
        "to-trinh",
        letterhead=register.unit_letterhead(
            issuer, committee=committee, on=today, kind="TTr", number=number
        ),
        signature=register.unit_signature(issuer, on=today),
        recipients=[
            "Như trên",
            "Các Phó Trưởng Ban Chỉ đạo",
            "Các đơn vị được đánh giá",
            "Lưu: VT",
        ],
        title="TỜ TRÌNH",
        subject=f"Về việc đề nghị khen thưởng, phê bình theo kết quả {cycle.name}",
        addressee=f"Trưởng {committee.name}.",
    )
    if lists["preview"]:
        doc.centred("(Dự thảo — kết quả chưa được Ban Chỉ đạo phê duyệt)", italic=True)
    remit = f" về {agency.get_domain_display()}" if agency and agency.unit_id == issuer.pk else ""
    counts = {}
    for row in results.values():
        counts[row["group"]] = counts.get(row["group"], 0) + 1
    covered = "; ".join(
        f"{n} đơn vị nhóm {UnitGroup(group).label.lower()}" for group, n in sorted(counts.items())
    )
    doc.paragraph(
        f"Thực hiện chức năng cơ quan thường trực{remit} của {committee.name}, {issuer.name} "
        f"đã tổ chức {cycle.name} ({covered}), gồm các bước đơn vị tự chấm điểm kèm tài liệu "
        "kiểm chứng, thẩm định của cơ quan thường trực và tính điểm các tiêu chí từ dữ liệu theo "
        f"dõi nhiệm vụ, báo cáo định kỳ với số liệu chốt đến ngày {vn_date(cycle.cut_off)}.",
    )
    doc.paragraph(
        f"Căn cứ kết quả đánh giá và quy định về khen thưởng, phê bình, {issuer.name} kính "
        f"trình Trưởng Ban Chỉ đạo xem xét khen thưởng, phê bình các tập thể sau:",
    )

    def rows_of(items):
        rows = []
        for index, item in enumerate(items, start=1):
            result = results.get(item["unit_id"])
            name = item["unit_name"]
            if item.get("person_name"):
                name = f"{item['person_name']} ({name})"
            points = (
                f"{selectors.fmt_points(result['total'])}/{selectors.fmt_points(result['max_total'])}"
                if result
                else ""
            )
            rank = f"{result['rank']}/{result['group_size']}" if result else ""
            rows.append([str(index), name, points, rank, item["grounds"]])
        return rows or [["", "Không có đơn vị nào.", "", "", ""]]

    doc.heading("I. ĐỀ NGHỊ KHEN THƯỞNG")
    doc.table(HEADERS, rows_of(lists["commendation"]), WIDTHS, left_columns=(1, 4))
    doc.heading("II. ĐỀ NGHỊ PHÊ BÌNH")
    doc.table(HEADERS, rows_of(lists["criticism"]), WIDTHS, left_columns=(1, 4))
    doc.paragraph(
        "Kết quả chấm điểm chi tiết từng tiêu chí của từng đơn vị được lưu trên hệ thống theo "
        f"dõi, đánh giá. {issuer.name} kính trình Trưởng Ban Chỉ đạo xem xét, quyết định./.",
    )
    return doc.to_bytes()
