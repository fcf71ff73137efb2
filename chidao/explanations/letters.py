"""The explanation request as an official letter (công văn, Decree 30): from the committee's
standing agency to the unit, naming the subject, the reason and the date the written answer is
due. Laid out by chidao.officialdocs (template "cong-van"), signed by the head of the issuing
agency as the register records on the request's date."""

from chidao.core.dates import vn_date
from chidao.explanations.models import ExplanationRequest
from chidao.explanations.subjects import subject_kind
from chidao.officialdocs import register
from chidao.officialdocs.word import OfficialDocument


def request_letter_docx(request: ExplanationRequest) -> bytes:
    committee, unit, on = request.committee, request.unit, request.issued_on
    agency = register.standing_agency_for(committee, on, preferred_unit=request.issuing_unit)
    issuer = request.issuing_unit or (agency.unit if agency else committee.issuing_body)
    if issuer is None:
        raise ValueError("Ban Chỉ đạo chưa có cơ quan thường trực hay cơ quan ban hành.")
    own = agency is not None and agency.unit_id == issuer.pk
    field = register.DOMAIN_FIELD.get(agency.domain, "") if own else ""
    kind = subject_kind(request.subject_kind)
    label = str(kind.label).lower() if kind else ""
    doc = OfficialDocument.open(
        "cong-van",
        letterhead=register.unit_letterhead(
            issuer,
            committee=committee,
            on=on,
            field=field,
            number=request.number,
            summary="V/v báo cáo giải trình việc chậm thực hiện nhiệm vụ",
        ),
        signature=register.unit_signature(issuer, on=on),
        recipients=["Như trên", "Trưởng Ban Chỉ đạo (để báo cáo)", "Lưu: VT"],
        addressee=f"{unit.name}.",
    )
    if request.synthetic:
        doc.paragraph("[DỮ LIỆU MÔ PHỎNG — không phải văn bản thật]")
    doc.paragraph(
        f"Thực hiện chức năng cơ quan thường trực của {committee.name}, {issuer.name} theo "
        f"dõi, đôn đốc việc thực hiện các nhiệm vụ Ban Chỉ đạo giao. Đến ngày {vn_date(on)}, "
        f"{label} “{request.subject_title}” do {unit.name} chủ trì chưa được hoàn thành: "
        f"{request.reason}",
    )
    doc.paragraph(
        f"{issuer.name} đề nghị {unit.name} báo cáo giải trình bằng văn bản, nêu rõ: (1) "
        "nguyên nhân chậm trễ; (2) những việc đơn vị đã thực hiện; (3) giải pháp, kế hoạch và "
        f"thời hạn hoàn thành mới; gửi về {issuer.name} trước ngày {vn_date(request.due_on)} "
        "để tổng hợp, báo cáo Ban Chỉ đạo tại phiên họp gần nhất."
    )
    doc.paragraph(f"Đề nghị {unit.name} quan tâm, thực hiện./.")
    return doc.to_bytes()
