"""The evaluation workflow: who may do what at which step, the history kept, the frozen results
of an approved cycle, ranks with ties, and bands.

Personas: focal_a is the focal person of Sở Nội vụ (unit A), focal_b of Sở Tư pháp (unit B);
`manager` is a standing-agency officer at Sở Nội vụ, a standing agency of the 2023 committee;
personas.standing works at the Office, the standing agency of another committee.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.audit.models import ChangeLog
from chidao.evaluation import selectors, services
from chidao.evaluation.models import (
    CycleResult,
    CycleUnit,
    EvaluationCycle,
    EvidenceFile,
    Proposal,
    ScoreChange,
    UnitScore,
)
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.tests import helpers as h
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import committee_2023, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
State = EvaluationCycle.State


@pytest.fixture
def manager(personas):
    return h.standing()


@pytest.fixture
def cycle():
    return h.make_cycle()


@pytest.fixture
def units():
    return h.departments()


def refused(status, call, *args, **kwargs):
    with pytest.raises(EvaluationError) as caught:
        call(*args, **kwargs)
    assert caught.value.status == status, str(caught.value)
    return caught.value


# ---- cycles


def test_a_cycle_has_a_score_row_for_every_unit_and_leaf(cycle, units):
    assert cycle.state == State.OPEN
    assert CycleUnit.objects.filter(cycle=cycle).count() == 3
    assert UnitScore.objects.filter(cycle=cycle).count() == 3 * 8
    assert ChangeLog.objects.filter(target_type="evaluation.evaluationcycle").exists()


def test_units_go_to_their_group_and_need_a_set_for_it(units):
    commune = h.a_commune()
    error = refused(422, h.make_cycle, units=[*units, commune])
    assert "Xã, phường" in str(error)

    both = h.make_cycle(
        units=[*units, commune],
        sets=[h.make_set(), h.make_set(group="communes", name="Bộ tiêu chí xã")],
        name="Hai nhóm",
    )
    assert set(both.units.values_list("group", flat=True)) == {"departments", "communes"}


def test_only_the_committees_standing_staff_create_cycles(personas, manager):
    criteria_set = h.make_set()
    common = {
        "committee": committee_2023(),
        "year": 2025,
        "criteria_sets": [criteria_set],
        "self_assessment_deadline": h.DEADLINE,
        "cut_off": h.CUT_OFF,
    }
    for outsider in (personas.standing, personas.focal_a, personas.leader, personas.viewer):
        refused(403, services.cycle_create, actor=outsider, name="X", **common)
    assert services.cycle_create(actor=manager, name="Đợt 1", **common).pk
    assert services.cycle_create(actor=personas.admin, name="Đợt 2", **common).pk


# ---- self-assessment


def test_the_units_focal_person_self_assesses_with_evidence(personas, cycle, units):
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    score = h.score_of(cycle, units[0], "1.1")

    services.self_assess(
        actor=personas.focal_a,
        score=score,
        value="5,5",
        explanation="Ban hành kế hoạch ngày 05/01.",
        uploads=[SimpleUploadedFile("ke-hoach.pdf", PDF)],
        today=h.DEADLINE,
    )

    score.refresh_from_db()
    assert score.self_score == Decimal("5.50")
    assert score.self_assessed_by == personas.focal_a
    assert EvidenceFile.objects.get(score=score).original_name == "ke-hoach.pdf"
    change = ScoreChange.objects.get(score=score)
    assert (change.kind, change.new_value, change.actor) == (
        "self",
        Decimal("5.50"),
        personas.focal_a,
    )
    assert ChangeLog.objects.filter(
        target_type="evaluation.unitscore", target_id=str(score.pk), actor=personas.focal_a
    ).exists()


def test_self_assessment_refusals(personas, manager, cycle, units):
    score = h.score_of(cycle, units[0], "1.1")
    args = {"score": score, "value": 5, "explanation": "x", "today": h.DEADLINE}
    refused(409, services.self_assess, actor=personas.focal_a, **args)  # not open yet
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    refused(403, services.self_assess, actor=personas.focal_b, **args)  # another unit
    refused(403, services.self_assess, actor=manager, **args)  # standing staff do not
    refused(409, services.self_assess, actor=personas.focal_a, **{**args, "today": h.CUT_OFF})
    refused(422, services.self_assess, actor=personas.focal_a, **{**args, "value": 7})
    refused(422, services.self_assess, actor=personas.focal_a, **{**args, "value": "-1"})
    refused(422, services.self_assess, actor=personas.focal_a, **{**args, "value": "1.005"})
    refused(422, services.self_assess, actor=personas.focal_a, **{**args, "explanation": " "})
    error = refused(
        422,
        services.self_assess,
        actor=personas.focal_a,
        uploads=[SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10)],
        **args,
    )
    assert error.field == "files"
    computed = h.score_of(cycle, units[0], "2.1")
    refused(409, services.self_assess, actor=personas.focal_a, **{**args, "score": computed})
    score.refresh_from_db()
    assert score.self_score is None
    assert not ScoreChange.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_another_units_self_assessment_is_refused_403_whatever_the_cycles_state(
    personas, cycle, units
):
    """Rights before state: the 409 "not open yet" would tell an outsider the cycle's step."""
    score = h.score_of(cycle, units[0], "1.1")
    args = {"score": score, "value": 5, "explanation": "x", "today": h.DEADLINE}

    refused(403, services.self_assess, actor=personas.focal_b, **args)


# ---- appraisal


def test_appraisal_accepts_or_adjusts_with_a_reason_kept_in_history(
    personas, manager, cycle, units
):
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle)
    first, second = h.score_of(cycle, units[0], "1.1"), h.score_of(cycle, units[0], "1.2")
    refused(409, services.appraise, actor=manager, score=first, accept=True)  # not yet
    services.cycle_start_appraisal(actor=manager, cycle=cycle)

    services.appraise(actor=manager, score=first, accept=True)
    refused(422, services.appraise, actor=manager, score=second, accept=False, value=2)
    services.appraise(
        actor=manager, score=second, accept=False, value="2.5", reason="Thiếu biên bản kiểm tra."
    )
    services.appraise(
        actor=manager, score=second, accept=False, value=3, reason="Đã bổ sung biên bản."
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.appraised_score == Decimal("6.00")
    assert (second.appraised_score, second.appraisal_reason) == (
        Decimal("3.00"),
        "Đã bổ sung biên bản.",
    )
    history = list(
        ScoreChange.objects.filter(score=second).values_list(
            "kind", "old_value", "new_value", "reason"
        )
    )
    assert history == [
        ("self", None, Decimal("4.00"), "Đã thực hiện."),
        ("adjusted", None, Decimal("2.50"), "Thiếu biên bản kiểm tra."),
        ("adjusted", Decimal("2.50"), Decimal("3.00"), "Đã bổ sung biên bản."),
    ]


def test_only_the_committees_standing_staff_appraise(personas, cycle, units):
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle)
    services.cycle_start_appraisal(actor=h.SYSTEM, cycle=cycle)
    score = h.score_of(cycle, units[1], "1.1")
    for outsider in (personas.focal_a, personas.focal_b, personas.leader, personas.standing):
        refused(403, services.appraise, actor=outsider, score=score, accept=True)
        refused(403, services.appraise_accept_all, actor=outsider, cycle=cycle)
    score.refresh_from_db()
    assert score.appraised_score is None


def test_external_scores_name_their_source(manager, cycle, units):
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    score = h.score_of(cycle, units[0], "3")
    refused(422, services.external_enter, actor=manager, score=score, value=8, source="")
    services.external_enter(actor=manager, score=score, value="8.25", source="Khảo sát SIPAS")
    score.refresh_from_db()
    assert (score.external_score, score.external_source) == (Decimal("8.25"), "Khảo sát SIPAS")


# ---- approval and lock


def test_approval_freezes_the_results_and_draws_proposals(personas, manager, cycle, units):
    h.task(units[0], dt.date(2025, 6, 30), done=dt.date(2025, 6, 1))
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle)
    h.external_all(cycle)
    services.cycle_start_appraisal(actor=h.SYSTEM, cycle=cycle)
    refused(409, services.cycle_approve, actor=personas.leader, cycle=cycle)  # not appraised
    services.appraise_accept_all(actor=manager, cycle=cycle)
    refused(403, services.cycle_approve, actor=manager, cycle=cycle)
    refused(403, services.cycle_approve, actor=personas.focal_a, cycle=cycle)
    refused(
        409, services.cycle_approve, actor=personas.leader, cycle=cycle, today=dt.date(2025, 12, 1)
    )

    services.cycle_approve(actor=personas.leader, cycle=cycle)

    cycle.refresh_from_db()
    assert cycle.state == State.APPROVED
    assert cycle.approved_by == personas.leader
    results = CycleResult.objects.filter(cycle=cycle)
    assert results.count() == 3
    result = results.get(unit=units[0])
    assert result.total == Decimal("38.00")  # 10 self + 20 computed + 8 external
    assert result.stats["tasks"]["on_time"]
    assert Proposal.objects.filter(cycle=cycle).exists()
    # every computed leaf was filled at approval
    assert not UnitScore.objects.filter(
        cycle=cycle, criterion__method="computed", computed_value__isnull=True
    ).exists()


def test_an_approved_cycle_keeps_its_scores_and_a_locked_one_refuses_everything(
    personas, manager, cycle, units
):
    h.approved(cycle)
    score = h.score_of(cycle, units[0], "1.1")
    external = h.score_of(cycle, units[0], "3")
    refused(409, services.appraise, actor=manager, score=score, accept=False, value=1, reason="x")
    refused(409, services.fill_computed, actor=manager, cycle=cycle)
    refused(
        409,
        services.cycle_update_settings,
        actor=manager,
        cycle=cycle,
        bands=selectors.DEFAULT_BANDS,
    )
    services.cycle_lock(actor=personas.leader, cycle=cycle)
    proposal = Proposal.objects.filter(cycle=cycle).first()

    for call, kwargs in [
        (
            services.self_assess,
            {"actor": personas.focal_a, "score": score, "value": 1, "explanation": "x"},
        ),
        (services.appraise, {"actor": manager, "score": score, "accept": True}),
        (services.external_enter, {"actor": manager, "score": external, "value": 1, "source": "x"}),
        (services.fill_computed, {"actor": manager, "cycle": cycle}),
        (services.cycle_update_settings, {"actor": manager, "cycle": cycle}),
        (services.cycle_add_units, {"actor": manager, "cycle": cycle, "units": [h.a_commune()]}),
        (services.cycle_reopen, {"actor": personas.leader, "cycle": cycle, "reason": "x"}),
        (services.cycle_lock, {"actor": personas.leader, "cycle": cycle}),
        (
            services.proposal_add,
            {
                "actor": manager,
                "cycle": cycle,
                "kind": "commendation",
                "unit": units[0],
                "grounds": "x",
                "reason": "x",
            },
        ),
        (
            services.proposal_edit,
            {"actor": manager, "proposal": proposal, "reason": "x", "included": False},
        ),
    ]:
        error = refused(409, call, **kwargs)
        assert "khóa" in str(error), call


def test_reopening_drops_the_frozen_results_and_logs_them(personas, cycle):
    h.approved(cycle)
    refused(422, services.cycle_reopen, actor=personas.leader, cycle=cycle, reason="")

    services.cycle_reopen(actor=personas.leader, cycle=cycle, reason="Đơn vị khiếu nại điểm 1.1")

    cycle.refresh_from_db()
    assert cycle.state == State.APPRAISAL
    assert not CycleResult.objects.filter(cycle=cycle).exists()
    log = ChangeLog.objects.filter(target_type="evaluation.evaluationcycle", action="delete").get()
    assert log.after == {"reason": "Đơn vị khiếu nại điểm 1.1"}
    assert len(log.before["results"]) == 3


def test_changing_tasks_after_the_cut_off_does_not_change_a_locked_cycle(personas, cycle, units):
    a, b, _c = units
    overdue = h.task(a, dt.date(2025, 10, 31))
    h.task(a, dt.date(2025, 6, 30), done=dt.date(2025, 6, 1))
    h.task(b, dt.date(2025, 6, 30), done=dt.date(2025, 7, 15))
    h.approved(cycle)
    services.cycle_lock(actor=personas.leader, cycle=cycle)
    cycle.refresh_from_db()
    before = selectors.cycle_results(cycle)
    sheet_before = selectors.unit_result(cycle, a.pk)

    # After the cut-off: the overdue task is marked done (even back-dated before the cut-off),
    # a forgotten task due in the year is entered, another is cancelled as if long ago.
    Task.objects.filter(pk=overdue.pk).update(completed_on=dt.date(2025, 10, 1), percent=100)
    h.task(a, dt.date(2025, 11, 15))
    Task.objects.filter(lead_unit=b).update(
        cancelled_on=dt.date(2025, 3, 2), cancel_reason="Hủy bổ sung"
    )

    fresh = selectors.facts_for(cycle, [a.pk, b.pk])  # the data did change...
    assert fresh[a.pk]["tasks"] != before_stats(before, a)["tasks"]
    assert fresh[b.pk]["tasks"]["due"] == []
    refused(409, services.fill_computed, actor=h.SYSTEM, cycle=cycle)  # ...nothing recomputes
    assert selectors.cycle_results(cycle) == before
    assert selectors.unit_result(cycle, a.pk) == sheet_before


def before_stats(rows, unit):
    return next(row["stats"] for row in rows if row["unit_id"] == unit.pk)


# ---- ranks and bands


def test_equal_totals_share_a_rank(cycle, units):
    a, b, c = units
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle, Decimal(1), units=[a, b])
    h.self_assess_all(cycle, Decimal("0.5"), units=[c])
    services.fill_computed(actor=h.SYSTEM, cycle=cycle)

    rows = {row["unit_id"]: row for row in selectors.live_results(cycle)}

    assert (rows[a.pk]["rank"], rows[b.pk]["rank"], rows[c.pk]["rank"]) == (1, 1, 3)
    assert rows[a.pk]["total"] == rows[b.pk]["total"] == Decimal("30.00")
    assert (rows[a.pk]["from_bottom"], rows[c.pk]["from_bottom"]) == (2, 1)


def test_ties_survive_the_snapshot(cycle, units):
    h.approved(cycle)
    rows = selectors.cycle_results(cycle)
    assert [row["rank"] for row in rows] == [1, 1, 1]
    assert all(not row["provisional"] for row in rows)


@pytest.mark.parametrize(
    ("percent", "band"),
    [("100", "Tốt"), ("90", "Tốt"), ("89.99", "Khá"), ("80", "Khá"), ("65", "Trung bình"),
     ("64.99", "Yếu"), ("0", "Yếu")],
)  # fmt: skip
def test_default_bands(percent, band):
    assert selectors.band_for(Decimal(percent), None) == band


def test_bands_are_set_per_cycle(manager, cycle, units):
    cycle = services.cycle_update_settings(
        actor=manager,
        cycle=cycle,
        bands=[
            {"name": "Yếu", "min_percent": 0},
            {"name": "Tốt", "min_percent": 95},
            {"name": "Khá", "min_percent": 75},
        ],
    )
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle, Decimal(1), units=[units[0]])  # 30/40 = 75%
    services.fill_computed(actor=manager, cycle=cycle)
    rows = {row["unit_id"]: row for row in selectors.live_results(cycle)}
    assert (rows[units[0].pk]["percent"], rows[units[0].pk]["band"]) == (Decimal("75.00"), "Khá")
    assert rows[units[1].pk]["band"] == "Yếu"  # 20/40
    refused(
        422,
        services.cycle_update_settings,
        actor=manager,
        cycle=cycle,
        bands=[{"name": "Tốt", "min_percent": 90}],
    )
