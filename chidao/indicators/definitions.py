"""Services that define a committee's indicators and their targets, for its standing agency:
create and change an indicator (code, name, unit of measure, direction, source or formula,
legal basis, layer, program, public flag), and set a unit's (or the whole committee's) target
for a year with its quarterly milestones.

Each write is one transaction with its change-log row; 403 for anyone but the committee's
managers, 422 with a Vietnamese message for bad input (a code already used, a range upside
down, a milestone against the indicator's direction, a target outside its range). Nothing is
half-written.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.indicators.models import Direction, Indicator, Layer, SourceKind, Target
from chidao.indicators.services import IndicatorError, parse_number
from chidao.tasks.models import TaskSource

# Fields of an indicator a manager sets, with their defaults for a new one.
FIELDS = {
    "code": None,
    "name": None,
    "unit_of_measure": None,
    "direction": Direction.HIGHER,
    "layer": None,
    "source_kind": SourceKind.ENTERED,
    "figure_key": "",
    "formula": "",
    "legal_basis": "",
    "program": None,
    "minimum": Decimal(0),
    "maximum": Decimal(100),
    "margin_percent": Decimal(5),
    "published": False,
}
TEXT_LIMITS = {
    "code": 30,
    "name": 300,
    "unit_of_measure": 30,
    "figure_key": 50,
    "formula": 10_000,
    "legal_basis": 10_000,
}


def _require_manager(actor, committee_id: int) -> None:
    if not policy.manages_committee(actor, committee_id):
        raise IndicatorError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới xác định được chỉ tiêu và mốc."),
            status=403,
        )


def number(value, field: str, label: str) -> Decimal:
    """A decimal from a number or a text written with a comma or a dot; 422 otherwise."""
    return parse_number(
        value,
        field=field,
        missing=_("Thiếu %(label)s.") % {"label": label},
        not_number=_("%(label)s phải là số.") % {"label": label},
    )


def _clean(committee, data: dict, indicator: Indicator | None) -> dict:
    clean = {}
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            value = str(data[name] or "").strip()
            if len(value) > limit:
                raise IndicatorError(
                    _("“%(field)s” dài quá %(n)s ký tự.")
                    % {"field": Indicator._meta.get_field(name).verbose_name, "n": limit},
                    field=name,
                )
            clean[name] = value
    for name in ("code", "name", "unit_of_measure"):
        if name in clean and not clean[name]:
            raise IndicatorError(
                _("Cần ghi “%(field)s”.") % {"field": Indicator._meta.get_field(name).verbose_name},
                field=name,
            )
    choices = {"direction": Direction, "layer": Layer, "source_kind": SourceKind}
    for name, kind in choices.items():
        if name in data:
            if data[name] not in kind.values:
                raise IndicatorError(
                    _("“%(field)s” không hợp lệ: chọn một trong %(choices)s.")
                    % {
                        "field": Indicator._meta.get_field(name).verbose_name,
                        "choices": ", ".join(kind.values),
                    },
                    field=name,
                )
            clean[name] = data[name]
    labels = {
        "minimum": _("giá trị nhỏ nhất"),
        "maximum": _("giá trị lớn nhất"),
        "margin_percent": _("biên an toàn"),
    }
    for name, label in labels.items():
        if name in data:
            clean[name] = number(data[name], name, label)
    if "published" in data:
        clean["published"] = bool(data["published"])
    if "program" in data:
        program = data["program"]
        if program is not None and not isinstance(program, TaskSource):
            program = (
                TaskSource.objects.filter(pk=program).first() if str(program).isdigit() else None
            )
            if program is None:
                raise IndicatorError(_("Không có chương trình, kế hoạch này."), field="program")
        if program is not None and program.committee_id != committee.pk:
            raise IndicatorError(
                _("Chương trình, kế hoạch không thuộc Ban Chỉ đạo này."), field="program"
            )
        clean["program"] = program
    merged = {name: clean.get(name, getattr(indicator, name, None)) for name in FIELDS}
    for name, default in FIELDS.items():
        if merged[name] is None and default is not None:
            merged[name] = default
    missing = [n for n in ("code", "name", "unit_of_measure", "layer") if not merged[n]]
    if missing:
        raise IndicatorError(
            _("Cần ghi “%(field)s”.")
            % {"field": Indicator._meta.get_field(missing[0]).verbose_name},
            field=missing[0],
        )
    if merged["maximum"] <= merged["minimum"]:
        raise IndicatorError(_("Giá trị lớn nhất phải lớn hơn giá trị nhỏ nhất."), field="maximum")
    if not Decimal(0) <= merged["margin_percent"] <= Decimal(100):
        raise IndicatorError(_("Biên an toàn phải từ 0 đến 100 (%)."), field="margin_percent")
    if merged["source_kind"] != SourceKind.ENTERED and merged["figure_key"]:
        raise IndicatorError(
            _("Chỉ tiêu tính từ dữ liệu của hệ thống không lấy số liệu từ mẫu báo cáo."),
            field="figure_key",
        )
    taken = Indicator.objects.filter(committee=committee, code__iexact=merged["code"])
    if indicator is not None:
        taken = taken.exclude(pk=indicator.pk)
    if taken.exists():
        raise IndicatorError(
            _("Mã “%(code)s” đã dùng cho một chỉ tiêu khác của Ban Chỉ đạo.")
            % {"code": merged["code"]},
            field="code",
        )
    return merged


@transaction.atomic
def indicator_create(*, actor, committee, **data) -> Indicator:
    """A new indicator of `committee` from `data` (the names of FIELDS; code, name, unit of
    measure and layer required)."""
    _require_manager(actor, committee.pk)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise IndicatorError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    merged = _clean(committee, data, None)
    indicator = Indicator.objects.create(committee=committee, **merged)
    record_change(actor=actor, action="create", target=indicator, after=snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **changes) -> Indicator:
    """Change the given fields of `indicator` (the others kept)."""
    _require_manager(actor, indicator.committee_id)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise IndicatorError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = snapshot(indicator)
    merged = _clean(indicator.committee, changes, indicator)
    if (
        merged["source_kind"] != indicator.source_kind
        and indicator.values.exists()
        and SourceKind.ENTERED in (merged["source_kind"], indicator.source_kind)
    ):
        raise IndicatorError(
            _(
                "Chỉ tiêu đã có số liệu: không đổi được giữa nhập tay và tính từ dữ liệu của "
                "hệ thống; hãy tạo chỉ tiêu mới."
            ),
            status=409,
            field="source_kind",
        )
    for name, value in merged.items():
        setattr(indicator, name, value)
    indicator.save()
    after = snapshot(indicator)
    if after != before:
        record_change(actor=actor, action="update", target=indicator, before=before, after=after)
    return indicator


def _milestones_in_order(indicator, year_value, quarters: dict[int, Decimal]) -> None:
    """Milestones move towards the year's target: never back against the direction, and none
    past the year's target."""
    higher = indicator.direction == Direction.HIGHER
    previous = None
    for quarter in sorted(quarters):
        value = quarters[quarter]
        if previous is not None and (value < previous[1] if higher else value > previous[1]):
            raise IndicatorError(
                _(
                    "Mốc quý %(q)s (%(v)s) %(how)s mốc quý %(p)s (%(pv)s): với chỉ tiêu "
                    "“%(dir)s”, mốc các quý không được lùi."
                )
                % {
                    "q": quarter,
                    "v": value,
                    "how": _("thấp hơn") if higher else _("cao hơn"),
                    "p": previous[0],
                    "pv": previous[1],
                    "dir": indicator.get_direction_display().lower(),
                },
                field=f"q{quarter}",
            )
        if year_value is not None and (value > year_value if higher else value < year_value):
            raise IndicatorError(
                _("Mốc quý %(q)s (%(v)s) vượt chỉ tiêu cả năm (%(y)s).")
                % {"q": quarter, "v": value, "y": year_value},
                field=f"q{quarter}",
            )
        previous = (quarter, value)


def _targets_snapshot(indicator, unit, year: int) -> dict:
    periods = [str(year)] + [f"{year}-Q{q}" for q in range(1, 5)]
    rows = Target.objects.filter(indicator=indicator, unit=unit, period__in=periods)
    return {
        "unit": unit.pk if unit is not None else None,
        "year": year,
        "targets": {t.period: str(t.value) for t in rows.order_by("period")},
    }


@transaction.atomic
def targets_set(
    *, actor, indicator: Indicator, unit=None, year, target, milestones: dict | None = None
) -> list[Target]:
    """Set the year's target of `unit` (the whole committee's when None) and its quarterly
    milestones ({1: value, …, 4: value}; a quarter left out has none, and an earlier one
    is removed). Returns the year's targets, the year first then the quarters."""
    _require_manager(actor, indicator.committee_id)
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        year = 0
    if not 1901 <= year <= 9998:
        raise IndicatorError(_("Năm không hợp lệ."), field="year")
    values = {str(year): number(target, "target", _("chỉ tiêu cả năm"))}
    quarters = {}
    for key, raw in (milestones or {}).items():
        quarter = str(key).strip().upper().removeprefix("Q")
        if quarter not in ("1", "2", "3", "4"):
            raise IndicatorError(
                _("Quý “%(q)s” không hợp lệ: 1 đến 4.") % {"q": key}, field="milestones"
            )
        if raw is None or str(raw).strip() == "":
            continue
        quarters[int(quarter)] = number(raw, f"q{quarter}", _("mốc quý %(q)s") % {"q": quarter})
    for period_value in [*values.values(), *quarters.values()]:
        if not indicator.minimum <= period_value <= indicator.maximum:
            raise IndicatorError(
                _("Mốc %(v)s nằm ngoài khoảng cho phép của chỉ tiêu (%(lo)s–%(hi)s).")
                % {"v": period_value, "lo": indicator.minimum, "hi": indicator.maximum},
                field="target",
            )
    _milestones_in_order(indicator, values[str(year)], quarters)
    values |= {f"{year}-Q{q}": v for q, v in quarters.items()}
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    before = _targets_snapshot(indicator, unit, year)
    periods = [str(year)] + [f"{year}-Q{q}" for q in range(1, 5)]
    Target.objects.filter(indicator=indicator, unit=unit, period__in=periods).exclude(
        period__in=list(values)
    ).delete()
    for period, value in values.items():
        Target.objects.update_or_create(
            indicator=indicator, unit=unit, period=period, defaults={"value": value}
        )
    after = _targets_snapshot(indicator, unit, year)
    if after != before:
        record_change(
            actor=actor,
            action="update",
            target=indicator,
            target_repr=f"{indicator.code}: mốc {year}",
            before=before,
            after=after,
        )
    return list(
        Target.objects.filter(indicator=indicator, unit=unit, period__in=periods).order_by("period")
    )
