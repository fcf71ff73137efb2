"""Every change to evaluations. Each function is one user action: one transaction, its history
row (ScoreChange for scores) and its change-log row, written here and nowhere else.

A refusal is an EvaluationError whose `status` is the HTTP answer: 403 (not allowed), 409
(not in this state: a locked cycle never changes, an approved one keeps its scores) or 422
(bad input, naming the field).
"""

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.evaluation import formulas, notices, selectors
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    CriteriaSet,
    Criterion,
    CycleResult,
    CycleUnit,
    EvaluationCycle,
    EvidenceFile,
    Method,
    Proposal,
    ScoreChange,
    UnitGroup,
    UnitScore,
)
from chidao.storage import files
from chidao.tasks.models import Task
from chidao.units.models import Unit

State = EvaluationCycle.State
DEFAULT_RULES = selectors.DEFAULT_RULES
DEFAULT_BANDS = selectors.DEFAULT_BANDS
COMMUNE_KINDS = (Unit.Kind.COMMUNE,)


class EvaluationError(ActionRefused):
    """A refused evaluation action (see chidao.core.errors.ActionRefused)."""


def _now():
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _refuse(message: str, status: int = 403, field: str | None = None):
    raise EvaluationError(message, status=status, field=field)


def _lock_cycle(cycle: EvaluationCycle) -> EvaluationCycle:
    return EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)


def _require_state(cycle: EvaluationCycle, *states: str):
    """409 unless the cycle is in one of `states`; a locked cycle says so plainly."""
    if cycle.state in states:
        return
    if cycle.state == State.LOCKED:
        _refuse(_("Đợt đánh giá đã khóa: không thể thay đổi."), status=409)
    if cycle.state == State.APPROVED:
        _refuse(_("Kết quả đã được phê duyệt: điểm không còn thay đổi được."), status=409)
    _refuse(
        _("Không thực hiện được khi đợt đánh giá đang ở bước “%(state)s”.")
        % {"state": cycle.get_state_display()},
        status=409,
    )


def _require_manager(actor, cycle: EvaluationCycle):
    if not policy.is_system(actor) and not selectors.can_manage(actor, cycle):
        _refuse(_("Chỉ cơ quan thường trực của Ban Chỉ đạo mới thực hiện việc này."))


def _require_approver(actor, cycle: EvaluationCycle):
    if not policy.is_system(actor) and not selectors.can_approve(actor, cycle):
        _refuse(_("Chỉ lãnh đạo Ban Chỉ đạo mới phê duyệt, khóa kết quả."))


def _points_in_range(value, max_points: Decimal, field: str = "score") -> Decimal:
    try:
        value = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        _refuse(_("Điểm phải là một số."), status=422, field=field)
    if not value.is_finite() or value < 0 or value > max_points:
        _refuse(
            _("Điểm phải từ 0 đến %(max)s.") % {"max": selectors.fmt_points(max_points)},
            status=422,
            field=field,
        )
    if value != points(value):
        _refuse(_("Điểm có tối đa hai chữ số thập phân."), status=422, field=field)
    return points(value)


def _change(score, kind, old, new, *, actor, reason=""):
    return ScoreChange.objects.create(
        score=score,
        kind=kind,
        old_value=old,
        new_value=new,
        reason=reason,
        actor=policy.as_user(actor),
        actor_label=policy.actor_label(actor),
    )


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


# ---- cycles


def group_of(unit: Unit) -> str:
    return UnitGroup.COMMUNES if unit.kind in COMMUNE_KINDS else UnitGroup.DEPARTMENTS


def _check_bands(bands) -> list[dict]:
    try:
        clean = [
            {"name": str(b["name"]).strip(), "min_percent": float(b["min_percent"])} for b in bands
        ]
    except (KeyError, TypeError, ValueError):
        _refuse(_("Ngưỡng xếp loại không hợp lệ."), status=422, field="bands")
    if not clean or any(not b["name"] or not 0 <= b["min_percent"] <= 100 for b in clean):
        _refuse(_("Mỗi mức xếp loại cần tên và ngưỡng từ 0 đến 100%."), status=422, field="bands")
    clean.sort(key=lambda b: -b["min_percent"])
    if clean[-1]["min_percent"] != 0:
        _refuse(_("Mức xếp loại thấp nhất phải có ngưỡng 0%."), status=422, field="bands")
    return clean


def _check_rules(rules) -> dict:
    if not isinstance(rules, dict):
        _refuse(_("Quy tắc khen thưởng, phê bình không hợp lệ."), status=422, field="rules")
    clean = {}
    for kind, allowed in (
        ("commendation", selectors.COMMENDATION_RULES),
        ("criticism", selectors.CRITICISM_RULES),
    ):
        clean[kind] = []
        for rule in rules.get(kind, []):
            if not isinstance(rule, dict) or rule.get("rule") not in allowed:
                _refuse(
                    _("Quy tắc “%(rule)s” không dùng được cho danh sách này.")
                    % {"rule": rule.get("rule") if isinstance(rule, dict) else rule},
                    status=422,
                    field="rules",
                )
            item = {"rule": rule["rule"]}
            if rule["rule"] in ("top_n", "bottom_n", "overdue_more_than"):
                try:
                    item["n"] = int(rule.get("n", 0))
                except (TypeError, ValueError):
                    item["n"] = -1
                if item["n"] < 0 or (item["n"] == 0 and rule["rule"] != "overdue_more_than"):
                    _refuse(_("Số N của quy tắc không hợp lệ."), status=422, field="rules")
            if rule["rule"] == "band":
                item["band"] = str(rule.get("band", "")).strip()
            clean[kind].append(item)
    return clean


def _scores_for(cycle: EvaluationCycle, members: list[CycleUnit]):
    sets = {s.unit_group: s for s in cycle.criteria_sets.all()}
    leaves = {
        group: list(s.criteria.exclude(method="").order_by("order", "id"))
        for group, s in sets.items()
    }
    UnitScore.objects.bulk_create(
        [
            UnitScore(cycle=cycle, unit_id=m.unit_id, criterion=leaf)
            for m in members
            for leaf in leaves.get(m.group, [])
        ],
        ignore_conflicts=True,
    )


def _members(cycle: EvaluationCycle, units, sets: dict) -> list[CycleUnit]:
    members = []
    for item in units:
        unit, group = item if isinstance(item, tuple) else (item, None)
        group = group or group_of(unit)
        if group not in sets:
            _refuse(
                _("Đợt đánh giá chưa có bộ tiêu chí cho nhóm “%(group)s” của %(unit)s.")
                % {"group": UnitGroup(group).label, "unit": unit.name},
                status=422,
                field="units",
            )
        members.append(CycleUnit(cycle=cycle, unit=unit, unit_name=unit.name, group=group))
    return members


@transaction.atomic
def cycle_create(
    *,
    actor,
    committee: Committee,
    year: int,
    name: str,
    criteria_sets: Iterable[CriteriaSet],
    units: Iterable = (),
    self_assessment_deadline: dt.date,
    cut_off: dt.date,
    bands: list[dict] | None = None,
    rules: dict | None = None,
    synthetic: bool = False,
) -> EvaluationCycle:
    """A cycle for a year: one criteria set per group, the units (each a Unit, put in its
    group by kind, or a (unit, group) pair), and a score row for every unit and leaf."""
    if not policy.is_system(actor) and not policy.manages_committee(actor, committee.pk):
        _refuse(_("Chỉ cơ quan thường trực của Ban Chỉ đạo mới tạo đợt đánh giá."))
    name = (name or "").strip()
    if not name:
        _refuse(_("Thiếu tên đợt đánh giá."), status=422, field="name")
    if not 2000 <= int(year) <= 2100:
        _refuse(_("Năm đánh giá không hợp lệ."), status=422, field="year")
    if cut_off < dt.date(int(year), 1, 1):
        _refuse(
            _("Ngày chốt số liệu phải trong hoặc sau năm đánh giá."), status=422, field="cut_off"
        )
    criteria_sets = list(criteria_sets)
    sets = {}
    for criteria_set in criteria_sets:
        if criteria_set.unit_group in sets:
            _refuse(
                _("Mỗi nhóm đơn vị chỉ dùng một bộ tiêu chí."), status=422, field="criteria_sets"
            )
        sets[criteria_set.unit_group] = criteria_set
    if not sets:
        _refuse(_("Cần ít nhất một bộ tiêu chí."), status=422, field="criteria_sets")
    if EvaluationCycle.objects.filter(committee=committee, year=year, name=name).exists():
        _refuse(_("Đã có đợt đánh giá cùng tên trong năm."), status=409, field="name")
    cycle = EvaluationCycle.objects.create(
        committee=committee,
        year=year,
        name=name,
        self_assessment_deadline=self_assessment_deadline,
        cut_off=cut_off,
        bands=_check_bands(bands if bands is not None else DEFAULT_BANDS),
        rules=_check_rules(rules if rules is not None else DEFAULT_RULES),
        synthetic=synthetic,
    )
    cycle.criteria_sets.set(criteria_sets)
    members = _members(cycle, units, sets)
    CycleUnit.objects.bulk_create(members, ignore_conflicts=True)
    _scores_for(cycle, members)
    after = snapshot(cycle) | {"units": [m.unit_id for m in members]}
    record_change(actor=actor, action="create", target=cycle, after=after)
    return cycle


def default_units(committee: Committee, year: int) -> list[Unit]:
    """The lead units of the committee's tasks due in the year: who a cycle usually covers."""
    unit_ids = Task.objects.filter(
        committee=committee, deadline__year=year, cancelled_on__isnull=True
    ).values("lead_unit_id")
    return list(Unit.objects.filter(pk__in=unit_ids).order_by("kind", "name"))


@transaction.atomic
def cycle_add_units(*, actor, cycle: EvaluationCycle, units: Iterable) -> int:
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    _require_state(cycle, State.OPEN, State.SELF_ASSESSMENT)
    sets = {s.unit_group: s for s in cycle.criteria_sets.all()}
    existing = set(cycle.units.values_list("unit_id", flat=True))
    members = [m for m in _members(cycle, units, sets) if m.unit_id not in existing]
    CycleUnit.objects.bulk_create(members)
    _scores_for(cycle, members)
    record_change(
        actor=actor,
        action="update",
        target=cycle,
        after={"added_units": [m.unit_id for m in members]},
    )
    return len(members)


@transaction.atomic
def cycle_update_settings(
    *,
    actor,
    cycle: EvaluationCycle,
    bands: list[dict] | None = None,
    rules: dict | None = None,
    self_assessment_deadline: dt.date | None = None,
    cut_off: dt.date | None = None,
) -> EvaluationCycle:
    """Bands, rules and dates, until the results are approved."""
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    _require_state(cycle, State.OPEN, State.SELF_ASSESSMENT, State.APPRAISAL)
    before = snapshot(cycle)
    if bands is not None:
        cycle.bands = _check_bands(bands)
    if rules is not None:
        cycle.rules = _check_rules(rules)
    if self_assessment_deadline is not None:
        cycle.self_assessment_deadline = self_assessment_deadline
    if cut_off is not None:
        if cut_off < dt.date(cycle.year, 1, 1):
            _refuse(
                _("Ngày chốt số liệu phải trong hoặc sau năm đánh giá."),
                status=422,
                field="cut_off",
            )
        cycle.cut_off = cut_off
    cycle.save()
    record_change(actor=actor, action="update", target=cycle, before=before, after=snapshot(cycle))
    return cycle


def _transition(actor, cycle, source: tuple, target: str, **extra) -> EvaluationCycle:
    _require_state(cycle, *source)
    before = snapshot(cycle)
    cycle.state = target
    for key, value in extra.items():
        setattr(cycle, key, value)
    cycle.save()
    record_change(actor=actor, action="update", target=cycle, before=before, after=snapshot(cycle))
    return cycle


@transaction.atomic
def cycle_open_self_assessment(*, actor, cycle: EvaluationCycle) -> EvaluationCycle:
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    if not cycle.units.exists():
        _refuse(_("Đợt đánh giá chưa có đơn vị nào."), status=409)
    return _transition(actor, cycle, (State.OPEN,), State.SELF_ASSESSMENT)


@transaction.atomic
def cycle_start_appraisal(*, actor, cycle: EvaluationCycle) -> EvaluationCycle:
    """Close self-assessment (units can no longer change their scores) and start appraisal."""
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    return _transition(actor, cycle, (State.SELF_ASSESSMENT,), State.APPRAISAL)


# ---- scores


def _score(score: UnitScore) -> tuple[UnitScore, EvaluationCycle]:
    score = (
        UnitScore.objects.select_for_update().select_related("criterion", "cycle").get(pk=score.pk)
    )
    return score, _lock_cycle(score.cycle)


@files.atomic()
def self_assess(
    *,
    actor,
    score: UnitScore,
    value,
    explanation: str,
    uploads: Iterable = (),
    today: dt.date | None = None,
) -> UnitScore:
    """The unit's focal person scores a self-assessed leaf, explains it and attaches evidence,
    while the cycle is in self-assessment and by its deadline."""
    score, cycle = _score(score)
    # Rights first: another unit learns nothing of this cycle's state from the answer.
    if not policy.is_system(actor) and not selectors.can_self_assess(actor, cycle, score.unit_id):
        _refuse(_("Chỉ đầu mối của đơn vị mới tự chấm điểm của đơn vị."))
    _require_state(cycle, State.SELF_ASSESSMENT)
    if score.criterion.method != Method.SELF_ASSESSED:
        _refuse(_("Tiêu chí này không do đơn vị tự chấm."), status=409)
    today = today or _today()
    if today > cycle.self_assessment_deadline:
        _refuse(
            _("Đã quá hạn tự chấm (%(date)s).")
            % {"date": cycle.self_assessment_deadline.strftime("%d/%m/%Y")},
            status=409,
        )
    value = _points_in_range(value, score.criterion.max_points)
    explanation = (explanation or "").strip()
    if not explanation:
        _refuse(_("Cần giải trình điểm tự chấm."), status=422, field="explanation")
    try:
        checked = [(upload, *files.check_upload(upload)) for upload in uploads]
    except files.UploadRejected as exc:
        raise EvaluationError(str(exc), field="files") from exc
    before = snapshot(score)
    old = score.self_score
    score.self_score = value
    score.explanation = explanation
    score.self_assessed_at = _now()
    score.self_assessed_by = policy.as_user(actor)
    score.save()
    for upload, content_type, content in checked:
        evidence = EvidenceFile.create_stored(
            content=content,
            content_type=content_type,
            original_name=upload.name,
            uploaded_by=policy.as_user(actor),
            score=score,
        )
        record_change(actor=actor, action="create", target=evidence, after=snapshot(evidence))
    _change(score, ScoreChange.Kind.SELF, old, value, actor=actor, reason=explanation)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


def _require_appraisal_step(actor, cycle):
    _require_manager(actor, cycle)
    _require_state(cycle, State.APPRAISAL)


@transaction.atomic
def appraise(*, actor, score: UnitScore, accept: bool, value=None, reason: str = "") -> UnitScore:
    """The standing agency confirms the unit's score (accept) or sets another one with a
    reason (adjust). Both are kept in the history."""
    score, cycle = _score(score)
    _require_appraisal_step(actor, cycle)
    if score.criterion.method != Method.SELF_ASSESSED:
        _refuse(_("Chỉ thẩm định tiêu chí do đơn vị tự chấm."), status=409)
    reason = (reason or "").strip()
    if accept:
        if score.self_score is None:
            _refuse(_("Đơn vị chưa tự chấm tiêu chí này: hãy chấm điểm thẩm định."), status=409)
        new, kind = score.self_score, ScoreChange.Kind.ACCEPTED
    else:
        new = _points_in_range(value, score.criterion.max_points)
        if not reason:
            _refuse(_("Điều chỉnh điểm cần nêu lý do."), status=422, field="reason")
        kind = ScoreChange.Kind.ADJUSTED
    before = snapshot(score)
    old = score.appraised_score
    score.appraised_score = new
    score.appraisal_reason = reason
    score.appraised_at = _now()
    score.appraised_by = policy.as_user(actor)
    score.save()
    _change(score, kind, old, new, actor=actor, reason=reason)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


@transaction.atomic
def appraise_accept_all(*, actor, cycle: EvaluationCycle, unit: Unit | None = None) -> int:
    """Accept every self-score not yet appraised (of one unit, or of all)."""
    cycle = _lock_cycle(cycle)
    _require_appraisal_step(actor, cycle)
    pending = UnitScore.objects.select_for_update().filter(
        cycle=cycle,
        criterion__method=Method.SELF_ASSESSED,
        self_score__isnull=False,
        appraised_score__isnull=True,
    )
    if unit is not None:
        pending = pending.filter(unit=unit)
    now, count = _now(), 0
    for score in pending:
        score.appraised_score = score.self_score
        score.appraisal_reason = ""
        score.appraised_at = now
        score.appraised_by = policy.as_user(actor)
        score.save(
            update_fields=["appraised_score", "appraisal_reason", "appraised_at", "appraised_by"]
        )
        _change(score, ScoreChange.Kind.ACCEPTED, None, score.self_score, actor=actor)
        count += 1
    record_change(
        actor=actor,
        action="update",
        target=cycle,
        after={"accepted_self_scores": count, "unit": unit.pk if unit else None},
    )
    return count


@transaction.atomic
def external_enter(*, actor, score: UnitScore, value, source: str) -> UnitScore:
    """A score from an outside source (a survey of satisfaction...), naming the source."""
    score, cycle = _score(score)
    _require_manager(actor, cycle)
    _require_state(cycle, State.SELF_ASSESSMENT, State.APPRAISAL)
    if score.criterion.method != Method.EXTERNAL:
        _refuse(_("Tiêu chí này không lấy điểm từ nguồn ngoài."), status=409)
    value = _points_in_range(value, score.criterion.max_points)
    source = (source or "").strip()
    if not source:
        _refuse(_("Cần ghi nguồn của điểm."), status=422, field="source")
    before = snapshot(score)
    old = score.external_score
    score.external_score = value
    score.external_source = source[:500]
    score.save(update_fields=["external_score", "external_source"])
    _change(score, ScoreChange.Kind.EXTERNAL, old, value, actor=actor, reason=source)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


def _fill_computed(actor, cycle: EvaluationCycle) -> int:
    scores = list(
        UnitScore.objects.select_for_update()
        .filter(cycle=cycle, criterion__method=Method.COMPUTED)
        .select_related("criterion")
    )
    facts = selectors.facts_for(cycle, {s.unit_id for s in scores})
    now, changed = _now(), 0
    for score in scores:
        value, detail = formulas.compute(
            score.criterion.formula_key, facts[score.unit_id], score.criterion.max_points
        )
        if score.computed_value == value and score.computed_detail == detail:
            continue
        old = score.computed_value
        score.computed_value, score.computed_detail, score.computed_at = value, detail, now
        score.save(update_fields=["computed_value", "computed_detail", "computed_at"])
        if old != value:
            _change(
                score,
                ScoreChange.Kind.COMPUTED,
                old,
                value,
                actor=actor,
                reason=formulas.describe(detail),
            )
        changed += 1
    return changed


@transaction.atomic
def fill_computed(*, actor, cycle: EvaluationCycle) -> int:
    """Compute every computed leaf of every unit from the data as of the cut-off; returns how
    many scores changed. Safe to run again."""
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    _require_state(cycle, State.OPEN, State.SELF_ASSESSMENT, State.APPRAISAL)
    changed = _fill_computed(actor, cycle)
    record_change(
        actor=actor,
        action="update",
        target=cycle,
        after={"computed_as_of": cycle.cut_off.isoformat(), "changed_scores": changed},
    )
    return changed


# ---- approval, lock, proposals


def _snapshot_results(cycle: EvaluationCycle) -> list[CycleResult]:
    rows = selectors.live_results(cycle)
    facts = selectors.facts_for(cycle, [row["unit_id"] for row in rows])
    results = CycleResult.objects.bulk_create(
        [
            CycleResult(
                cycle=cycle,
                unit_id=row["unit_id"],
                unit_name=row["unit_name"],
                group=row["group"],
                fields=[
                    {**f, "score": str(f["score"]), "max": str(f["max"])} for f in row["fields"]
                ],
                lines=[selectors.line_to_json(line) for line in row["lines"]],
                stats=facts[row["unit_id"]],
                total=row["total"],
                max_total=row["max_total"],
                rank=row["rank"],
                band=row["band"],
            )
            for row in rows
        ]
    )
    drawn = selectors.draw_proposals(cycle, rows, facts)
    Proposal.objects.bulk_create(
        [
            Proposal(
                cycle=cycle,
                kind=kind,
                unit_id=item["unit_id"],
                unit_name=item["unit_name"],
                grounds=item["grounds"],
                rules=item["rules"],
                origin=Proposal.Origin.RULE,
                order=order,
            )
            for kind, items in drawn.items()
            for order, item in enumerate(items, start=1)
        ]
    )
    return results


@transaction.atomic
def cycle_approve(*, actor, cycle: EvaluationCycle, today: dt.date | None = None):
    """The committee approves: computed leaves are filled one last time as of the cut-off,
    every self-score must have been appraised, then each unit's result is frozen (CycleResult)
    and published, and the proposal lists are drawn by the cycle's rules."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    _require_state(cycle, State.APPRAISAL)
    if (today or _today()) < cycle.cut_off:
        _refuse(
            _("Chưa đến ngày chốt số liệu (%(date)s).")
            % {"date": cycle.cut_off.strftime("%d/%m/%Y")},
            status=409,
        )
    pending = UnitScore.objects.filter(
        cycle=cycle,
        criterion__method=Method.SELF_ASSESSED,
        self_score__isnull=False,
        appraised_score__isnull=True,
    ).count()
    if pending:
        _refuse(
            _("Còn %(n)s điểm tự chấm chưa được thẩm định.") % {"n": pending},
            status=409,
        )
    _fill_computed(actor, cycle)
    CycleResult.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle).delete()
    results = _snapshot_results(cycle)
    record_change(
        actor=actor,
        action="create",
        target_type="evaluation.cycleresult",
        target_id=str(cycle.pk),
        target_repr=f"Kết quả: {cycle}",
        after={
            "results": [
                {"unit_id": r.unit_id, "total": str(r.total), "rank": r.rank, "band": r.band}
                for r in results
            ],
            "proposals": list(Proposal.objects.filter(cycle=cycle).values_list("kind", "unit_id")),
        },
    )
    _transition(
        actor,
        cycle,
        (State.APPRAISAL,),
        State.APPROVED,
        approved_at=_now(),
        approved_by=policy.as_user(actor),
    )
    notices.appraisal_finished(actor=actor, cycle=cycle)
    return results


@transaction.atomic
def cycle_reopen(*, actor, cycle: EvaluationCycle, reason: str) -> EvaluationCycle:
    """Take an approved (not locked) cycle back to appraisal, after a complaint for example:
    the frozen results and the proposals are dropped (and logged) and drawn again at the next
    approval."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    _require_state(cycle, State.APPROVED)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Cần nêu lý do mở lại."), status=422, field="reason")
    dropped = {
        "results": [
            {"unit_id": unit_id, "total": str(total), "rank": rank}
            for unit_id, total, rank in CycleResult.objects.filter(cycle=cycle).values_list(
                "unit_id", "total", "rank"
            )
        ],
        "proposals": list(
            Proposal.objects.filter(cycle=cycle).values("kind", "unit_id", "grounds", "included")
        ),
    }
    record_change(
        actor=actor, action="delete", target=cycle, before=dropped, after={"reason": reason}
    )
    CycleResult.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle).delete()
    return _transition(
        actor, cycle, (State.APPROVED,), State.APPRAISAL, approved_at=None, approved_by=None
    )


@transaction.atomic
def cycle_lock(*, actor, cycle: EvaluationCycle) -> EvaluationCycle:
    """Lock: the results and the proposal lists never change again."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    return _transition(actor, cycle, (State.APPROVED,), State.LOCKED, locked_at=_now())


def _proposal_step(actor, cycle):
    _require_manager(actor, cycle)
    if cycle.state != State.APPROVED:
        if cycle.state == State.LOCKED:
            _refuse(_("Đợt đánh giá đã khóa: không thể thay đổi."), status=409)
        _refuse(_("Danh sách đề nghị được lập khi kết quả đã được phê duyệt."), status=409)


@transaction.atomic
def proposal_add(
    *,
    actor,
    cycle: EvaluationCycle,
    kind: str,
    unit: Unit,
    grounds: str,
    reason: str,
    person_name: str = "",
) -> Proposal:
    """The standing agency adds a unit (or an individual of a unit) to a list, with grounds
    and the reason for adding it."""
    cycle = _lock_cycle(cycle)
    _proposal_step(actor, cycle)
    if kind not in Proposal.Kind.values:
        _refuse(_("Loại đề nghị không hợp lệ."), status=422, field="kind")
    grounds, reason = (grounds or "").strip(), (reason or "").strip()
    if not grounds:
        _refuse(_("Cần nêu căn cứ đề nghị."), status=422, field="grounds")
    if not reason:
        _refuse(_("Cần nêu lý do bổ sung."), status=422, field="reason")
    person_name = (person_name or "").strip()
    if (
        not person_name
        and Proposal.objects.filter(cycle=cycle, kind=kind, unit=unit, person_name="").exists()
    ):
        _refuse(_("Đơn vị đã có trong danh sách."), status=409, field="unit")
    name = (
        CycleUnit.objects.filter(cycle=cycle, unit=unit).values_list("unit_name", flat=True).first()
        or unit.name
    )
    last = Proposal.objects.filter(cycle=cycle, kind=kind).order_by("-order").first()
    proposal = Proposal.objects.create(
        cycle=cycle,
        kind=kind,
        unit=unit,
        unit_name=name,
        person_name=person_name[:200],
        grounds=grounds,
        origin=Proposal.Origin.MANUAL,
        reason=reason,
        order=(last.order + 1) if last else 1,
    )
    record_change(actor=actor, action="create", target=proposal, after=snapshot(proposal))
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    actor,
    proposal: Proposal,
    reason: str,
    grounds: str | None = None,
    included: bool | None = None,
) -> Proposal:
    """Edit the grounds, or leave a proposal out (or take it back in), with a reason."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    cycle = _lock_cycle(proposal.cycle)
    _proposal_step(actor, cycle)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Cần nêu lý do chỉnh sửa."), status=422, field="reason")
    before = snapshot(proposal)
    if grounds is not None:
        grounds = grounds.strip()
        if not grounds:
            _refuse(_("Cần nêu căn cứ đề nghị."), status=422, field="grounds")
        proposal.grounds = grounds
    if included is not None:
        proposal.included = included
    proposal.reason = reason
    proposal.save()
    record_change(
        actor=actor, action="update", target=proposal, before=before, after=snapshot(proposal)
    )
    return proposal
