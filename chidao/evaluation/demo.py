"""A SYNTHETIC evaluation for the demo plan's units: two criteria sets in the shape of a
provincial administrative-reform index (departments; communes), the two years before this
one approved and locked (for the comparison), and this year's cycle under appraisal — units have
self-assessed, the standing agency has appraised some, outside survey scores are in, and the
leaves computed from chidao's tasks and reports are filled as of the cut-off (today).

Nothing here is real: the sets and cycles are flagged `synthetic` and named "[Mô phỏng]".
Run after `chidao load-demo-tasks`. Loading is idempotent: an existing demo cycle is kept.
"""

import datetime as dt
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from chidao.core import policy
from chidao.evaluation import services
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    CriteriaSet,
    EvaluationCycle,
    Method,
    UnitGroup,
    UnitScore,
)
from chidao.tasks.demo import demo_committee, demo_source
from chidao.tasks.models import Task
from chidao.units.models import Unit

ACTOR = policy.SystemActor("chidao load-demo-evaluation")
LABEL = "[Mô phỏng]"
SELF, COMPUTED, EXTERNAL = Method.SELF_ASSESSED, Method.COMPUTED, Method.EXTERNAL


class DemoError(ValueError):
    """The demo cannot be loaded (a prerequisite is missing); the message says which."""


@dataclass
class DemoResult:
    created: bool
    cycle: EvaluationCycle | None = None
    previous: EvaluationCycle | None = None
    units: int = 0


# (code, title, max points, method, formula key). The eight fields of the provincial PAR
# index, 100 points in all; some leaves computed from chidao's own tasks and reports.
DEPARTMENT_CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12, "", ""),
    ("1.1", "Kế hoạch cải cách hành chính năm", 4, "", ""),
    ("1.1.a", "Ban hành kế hoạch CCHC năm đúng thời hạn", 2, SELF, ""),
    ("1.1.b", "Mức độ hoàn thành kế hoạch CCHC năm", 2, SELF, ""),
    ("1.2", "Thực hiện nhiệm vụ Ban Chỉ đạo giao", 6, "", ""),
    ("1.2.a", "Tỉ lệ nhiệm vụ hoàn thành đúng hạn", 4, COMPUTED, "tasks_on_time_share"),
    ("1.2.b", "Không có nhiệm vụ quá hạn tại ngày chốt", 2, COMPUTED, "no_overdue_tasks"),
    ("1.3", "Thực hiện chế độ báo cáo định kỳ", 2, "", ""),
    ("1.3.a", "Tỉ lệ báo cáo định kỳ nộp đúng hạn", 2, COMPUTED, "reports_on_time_share"),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", 10, "", ""),
    ("2.1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", 5, SELF, ""),
    ("2.2", "Theo dõi thi hành pháp luật, xử lý văn bản sau kiểm tra", 5, SELF, ""),
    ("3", "Cải cách thủ tục hành chính", 16, "", ""),
    ("3.1", "Công khai thủ tục hành chính đầy đủ, đúng hạn", 5, SELF, ""),
    ("3.2", "Tỉ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", 6, SELF, ""),
    ("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính", 5, SELF, ""),
    ("4", "Cải cách tổ chức bộ máy hành chính", 10, "", ""),
    ("4.1", "Sắp xếp tổ chức bộ máy theo quy định", 5, SELF, ""),
    ("4.2", "Quản lý, sử dụng biên chế được giao", 5, SELF, ""),
    ("5", "Cải cách chế độ công vụ", 12, "", ""),
    ("5.1", "Xác định, thực hiện vị trí việc làm", 6, SELF, ""),
    ("5.2", "Chấp hành kỷ luật, kỷ cương hành chính", 6, SELF, ""),
    ("6", "Cải cách tài chính công", 8, "", ""),
    ("6.1", "Quản lý, sử dụng ngân sách, tài sản công", 4, SELF, ""),
    ("6.2", "Thực hiện cơ chế tự chủ của đơn vị sự nghiệp công lập", 4, SELF, ""),
    ("7", "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", 16, "", ""),
    ("7.1", "Cung cấp dịch vụ công trực tuyến toàn trình", 6, SELF, ""),
    ("7.2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 5, SELF, ""),
    ("7.3", "Tỉ lệ nhiệm vụ đã hoàn thành (kể cả quá hạn)", 5, COMPUTED, "tasks_done_share"),
    ("8", "Tác động của cải cách hành chính đến người dân, tổ chức", 16, "", ""),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", 10, EXTERNAL, ""),
    ("8.2", "Đánh giá của đại biểu về kết quả cải cách hành chính", 6, EXTERNAL, ""),
]  # fmt: skip

COMMUNE_CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12, "", ""),
    ("1.1", "Ban hành, thực hiện kế hoạch CCHC năm", 4, SELF, ""),
    ("1.2", "Thực hiện nhiệm vụ cấp trên giao", 6, "", ""),
    ("1.2.a", "Tỉ lệ nhiệm vụ hoàn thành đúng hạn", 4, COMPUTED, "tasks_on_time_share"),
    ("1.2.b", "Không có nhiệm vụ quá hạn tại ngày chốt", 2, COMPUTED, "no_overdue_tasks"),
    ("1.3", "Tỉ lệ báo cáo định kỳ nộp đúng hạn", 2, COMPUTED, "reports_on_time_share"),
    ("2", "Tổ chức thực hiện văn bản quy phạm pháp luật tại địa phương", 8, "", ""),
    ("2.1", "Tuyên truyền, phổ biến pháp luật", 4, SELF, ""),
    ("2.2", "Kiểm tra, rà soát văn bản", 4, SELF, ""),
    ("3", "Cải cách thủ tục hành chính", 20, "", ""),
    ("3.1", "Vận hành Bộ phận Một cửa cấp xã", 8, SELF, ""),
    ("3.2", "Tỉ lệ hồ sơ giải quyết đúng hạn", 7, SELF, ""),
    ("3.3", "Xử lý phản ánh, kiến nghị", 5, SELF, ""),
    ("4", "Tổ chức bộ máy sau sắp xếp chính quyền địa phương hai cấp", 10, SELF, ""),
    ("5", "Cải cách chế độ công vụ", 10, "", ""),
    ("5.1", "Bố trí cán bộ, công chức theo vị trí việc làm", 5, SELF, ""),
    ("5.2", "Chấp hành kỷ luật, kỷ cương hành chính", 5, SELF, ""),
    ("6", "Cải cách tài chính công", 6, SELF, ""),
    ("7", "Chính quyền số, chuyển đổi số cấp xã", 16, "", ""),
    ("7.1", "Dịch vụ công trực tuyến, thanh toán không dùng tiền mặt", 6, SELF, ""),
    ("7.2", "Tổ công nghệ số cộng đồng", 5, SELF, ""),
    ("7.3", "Tỉ lệ nhiệm vụ đã hoàn thành (kể cả quá hạn)", 5, COMPUTED, "tasks_done_share"),
    ("8", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", 18, EXTERNAL, ""),
]  # fmt: skip

SET_NAMES = {
    UnitGroup.DEPARTMENTS: f"{LABEL} Bộ tiêu chí Chỉ số cải cách hành chính các sở, ban, ngành",
    UnitGroup.COMMUNES: f"{LABEL} Bộ tiêu chí Chỉ số cải cách hành chính các xã, phường",
}
SURVEY = f"{LABEL} Điều tra xã hội học về sự hài lòng của người dân, tổ chức"
# Share of the maximum a unit gives itself, by a stable hash of (unit, criterion).
SELF_SHARES = [Decimal(1), Decimal(1), Decimal("0.9"), Decimal("0.8"), Decimal("0.75")]


def cycle_name(year: int) -> str:
    return f"{LABEL} Đánh giá Chỉ số cải cách hành chính năm {year}"


def _rows(criteria) -> list[dict]:
    return [
        {"code": code, "title": title, "max_points": maximum, "method": method, "formula_key": key}
        for code, title, maximum, method, key in criteria
    ]


def demo_sets(committee) -> list[CriteriaSet]:
    sets = []
    for group, criteria in (
        (UnitGroup.DEPARTMENTS, DEPARTMENT_CRITERIA),
        (UnitGroup.COMMUNES, COMMUNE_CRITERIA),
    ):
        existing = CriteriaSet.objects.filter(name=SET_NAMES[group], synthetic=True).first()
        sets.append(
            existing
            or services.criteria_set_create(
                actor=ACTOR,
                name=SET_NAMES[group],
                unit_group=group,
                rows=_rows(criteria),
                committee=committee,
                note=(
                    "Bộ tiêu chí mô phỏng theo cấu trúc Chỉ số CCHC cấp tỉnh; "
                    "không phải văn bản thật."
                ),
                synthetic=True,
            )
        )
    return sets


def _hash(*parts) -> int:
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8"))


def _share(*parts) -> Decimal:
    return SELF_SHARES[_hash(*parts) % len(SELF_SHARES)]


def _quarter(value: Decimal) -> Decimal:
    """Round down to a quarter point, as units usually score themselves."""
    return points((value * 4).to_integral_value(rounding="ROUND_FLOOR") / 4)


def demo_units() -> list[Unit]:
    source = demo_source()
    if source is None:
        raise DemoError("Chưa có kế hoạch mô phỏng: hãy chạy `chidao load-demo-tasks` trước.")
    unit_ids = Task.objects.filter(source=source).values("lead_unit_id")
    return list(Unit.objects.filter(pk__in=unit_ids).order_by("kind", "name"))


def _scores(cycle, method):
    return list(
        UnitScore.objects.filter(cycle=cycle, criterion__method=method)
        .select_related("criterion")
        .order_by("unit_id", "criterion__order")
    )


def _self_assess(cycle, year, skip_unit_ids=()):
    for score in _scores(cycle, SELF):
        if score.unit_id in skip_unit_ids:
            continue
        share = _share(year, score.unit_id, score.criterion.code)
        services.self_assess(
            actor=ACTOR,
            score=score,
            value=_quarter(score.criterion.max_points * share),
            explanation=(
                f"{LABEL} Đơn vị tự đánh giá đạt {int(share * 100)}% yêu cầu của tiêu chí; "
                "tài liệu kiểm chứng lưu tại đơn vị."
            ),
            today=cycle.self_assessment_deadline,
        )


def _external(cycle, year):
    for score in _scores(cycle, EXTERNAL):
        share = Decimal(70 + _hash(year, "survey", score.unit_id, score.criterion.code) % 26) / 100
        services.external_enter(
            actor=ACTOR,
            score=score,
            value=points(score.criterion.max_points * share),
            source=f"{SURVEY} năm {year}",
        )


def _appraise(cycle, year, unit_ids):
    """Adjust the scores a unit gave itself in full on some criteria, accept the rest."""
    for score in _scores(cycle, SELF):
        if score.unit_id not in unit_ids or score.self_score is None:
            continue
        if (
            score.self_score == score.criterion.max_points
            and _hash(year, "appraise", score.unit_id, score.criterion.code) % 3 == 0
        ):
            services.appraise(
                actor=ACTOR,
                score=score,
                accept=False,
                value=_quarter(score.criterion.max_points * Decimal("0.75")),
                reason=(
                    f"{LABEL} Tài liệu kiểm chứng chưa chứng minh đạt đầy đủ yêu cầu của tiêu "
                    "chí; điều chỉnh theo kết quả kiểm tra thực tế."
                ),
            )
        else:
            services.appraise(actor=ACTOR, score=score, accept=True)


def _previous_cycle(committee, sets, units, year) -> EvaluationCycle:
    cut_off = dt.date(year, 12, 14)
    cycle = services.cycle_create(
        actor=ACTOR,
        committee=committee,
        year=year,
        name=cycle_name(year),
        criteria_sets=sets,
        units=units,
        self_assessment_deadline=cut_off - dt.timedelta(days=10),
        cut_off=cut_off,
        synthetic=True,
    )
    services.cycle_open_self_assessment(actor=ACTOR, cycle=cycle)
    _self_assess(cycle, year)
    _external(cycle, year)
    services.cycle_start_appraisal(actor=ACTOR, cycle=cycle)
    _appraise(cycle, year, {u.pk for u in units})
    services.cycle_approve(actor=ACTOR, cycle=cycle, today=cut_off + dt.timedelta(days=20))
    services.cycle_lock(actor=ACTOR, cycle=cycle)
    return cycle


@transaction.atomic
def load_demo_evaluation(today: dt.date | None = None) -> DemoResult:
    today = today or timezone.localdate()
    existing = EvaluationCycle.objects.filter(synthetic=True, name=cycle_name(today.year)).first()
    committee = demo_committee()
    units = demo_units()
    if not units:
        raise DemoError("Kế hoạch mô phỏng không có nhiệm vụ: hãy chạy `chidao load-demo-tasks`.")
    sets = demo_sets(committee)

    # The two years before this one, approved and locked: the demo history's two years
    # (chidao load-demo-history) have their yearly evaluations, and rankings compare years.
    earlier = {
        year: _previous_cycle(committee, sets, units, year)
        for year in (today.year - 2, today.year - 1)
        if not EvaluationCycle.objects.filter(name=cycle_name(year)).exists()
    }
    if existing is not None:
        return DemoResult(created=False, cycle=existing)
    previous = earlier.get(today.year - 1)

    cycle = services.cycle_create(
        actor=ACTOR,
        committee=committee,
        year=today.year,
        name=cycle_name(today.year),
        criteria_sets=sets,
        units=units,
        self_assessment_deadline=today - dt.timedelta(days=2),
        cut_off=today,
        synthetic=True,
    )
    services.cycle_open_self_assessment(actor=ACTOR, cycle=cycle)
    # One unit of each group has not self-assessed: its sheet shows what is missing.
    late = {
        next((u.pk for u in units if services.group_of(u) == group), None)
        for group in UnitGroup.values
    }
    _self_assess(cycle, today.year, skip_unit_ids=late)
    _external(cycle, today.year)
    services.fill_computed(actor=ACTOR, cycle=cycle)
    services.cycle_start_appraisal(actor=ACTOR, cycle=cycle)
    # The standing agency has appraised about half of the units so far.
    _appraise(cycle, today.year, {u.pk for u in units[::2]})
    cycle.refresh_from_db()
    if previous is not None:
        previous.refresh_from_db()
    return DemoResult(created=True, cycle=cycle, previous=previous, units=len(units))
