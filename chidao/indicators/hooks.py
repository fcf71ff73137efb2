"""What indicators attach to the parts below them, from IndicatorsConfig.ready(): the off-track
notice kind, the figures of counted reports as actuals, the indicators' panel first on the
leaders' dashboard, the indicators' table and off-track list in the consolidated report, and
the program's indicators in its review (chidao.reviews.parts)."""

from django.utils.translation import gettext as _

from chidao.core import policy
from chidao.reports import contributions
from chidao.reports import hooks as report_hooks
from chidao.reports.errors import ReportError
from chidao.reviews import parts

REPORT_ACTOR = policy.SystemActor("chidao reports")


def register() -> None:
    from chidao.indicators import notices

    notices.register()
    report_hooks.register_counted("indicators", values_from_submission)
    report_hooks.register_dashboard_panel("10-indicators", dashboard_panel)
    contributions.register_contribution("indicators", report_contributions)
    parts.register_part("indicators", review_part)


def values_from_submission(submission, actor) -> None:
    """A counted quarterly report's figures tied to indicators (the indicator's `figure_key`)
    become the unit's actuals for the quarter, checked like any actual: a figure in another
    unit of measure than the indicator's, out of range, or one that falls without a word in
    "Khó khăn, vướng mắc", refuses the submission."""
    from chidao.indicators import rules, services
    from chidao.indicators.models import Indicator, SourceKind, Target

    period = submission.period
    figures = submission.figures or {}
    if period.kind != "quarterly" or not figures:
        return
    indicators = Indicator.objects.filter(
        committee_id=period.committee_id,
        source_kind=SourceKind.ENTERED,
        figure_key__in=[k for k in figures if k],
    )
    quarter = rules.quarter_of(period.data_to)
    note = str((submission.sections or {}).get("difficulties") or "")
    author = submission.author or REPORT_ACTOR
    measures = figure_units(submission)
    for indicator in indicators:
        if not Target.objects.filter(indicator=indicator, unit_id=submission.unit_id).exists():
            continue
        check_unit_of_measure(indicator, measures.get(indicator.figure_key, ""))
        try:
            services.value_record(
                actor=author
                if services.may_enter(author, indicator, submission.unit_id)
                else (REPORT_ACTOR),
                indicator=indicator,
                unit=submission.unit,
                period=quarter,
                actual=figures[indicator.figure_key],
                note=note,
                source="report",
                source_detail=_("Báo cáo %(period)s, lần nộp %(version)s")
                % {"period": period.label, "version": submission.version},
                submission=submission,
                today=period.deadline,
            )
        except services.IndicatorError as exc:
            message = _("Chỉ tiêu “%(name)s”: %(reason)s") % {
                "name": indicator.name,
                "reason": str(exc),
            }
            if exc.field == "note":
                message += " " + _("Ghi giải trình ở phần “Khó khăn, vướng mắc”.")
            raise ReportError(message, field="figures") from exc


def figure_units(submission) -> dict[str, str]:
    """{figure key: unit of measure} of the form version the submission answered."""
    version = submission.form_version
    figures = (version.figures if version is not None else None) or []
    return {
        str(f.get("key", "")): str(f.get("unit") or "").strip()
        for f in figures
        if isinstance(f, dict)
    }


def same_measure(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_unit_of_measure(indicator, measure: str) -> None:
    """A report figure feeding `indicator` must be counted in its unit of measure (a figure
    whose form names no unit is taken as the indicator's); ReportError 422 otherwise."""
    if measure and not same_measure(measure, indicator.unit_of_measure):
        raise ReportError(
            _(
                "Chỉ tiêu “%(name)s”: số liệu “%(key)s” của mẫu báo cáo tính bằng “%(got)s”, "
                "còn chỉ tiêu tính bằng “%(want)s”. Cơ quan thường trực cần sửa mẫu báo cáo "
                "hoặc đơn vị tính của chỉ tiêu cho khớp."
            )
            % {
                "name": indicator.name,
                "key": indicator.figure_key,
                "got": measure,
                "want": indicator.unit_of_measure,
            },
            field="figures",
        )


def dashboard_panel(user, committee, today):
    from chidao.indicators import selectors

    found = selectors.committee_standings(user, committee, as_of=today)
    if not found:
        return None
    return {
        "template": "indicators/_dashboard_panel.html",
        "committee": committee,
        "standings": found[:10],
        "more": max(0, len(found) - 10),
        "off_track_count": len(selectors.off_track(found)),
    }


def _number(value) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",")


STANDING_WIDTHS = (12, 60, 16, 17, 18, 18, 24)


def _standing_headers() -> tuple:
    return (
        _("Mã"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Kỳ"),
        _("Mốc"),
        _("Thực hiện"),
        _("Đánh giá"),
    )


def _standing_rows(found) -> tuple:
    from chidao.indicators.models import State

    labels = dict(State.choices)
    return tuple(
        (
            s.indicator.code,
            s.indicator.name,
            s.indicator.unit_of_measure,
            s.period or "—",
            _number(s.target),
            _number(s.actual),
            str(labels.get(s.state, "—")),
        )
        for s in found
    )


def review_part(source, start, end) -> parts.Part:
    """The program's indicators in its review: each one's target and actual in its latest
    quarter ending by `end`, and its state (the committee-wide figure, as on the indicators'
    pages)."""
    from chidao.indicators import selectors

    found = selectors.standings(
        selectors.visible_indicators(policy.SYSTEM, source.committee).filter(program=source),
        as_of=end,
    )
    data = [
        {
            "id": s.indicator.pk,
            "code": s.indicator.code,
            "name": s.indicator.name,
            "unit_of_measure": s.indicator.unit_of_measure,
            "period": s.period,
            "target": s.target,
            "actual": s.actual,
            "state": s.state,
        }
        for s in found
    ]
    if not found:
        return parts.Part(key="indicators", data=data)
    return parts.Part(
        key="indicators",
        data=data,
        contribution=contributions.Contribution(
            key="indicators.program",
            place=contributions.RESULTS,
            title=_("Chỉ tiêu của chương trình"),
            paragraphs=(
                _("Mốc và giá trị thực hiện của kỳ gần nhất có số liệu đến ngày %(date)s.")
                % {"date": end.strftime("%d/%m/%Y")},
            ),
            headers=_standing_headers(),
            rows=_standing_rows(found),
            widths_mm=STANDING_WIDTHS,
        ),
    )


def report_contributions(scope: contributions.Scope):
    """The committee's indicators in a periodic report; a program review shows its program's
    indicators only (`review_part`), not the committee-wide tables."""
    from chidao.indicators import selectors

    if scope.source is not None:
        return []
    found = selectors.standings(
        selectors.visible_indicators(policy.SYSTEM, scope.committee), as_of=scope.as_of
    )
    if not found:
        return []
    table = _standing_rows(found)
    parts = [
        contributions.Contribution(
            key="indicators.table",
            place=contributions.RESULTS,
            title=_("Kết quả thực hiện các chỉ tiêu"),
            paragraphs=(
                _(
                    "Giá trị của Ban Chỉ đạo là trung bình giá trị thực hiện của các đơn vị so "
                    "với trung bình mốc của kỳ; số liệu đến ngày %(date)s."
                )
                % {"date": scope.as_of.strftime("%d/%m/%Y")},
            ),
            headers=_standing_headers(),
            rows=table,
            widths_mm=STANDING_WIDTHS,
        )
    ]
    late = [
        (s.indicator.code, s.indicator.name, r.value.unit_name, r.period, r, s)
        for s in selectors.off_track(found)
        for r in s.off_track_units
    ]
    if late:
        parts.append(
            contributions.Contribution(
                key="indicators.off_track",
                place=contributions.SHORTCOMINGS,
                title=_("Chỉ tiêu chậm tiến độ"),
                headers=(
                    _("Mã"),
                    _("Chỉ tiêu"),
                    _("Đơn vị"),
                    _("Kỳ"),
                    _("Mốc"),
                    _("Thực hiện"),
                    _("Giải trình"),
                ),
                rows=tuple(
                    (
                        code,
                        name,
                        unit,
                        period,
                        _number(row.target),
                        _number(row.value.actual),
                        row.value.note or "—",
                    )
                    for code, name, unit, period, row, _s in late
                ),
                widths_mm=(12, 40, 30, 15, 15, 15, 38),
            )
        )
    return parts
