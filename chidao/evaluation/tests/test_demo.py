"""The synthetic demo evaluation: labelled, idempotent, shaped like a provincial PAR index,
over the demo plan's units, with self-assessments, appraisals, outside and computed scores."""

from decimal import Decimal

import pytest
from django.utils import timezone

from chidao.core.tests.module_data import rolled_back_at_end
from chidao.evaluation import demo, selectors
from chidao.evaluation.models import CriteriaSet, EvaluationCycle, Method, UnitScore
from chidao.tasks.demo import load_demo_tasks
from chidao.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo plan's tasks and the demo evaluation, loaded once for the module."""
    with rolled_back_at_end(django_db_blocker):
        load_demo_tasks()
        yield demo.load_demo_evaluation()


def test_the_demo_is_par_shaped_labelled_and_covers_the_plans_units(loaded):
    sets = CriteriaSet.objects.filter(synthetic=True)
    assert {s.unit_group for s in sets} == {"departments", "communes"}
    for criteria_set in sets:
        assert criteria_set.name.startswith("[Mô phỏng]")
        fields = criteria_set.criteria.filter(parent__isnull=True)
        assert fields.count() == 8
        assert sum(f.max_points for f in fields) == Decimal(100)
        assert criteria_set.criteria.filter(method=Method.COMPUTED).count() >= 3
    cycle = loaded.cycle
    lead_units = set(Task.objects.filter(synthetic=True).values_list("lead_unit_id", flat=True))
    assert cycle.synthetic and cycle.name.startswith("[Mô phỏng]")
    assert cycle.year == timezone.localdate().year
    assert set(cycle.units.values_list("unit_id", flat=True)) == lead_units
    assert set(cycle.units.values_list("group", flat=True)) == {"departments", "communes"}
    assert cycle.state == EvaluationCycle.State.APPRAISAL


def test_the_demo_cycle_has_every_kind_of_score(loaded):
    scores = UnitScore.objects.filter(cycle=loaded.cycle)
    self_scored = scores.filter(self_score__isnull=False)
    assert self_scored.exists()
    assert scores.filter(criterion__method=Method.SELF_ASSESSED, self_score__isnull=True).exists()
    assert scores.filter(appraised_score__isnull=False).exists()
    assert scores.filter(appraised_score__isnull=False).exclude(appraisal_reason="").exists()
    assert self_scored.filter(appraised_score__isnull=True).exists()  # appraisal under way
    assert not scores.filter(
        criterion__method=Method.COMPUTED, computed_value__isnull=True
    ).exists()
    assert not scores.filter(
        criterion__method=Method.EXTERNAL, external_score__isnull=True
    ).exists()
    rows = selectors.cycle_results(loaded.cycle)
    assert len({row["total"] for row in rows}) > 5
    preview = selectors.proposal_lists(loaded.cycle)
    assert preview["commendation"] and preview["criticism"]


def test_last_years_cycle_is_locked_and_loading_twice_changes_nothing(loaded):
    previous = loaded.previous
    assert previous.state == EvaluationCycle.State.LOCKED
    assert previous.year == loaded.cycle.year - 1
    assert selectors.previous_results(loaded.cycle)
    counts = (EvaluationCycle.objects.count(), UnitScore.objects.count())
    again = demo.load_demo_evaluation()
    assert again.created is False
    assert (EvaluationCycle.objects.count(), UnitScore.objects.count()) == counts


def test_the_two_years_of_history_have_their_approved_cycles(loaded):
    """The demo history spans the two years before this one: each has its yearly cycle,
    approved and locked, beside this year's under appraisal."""
    year = loaded.cycle.year
    locked = EvaluationCycle.objects.filter(synthetic=True, state=EvaluationCycle.State.LOCKED)
    assert sorted(locked.values_list("year", flat=True)) == [year - 2, year - 1]
