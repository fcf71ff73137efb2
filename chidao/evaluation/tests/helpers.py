"""Building blocks for evaluation tests, on the real Hanoi register loaded by the demo.

A small criteria set (40 points: a self-assessed field, a field computed from tasks and
reports, an external field), cycles of the 2023 committee, report periods and submissions
written straight to the rows (the reports services are not the point here)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.core.policy import SystemActor
from chidao.evaluation import services
from chidao.evaluation.models import Method, UnitGroup, UnitScore
from chidao.reports.models import ReportForm, ReportFormVersion, ReportPeriod, Submission
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    committee_2023,
    make_task,
)
from chidao.units.hanoi_agencies import HANOI_PROVINCE_ID
from chidao.units.models import Unit, valid_on_q

D = dt.date
SYSTEM = SystemActor("test")
YEAR = 2025
CUT_OFF = dt.date(2025, 12, 14)
DEADLINE = dt.date(2025, 12, 10)

ROWS = [
    {"code": "1", "title": "Chỉ đạo, điều hành", "max_points": 10, "method": ""},
    {"code": "1.1", "title": "Kế hoạch năm", "max_points": 6, "method": Method.SELF_ASSESSED},
    {"code": "1.2", "title": "Kiểm tra", "max_points": 4, "method": Method.SELF_ASSESSED},
    {"code": "2", "title": "Thực hiện nhiệm vụ, báo cáo", "max_points": 20, "method": ""},
    {"code": "2.1", "title": "Nhiệm vụ đúng hạn", "max_points": 8, "method": Method.COMPUTED,
     "formula_key": "tasks_on_time_share"},
    {"code": "2.2", "title": "Nhiệm vụ đã hoàn thành", "max_points": 4, "method": Method.COMPUTED,
     "formula_key": "tasks_done_share"},
    {"code": "2.3", "title": "Không quá hạn", "max_points": 2, "method": Method.COMPUTED,
     "formula_key": "no_overdue_tasks"},
    {"code": "2.4", "title": "Báo cáo đúng hạn", "max_points": 4, "method": Method.COMPUTED,
     "formula_key": "reports_on_time_share"},
    {"code": "2.5", "title": "Báo cáo đã nộp", "max_points": 2, "method": Method.COMPUTED,
     "formula_key": "reports_submitted_share"},
    {"code": "3", "title": "Hài lòng của người dân", "max_points": 10, "method": Method.EXTERNAL},
]  # fmt: skip


def standing(**kwargs):
    """A standing-agency officer at Sở Nội vụ: manages the 2023 committee's evaluations."""
    kwargs.setdefault("username", "thuongtruc_noivu")
    return UserFactory(role=Role.STANDING, unit=unit_named(HOME_AFFAIRS), **kwargs)


def departments():
    return [unit_named(HOME_AFFAIRS), unit_named(JUSTICE), unit_named(FINANCE)]


def a_commune() -> Unit:
    return (
        Unit.objects.filter(
            valid_on_q(dt.date(2025, 9, 1)),
            kind=Unit.Kind.COMMUNE,
            province__external_id=HANOI_PROVINCE_ID,
        )
        .order_by("name")
        .first()
    )


def make_set(group=UnitGroup.DEPARTMENTS, name="Bộ tiêu chí thử nghiệm", rows=ROWS):
    return services.criteria_set_create(
        actor=SYSTEM, name=name, unit_group=group, rows=rows, committee=committee_2023()
    )


def make_cycle(units=None, sets=None, **kwargs):
    kwargs.setdefault("year", YEAR)
    kwargs.setdefault("name", f"Đánh giá thử nghiệm năm {kwargs['year']}")
    kwargs.setdefault("self_assessment_deadline", DEADLINE)
    kwargs.setdefault("cut_off", CUT_OFF)
    return services.cycle_create(
        actor=SYSTEM,
        committee=committee_2023(),
        criteria_sets=sets or [make_set()],
        units=departments() if units is None else units,
        **kwargs,
    )


def score_of(cycle, unit, code) -> UnitScore:
    return UnitScore.objects.select_related("criterion").get(
        cycle=cycle, unit=unit, criterion__code=code
    )


def self_assess_all(cycle, share=Decimal(1), units=None):
    """Every self-assessed leaf of every unit (or of `units`) at `share` of its maximum."""
    scores = UnitScore.objects.filter(cycle=cycle, criterion__method=Method.SELF_ASSESSED)
    if units is not None:
        scores = scores.filter(unit__in=units)
    for score in scores.select_related("criterion"):
        services.self_assess(
            actor=SYSTEM,
            score=score,
            value=score.criterion.max_points * share,
            explanation="Đã thực hiện.",
            today=cycle.self_assessment_deadline,
        )


def external_all(cycle, value=Decimal(8)):
    for score in UnitScore.objects.filter(cycle=cycle, criterion__method=Method.EXTERNAL):
        services.external_enter(actor=SYSTEM, score=score, value=value, source="Điều tra 2025")


def to_appraisal(cycle):
    services.cycle_open_self_assessment(actor=SYSTEM, cycle=cycle)


def approved(cycle, *, self_share=Decimal(1)):
    """Take a fresh cycle through every step to approval."""
    services.cycle_open_self_assessment(actor=SYSTEM, cycle=cycle)
    self_assess_all(cycle, self_share)
    external_all(cycle)
    services.cycle_start_appraisal(actor=SYSTEM, cycle=cycle)
    services.appraise_accept_all(actor=SYSTEM, cycle=cycle)
    services.cycle_approve(actor=SYSTEM, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def task(unit, deadline, *, done=None, assigned=dt.date(2025, 3, 1), **facts):
    """A task of the 2023 committee led by `unit`, completed on `done` when given."""
    if done is not None:
        facts["completed_on"] = done
        facts["percent"] = 100
    return make_task(lead_unit=unit, assigned_on=assigned, deadline=deadline, **facts)


# ---- reports


def report_form():
    form, _ = ReportForm.objects.get_or_create(
        committee=committee_2023(), name="Báo cáo CCHC định kỳ (thử nghiệm)"
    )
    version, _ = ReportFormVersion.objects.get_or_create(
        form=form, number=1, defaults={"sections": [{"key": "results", "title": "Kết quả"}]}
    )
    return version


def period(label, deadline, units, *, data_to=None):
    data_to = data_to or deadline - dt.timedelta(days=5)
    row = ReportPeriod.objects.create(
        committee=committee_2023(),
        kind="quarterly",
        label=label,
        data_from=data_to - dt.timedelta(days=90),
        data_to=data_to,
        deadline=deadline,
        form_version=report_form(),
    )
    row.units.set(units)
    return row


def submit(period_row, unit, on: dt.date, *, state=Submission.State.SUBMITTED, version=1):
    """A submission sent at 16:00 Vietnam time on `on`."""
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(16, 0)))
    return Submission.objects.create(
        period=period_row,
        unit=unit,
        unit_name=unit.name,
        version=version,
        form_version=period_row.form_version,
        state=state,
        submitted_at=moment,
    )
