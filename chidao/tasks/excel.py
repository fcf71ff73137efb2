"""Task lists in Excel: import a plan's sheet (preview first, all or nothing) and export.

The sheet has a header row with Vietnamese column names (English aliases accepted, case and
diacritics ignored); rows above it (a plan's title block) are skipped:

    STT | Tên nhiệm vụ | Nội dung | Lĩnh vực | Đơn vị chủ trì | Đơn vị phối hợp |
    Hạn hoàn thành | Sản phẩm | Mức ưu tiên | Điều khoản

"Lĩnh vực" is a domain code or name; units are matched by name or short name among the units
that exist today; "Đơn vị phối hợp" separates units with ";"; "Hạn hoàn thành" is a date
cell or dd/mm/yyyy text. An export has the same columns plus status, progress and ids, so it
can be imported again (the extra columns are ignored on import).
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change
from chidao.core import xlsx
from chidao.core.text import fold
from chidao.tasks import services
from chidao.tasks.models import Domain, Task
from chidao.tasks.status import Status, status_of
from chidao.units.models import Unit, valid_on_q

MAX_ROWS = 5000
# Rows searched for the header (a plan's sheet often starts with a title block).
HEADER_SEARCH_ROWS = 20

# Column key -> the header written on export, then every accepted header (folded).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("STT", ("stt", "so thu tu", "no", "tt")),
    "title": ("Tên nhiệm vụ", ("ten nhiem vu", "nhiem vu", "title", "task", "task title")),
    "content": ("Nội dung", ("noi dung", "noi dung nhiem vu", "content", "description")),
    "domain": ("Lĩnh vực", ("linh vuc", "domain", "field")),
    "lead_unit": ("Đơn vị chủ trì", ("don vi chu tri", "chu tri", "lead unit", "lead")),
    "coordinating_units": (
        "Đơn vị phối hợp",
        ("don vi phoi hop", "phoi hop", "coordinating units", "coordinating unit", "coordinating"),
    ),
    "deadline": (
        "Hạn hoàn thành",
        ("han hoan thanh", "thoi han hoan thanh", "thoi han", "han", "deadline", "due date"),
    ),
    "expected_output": (
        "Sản phẩm",
        ("san pham", "san pham du kien", "ket qua san pham", "expected output", "output"),
    ),
    "priority": ("Mức ưu tiên", ("muc uu tien", "uu tien", "priority")),
    "source_clause": (
        "Điều khoản",
        ("dieu khoan", "dieu khoan muc", "dieu", "clause", "source clause"),
    ),
    # Export only; ignored on import.
    "status": ("Trạng thái", ("trang thai", "status")),
    "percent": ("Tiến độ (%)", ("tien do", "tien do %", "percent", "progress")),
    "completed_on": ("Ngày hoàn thành", ("ngay hoan thanh", "completed on")),
    "id": ("Mã nhiệm vụ", ("ma nhiem vu", "id", "task id")),
    "lead_unit_id": ("Mã đơn vị chủ trì", ("ma don vi chu tri", "lead unit id")),
}
IMPORT_KEYS = (
    "title",
    "content",
    "domain",
    "lead_unit",
    "coordinating_units",
    "deadline",
    "expected_output",
    "priority",
    "source_clause",
)
REQUIRED_KEYS = ("title", "domain", "lead_unit", "deadline")
EXPORT_KEYS = (
    "number",
    *IMPORT_KEYS,
    "status",
    "percent",
    "completed_on",
    "id",
    "lead_unit_id",
)
_HEADER_OF = {alias: key for key, (_label, aliases) in COLUMNS.items() for alias in aliases}
_DATE_TEXT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UNIT_SEPARATOR = re.compile(r"[;\n]")
MAX_LENGTH = {"title": 500, "expected_output": 500, "source_clause": 100}


@dataclass
class ImportRow:
    """One sheet row, as written and as understood."""

    number: int  # the row number Excel shows
    values: dict[str, str]
    domain: Domain | None = None
    lead_unit: Unit | None = None
    coordinating_units: list[Unit] = field(default_factory=list)
    deadline: dt.date | None = None
    priority: str = Task.Priority.NORMAL
    errors: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.values.get("title", "")


@dataclass
class ImportPreview:
    """What an import would create; nothing is saved until `import_tasks`."""

    committee_id: int
    rows: list[ImportRow] = field(default_factory=list)
    sheet_errors: list[str] = field(default_factory=list)
    file_name: str = ""

    @property
    def errors(self) -> list[tuple[int | None, str]]:
        """(row number or None for the sheet, message), in sheet order."""
        found: list[tuple[int | None, str]] = [(None, m) for m in self.sheet_errors]
        for row in self.rows:
            found += [(row.number, m) for m in row.errors]
        return found

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def error_lines(self) -> list[str]:
        return [
            (_("Dòng %(row)s: %(message)s") % {"row": row, "message": m}) if row else m
            for row, m in self.errors
        ]


# ---- reading


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_deadline(value) -> dt.date | None:
    """A date cell, dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd text, or
    an Excel serial number; None when not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            return None
        return converted.date() if isinstance(converted, dt.datetime) else None
    text = _text(value)
    try:
        if match := _DATE_TEXT.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := _ISO_TEXT.fullmatch(text):
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return None


class _UnitIndex:
    """Units valid on a date, by folded name and short name."""

    def __init__(self, on: dt.date):
        self.by_key: dict[str, dict[int, Unit]] = {}
        for unit in Unit.objects.filter(valid_on_q(on)).only("id", "name", "short_name"):
            for key in {fold(unit.name), fold(unit.short_name)} - {""}:
                self.by_key.setdefault(key, {})[unit.pk] = unit

    def find(self, text: str) -> tuple[Unit | None, str | None]:
        matches = list(self.by_key.get(fold(text), {}).values())
        if not matches:
            return None, _("Không tìm thấy đơn vị “%(unit)s” (đang tồn tại).") % {"unit": text}
        if len(matches) > 1:
            names = "; ".join(sorted(f"{u.name} (mã {u.pk})" for u in matches))
            return None, _("Tên đơn vị “%(unit)s” khớp nhiều đơn vị: %(names)s.") % {
                "unit": text,
                "names": names,
            }
        return matches[0], None


class _DomainIndex:
    """The committee's domains (built-in ones and its own), by code and by folded name."""

    def __init__(self, committee):
        domains = list(Domain.objects.filter(Q(committee__isnull=True) | Q(committee=committee)))
        self.by_code = {d.code.lower(): d for d in domains}
        self.by_name: dict[str, list[Domain]] = {}
        for domain in domains:
            self.by_name.setdefault(fold(domain.name), []).append(domain)

    def find(self, text: str) -> tuple[Domain | None, str | None]:
        if domain := self.by_code.get(text.strip().lower()):
            return domain, None
        matches = self.by_name.get(fold(text), [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return None, _("Tên lĩnh vực “%(domain)s” khớp nhiều lĩnh vực; hãy ghi mã.") % {
                "domain": text
            }
        return None, _("Không có lĩnh vực “%(domain)s”.") % {"domain": text}


def _priority_index() -> dict[str, str]:
    index = {}
    for value, label in Task.Priority.choices:
        index[fold(value)] = value
        index[fold(str(label))] = value
    index.update({"thuong": "normal", "khan cap": "urgent", "hoa toc": "urgent"})
    return index


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, str]] | None:
    """(index of the header row, {column index: key}) or None."""
    for index, row in enumerate(rows):
        columns = {}
        for position, cell in enumerate(row):
            key = _HEADER_OF.get(fold(_text(cell)))
            if key is not None and key not in columns.values():
                columns[position] = key
        if "title" in columns.values():
            return index, columns
    return None


def _open_rows(file):
    """All rows of the first sheet as value tuples; raises ValueError for a non-xlsx file."""
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValueError(_("Tệp không phải bảng tính Excel (.xlsx) đọc được.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def parse_task_sheet(file, *, committee, today: dt.date | None = None) -> ImportPreview:
    """Read a task sheet for `committee` and check every row; saves nothing.

    `file` is a path, a file object or bytes. Each problem is reported with the row number
    Excel shows: missing title, unknown or ambiguous unit, bad or past date, unknown domain.
    """
    today = today or timezone.localdate()
    preview = ImportPreview(committee_id=committee.pk, file_name=str(getattr(file, "name", "")))
    try:
        rows = _open_rows(file)
    except ValueError as exc:
        preview.sheet_errors.append(str(exc))
        return preview
    header = _find_header(rows[:HEADER_SEARCH_ROWS])
    if header is None:
        preview.sheet_errors.append(
            _("Không tìm thấy dòng tiêu đề có cột “Tên nhiệm vụ” trong %(n)s dòng đầu.")
            % {"n": HEADER_SEARCH_ROWS}
        )
        return preview
    header_index, columns = header
    missing = [COLUMNS[k][0] for k in REQUIRED_KEYS if k not in columns.values()]
    if missing:
        preview.sheet_errors.append(
            _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(f"“{m}”" for m in missing)}
        )
        return preview
    data_rows = rows[header_index + 1 :]
    if len(data_rows) > MAX_ROWS:
        preview.sheet_errors.append(
            _("Tệp có quá nhiều dòng (tối đa %(n)s nhiệm vụ mỗi lần nhập).") % {"n": MAX_ROWS}
        )
        return preview
    units = _UnitIndex(today)
    domains = _DomainIndex(committee)
    priorities = _priority_index()
    for offset, raw in enumerate(data_rows):
        cells = {key: raw[pos] for pos, key in columns.items() if pos < len(raw)}
        values = {key: _text(cells.get(key)) for key in IMPORT_KEYS}
        if not any(values.values()):
            continue  # blank line
        row = ImportRow(number=header_index + 2 + offset, values=values)
        _check_row(row, cells.get("deadline"), today, units, domains, priorities)
        preview.rows.append(row)
    if not preview.rows and not preview.sheet_errors:
        preview.sheet_errors.append(_("Tệp không có nhiệm vụ nào dưới dòng tiêu đề."))
    return preview


def _check_row(row: ImportRow, deadline_cell, today, units, domains, priorities) -> None:
    values, errors = row.values, row.errors
    if not values["title"]:
        errors.append(_("Thiếu tên nhiệm vụ."))
    for key, limit in MAX_LENGTH.items():
        if len(values[key]) > limit:
            errors.append(
                _("Cột “%(column)s” dài quá %(n)s ký tự.") % {"column": COLUMNS[key][0], "n": limit}
            )
    if not values["domain"]:
        errors.append(_("Thiếu lĩnh vực."))
    else:
        row.domain, error = domains.find(values["domain"])
        if error:
            errors.append(error)
    if not values["lead_unit"]:
        errors.append(_("Thiếu đơn vị chủ trì."))
    else:
        row.lead_unit, error = units.find(values["lead_unit"])
        if error:
            errors.append(error)
    for name in _UNIT_SEPARATOR.split(values["coordinating_units"]):
        name = name.strip()
        if not name:
            continue
        unit, error = units.find(name)
        if error:
            errors.append(error)
        elif unit not in row.coordinating_units and unit != row.lead_unit:
            row.coordinating_units.append(unit)
    if not values["deadline"]:
        errors.append(_("Thiếu hạn hoàn thành."))
    else:
        row.deadline = parse_deadline(deadline_cell)
        if row.deadline is None:
            errors.append(
                _("Hạn hoàn thành “%(value)s” không phải ngày (dd/mm/yyyy).")
                % {"value": values["deadline"]}
            )
        elif row.deadline < today:
            errors.append(
                _("Hạn hoàn thành %(date)s trước ngày giao (%(today)s).")
                % {"date": row.deadline.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
            )
    if values["priority"]:
        priority = priorities.get(fold(values["priority"]))
        if priority is None:
            errors.append(
                _("Mức ưu tiên “%(value)s” không hợp lệ (Bình thường, Cao, Khẩn).")
                % {"value": values["priority"]}
            )
        else:
            row.priority = priority


# ---- importing


def import_tasks(*, actor, committee, source, preview: ImportPreview) -> list[Task]:
    """Create every task of a valid preview in ONE transaction, with one change-log row for
    the import; nothing is saved unless every row is valid (TaskError listing the errors)."""
    if preview.committee_id != committee.pk:
        raise services.TaskError(_("Bản xem trước thuộc Ban Chỉ đạo khác."))
    if source is not None and source.committee_id != committee.pk:
        raise services.TaskError(
            _("Văn bản giao nhiệm vụ không thuộc Ban Chỉ đạo này."), field="source"
        )
    if not preview.is_valid:
        lines = preview.error_lines() or [_("Tệp không có nhiệm vụ nào.")]
        raise services.TaskError(
            _("Không nhập được, chưa lưu gì: %(errors)s") % {"errors": " ".join(lines)}
        )
    today = timezone.localdate()
    with transaction.atomic():
        tasks = []
        for row in preview.rows:
            try:
                task = services.task_create(
                    actor=actor,
                    committee=committee,
                    title=row.values["title"],
                    domain=row.domain,
                    lead_unit=row.lead_unit,
                    deadline=row.deadline,
                    coordinating_units=row.coordinating_units,
                    content=row.values["content"],
                    source=source,
                    source_clause=row.values["source_clause"],
                    expected_output=row.values["expected_output"],
                    priority=row.priority,
                    assigned_on=today,
                    audit=False,
                )
            except services.TaskError as exc:
                raise services.TaskError(
                    _("Dòng %(row)s: %(message)s") % {"row": row.number, "message": exc},
                    status=exc.status,
                    field=exc.field,
                ) from exc
            tasks.append(task)
        record_change(
            actor=actor,
            action=ChangeLog.Action.LOAD,
            target=source if source is not None else committee,
            target_repr=(
                _("Nhập %(n)s nhiệm vụ từ Excel: %(target)s")
                % {"n": len(tasks), "target": source if source is not None else committee}
            ),
            after={
                "committee": committee.pk,
                "source": source.pk if source is not None else None,
                "file": preview.file_name,
                "count": len(tasks),
                "task_ids": [t.pk for t in tasks],
            },
        )
    return tasks


# ---- exporting


def _export_row(index: int, task: Task, today: dt.date) -> list:
    status = getattr(task, "status", None) or status_of(task, today)
    return [
        index,
        task.title,
        task.content,
        task.domain.name,
        task.lead_unit.name,
        "; ".join(c.unit.name for c in task.coordinations.all()),
        task.deadline,
        task.expected_output,
        str(task.get_priority_display()),
        task.source_clause,
        str(Status(status).label),
        task.percent,
        task.completed_on,
        task.pk,
        task.lead_unit_id,
    ]


def export_tasks_xlsx(queryset, *, today: dt.date | None = None) -> bytes:
    """The tasks as an .xlsx that `parse_task_sheet` reads back."""
    today = today or timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Nhiệm vụ")[:31])
    widths = [6, 60, 60, 28, 36, 48, 14, 36, 14, 16, 22, 10, 14, 12, 12]
    for position, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(position + 1)].width = width
    sheet.append(xlsx.safe_row(sheet, [COLUMNS[key][0] for key in EXPORT_KEYS]))
    date_columns = {EXPORT_KEYS.index("deadline"), EXPORT_KEYS.index("completed_on")}
    for index, task in enumerate(queryset, start=1):
        cells = []
        for position, value in enumerate(_export_row(index, task, today)):
            if position in date_columns and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(xlsx.safe_row(sheet, cells))
    return xlsx.save(workbook)


def template_xlsx() -> bytes:
    """An empty sheet with the import columns, to fill in."""
    return export_tasks_xlsx(Task.objects.none())
