"""An evaluation criterion computed from inspection results, through the formula registry of
chidao.evaluation.formulas (inspections registers it; evaluation never imports inspections)."""

import datetime as dt
from decimal import Decimal

import pytest

from chidao.evaluation import formulas
from chidao.evaluation import services as evaluation
from chidao.evaluation.models import Method
from chidao.evaluation.tests import helpers as eh
from chidao.inspections import services
from chidao.inspections.tests.helpers import findings, make_world, plan
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

ROWS = [
    {"code": "1", "title": "Chỉ đạo, điều hành", "max_points": 10, "method": ""},
    {"code": "1.1", "title": "Kế hoạch năm", "max_points": 6, "method": Method.SELF_ASSESSED},
    {"code": "1.2", "title": "Kết quả kiểm tra", "max_points": 4, "method": Method.COMPUTED,
     "formula_key": "inspection_compliance_share"},
]  # fmt: skip


def test_the_formula_is_registered_for_criteria_sets():
    assert "inspection_compliance_share" in formulas.REGISTRY
    criteria = eh.make_set(rows=ROWS, name="Bộ tiêu chí có kiểm tra")
    assert criteria.criteria.get(code="1.2").formula_key == "inspection_compliance_share"


def test_the_criterion_is_computed_from_the_latest_conclusion_by_the_cut_off():
    world = make_world()
    inspection = plan(world)
    services.conclusion_issue(
        actor=world.staff,
        inspection=inspection,
        unit=world.justice,
        date=dt.date(2025, 10, 10),
        findings=findings(inspection, ("compliant", "partial", "not_compliant")),
    )
    criteria = eh.make_set(rows=ROWS, name="Bộ tiêu chí có kiểm tra")
    cycle = eh.make_cycle(units=[world.justice, world.finance], sets=[criteria])
    evaluation.fill_computed(actor=eh.SYSTEM, cycle=cycle)
    justice = eh.score_of(cycle, world.justice, "1.2")
    assert justice.computed_value == Decimal("2.00")  # (1 + ½) of 3 items × 4
    assert formulas.describe(justice.computed_detail).startswith(
        "1/3 mục kiểm tra đạt, 1 mục đạt một phần"
    )
    # Sở Tài chính has no conclusion yet: nothing found against it, the full points.
    assert eh.score_of(cycle, world.finance, "1.2").computed_value == Decimal("4.00")


def test_a_conclusion_after_the_cut_off_does_not_count():
    world = make_world()
    inspection = plan(world)
    services.conclusion_issue(
        actor=world.staff,
        inspection=inspection,
        unit=world.justice,
        date=dt.date(2025, 12, 20),
        findings=findings(inspection, ("not_compliant", "not_compliant", "not_compliant")),
    )
    criteria = eh.make_set(rows=ROWS, name="Bộ tiêu chí có kiểm tra")
    cycle = eh.make_cycle(units=[world.justice], sets=[criteria])
    evaluation.fill_computed(actor=eh.SYSTEM, cycle=cycle)
    assert eh.score_of(cycle, world.justice, "1.2").computed_value == Decimal("4.00")
