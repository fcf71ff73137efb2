"""Writes of indicators: an actual value (entered, from a report, or computed), and switching
a committee's public page on or off. Each is one transaction with its change-log row; an
actual off track warns the unit's focal persons and the standing agency through the outbox."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.indicators import notices, rules
from chidao.indicators.models import Indicator, Publication, SourceKind, Target, Value
from chidao.indicators.selectors import rows_for, targets_by_indicator

LIMIT = Decimal("1e12")


class IndicatorError(ActionRefused):
    """A refused indicators action (chidao.core.errors.ActionRefused)."""


def may_enter(actor, indicator: Indicator, unit_id: int) -> bool:
    """The unit's focal person (or whoever acts for the unit) and the committee's managers."""
    return policy.manages_committee(actor, indicator.committee_id) or (
        unit_id in policy.acting_unit_ids(actor)
    )


def may_enter_any(actor, indicator: Indicator) -> bool:
    if policy.manages_committee(actor, indicator.committee_id):
        return True
    units = policy.acting_unit_ids(actor)
    return bool(units) and indicator.targets.filter(unit_id__in=units).exists()


def parse_number(value, *, field: str, missing: str, not_number: str) -> Decimal:
    """A decimal (two places) from a number or a text written with a comma or a dot;
    IndicatorError 422 on `field` with `missing` or `not_number` otherwise."""
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        raise IndicatorError(missing, field=field)
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise IndicatorError(not_number, field=field) from None
    if not number.is_finite() or abs(number) >= LIMIT:
        raise IndicatorError(not_number, field=field)
    return number.quantize(Decimal("0.01"))


def parse_actual(value) -> Decimal:
    return parse_number(
        value,
        field="actual",
        missing=_("Thiếu giá trị thực hiện."),
        not_number=_("Giá trị thực hiện phải là số."),
    )


def _check(indicator: Indicator, unit, period: str, actual: Decimal, today: dt.date) -> str:
    window = rules.quarter_window(period)
    if window.data_from > today:
        raise IndicatorError(
            _("Kỳ %(p)s chưa bắt đầu: chưa nhập được số liệu.") % {"p": window.label},
            field="period",
        )
    if not indicator.minimum <= actual <= indicator.maximum:
        raise IndicatorError(
            _("Giá trị %(v)s %(u)s nằm ngoài khoảng cho phép của chỉ tiêu (%(lo)s–%(hi)s).")
            % {
                "v": actual,
                "u": indicator.unit_of_measure,
                "lo": indicator.minimum,
                "hi": indicator.maximum,
            },
            field="actual",
        )
    if not Target.objects.filter(indicator=indicator, unit=unit).exists():
        raise IndicatorError(
            _("Đơn vị “%(unit)s” không được giao chỉ tiêu này.") % {"unit": unit.name},
            field="unit",
        )
    return window


def falls(indicator: Indicator, unit_id: int, period: str, actual: Decimal) -> bool:
    """Would `actual` miss the quarter's milestone, or be worse than the previous quarter's?"""
    targets = targets_by_indicator([indicator.pk]).get(indicator.pk, {})
    milestone = rules.milestone_for(targets, unit_id, period)
    if milestone is not None and rules.misses(indicator.direction, actual, milestone):
        return True
    before = rules.quarters_back(period, 2)[0]
    previous = (
        Value.objects.filter(indicator=indicator, unit_id=unit_id, period=before, current=True)
        .values_list("actual", flat=True)
        .first()
    )
    return previous is not None and rules.worse(indicator.direction, actual, previous)


def _write(*, actor, indicator, unit, period, window, actual, note, source, detail, submission):
    current = (
        Value.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, period=period, current=True)
        .first()
    )
    before = None
    if current is not None:
        before = snapshot(current)
        current.current = False
        current.save(update_fields=["current"])
        record_change(
            actor=actor, action="update", target=current, before=before, after=snapshot(current)
        )
    number = (
        Value.objects.filter(indicator=indicator, unit=unit, period=period).aggregate(
            n=Max("version")
        )["n"]
        or 0
    ) + 1
    value = Value.objects.create(
        indicator=indicator,
        unit=unit,
        unit_name=unit.name,
        period=period,
        period_end=window.data_to,
        actual=actual,
        note=note,
        source=source,
        source_detail=detail[:300],
        submission=submission,
        version=number,
        entered_by=policy.as_user(actor),
        entered_by_label=policy.actor_label(actor),
    )
    record_change(actor=actor, action="create", target=value, after=snapshot(value))
    return value


def state_of_value(value: Value) -> str | None:
    """The state of `value` among its unit's current values (its trend included)."""
    values = list(
        Value.objects.filter(
            indicator_id=value.indicator_id,
            unit_id=value.unit_id,
            current=True,
            period_end__lte=value.period_end,
        ).order_by("period_end")
    )
    targets = targets_by_indicator([value.indicator_id]).get(value.indicator_id, {})
    rows = rows_for(value.indicator, values, targets)
    return rows[-1].state if rows else None


@transaction.atomic
def value_record(
    *,
    actor,
    indicator: Indicator,
    unit,
    period: str,
    actual,
    note: str = "",
    source: str = Value.Source.ENTERED,
    source_detail: str = "",
    submission=None,
    today: dt.date | None = None,
) -> Value:
    """Record a unit's actual for a quarter (a correction when one exists: a new version, the
    old one kept). Refused (403) unless the actor acts for the unit or manages the committee;
    (422) for an impossible value, a quarter not begun, a unit without the indicator, or a
    value that falls (misses its milestone, or is worse than last quarter's) without a note.
    Off track: the unit's focal persons and the standing agency are warned."""
    if not may_enter(actor, indicator, unit.pk):
        raise IndicatorError(
            _("Chỉ đầu mối của đơn vị hoặc cơ quan thường trực mới nhập được số liệu này."),
            status=403,
        )
    if indicator.source_kind != SourceKind.ENTERED and source != Value.Source.COMPUTED:
        raise IndicatorError(
            _("Chỉ tiêu này được tính từ dữ liệu của hệ thống, không nhập tay."), status=409
        )
    period = rules.quarter_key(*rules.parse_quarter(period))
    number = parse_actual(actual)
    note = (note or "").strip()
    if len(note) > 10_000:
        raise IndicatorError(_("Giải trình quá dài (tối đa 10.000 ký tự)."), field="note")
    window = _check(indicator, unit, period, number, today or timezone.localdate())
    if source != Value.Source.COMPUTED and not note and falls(indicator, unit.pk, period, number):
        raise IndicatorError(
            _(
                "Giá trị thấp hơn mốc của kỳ hoặc kém hơn kỳ trước: cần ghi giải trình "
                "(nguyên nhân, giải pháp)."
            ),
            field="note",
        )
    value = _write(
        actor=actor,
        indicator=indicator,
        unit=unit,
        period=period,
        window=window,
        actual=number,
        note=note,
        source=source,
        detail=source_detail,
        submission=submission,
    )
    if state_of_value(value) == rules.OFF_TRACK:
        notices.off_track(value=value)
    return value


def _publication_snapshot(publication: Publication) -> dict:
    plans = sorted(publication.plans.values_list("pk", flat=True))
    return {"committee": publication.committee_id, "enabled": publication.enabled, "plans": plans}


@transaction.atomic
def publication_set(*, actor, committee, enabled: bool, plans=None) -> Publication:
    """Switch the committee's public progress page on or off and choose the plans it shows
    (None keeps them): its standing agency (or an administrator) only."""
    if not policy.manages_committee(actor, committee.pk):
        raise IndicatorError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới bật, tắt được trang công khai."),
            status=403,
        )
    publication, _created = Publication.objects.select_for_update().get_or_create(
        committee=committee
    )
    before = _publication_snapshot(publication)
    publication.enabled = bool(enabled)
    publication.save(update_fields=["enabled", "changed_at"])
    if plans is not None:
        plans = list(plans)
        if any(p.committee_id != committee.pk for p in plans):
            raise IndicatorError(_("Kế hoạch không thuộc Ban Chỉ đạo này."), field="plans")
        publication.plans.set(plans)
    after = _publication_snapshot(publication)
    if after != before:
        record_change(actor=actor, action="update", target=publication, before=before, after=after)
    return publication
