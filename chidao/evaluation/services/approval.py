"""Approval, reopening and lock of a cycle (its results frozen and the evaluated units told),
and the proposal lists drawn from its rules and edited by hand."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.evaluation import notices, selectors
from chidao.evaluation.models import (
    CycleResult,
    CycleUnit,
    EvaluationCycle,
    Method,
    Proposal,
    UnitScore,
)
from chidao.evaluation.services.common import (
    State,
    _lock_cycle,
    _now,
    _refuse,
    _require_approver,
    _require_manager,
    _require_state,
    _today,
)
from chidao.evaluation.services.cycles import _transition
from chidao.evaluation.services.scores import _fill_computed
from chidao.units.models import Unit

# ---- approval, lock, proposals


def _snapshot_results(cycle: EvaluationCycle) -> list[CycleResult]:
    rows = selectors.live_results(cycle)
    facts = selectors.facts_for(cycle, [row["unit_id"] for row in rows])
    results = CycleResult.objects.bulk_create(
        [
            CycleResult(
                cycle=cycle,
                unit_id=row["unit_id"],
                unit_name=row["unit_name"],
                group=row["group"],
                fields=[
                    {**f, "score": str(f["score"]), "max": str(f["max"])} for f in row["fields"]
                ],
                lines=[selectors.line_to_json(line) for line in row["lines"]],
                stats=facts[row["unit_id"]],
                total=row["total"],
                max_total=row["max_total"],
                rank=row["rank"],
                band=row["band"],
            )
            for row in rows
        ]
    )
    drawn = selectors.draw_proposals(cycle, rows, facts)
    Proposal.objects.bulk_create(
        [
            Proposal(
                cycle=cycle,
                kind=kind,
                unit_id=item["unit_id"],
                unit_name=item["unit_name"],
                grounds=item["grounds"],
                rules=item["rules"],
                origin=Proposal.Origin.RULE,
                order=order,
            )
            for kind, items in drawn.items()
            for order, item in enumerate(items, start=1)
        ]
    )
    return results


@transaction.atomic
def cycle_approve(*, actor, cycle: EvaluationCycle, today: dt.date | None = None):
    """The committee approves: computed leaves are filled one last time as of the cut-off,
    every self-score must have been appraised, then each unit's result is frozen (CycleResult)
    and published, and the proposal lists are drawn by the cycle's rules."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    _require_state(cycle, State.APPRAISAL)
    if (today or _today()) < cycle.cut_off:
        _refuse(
            _("Chưa đến ngày chốt số liệu (%(date)s).")
            % {"date": cycle.cut_off.strftime("%d/%m/%Y")},
            status=409,
        )
    pending = UnitScore.objects.filter(
        cycle=cycle,
        criterion__method=Method.SELF_ASSESSED,
        self_score__isnull=False,
        appraised_score__isnull=True,
    ).count()
    if pending:
        _refuse(
            _("Còn %(n)s điểm tự chấm chưa được thẩm định.") % {"n": pending},
            status=409,
        )
    _fill_computed(actor, cycle)
    CycleResult.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle).delete()
    results = _snapshot_results(cycle)
    record_change(
        actor=actor,
        action="create",
        target_type="evaluation.cycleresult",
        target_id=str(cycle.pk),
        target_repr=f"Kết quả: {cycle}",
        after={
            "results": [
                {"unit_id": r.unit_id, "total": str(r.total), "rank": r.rank, "band": r.band}
                for r in results
            ],
            "proposals": list(Proposal.objects.filter(cycle=cycle).values_list("kind", "unit_id")),
        },
    )
    _transition(
        actor,
        cycle,
        (State.APPRAISAL,),
        State.APPROVED,
        approved_at=_now(),
        approved_by=policy.as_user(actor),
    )
    notices.appraisal_finished(actor=actor, cycle=cycle)
    return results


@transaction.atomic
def cycle_reopen(*, actor, cycle: EvaluationCycle, reason: str) -> EvaluationCycle:
    """Take an approved (not locked) cycle back to appraisal, after a complaint for example:
    the frozen results and the proposals are dropped (and logged) and drawn again at the next
    approval."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    _require_state(cycle, State.APPROVED)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Cần nêu lý do mở lại."), status=422, field="reason")
    dropped = {
        "results": [
            {"unit_id": unit_id, "total": str(total), "rank": rank}
            for unit_id, total, rank in CycleResult.objects.filter(cycle=cycle).values_list(
                "unit_id", "total", "rank"
            )
        ],
        "proposals": list(
            Proposal.objects.filter(cycle=cycle).values("kind", "unit_id", "grounds", "included")
        ),
    }
    record_change(
        actor=actor, action="delete", target=cycle, before=dropped, after={"reason": reason}
    )
    CycleResult.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle).delete()
    return _transition(
        actor, cycle, (State.APPROVED,), State.APPRAISAL, approved_at=None, approved_by=None
    )


@transaction.atomic
def cycle_lock(*, actor, cycle: EvaluationCycle) -> EvaluationCycle:
    """Lock: the results and the proposal lists never change again."""
    cycle = _lock_cycle(cycle)
    _require_approver(actor, cycle)
    return _transition(actor, cycle, (State.APPROVED,), State.LOCKED, locked_at=_now())


def _proposal_step(actor, cycle):
    _require_manager(actor, cycle)
    if cycle.state != State.APPROVED:
        if cycle.state == State.LOCKED:
            _refuse(_("Đợt đánh giá đã khóa: không thể thay đổi."), status=409)
        _refuse(_("Danh sách đề nghị được lập khi kết quả đã được phê duyệt."), status=409)


@transaction.atomic
def proposal_add(
    *,
    actor,
    cycle: EvaluationCycle,
    kind: str,
    unit: Unit,
    grounds: str,
    reason: str,
    person_name: str = "",
) -> Proposal:
    """The standing agency adds a unit (or an individual of a unit) to a list, with grounds
    and the reason for adding it."""
    cycle = _lock_cycle(cycle)
    _proposal_step(actor, cycle)
    if kind not in Proposal.Kind.values:
        _refuse(_("Loại đề nghị không hợp lệ."), status=422, field="kind")
    grounds, reason = (grounds or "").strip(), (reason or "").strip()
    if not grounds:
        _refuse(_("Cần nêu căn cứ đề nghị."), status=422, field="grounds")
    if not reason:
        _refuse(_("Cần nêu lý do bổ sung."), status=422, field="reason")
    person_name = (person_name or "").strip()
    if (
        not person_name
        and Proposal.objects.filter(cycle=cycle, kind=kind, unit=unit, person_name="").exists()
    ):
        _refuse(_("Đơn vị đã có trong danh sách."), status=409, field="unit")
    name = (
        CycleUnit.objects.filter(cycle=cycle, unit=unit).values_list("unit_name", flat=True).first()
        or unit.name
    )
    last = Proposal.objects.filter(cycle=cycle, kind=kind).order_by("-order").first()
    proposal = Proposal.objects.create(
        cycle=cycle,
        kind=kind,
        unit=unit,
        unit_name=name,
        person_name=person_name[:200],
        grounds=grounds,
        origin=Proposal.Origin.MANUAL,
        reason=reason,
        order=(last.order + 1) if last else 1,
    )
    record_change(actor=actor, action="create", target=proposal, after=snapshot(proposal))
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    actor,
    proposal: Proposal,
    reason: str,
    grounds: str | None = None,
    included: bool | None = None,
) -> Proposal:
    """Edit the grounds, or leave a proposal out (or take it back in), with a reason."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    cycle = _lock_cycle(proposal.cycle)
    _proposal_step(actor, cycle)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Cần nêu lý do chỉnh sửa."), status=422, field="reason")
    before = snapshot(proposal)
    if grounds is not None:
        grounds = grounds.strip()
        if not grounds:
            _refuse(_("Cần nêu căn cứ đề nghị."), status=422, field="grounds")
        proposal.grounds = grounds
    if included is not None:
        proposal.included = included
    proposal.reason = reason
    proposal.save()
    record_change(
        actor=actor, action="update", target=proposal, before=before, after=snapshot(proposal)
    )
    return proposal
