"""Evaluation cycles: created for a committee's units with their criteria sets, settings
(bands, proposal rules, dates), units added, and the steps up to appraisal."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.committees.models import Committee
from chidao.core import policy
from chidao.evaluation import selectors
from chidao.evaluation.models import (
    CriteriaSet,
    CycleUnit,
    EvaluationCycle,
    UnitGroup,
    UnitScore,
)
from chidao.evaluation.services.common import (
    COMMUNE_KINDS,
    DEFAULT_BANDS,
    DEFAULT_RULES,
    State,
    _lock_cycle,
    _refuse,
    _require_manager,
    _require_state,
)
from chidao.tasks.models import Task
from chidao.units.models import Unit

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
