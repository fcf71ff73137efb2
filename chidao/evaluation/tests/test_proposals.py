"""Commendation and criticism: the cycle's rules draw the lists with grounds taken from the
data; the standing agency edits them with reasons (logged); the proposal document is a Decree
30 "TỜ TRÌNH" listing the units."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from docx.shared import Mm

from chidao.audit.models import ChangeLog
from chidao.evaluation import proposals_document, selectors, services
from chidao.evaluation.models import Proposal
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.tests import helpers as h
from chidao.officialdocs import pdf
from chidao.officialdocs.register import UNRECORDED_NAME, UNRECORDED_NOTE
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date
RULES = {
    "commendation": [{"rule": "top_n", "n": 1}, {"rule": "all_on_time"}],
    "criticism": [
        {"rule": "bottom_n", "n": 1},
        {"rule": "overdue_more_than", "n": 2},
        {"rule": "report_missing"},
    ],
}


@pytest.fixture
def manager(personas):
    return h.standing()


@pytest.fixture
def world(personas):
    """A: every task and report on time (38/40); B: three tasks overdue (27/40); C: a report
    missing and nothing self-assessed (25/40)."""
    a, b, c = h.departments()
    h.task(a, D(2025, 3, 31), done=D(2025, 3, 30))
    h.task(a, D(2025, 9, 30), done=D(2025, 9, 1))
    for month in (5, 6, 7):
        h.task(b, D(2025, month, 15))
    h.task(b, D(2025, 4, 15), done=D(2025, 4, 1))
    q1 = h.period("Quý I/2025", D(2025, 3, 20), [a, b, c])
    q2 = h.period("Quý II/2025", D(2025, 6, 20), [a, b, c])
    for unit in (a, b, c):
        h.submit(q1, unit, D(2025, 3, 18))
    h.submit(q2, a, D(2025, 6, 19))
    h.submit(q2, b, D(2025, 6, 19))
    cycle = h.make_cycle(units=[a, b, c], rules=RULES)
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle, Decimal(1), units=[a])
    h.self_assess_all(cycle, Decimal(1), units=[b])
    h.self_assess_all(cycle, Decimal(0), units=[c])
    h.external_all(cycle)
    services.cycle_start_appraisal(actor=h.SYSTEM, cycle=cycle)
    services.appraise_accept_all(actor=h.SYSTEM, cycle=cycle)
    return {"cycle": cycle, "units": (a, b, c)}


def by_unit(items):
    return {item["unit_id"]: item for item in items}


def test_rules_draw_the_lists_with_grounds_from_the_data(world):
    cycle = world["cycle"]
    a, b, c = world["units"]

    preview = selectors.proposal_lists(cycle)
    services.cycle_approve(actor=h.SYSTEM, cycle=cycle)
    cycle.refresh_from_db()
    lists = selectors.proposal_lists(cycle)

    assert preview["preview"] is True and lists["preview"] is False
    commended, criticised = by_unit(lists["commendation"]), by_unit(lists["criticism"])
    assert set(commended) == {a.pk}
    assert set(criticised) == {b.pk, c.pk}
    assert commended[a.pk]["rules"] == ["top_n", "all_on_time"]
    assert commended[a.pk]["grounds"] == (
        "Xếp thứ 1/3 trong nhóm sở, ban, ngành với 38/40 điểm, xếp loại Tốt; "
        "hoàn thành 2/2 nhiệm vụ đúng hạn; nộp đủ 2/2 báo cáo đúng hạn."
    )
    assert criticised[b.pk]["rules"] == ["overdue_more_than"]
    assert criticised[b.pk]["grounds"] == "Còn 3/4 nhiệm vụ quá hạn tại ngày chốt 14/12/2025."
    assert criticised[c.pk]["rules"] == ["bottom_n", "report_missing"]
    assert "Xếp thứ 3/3" in criticised[c.pk]["grounds"]
    assert "không nộp 1/2 báo cáo định kỳ (Quý II/2025)" in criticised[c.pk]["grounds"]
    # The preview said the same before approval.
    assert [i["unit_id"] for i in preview["criticism"]] == [
        i["unit_id"] for i in lists["criticism"]
    ]


def test_a_criticised_unit_is_not_also_commended():
    rows = [
        {"unit_id": 1, "unit_name": "A", "group": "departments", "rank": 1, "from_bottom": 2,
         "group_size": 2, "total": Decimal(90), "max_total": Decimal(100), "band": "Tốt"},
        {"unit_id": 2, "unit_name": "B", "group": "departments", "rank": 2, "from_bottom": 1,
         "group_size": 2, "total": Decimal(50), "max_total": Decimal(100), "band": "Yếu"},
    ]  # fmt: skip
    facts = {
        1: {"tasks": {"due": [1], "on_time": [1], "late": [], "overdue": [], "open": []},
            "reports": {"required": [], "on_time": [], "late": [], "missing": [], "periods": {}}},
        2: {"tasks": {"due": [2], "on_time": [2], "late": [], "overdue": [], "open": []},
            "reports": {"required": [], "on_time": [], "late": [], "missing": [], "periods": {}}},
    }  # fmt: skip

    class Cycle:
        rules = RULES
        cut_off = D(2025, 12, 14)

    drawn = selectors.draw_proposals(Cycle, rows, facts)

    assert [i["unit_id"] for i in drawn["commendation"]] == [1]
    assert [i["unit_id"] for i in drawn["criticism"]] == [2]


def test_the_standing_agency_edits_the_lists_with_reasons(personas, manager, world):
    cycle = world["cycle"]
    a, b, c = world["units"]
    with pytest.raises(EvaluationError) as early:
        services.proposal_add(
            actor=manager, cycle=cycle, kind="commendation", unit=b, grounds="x", reason="x"
        )
    assert early.value.status == 409  # lists are drawn at approval
    services.cycle_approve(actor=personas.leader, cycle=cycle)
    proposal = Proposal.objects.get(cycle=cycle, kind="criticism", unit=c)

    with pytest.raises(EvaluationError) as no_reason:
        services.proposal_edit(actor=manager, proposal=proposal, reason=" ", included=False)
    assert no_reason.value.status == 422
    for outsider in (personas.focal_a, personas.leader, personas.standing):
        with pytest.raises(EvaluationError) as denied:
            services.proposal_edit(actor=outsider, proposal=proposal, reason="x", included=False)
        assert denied.value.status == 403
    services.proposal_edit(
        actor=manager,
        proposal=proposal,
        included=False,
        reason="Đơn vị đã nộp báo cáo, lỗi gửi qua hệ thống.",
    )
    added = services.proposal_add(
        actor=manager,
        cycle=cycle,
        kind="commendation",
        unit=b,
        person_name="Nguyễn Văn An",
        grounds="Chủ trì số hóa hồ sơ thủ tục hành chính của Sở.",
        reason="Đề xuất của Giám đốc Sở.",
    )

    lists = selectors.proposal_lists(cycle)
    assert [i["unit_id"] for i in lists["criticism"]] == [b.pk]
    assert any(i["person_name"] == "Nguyễn Văn An" for i in lists["commendation"])
    log = ChangeLog.objects.get(target_type="evaluation.proposal", target_id=str(proposal.pk))
    assert (log.actor, log.before["included"], log.after["included"]) == (manager, True, False)
    assert log.after["reason"] == "Đơn vị đã nộp báo cáo, lỗi gửi qua hệ thống."
    assert ChangeLog.objects.filter(
        target_type="evaluation.proposal", target_id=str(added.pk), action="create"
    ).exists()


def _texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_proposal_document_is_a_decree_30_submission(personas, manager, world):
    cycle = world["cycle"]
    a, b, c = world["units"]
    services.cycle_approve(actor=personas.leader, cycle=cycle)
    excluded = Proposal.objects.get(cycle=cycle, kind="criticism", unit=c)
    services.proposal_edit(actor=manager, proposal=excluded, included=False, reason="Xem xét lại")

    content = proposals_document.proposals_docx(
        cycle, today=D(2026, 1, 5), issuer_unit=manager.unit
    )
    document = docx.Document(io.BytesIO(content))
    text = _texts(document)

    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    assert "SỞ NỘI VỤ" in header.cell(0, 0).text
    assert header.cell(1, 0).text.endswith("/TTr-SNV")
    assert header.cell(1, 1).text == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert "TỜ TRÌNH" in [p.text for p in document.paragraphs]
    assert "I. ĐỀ NGHỊ KHEN THƯỞNG" in text and "II. ĐỀ NGHỊ PHÊ BÌNH" in text
    commendation, criticism = document.tables[1], document.tables[2]
    assert [cell.text for cell in commendation.rows[0].cells] == [
        "STT", "Đơn vị", "Điểm", "Xếp hạng", "Căn cứ đề nghị",
    ]  # fmt: skip
    assert commendation.rows[1].cells[1].text == a.name
    assert "hoàn thành 2/2 nhiệm vụ đúng hạn" in commendation.rows[1].cells[4].text
    assert [row.cells[1].text for row in criticism.rows[1:]] == [b.name]
    assert c.name not in criticism._tbl.xml
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    # Sở Nội vụ had no director recorded on 5 January 2026: the name is left to fill in.
    assert [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text] == [
        "GIÁM ĐỐC", UNRECORDED_NAME, UNRECORDED_NOTE,
    ]  # fmt: skip
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert "Dự thảo" not in text


def test_the_proposal_document_is_signed_by_the_director_recorded_on_its_date(manager, world):
    content = proposals_document.proposals_docx(
        world["cycle"], today=D(2026, 1, 20), issuer_unit=manager.unit
    )
    signature = docx.Document(io.BytesIO(content)).tables[-1].cell(0, 1)
    assert [p.text for p in signature.paragraphs if p.text] == ["GIÁM ĐỐC", "Nguyễn Minh Long"]


@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_the_proposal_document_converts_to_pdf_with_text_on_every_page(manager, world):
    content = pdf.docx_to_pdf(
        proposals_document.proposals_docx(
            world["cycle"], today=D(2026, 1, 20), issuer_unit=manager.unit
        )
    )
    assert pdf.pages_without_text(content) == []
    pages = pdf.page_texts(content)
    assert "Nguyễn Minh Long" in pages[-1]
    assert not any("chidao" in page.lower() or "Mô phỏng" in page for page in pages)


def test_a_preview_document_says_it_is_a_draft(world):
    text = _texts(docx.Document(io.BytesIO(proposals_document.proposals_docx(world["cycle"]))))
    assert "Dự thảo" in text
    assert world["units"][0].name in text


def test_a_broken_agency_template_gives_a_clear_400_not_a_server_error(
    client, settings, tmp_path, manager, world
):
    docx.Document().save(tmp_path / "to-trinh.docx")  # no {{ body }} to hold the text
    settings.CHIDAO_DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    client.force_login(manager)

    response = client.get(f"/evaluation/{world['cycle'].pk}/proposals.docx")

    assert response.status_code == 400
    assert "Mẫu văn bản thiếu chỗ đặt nội dung" in response.content.decode()
