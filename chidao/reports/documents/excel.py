"""The consolidated report's Excel annex: the statistics as numbers, one sheet per grouping,
and the reporting status."""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from chidao.core import xlsx
from chidao.core.dates import vn_date
from chidao.officialdocs.text import official_text
from chidao.reports import statistics as st
from chidao.reports.consolidation import ConsolidatedReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")


def _sheet(workbook, title: str, heading: str, report: ConsolidatedReport):
    sheet = workbook.create_sheet(title)
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = official_text(
        f"{report.committee.name} — {report.label} — số liệu tính đến ngày {vn_date(report.as_of)}"
    )
    sheet["A2"].font = Font(italic=True)
    return sheet


def _table(sheet, headers: list[str], rows: list[list], start_row: int = 4, widths=None):
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=start_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = official_text(value)
            cell = sheet.cell(row=start_row + offset, column=column, value=value)
            cell.border = _BORDER
            if column == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=3)


XLSX_STAT_HEADERS = ["STT", "{group}", "Mã", "Tổng số"] + [
    st.COLUMN_LABELS[c] for c in st.COLUMNS
] + ["Trong đó: đúng hạn sau gia hạn", "Tỷ lệ hoàn thành (%)", "Tỷ lệ quá hạn (%)"]  # fmt: skip


def _stat_values(index, entry: dict) -> list:
    return [
        index,
        entry["name"],
        entry["id"],
        entry["total"],
        *(entry[c] for c in st.COLUMNS),
        entry[st.ON_TIME_AFTER_EXTENSION],
        entry["completion_rate"],
        entry["overdue_rate"],
    ]


def _stat_sheet(workbook, title, heading, group, entries, report):
    sheet = _sheet(workbook, title, heading, report)
    rows = [_stat_values(i, e) for i, e in enumerate(entries, start=1)]
    totals = {"name": "Tổng cộng", "id": None, **report.totals}
    rows.append(["", *_stat_values("", totals)[1:]])
    headers = [h.format(group=group) for h in XLSX_STAT_HEADERS]
    _table(sheet, headers, rows, widths=[6, 50, 8, 10] + [14] * 8)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    return sheet


def consolidated_xlsx(report: ConsolidatedReport) -> bytes:
    """The statistics annex: a summary sheet, then one sheet by lead unit, by domain and by
    source (numbers as numbers, a total row at the bottom), and the reporting status."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    summary["A1"] = official_text(f"BÁO CÁO {report.summary}".upper())
    summary["A1"].font = Font(bold=True, size=13)
    summary["A2"] = official_text(
        f"{report.committee.name} — số liệu tính đến ngày {vn_date(report.as_of)}"
    )
    summary["A2"].font = Font(italic=True)
    rows = [[i, st.COLUMN_LABELS[c], report.totals[c]] for i, c in enumerate(st.COLUMNS, 1)]
    rows.append(["", "Tổng số (không kể nhiệm vụ đã hủy)", report.totals["total"]])
    rows.append(["", "Trong đó: đúng hạn sau gia hạn", report.totals[st.ON_TIME_AFTER_EXTENSION]])
    rows.append(["", "Tỷ lệ hoàn thành (%)", report.totals["completion_rate"]])
    rows.append(["", "Tỷ lệ quá hạn (%)", report.totals["overdue_rate"]])
    _table(summary, ["STT", "Kết quả thực hiện", "Số nhiệm vụ"], rows, widths=[6, 50, 14])

    _stat_sheet(workbook, "Theo đơn vị", "KẾT QUẢ THEO ĐƠN VỊ CHỦ TRÌ", "Đơn vị chủ trì",
                report.by_unit, report)  # fmt: skip
    _stat_sheet(workbook, "Theo lĩnh vực", "KẾT QUẢ THEO LĨNH VỰC", "Lĩnh vực",
                report.by_domain, report)  # fmt: skip
    _stat_sheet(workbook, "Theo văn bản giao", "KẾT QUẢ THEO VĂN BẢN GIAO NHIỆM VỤ",
                "Văn bản giao nhiệm vụ", report.by_source, report)  # fmt: skip

    if report.period is not None:
        sheet = _sheet(workbook, "Chế độ báo cáo", "TÌNH HÌNH GỬI BÁO CÁO", report)
        rows = []
        standing = sorted(
            [*report.reported, *report.missing_units], key=lambda u: (u.unit_name, u.unit_id)
        )
        for index, entry in enumerate(standing, start=1):
            state = "Chưa gửi" if entry.missing else ("Gửi muộn" if entry.late else "Đúng hạn")
            when = entry.submitted_at
            if when is not None:
                when = timezone.localtime(when).replace(tzinfo=None)
            rows.append([index, entry.unit_name, entry.unit_id, state, when])
        _table(sheet, ["STT", "Đơn vị", "Mã", "Tình trạng", "Thời điểm gửi"], rows,
               widths=[6, 50, 8, 14, 20])  # fmt: skip
        for row in sheet.iter_rows(min_row=5, min_col=5, max_col=5):
            for cell in row:
                cell.number_format = "DD/MM/YYYY HH:MM"
    _contribution_sheets(workbook, report)
    return xlsx.save(workbook)


def _contribution_sheets(workbook, report: ConsolidatedReport) -> None:
    """One sheet per contribution of a higher part that holds a table
    (chidao.reports.contributions), numbers as numbers and dates as dates."""
    used = set(workbook.sheetnames)
    for contribution in report.contributions:
        if not contribution.headers:
            continue
        title = official_text(contribution.title)
        name = _sheet_name(title, used)
        used.add(name)
        sheet = _sheet(workbook, name, title.upper(), report)
        _table(sheet, list(contribution.headers), [list(row) for row in contribution.rows])


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28].strip() or "Phụ lục"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:26]} {n}"
    return name
