"""A SYNTHETIC quarterly reporting regime for the 2023 committee, with one period of reports.

Nothing here is real: the form and the regime are named "[Mô phỏng] …", the regime is flagged
`synthetic`, and every text the units "wrote" says it is simulated. The units are the lead
units of the demo task plan (chidao.tasks.demo); the period is the most recent quarter whose
deadline has passed (relative to today), so that the demo always shows reports submitted on
time, ONE submitted late and ONE missing.

Everything goes through `chidao.reports.services` with a system actor; only the submission
times are then set in the past (the services stamp "now"). Loading is idempotent: when the
demo regime exists, nothing is done.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from chidao.core import policy
from chidao.reports import periods, services
from chidao.reports.models import ReportingRegime, ReportPeriod, Submission
from chidao.tasks import demo as tasks_demo
from chidao.tasks.models import Task
from chidao.units.models import Unit

ACTOR = policy.SystemActor("chidao load-demo-reports")
FORM_NAME = "[Mô phỏng] Mẫu báo cáo quý về cải cách hành chính, chuyển đổi số"
REGIME_NAME = "[Mô phỏng] Báo cáo định kỳ hằng quý về cải cách hành chính, chuyển đổi số"
FIGURES = [
    {
        "key": "dvc_toan_trinh",
        "label": "Số dịch vụ công trực tuyến toàn trình đang cung cấp",
        "unit": "dịch vụ",
    },
    {"key": "ho_so_truc_tuyen", "label": "Tỷ lệ hồ sơ nộp trực tuyến", "unit": "%"},
]
WORKING_DAYS_AFTER_CUTOFF = 2
# The unit that does not report, and the one that reports late (else the last ones by name).
MISSING_UNIT = "Phường Hoàn Kiếm"
LATE_UNIT = "Phường Cầu Giấy"


class DemoError(tasks_demo.DemoError):
    """A prerequisite of the demo reports is missing; the message says which."""


@dataclass
class DemoReportsResult:
    created: bool
    regime: ReportingRegime | None = None
    period: ReportPeriod | None = None
    on_time: int = 0
    late_unit: str = ""
    missing_unit: str = ""


def demo_regime() -> ReportingRegime | None:
    return ReportingRegime.objects.filter(name=REGIME_NAME, synthetic=True).first()


def demo_units() -> list[Unit]:
    """The lead units of the demo task plan, by name."""
    source = tasks_demo.demo_source()
    if source is None:
        raise DemoError("Chưa có kế hoạch mô phỏng: hãy chạy `chidao load-demo-tasks` trước.")
    lead_units = Task.objects.filter(source=source).values("lead_unit_id")
    return list(Unit.objects.filter(pk__in=lead_units).order_by("name", "id"))


def closed_quarter(regime, today: dt.date) -> periods.Window:
    """The most recent quarter whose submission deadline is before today."""
    candidates = periods.periods_between(
        periods.QUARTERLY, today - dt.timedelta(days=500), today - dt.timedelta(days=1)
    )
    for window in reversed(candidates):
        if periods.deadline_for(regime, window.data_to) < today:
            return window
    raise DemoError("Không tìm được quý đã hết hạn nộp báo cáo.")  # pragma: no cover


def _texts(unit: Unit, label: str, number: int) -> dict:
    share = 60 + (number * 7) % 35
    return {
        "results": (
            f"(Nội dung mô phỏng) Trong {label}, {unit.name} đã triển khai các nhiệm vụ cải cách "
            f"hành chính, chuyển đổi số được giao; hoàn thành khoảng {share}% khối lượng kế "
            "hoạch; duy trì tiếp nhận, giải quyết hồ sơ trực tuyến."
        ),
        "difficulties": (
            "(Nội dung mô phỏng) Hạ tầng kỹ thuật và cơ sở dữ liệu chuyên ngành chưa kết nối "
            "đồng bộ; nhân lực công nghệ thông tin còn thiếu."
        ),
        "proposals": (
            "(Nội dung mô phỏng) Đề nghị Ban Chỉ đạo chỉ đạo hoàn thiện kết nối, chia sẻ dữ "
            "liệu giữa các hệ thống và bố trí kinh phí đào tạo kỹ năng số."
        ),
        "next_period": (
            "(Nội dung mô phỏng) Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; đẩy mạnh "
            "số hóa hồ sơ và thanh toán trực tuyến."
        ),
    }


def _figures(number: int) -> dict:
    return {"dvc_toan_trinh": 12 + 5 * number, "ho_so_truc_tuyen": 55 + (number * 9) % 40 + 0.5}


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _pick(units: list[Unit], name: str, taken: set[int]) -> Unit:
    for unit in units:
        if unit.name == name and unit.pk not in taken:
            return unit
    return next(u for u in reversed(units) if u.pk not in taken)


def fill_period(period: ReportPeriod, *, missing: set[int], late: set[int]) -> int:
    """Every unit of the period submits its simulated report through the services, except
    the `missing` ones; the `late` ones a few days after the deadline, the others on or just
    before it (the submission times are then set in the past). Returns how many were on time.
    """
    now = timezone.now()
    on_time = 0
    for number, unit in enumerate(period.units.order_by("name", "id"), start=1):
        if unit.pk in missing:
            continue
        draft = services.submission_save_draft(
            actor=ACTOR,
            period=period,
            unit=unit,
            sections=_texts(unit, period.label, number),
            figures=_figures(number),
        )
        services.submission_submit(actor=ACTOR, submission=draft)
        if unit.pk in late:
            first_late = _at(period.deadline + dt.timedelta(days=1), 0, 1)
            when = max(first_late, min(_at(period.deadline + dt.timedelta(days=3), 10, 15), now))
        else:
            day = period.deadline - dt.timedelta(days=number % 2)
            when = _at(day, 8, 0) + dt.timedelta(minutes=10 * number)
            on_time += 1
        Submission.objects.filter(pk=draft.pk).update(
            submitted_at=when, created_at=when - dt.timedelta(hours=2)
        )
    return on_time


@transaction.atomic
def load_demo_reports(today: dt.date | None = None) -> DemoReportsResult:
    existing = demo_regime()
    if existing is not None:
        return DemoReportsResult(
            created=False, regime=existing, period=existing.periods.order_by("-data_to").first()
        )
    today = today or timezone.localdate()
    committee = tasks_demo.demo_committee()
    units = demo_units()
    if len(units) < 3:
        raise DemoError("Kế hoạch mô phỏng có quá ít đơn vị chủ trì.")  # pragma: no cover
    form = services.form_create(
        actor=ACTOR, committee=committee, name=FORM_NAME, sections=None, figures=FIGURES
    )
    regime = services.regime_create(
        actor=ACTOR,
        committee=committee,
        name=REGIME_NAME,
        frequency=periods.QUARTERLY,
        form=form,
        units=units,
        deadline_rule=ReportingRegime.DeadlineRule.WORKING_DAYS_AFTER_CUTOFF,
        deadline_value=WORKING_DAYS_AFTER_CUTOFF,
        synthetic=True,
    )
    window = closed_quarter(regime, today)
    period = services.period_open(actor=ACTOR, regime=regime, year=window.year, index=window.index)
    required = list(period.units.order_by("name", "id"))
    missing = _pick(required, MISSING_UNIT, set())
    late = _pick(required, LATE_UNIT, {missing.pk})
    on_time = fill_period(period, missing={missing.pk}, late={late.pk})
    return DemoReportsResult(
        created=True,
        regime=regime,
        period=period,
        on_time=on_time,
        late_unit=late.name,
        missing_unit=missing.name,
    )
