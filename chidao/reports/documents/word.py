"""The consolidated report in Word (Decree 30/2020): the committee's letterhead and number,
"BÁO CÁO" and its summary, sections I–IV with the statistics tables and charts, the
signature of the standing deputy head (or the head) the register records on the report's
date, "Nơi nhận:", and the annex by lead unit on pages of its own.

Laid out by chidao.officialdocs (template "bao-cao"); every chart is followed by its
caption on the same page and carries its own legend, so no page holds only a legend.
"""

import datetime as dt
import decimal

from django.utils import timezone
from docx.shared import Mm, Pt

from chidao.core.dates import vn_date
from chidao.officialdocs import charts, register
from chidao.officialdocs.text import number as _n
from chidao.officialdocs.text import official_text
from chidao.officialdocs.text import rate as _rate
from chidao.officialdocs.word import Cell, OfficialDocument
from chidao.reports import contributions as places
from chidao.reports import statistics as st
from chidao.reports.consolidation import ConsolidatedReport, Narrative, UnitSubmission

# One colour per column, as on the task pages (chidao/tasks/templatetags/task_charts.py).
COLOURS = {
    st.DONE_ON_TIME: "2E8B57",
    st.DONE_LATE: "7D5BA6",
    st.OVERDUE: "C0392B",
    st.IN_PROGRESS: "3B7DD8",
    st.NOT_STARTED: "8A93A0",
}
CHART_LABELS = {
    st.DONE_ON_TIME: "Đúng hạn",
    st.DONE_LATE: "Hoàn thành quá hạn",
    st.OVERDUE: "Quá hạn",
    st.IN_PROGRESS: "Đang thực hiện",
    st.NOT_STARTED: "Chưa thực hiện",
}
UNIT_CHART_ROWS = 15  # the units with the most tasks in the annex chart
STAT_HEADERS = [
    "STT",
    "{group}",
    "Tổng số",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Quá hạn",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Tỷ lệ hoàn thành (%)",
]
STAT_WIDTHS = [Mm(12), Mm(43), Mm(14), Mm(17), Mm(17), Mm(15), Mm(16), Mm(16), Mm(15)]
RECIPIENTS = [
    "Trưởng Ban Chỉ đạo (để báo cáo)",
    "Các Phó Trưởng Ban Chỉ đạo",
    "Các thành viên Ban Chỉ đạo",
    "Các đơn vị được giao nhiệm vụ",
    "Lưu: VT",
]


def status_chart(totals: dict) -> bytes:
    """Five columns (done on time, done late, overdue, in progress, not started)."""
    return charts.columns(
        [(CHART_LABELS[c], totals.get(c, 0), COLOURS[c]) for c in st.COLUMNS],
        ylabel="Số nhiệm vụ",
    )


def unit_chart(by_unit: list[dict]) -> bytes | None:
    """The units with the most tasks, one bar each, split by result."""
    rows = sorted(by_unit, key=lambda r: (-r["total"], r["name"]))[:UNIT_CHART_ROWS]
    if not rows:
        return None
    return charts.stacked_bars(
        [(row["name"], [row[c] for c in st.COLUMNS]) for row in rows],
        [(CHART_LABELS[c], COLOURS[c]) for c in st.COLUMNS],
        xlabel="Số nhiệm vụ",
    )


def consolidated_docx(report: ConsolidatedReport) -> bytes:
    committee = report.committee
    letterhead = register.committee_letterhead(committee, on=report.generated_on, kind="BC")
    doc = OfficialDocument.open(
        "bao-cao",
        letterhead=letterhead,
        signature=register.committee_signature(committee, on=report.generated_on),
        recipients=RECIPIENTS,
        title="BÁO CÁO",
        subject=report.summary,
    )
    period = report.period
    if period is not None:
        intro = (
            f"Thực hiện chế độ báo cáo định kỳ, {committee.name} tổng hợp báo cáo của các "
            f"đơn vị và kết quả theo dõi việc thực hiện nhiệm vụ {report.label} (số liệu từ "
            f"ngày {vn_date(report.data_from)} đến ngày {vn_date(report.as_of)}) như sau:"
        )
    else:
        summary = official_text(report.summary)
        intro = f"{committee.name} báo cáo kết quả {summary[:1].lower()}{summary[1:]} như sau:"
    doc.paragraph(intro)

    # I. Results
    doc.heading("I. KẾT QUẢ ĐẠT ĐƯỢC")
    doc.heading("1. Kết quả thực hiện nhiệm vụ được giao")
    doc.paragraph(_summary_sentence(report))
    if report.baseline is not None:
        base = report.baseline
        done_then = base[st.DONE_ON_TIME] + base[st.DONE_LATE]
        done_now = report.totals[st.DONE_ON_TIME] + report.totals[st.DONE_LATE]
        doc.paragraph(
            f"So với đầu kỳ (ngày {vn_date(report.data_from - dt.timedelta(days=1))}: "
            f"{_n(base['total'])} nhiệm vụ, đã hoàn thành {_n(done_then)}), trong kỳ đã hoàn "
            f"thành thêm {_n(done_now - done_then)} nhiệm vụ.",
        )
    doc.caption("Bảng 1. Kết quả thực hiện nhiệm vụ", keep_with_next=True)
    _totals_table(doc, report.totals)
    doc.picture(
        status_chart(report.totals),
        Mm(140),
        caption="Biểu đồ 1. Kết quả thực hiện nhiệm vụ tính đến ngày chốt số liệu",
    )
    doc.caption("Bảng 2. Kết quả thực hiện nhiệm vụ theo lĩnh vực", keep_with_next=True)
    statistics_table(doc, report.by_domain, "Lĩnh vực", report.totals)
    doc.caption(
        "Bảng 3. Kết quả thực hiện nhiệm vụ theo văn bản giao nhiệm vụ", keep_with_next=True
    )
    statistics_table(doc, report.by_source, "Văn bản giao nhiệm vụ", report.totals)
    doc.paragraph(
        f"Kết quả chi tiết theo {len(report.by_unit)} đơn vị chủ trì tại Phụ lục kèm theo.",
        italic=True,
    )

    number = 2
    if period is not None:
        doc.heading(f"{number}. Kết quả theo báo cáo của các đơn vị")
        _narratives(doc, report.results, "Chưa có đơn vị nào báo cáo nội dung này.")
        number += 1
        for section in report.other_sections:
            doc.heading(f"{number}. {section.title}")
            _narratives(doc, section.entries, "Chưa có đơn vị nào báo cáo nội dung này.")
            number += 1
        if report.figures:
            doc.heading(f"{number}. Số liệu tổng hợp từ báo cáo của các đơn vị")
            _figures_table(doc, report)
            number += 1
        doc.heading(f"{number}. Tình hình thực hiện chế độ báo cáo")
        _reporting_paragraphs(doc, report)
        number += 1
    for contribution in report.contributions_at(places.RESULTS):
        _contribution(doc, contribution, f"{number}. ")
        number += 1

    # II. Shortcomings
    doc.heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    if report.totals[st.OVERDUE]:
        names = "; ".join(f"{r['name']} ({_n(r[st.OVERDUE])} nhiệm vụ)" for r in _worst(report))
        doc.paragraph(
            f"Còn {_n(report.totals[st.OVERDUE])} nhiệm vụ quá hạn chưa hoàn thành; các đơn vị "
            f"có nhiều nhiệm vụ quá hạn nhất: {names}.",
        )
    else:
        doc.paragraph("Không có nhiệm vụ quá hạn chưa hoàn thành.")
    if report.late_units or report.missing_units:
        doc.paragraph(
            f"Còn {len(report.late_units)} đơn vị gửi báo cáo muộn và "
            f"{len(report.missing_units)} đơn vị chưa gửi báo cáo theo quy định.",
        )
    if period is not None:
        doc.paragraph("Khó khăn, vướng mắc các đơn vị nêu:", keep_with_next=True)
        _narratives(doc, report.difficulties, "Các đơn vị không nêu khó khăn, vướng mắc.")
    for contribution in report.contributions_at(places.SHORTCOMINGS):
        _contribution(doc, contribution)

    # III. Next period
    doc.heading("III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI")
    doc.paragraph(
        "- Đôn đốc các đơn vị hoàn thành dứt điểm các nhiệm vụ quá hạn; đơn vị có nhiệm vụ "
        "quá hạn báo cáo giải trình bằng văn bản, nêu rõ nguyên nhân và thời hạn hoàn thành.",
    )
    doc.paragraph(
        "- Tập trung thực hiện các nhiệm vụ đang triển khai và chưa thực hiện, bảo đảm tiến độ "
        "theo kế hoạch; chấp hành nghiêm chế độ báo cáo định kỳ.",
    )
    if period is not None and report.next_period:
        doc.paragraph("Nhiệm vụ, giải pháp các đơn vị đề ra:", keep_with_next=True)
        _narratives(doc, report.next_period, "")

    # IV. Proposals
    doc.heading("IV. KIẾN NGHỊ, ĐỀ XUẤT")
    if period is not None:
        _narratives(doc, report.proposals, "Các đơn vị không có kiến nghị, đề xuất.")
    else:
        doc.paragraph("(Cơ quan thường trực bổ sung kiến nghị, đề xuất.)", italic=True)
    for contribution in report.contributions_at(places.PROPOSALS):
        _contribution(doc, contribution)
    doc.paragraph(f"Trên đây là báo cáo {_period_phrase(report)} của {committee.name}./.")

    # Annex: by lead unit, from a new page after the signature.
    doc.start_annex()
    doc.centred("PHỤ LỤC", bold=True, keep_with_next=True)
    doc.centred("KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", bold=True, keep_with_next=True)
    doc.centred(
        f"(Kèm theo Báo cáo số {letterhead.number_symbol} ngày "
        f"{vn_date(report.generated_on)} của {committee.name})",
        italic=True,
        size=Pt(12),
        keep_with_next=True,
    )
    statistics_table(doc, report.by_unit, "Đơn vị chủ trì", report.totals)
    chart = unit_chart(report.by_unit)
    if chart is not None:
        shown = min(UNIT_CHART_ROWS, len(report.by_unit))
        doc.picture(
            chart,
            Mm(150),
            caption=f"Biểu đồ 2. Kết quả thực hiện nhiệm vụ của {shown} đơn vị chủ trì "
            "nhiều nhiệm vụ nhất",
        )
    return doc.to_bytes()


# ---- tables


def statistics_table(doc: OfficialDocument, entries: list[dict], group: str, totals: dict):
    """One row per entry, then the total row (bold)."""
    rows = [
        [
            str(index),
            entry["name"],
            _n(entry["total"]),
            *(_n(entry[c]) for c in st.COLUMNS),
            _rate(entry["completion_rate"]),
        ]
        for index, entry in enumerate(entries, start=1)
    ]
    total = [
        "",
        "Tổng cộng",
        _n(totals["total"]),
        *(_n(totals[c]) for c in st.COLUMNS),
        _rate(totals["completion_rate"]),
    ]
    headers = [h.format(group=group) for h in STAT_HEADERS]
    doc.table(headers, rows, STAT_WIDTHS, size=Pt(11), total=total)


def _totals_table(doc: OfficialDocument, totals: dict):
    """The five results with their share; the number cell in the chart's colour."""
    rows = []
    for index, column in enumerate(st.COLUMNS, start=1):
        share = st.percent(totals[column], totals["total"])
        key = Cell(str(index), bold=True, fill=COLOURS[column], colour="FFFFFF")
        rows.append([key, st.COLUMN_LABELS[column], _n(totals[column]), _rate(share)])
    rows.append(["", "Tổng số nhiệm vụ (không kể nhiệm vụ đã hủy)", _n(totals["total"]), "100"])
    doc.table(
        ["STT", "Kết quả thực hiện", "Số nhiệm vụ", "Tỷ lệ (%)"],
        rows,
        [Mm(14), Mm(95), Mm(28), Mm(28)],
    )


def _figures_table(doc: OfficialDocument, report: ConsolidatedReport):
    rows = [
        [str(i), f.label, f.unit, _n(f.total), str(f.units_reporting)]
        for i, f in enumerate(report.figures, start=1)
    ]
    doc.table(
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp", "Số đơn vị báo cáo"],
        rows,
        [Mm(12), Mm(75), Mm(25), Mm(28), Mm(25)],
    )


def _contribution(doc: OfficialDocument, contribution, prefix: str = ""):
    """A part's contribution (chidao.reports.contributions): its heading, paragraphs, table."""
    doc.heading(f"{prefix}{official_text(contribution.title)}")
    for text in contribution.paragraphs:
        doc.paragraph(official_text(text))
    if contribution.headers:
        count = len(contribution.headers)
        widths = contribution.widths_mm or (165 // count,) * count
        rows = [[_cell(value) for value in row] for row in contribution.rows]
        doc.table(list(contribution.headers), rows, [Mm(w) for w in widths])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return vn_date(value)
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, int | float):
        return _n(value)
    return official_text(str(value))


# ---- text


def _narratives(doc: OfficialDocument, entries: list[Narrative], empty: str):
    """ "- Unit: text" per entry (the unit in bold), or `empty` in italics when none. One
    paragraph per line the unit wrote: a line break inside a justified paragraph would
    stretch the line before it."""
    if not entries:
        if empty:
            doc.paragraph(empty, italic=True)
        return
    for entry in entries:
        lines = [line.strip() for line in official_text(entry.text).split("\n")]
        lines = [line for line in lines if line] or [""]
        doc.paragraph(lines[0], lead=f"- {entry.unit_name}: ")
        for line in lines[1:]:
            doc.paragraph(line)


def _unit_list(entries: list[UnitSubmission], *, with_time: bool) -> str:
    names = []
    for entry in entries:
        if with_time and entry.submitted_at is not None:
            local = timezone.localtime(entry.submitted_at)
            names.append(f"{entry.unit_name} (gửi ngày {vn_date(local.date())})")
        else:
            names.append(entry.unit_name)
    return "; ".join(names)


def _summary_sentence(report: ConsolidatedReport) -> str:
    t = report.totals
    done = t[st.DONE_ON_TIME] + t[st.DONE_LATE]
    if not t["total"]:
        return (
            f"Tính đến ngày {vn_date(report.as_of)} (ngày chốt số liệu), chưa có nhiệm vụ nào "
            "được giao đang theo dõi."
        )
    text = (
        f"Tính đến ngày {vn_date(report.as_of)} (ngày chốt số liệu), tổng số nhiệm vụ đang "
        f"theo dõi là {_n(t['total'])} nhiệm vụ (không kể nhiệm vụ đã hủy), trong đó: đã hoàn "
        f"thành {_n(done)} nhiệm vụ (đạt {_rate(t['completion_rate'])}%), gồm "
        f"{_n(t[st.DONE_ON_TIME])} nhiệm vụ hoàn thành đúng hạn"
    )
    if t[st.ON_TIME_AFTER_EXTENSION]:
        text += f" (có {_n(t[st.ON_TIME_AFTER_EXTENSION])} nhiệm vụ đúng hạn sau khi được gia hạn)"
    text += (
        f" và {_n(t[st.DONE_LATE])} nhiệm vụ hoàn thành quá hạn; {_n(t[st.OVERDUE])} nhiệm vụ "
        f"quá hạn chưa hoàn thành (chiếm {_rate(t['overdue_rate'])}%); "
        f"{_n(t[st.IN_PROGRESS])} nhiệm vụ đang thực hiện; {_n(t[st.NOT_STARTED])} nhiệm vụ "
        "chưa thực hiện."
    )
    return text


def _reporting_paragraphs(doc: OfficialDocument, report: ConsolidatedReport):
    required = report.required_units
    doc.paragraph(
        f"Có {len(report.reported)}/{required} đơn vị đã gửi báo cáo "
        f"({len(report.on_time_units)} đơn vị đúng hạn, {len(report.late_units)} đơn vị gửi "
        f"muộn); {len(report.missing_units)} đơn vị chưa gửi báo cáo (hạn gửi báo cáo: ngày "
        f"{vn_date(report.period.deadline)}).",
    )
    if report.late_units:
        doc.paragraph(
            "- Đơn vị gửi báo cáo muộn: " + _unit_list(report.late_units, with_time=True) + "."
        )
    if report.missing_units:
        doc.paragraph(
            "- Đơn vị chưa gửi báo cáo: " + _unit_list(report.missing_units, with_time=False) + "."
        )


def _worst(report: ConsolidatedReport, limit: int = 5) -> list[dict]:
    rows = [r for r in report.by_unit if r[st.OVERDUE]]
    return sorted(rows, key=lambda r: (-r[st.OVERDUE], r["name"]))[:limit]


def _period_phrase(report: ConsolidatedReport) -> str:
    if report.period is not None:
        return f"kỳ báo cáo {report.period.label}"
    return "kỳ sơ kết" if report.kind == "interim_review" else "kỳ tổng kết"
