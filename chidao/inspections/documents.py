"""The inspection's Decree-30 documents, laid out by chidao.officialdocs and issued in the
committee's name, signed as the register records on the document's date: the plan (Kế hoạch
kiểm tra, template "bao-cao" titled KẾ HOẠCH, symbol KH) and a unit's conclusion (Thông báo
kết luận kiểm tra, template "thong-bao", symbol TB)."""

from docx.shared import Mm

from chidao.core.dates import vn_date
from chidao.inspections.models import Conclusion, Finding, Inspection
from chidao.officialdocs import register
from chidao.officialdocs.word import OfficialDocument

SYNTHETIC = "[DỮ LIỆU MÔ PHỎNG — không phải văn bản thật]"


def plan_docx(inspection: Inspection) -> bytes:
    on = inspection.issued_on or inspection.starts_on
    committee = inspection.committee
    doc = OfficialDocument.open(
        "bao-cao",
        letterhead=register.committee_letterhead(
            committee, on=on, kind="KH", number=inspection.number
        ),
        signature=register.committee_signature(committee, on=on),
        recipients=["Thành viên Ban Chỉ đạo", "Các đơn vị được kiểm tra", "Lưu: VT"],
        title="Kế hoạch",
        subject=inspection.title,
    )
    if inspection.synthetic:
        doc.paragraph(SYNTHETIC)
    doc.heading("I. MỤC ĐÍCH, YÊU CẦU")
    doc.paragraph(
        inspection.purpose
        or "Kiểm tra, đánh giá việc thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số của "
        "các cơ quan, đơn vị; kịp thời phát hiện, chấn chỉnh tồn tại, hạn chế và tháo gỡ khó "
        "khăn, vướng mắc."
    )
    doc.heading("II. NỘI DUNG KIỂM TRA")
    if inspection.criteria_set_id:
        doc.paragraph(f"Theo {inspection.criteria_set.name}:")
    for item in inspection.checklist.all():
        doc.paragraph(f"{item.code}. {item.text}.")
    doc.heading("III. ĐƠN VỊ, THỜI GIAN KIỂM TRA")
    doc.paragraph(
        f"Thời gian: từ ngày {vn_date(inspection.starts_on)} đến ngày "
        f"{vn_date(inspection.ends_on)}.",
        keep_with_next=True,
    )
    rows = [
        [str(n), u.unit_name, vn_date(u.scheduled_on)]
        for n, u in enumerate(inspection.units.order_by("scheduled_on", "order"), start=1)
    ]
    doc.table(
        ["STT", "Đơn vị được kiểm tra", "Ngày kiểm tra"], rows, widths=[Mm(13), Mm(112), Mm(40)]
    )
    doc.heading("IV. THÀNH PHẦN ĐOÀN KIỂM TRA")
    team = [
        [str(n), m.get_role_display(), m.person or "", m.position or m.unit_name]
        for n, m in enumerate(inspection.team.all(), start=1)
    ]
    doc.table(
        ["STT", "Nhiệm vụ", "Họ và tên", "Chức vụ, đơn vị"],
        team or [["", "", "", ""]],
        widths=[Mm(13), Mm(35), Mm(45), Mm(72)],
    )
    doc.heading("V. TỔ CHỨC THỰC HIỆN")
    doc.paragraph(
        "Các đơn vị được kiểm tra chuẩn bị báo cáo tự kiểm tra và tài liệu kiểm chứng theo danh "
        "mục trên, gửi qua hệ thống chidao trước ngày kiểm tra; bố trí lãnh đạo đơn vị làm việc "
        "với Đoàn kiểm tra./."
    )
    return doc.to_bytes()


def conclusion_docx(conclusion: Conclusion) -> bytes:
    inspected = conclusion.inspected
    inspection = inspected.inspection
    committee = inspection.committee
    doc = OfficialDocument.open(
        "thong-bao",
        letterhead=register.committee_letterhead(
            committee, on=conclusion.date, kind="TB", number=conclusion.number
        ),
        signature=register.committee_signature(committee, on=conclusion.date),
        recipients=[inspected.unit_name, "Thành viên Ban Chỉ đạo", "Lưu: VT"],
        title="Thông báo",
        subject=(
            "Kết luận kiểm tra công tác cải cách hành chính, chuyển đổi số tại "
            f"{inspected.unit_name}"
        ),
    )
    if inspection.synthetic:
        doc.paragraph(SYNTHETIC)
    plan = f" số {inspection.number}" if inspection.number else ""
    doc.paragraph(
        f"Thực hiện Kế hoạch kiểm tra{plan} ({inspection.title}), ngày "
        f"{vn_date(inspected.scheduled_on)} Đoàn kiểm tra của {committee.name} đã làm việc với "
        f"{inspected.unit_name}. Kết quả kiểm tra như sau:"
    )
    findings = list(inspected.findings.select_related("item").order_by("item__order", "item_id"))
    rows = [[f.item.code, f.item.text, f.get_result_display(), f.note] for f in findings]
    doc.table(
        ["Mục", "Nội dung kiểm tra", "Kết quả", "Nhận xét"],
        rows or [["", "", "", ""]],
        widths=[Mm(15), Mm(65), Mm(28), Mm(57)],
    )
    counts = {r: sum(f.result == r for f in findings) for r in Finding.Result.values}
    doc.paragraph(
        f"Tổng hợp: {counts['compliant']} mục đạt, {counts['partial']} mục đạt một phần, "
        f"{counts['not_compliant']} mục không đạt."
    )
    if conclusion.summary:
        doc.paragraph(conclusion.summary)
    remedies = list(conclusion.remedies.all())
    if remedies:
        doc.paragraph(
            f"Yêu cầu {inspected.unit_name} khắc phục các nội dung sau:", keep_with_next=True
        )
        for remedy in remedies:
            doc.paragraph(f"{remedy.number}. {remedy.text} Thời hạn: {vn_date(remedy.deadline)}.")
    doc.paragraph(
        "Đơn vị báo cáo kết quả khắc phục qua hệ thống chidao theo từng nhiệm vụ được giao./."
    )
    return doc.to_bytes()
