"""Every change to explanation requests: issue, answer, withdraw. Each is one user action,
one transaction, its change-log row and its notices, written here and nowhere else."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.dates import vn_date
from chidao.core.errors import ActionRefused
from chidao.explanations import notices
from chidao.explanations.models import ExplanationRequest
from chidao.explanations.subjects import kind_of
from chidao.officialdocs import register


class ExplanationError(ActionRefused):
    """A refused explanation action (see chidao.core.errors.ActionRefused)."""


def _today() -> dt.date:
    return timezone.localdate()


def _issuing_unit(actor, committee, on: dt.date):
    own = policy.issuing_unit(actor, committee.pk)
    if own is not None:
        return own
    agency = register.standing_agency_for(committee, on)
    return agency.unit if agency else committee.issuing_body


def explanation_issue(
    *,
    actor,
    subject,
    reason: str,
    due_on: dt.date | None = None,
    issued_on: dt.date | None = None,
    number: str = "",
    synthetic: bool = False,
) -> ExplanationRequest:
    """The committee's standing agency asks the unit that answers for `subject` (a registered
    kind: a task's lead unit) to explain in writing by `due_on` (default: in
    CHIDAO_EXPLAIN_WITHIN_DAYS days)."""
    kind = kind_of(subject)
    if kind is None:
        raise ExplanationError(_("Không thể yêu cầu giải trình về đối tượng này."), field="subject")
    committee_id = kind.committee_id(subject)
    if not policy.manages_committee(actor, committee_id):
        raise ExplanationError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo được yêu cầu giải trình."), status=403
        )
    reason = (reason or "").strip()
    if not reason:
        raise ExplanationError(_("Cần nêu lý do yêu cầu giải trình."), field="reason")
    issued_on = issued_on or _today()
    due_on = due_on or issued_on + dt.timedelta(days=settings.CHIDAO_EXPLAIN_WITHIN_DAYS)
    if due_on < issued_on:
        raise ExplanationError(
            _("Hạn giải trình (%(due)s) không được trước ngày yêu cầu (%(issued)s).")
            % {"due": vn_date(due_on), "issued": vn_date(issued_on)},
            field="due_on",
        )
    committee = Committee.objects.get(pk=committee_id)
    unit_id = kind.unit_id(subject)
    try:
        with transaction.atomic():
            request = ExplanationRequest.objects.create(
                committee=committee,
                issuing_unit=_issuing_unit(actor, committee, issued_on),
                unit_id=unit_id,
                subject_kind=kind.key,
                subject_id=subject.pk,
                subject_title=kind.title(subject)[:500],
                number=(number or "").strip()[:100],
                issued_on=issued_on,
                due_on=due_on,
                reason=reason,
                issued_by=policy.as_user(actor),
                synthetic=synthetic,
            )
            record_change(actor=actor, action="create", target=request, after=snapshot(request))
            notices.issued(actor=actor, request=request)
    except IntegrityError:
        raise ExplanationError(
            _("Đơn vị đã có một yêu cầu giải trình về nội dung này đang chờ trả lời."),
            status=409,
        ) from None
    return request


@transaction.atomic
def explanation_answer(
    *,
    actor,
    request: ExplanationRequest,
    reasons: str,
    done: str = "",
    plan: str = "",
    new_deadline: dt.date | None = None,
    answered_on: dt.date | None = None,
) -> ExplanationRequest:
    """The addressed unit explains: the reasons for the delay, what it has done, its new plan
    (and the date it now commits to)."""
    request = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.permits(actor, policy.REPORT):
        raise ExplanationError(_("Chỉ đơn vị được yêu cầu mới trả lời giải trình."), status=403)
    if request.state != ExplanationRequest.State.OPEN:
        raise ExplanationError(_("Yêu cầu giải trình này không còn chờ trả lời."), status=409)
    reasons, done, plan = ((v or "").strip() for v in (reasons, done, plan))
    if not reasons:
        raise ExplanationError(_("Cần nêu nguyên nhân chậm trễ."), field="reasons")
    if not plan:
        raise ExplanationError(_("Cần nêu kế hoạch, giải pháp khắc phục."), field="plan")
    answered_on = answered_on or _today()
    if answered_on < request.issued_on:
        raise ExplanationError(_("Ngày giải trình không được trước ngày yêu cầu."), field="date")
    if new_deadline is not None and new_deadline < answered_on:
        raise ExplanationError(
            _("Thời hạn hoàn thành mới không được trước ngày giải trình."), field="new_deadline"
        )
    before = snapshot(request)
    request.state = ExplanationRequest.State.ANSWERED
    request.answer_reasons, request.answer_done, request.answer_plan = reasons, done, plan
    request.answer_new_deadline = new_deadline
    request.answered_on = answered_on
    request.answered_by = policy.as_user(actor)
    request.save()
    record_change(
        actor=actor, action="update", target=request, before=before, after=snapshot(request)
    )
    notices.answered(actor=actor, request=request)
    return request


@transaction.atomic
def explanation_withdraw(*, actor, request: ExplanationRequest) -> ExplanationRequest:
    """The standing agency withdraws an unanswered request (asked by mistake, task done)."""
    request = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.permits(actor, policy.CHANGE):
        raise ExplanationError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo được rút yêu cầu giải trình."), status=403
        )
    if request.state != ExplanationRequest.State.OPEN:
        raise ExplanationError(_("Yêu cầu giải trình này không còn chờ trả lời."), status=409)
    before = snapshot(request)
    request.state = ExplanationRequest.State.WITHDRAWN
    request.save(update_fields=["state"])
    record_change(
        actor=actor, action="update", target=request, before=before, after=snapshot(request)
    )
    return request
