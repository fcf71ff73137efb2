"""Criteria sets: created from rows (checked as a tree with formulas), exported to and
imported from Excel."""

import io
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.committees.models import Committee
from chidao.core import policy
from chidao.evaluation import formulas, selectors
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    CriteriaSet,
    Criterion,
    Method,
    UnitGroup,
)
from chidao.evaluation.services.common import EvaluationError, _refuse

# ---- criteria sets


COLUMNS = ["Mã", "Nội dung", "Điểm tối đa", "Cách chấm", "Công thức", "Hướng dẫn"]
INFO_SHEET = "Thông tin"


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _validate_rows(rows: list[dict]) -> list[dict]:
    """Check a tree given as rows {code, title, max_points, method, formula_key, guidance}:
    codes unique, parents before children, leaves scored and parents not, computed leaves with
    a known formula, each parent's maximum the sum of its children's. Errors name the row."""
    errors, seen, clean = [], {}, []
    for index, raw in enumerate(rows, start=2):  # row 1 of the sheet is the header
        code = str(raw.get("code") or "").strip().rstrip(".")
        title = str(raw.get("title") or "").strip()
        method = str(raw.get("method") or "").strip()
        formula_key = str(raw.get("formula_key") or "").strip()
        where = _("Dòng %(row)s (%(code)s): ") % {"row": index, "code": code or "?"}
        if not code and not title:
            continue
        if not code:
            errors.append(where + _("thiếu mã."))
            continue
        if code in seen:
            errors.append(where + _("mã bị trùng."))
            continue
        if not title:
            errors.append(where + _("thiếu nội dung."))
        try:
            max_points = points(str(raw.get("max_points")).replace(",", "."))
            if max_points < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            errors.append(where + _("điểm tối đa không hợp lệ."))
            max_points = points(0)
        parent = _parent_code(code)
        if parent is not None and parent not in seen:
            errors.append(
                where + _("chưa có tiêu chí cha “%(parent)s” ở dòng trên.") % {"parent": parent}
            )
        if method and method not in Method.values:
            errors.append(
                where
                + _("cách chấm phải là một trong: %(methods)s.")
                % {"methods": ", ".join(Method.values)}
            )
        if method == Method.COMPUTED and formula_key not in formulas.REGISTRY:
            errors.append(
                where
                + _("công thức “%(key)s” không có; dùng một trong: %(keys)s.")
                % {"key": formula_key, "keys": ", ".join(formulas.REGISTRY)}
            )
        row = {
            "code": code,
            "title": title,
            "max_points": max_points,
            "method": method,
            "formula_key": formula_key if method == Method.COMPUTED else "",
            "guidance": str(raw.get("guidance") or "").strip(),
            "parent": parent,
            "_where": where,
        }
        seen[code] = row
        clean.append(row)
    children: dict[str, list[dict]] = {}
    for row in clean:
        if row["parent"] in seen:
            children.setdefault(row["parent"], []).append(row)
    for row in clean:
        kids = children.get(row["code"], [])
        if kids:
            if row["method"]:
                errors.append(
                    row["_where"] + _("tiêu chí có tiêu chí con thì không ghi cách chấm.")
                )
            total = sum((k["max_points"] for k in kids), Decimal(0))
            if total != row["max_points"]:
                errors.append(
                    row["_where"]
                    + _("điểm tối đa %(max)s khác tổng điểm các tiêu chí con (%(sum)s).")
                    % {
                        "max": selectors.fmt_points(row["max_points"]),
                        "sum": selectors.fmt_points(total),
                    }
                )
        elif not row["method"]:
            errors.append(row["_where"] + _("tiêu chí lá phải ghi cách chấm."))
    if not clean:
        errors.append(_("Bộ tiêu chí không có tiêu chí nào."))
    if errors:
        raise EvaluationError("\n".join(errors), status=422, field="criteria")
    return clean


@transaction.atomic
def criteria_set_create(
    *,
    actor,
    name: str,
    unit_group: str,
    rows: list[dict],
    committee: Committee | None = None,
    parent: CriteriaSet | None = None,
    note: str = "",
    synthetic: bool = False,
) -> CriteriaSet:
    """A criteria set (a new version of `parent` when given) from rows in tree order."""
    if not policy.is_system(actor) and not (
        policy.is_administrator(actor)
        or (committee is not None and policy.manages_committee(actor, committee.pk))
    ):
        _refuse(_("Chỉ cơ quan thường trực hoặc quản trị mới tạo bộ tiêu chí."))
    name = (name or "").strip()
    if not name:
        _refuse(_("Thiếu tên bộ tiêu chí."), status=422, field="name")
    if unit_group not in UnitGroup.values:
        _refuse(_("Nhóm đơn vị không hợp lệ."), status=422, field="unit_group")
    clean = _validate_rows(rows)
    version = 1
    if parent is not None:
        version = (
            max(CriteriaSet.objects.filter(name=parent.name).values_list("version", flat=True)) + 1
        )
        name = parent.name
    elif CriteriaSet.objects.filter(name=name).exists():
        version = max(CriteriaSet.objects.filter(name=name).values_list("version", flat=True)) + 1
    criteria_set = CriteriaSet.objects.create(
        name=name,
        unit_group=unit_group,
        version=version,
        parent=parent,
        committee=committee,
        note=note,
        synthetic=synthetic,
    )
    created: dict[str, Criterion] = {}
    for order, row in enumerate(clean, start=1):
        created[row["code"]] = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=created.get(row["parent"]) if row["parent"] else None,
            code=row["code"],
            title=row["title"],
            max_points=row["max_points"],
            order=order,
            method=row["method"],
            formula_key=row["formula_key"],
            guidance=row["guidance"],
        )
    after = snapshot(criteria_set) | {"criteria": len(created)}
    record_change(actor=actor, action="create", target=criteria_set, after=after)
    return criteria_set


def criteria_rows(criteria_set: CriteriaSet) -> list[dict]:
    return [
        {
            "code": c.code,
            "title": c.title,
            "max_points": c.max_points,
            "method": c.method,
            "formula_key": c.formula_key,
            "guidance": c.guidance,
        }
        for c in criteria_set.criteria.order_by("order", "id")
    ]


def criteria_set_export_xlsx(criteria_set: CriteriaSet) -> bytes:
    """The set as Excel: one row per criterion in tree order (code, title, max points, method,
    formula key, guidance), and a sheet with the set's name and group; imports back as is."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from chidao.core import xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in criteria_rows(criteria_set):
        sheet.append(
            [
                row["code"],
                row["title"],
                float(row["max_points"]),
                row["method"],
                row["formula_key"],
                row["guidance"],
            ]
        )
        if "." not in row["code"]:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (10, 70, 12, 16, 26, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    info = workbook.create_sheet(INFO_SHEET)
    info.append(["Tên bộ tiêu chí", criteria_set.name])
    info.append(["Nhóm đơn vị", criteria_set.unit_group])
    info.append(["Phiên bản", criteria_set.version])
    info.append(["Cách chấm", ", ".join(f"{m.value} = {m.label}" for m in Method)])
    info.append(["Công thức", ", ".join(f"{k} = {f.title}" for k, f in formulas.REGISTRY.items())])
    return xlsx.save(workbook)


def read_criteria_xlsx(content: bytes) -> dict:
    """{"name", "unit_group", "rows"} from a workbook laid out as the export writes it."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the same refusal
        raise EvaluationError(_("Không đọc được tệp Excel."), field="file") from exc
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        values = list(values) + [None] * (6 - len(values))
        code, title, max_points, method, formula_key, guidance = values[:6]
        if code is None and title is None:
            continue
        code = str(code).strip()
        if code.endswith(".0") and code[:-2].isdigit():  # Excel turned "1" into 1.0
            code = code[:-2]
        rows.append(
            {
                "code": code,
                "title": title,
                "max_points": max_points,
                "method": method or "",
                "formula_key": formula_key or "",
                "guidance": guidance or "",
            }
        )
    info = {}
    if INFO_SHEET in workbook.sheetnames:
        for key, value, *_rest in workbook[INFO_SHEET].iter_rows(values_only=True):
            info[key] = value
    workbook.close()
    return {
        "name": info.get("Tên bộ tiêu chí") or "",
        "unit_group": info.get("Nhóm đơn vị") or "",
        "rows": rows,
    }


def criteria_set_import_xlsx(
    *,
    actor,
    content: bytes,
    name: str = "",
    unit_group: str = "",
    committee: Committee | None = None,
    parent: CriteriaSet | None = None,
) -> CriteriaSet:
    """Import a set from Excel (the export's layout); name and group default to the file's."""
    data = read_criteria_xlsx(content)
    return criteria_set_create(
        actor=actor,
        name=name or data["name"],
        unit_group=unit_group or data["unit_group"],
        rows=data["rows"],
        committee=committee,
        parent=parent,
    )
