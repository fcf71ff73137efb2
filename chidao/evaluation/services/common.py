"""What every evaluation service shares: the refusal, the clock, the locks and the checks of
who may act in which state, and the history row of a score change."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.evaluation import selectors
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    EvaluationCycle,
    ScoreChange,
)
from chidao.units.models import Unit

State = EvaluationCycle.State
DEFAULT_RULES = selectors.DEFAULT_RULES
DEFAULT_BANDS = selectors.DEFAULT_BANDS
COMMUNE_KINDS = (Unit.Kind.COMMUNE,)


class EvaluationError(ActionRefused):
    """A refused evaluation action (see chidao.core.errors.ActionRefused)."""


def _now():
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _refuse(message: str, status: int = 403, field: str | None = None):
    raise EvaluationError(message, status=status, field=field)


def _lock_cycle(cycle: EvaluationCycle) -> EvaluationCycle:
    return EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)


def _require_state(cycle: EvaluationCycle, *states: str):
    """409 unless the cycle is in one of `states`; a locked cycle says so plainly."""
    if cycle.state in states:
        return
    if cycle.state == State.LOCKED:
        _refuse(_("Đợt đánh giá đã khóa: không thể thay đổi."), status=409)
    if cycle.state == State.APPROVED:
        _refuse(_("Kết quả đã được phê duyệt: điểm không còn thay đổi được."), status=409)
    _refuse(
        _("Không thực hiện được khi đợt đánh giá đang ở bước “%(state)s”.")
        % {"state": cycle.get_state_display()},
        status=409,
    )


def _require_manager(actor, cycle: EvaluationCycle):
    if not policy.is_system(actor) and not selectors.can_manage(actor, cycle):
        _refuse(_("Chỉ cơ quan thường trực của Ban Chỉ đạo mới thực hiện việc này."))


def _require_approver(actor, cycle: EvaluationCycle):
    if not policy.is_system(actor) and not selectors.can_approve(actor, cycle):
        _refuse(_("Chỉ lãnh đạo Ban Chỉ đạo mới phê duyệt, khóa kết quả."))


def _points_in_range(value, max_points: Decimal, field: str = "score") -> Decimal:
    try:
        value = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        _refuse(_("Điểm phải là một số."), status=422, field=field)
    if not value.is_finite() or value < 0 or value > max_points:
        _refuse(
            _("Điểm phải từ 0 đến %(max)s.") % {"max": selectors.fmt_points(max_points)},
            status=422,
            field=field,
        )
    if value != points(value):
        _refuse(_("Điểm có tối đa hai chữ số thập phân."), status=422, field=field)
    return points(value)


def _change(score, kind, old, new, *, actor, reason=""):
    return ScoreChange.objects.create(
        score=score,
        kind=kind,
        old_value=old,
        new_value=new,
        reason=reason,
        actor=policy.as_user(actor),
        actor_label=policy.actor_label(actor),
    )
