"""Every change to the register of difficulties and proposals. Each function is one user
action: one transaction, its event (ObstacleEvent) and its change-log row; notices after the
commit."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.core.text import fold
from chidao.obstacles import notices
from chidao.obstacles.models import DismissedProposal, Obstacle, ObstacleEvent, ReplyFile
from chidao.storage import files


class ObstacleError(ActionRefused):
    """A refused action on the register (see chidao.core.errors.ActionRefused)."""


State = Obstacle.State


def _today() -> dt.date:
    return timezone.localdate()


def _event(obstacle, kind, *, actor, on=None, **data) -> ObstacleEvent:
    return ObstacleEvent.objects.create(
        obstacle=obstacle,
        kind=kind,
        on=on or _today(),
        actor=policy.as_user(actor),
        actor_label=policy.actor_label(actor),
        data=data,
    )


def _require_manager(actor, committee_id: int) -> None:
    if not policy.manages_committee(actor, committee_id):
        raise ObstacleError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới xử lý khó khăn, vướng mắc."),
            status=403,
        )


def _require_state(obstacle: Obstacle, allowed, message: str) -> None:
    if obstacle.state not in allowed:
        raise ObstacleError(message, status=409)


def _clean(value: str, field: str, message: str, *, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ObstacleError(message, field=field)
    if limit and len(value) > limit:
        raise ObstacleError(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit}, field=field)
    return value


def _lock(obstacle: Obstacle) -> Obstacle:
    return Obstacle.objects.select_for_update().get(pk=obstacle.pk)


def _move(
    actor, obstacle: Obstacle, *, action: str, event: str, fields: dict, on=None, after=None, **data
) -> Obstacle:
    """The one way an item moves on (assigned, answered, resolved, forwarded, closed, merged):
    its `fields` set and saved, its event (`data`, dated `on`) and its change-log row with
    before and after (plus `after`), in the calling service's transaction."""
    before = snapshot(obstacle)
    for name, value in fields.items():
        setattr(obstacle, name, value)
    obstacle.save(update_fields=list(fields))
    _event(obstacle, event, actor=actor, on=on, **data)
    record_change(
        actor=actor,
        action=action,
        target=obstacle,
        before=before,
        after={**snapshot(obstacle), **(after or {})},
    )
    return obstacle


@transaction.atomic
def obstacle_raise(
    *,
    actor,
    committee,
    unit,
    title: str,
    content: str = "",
    raised_on: dt.date | None = None,
    origin: str = Obstacle.Origin.DIRECT,
    origin_note: str = "",
    kind: str = "difficulty",
    domain=None,
    tasks=(),
    submission=None,
    section_key: str = "",
    synthetic: bool = False,
) -> Obstacle:
    """A unit raises an item: its own people (for their unit), or the committee's managers
    (for any unit, e.g. from a meeting or an inspection)."""
    if not (
        policy.manages_committee(actor, committee.pk) or unit.pk in policy.acting_unit_ids(actor)
    ):
        raise ObstacleError(
            _("Bạn chỉ nêu khó khăn, vướng mắc cho đơn vị của mình."), status=403, field="unit"
        )
    title = _clean(title, "title", _("Thiếu nội dung tóm tắt."), limit=500)
    if origin not in Obstacle.Origin.values:
        raise ObstacleError(_("Nơi nêu không hợp lệ."), field="origin")
    if kind not in ("difficulty", "proposal"):
        raise ObstacleError(_("Loại không hợp lệ."), field="kind")
    raised_on = raised_on or _today()
    if raised_on > _today():
        raise ObstacleError(_("Ngày nêu không được sau hôm nay."), field="raised_on")
    tasks = list(tasks)
    if any(task.committee_id != committee.pk for task in tasks):
        raise ObstacleError(_("Nhiệm vụ không thuộc Ban Chỉ đạo này."), field="tasks")
    obstacle = Obstacle.objects.create(
        committee=committee,
        title=title,
        title_key=fold(title)[:500],
        content=(content or "").strip(),
        kind=kind,
        raised_by=unit,
        raised_by_name=unit.name,
        raised_on=raised_on,
        origin=origin,
        origin_note=(origin_note or "").strip()[:500],
        submission=submission,
        section_key=section_key,
        domain=domain,
        synthetic=synthetic,
        created_by=policy.as_user(actor),
    )
    if tasks:
        obstacle.tasks.set(tasks)
    _event(obstacle, ObstacleEvent.Kind.RAISED, actor=actor, on=raised_on, unit=unit.name)
    record_change(actor=actor, action="obstacle.raise", target=obstacle, after=snapshot(obstacle))
    return obstacle


@transaction.atomic
def obstacle_assign(
    *, actor, obstacle: Obstacle, level: str, resolver, due_on: dt.date, note: str = ""
) -> Obstacle:
    """The standing agency names the level able to resolve the item, the unit that answers,
    and the deadline (again to re-assign or move the deadline)."""
    _require_manager(actor, obstacle.committee_id)
    obstacle = _lock(obstacle)
    _require_state(
        obstacle,
        (State.OPEN, State.ASSIGNED, State.ANSWERED),
        _("Mục này đã được giải quyết, chuyển cấp trên hoặc đóng."),
    )
    if level not in Obstacle.Level.values:
        raise ObstacleError(_("Cấp giải quyết không hợp lệ."), field="level")
    if resolver is None:
        raise ObstacleError(_("Chọn đơn vị xử lý."), field="resolver")
    if not resolver.is_valid_on(_today()):
        raise ObstacleError(_("Đơn vị xử lý không còn tồn tại."), field="resolver")
    if due_on is None:
        raise ObstacleError(_("Thiếu hạn trả lời."), field="due_on")
    if due_on < obstacle.raised_on:
        raise ObstacleError(_("Hạn trả lời không được trước ngày nêu."), field="due_on")
    _move(
        actor,
        obstacle,
        action="obstacle.assign",
        event=ObstacleEvent.Kind.ASSIGNED,
        fields={"level": level, "resolver": resolver, "due_on": due_on, "state": State.ASSIGNED},
        resolver=resolver.name,
        level=level,
        due_on=due_on.isoformat(),
        note=(note or "").strip()[:1000],
    )
    notices.assigned(obstacle=obstacle)
    return obstacle


def _require_replier(actor, obstacle: Obstacle) -> None:
    if not policy.permits(actor, policy.REPORT, obstacle):
        raise ObstacleError(
            _("Chỉ đơn vị được giao xử lý hoặc cơ quan thường trực mới trả lời."), status=403
        )


def _checked_upload(upload) -> tuple[str, bytes]:
    try:
        return files.check_upload(upload)
    except files.UploadRejected as exc:
        raise ObstacleError(str(exc), field="file") from None


def _attach(actor, obstacle: Obstacle, upload, checked, number: str) -> ReplyFile:
    content_type, content = checked
    return ReplyFile.create_stored(
        content=content,
        content_type=content_type,
        original_name=upload.name,
        uploaded_by=policy.as_user(actor),
        obstacle=obstacle,
        number=number,
    )


@files.atomic()
def obstacle_reply(
    *,
    actor,
    obstacle: Obstacle,
    text: str,
    resolved: bool,
    document: str = "",
    replied_on: dt.date | None = None,
    upload=None,
) -> Obstacle:
    """The resolver unit (or the standing agency) answers; `resolved` says the item is
    settled by the answer; `upload` is the reply document's file (the official letter)."""
    _require_replier(actor, obstacle)
    obstacle = _lock(obstacle)
    _require_state(
        obstacle,
        (State.OPEN, State.ASSIGNED, State.ANSWERED, State.FORWARDED),
        _("Mục này đã được giải quyết hoặc đóng."),
    )
    text = _clean(text, "text", _("Thiếu nội dung trả lời."), limit=10_000)
    replied_on = replied_on or _today()
    if replied_on > _today() or replied_on < obstacle.raised_on:
        raise ObstacleError(_("Ngày trả lời không hợp lệ."), field="replied_on")
    checked = _checked_upload(upload) if upload is not None else None
    document = (document or "").strip()[:100]
    stored = _attach(actor, obstacle, upload, checked, document) if checked else None
    return _move(
        actor,
        obstacle,
        action="obstacle.reply",
        event=ObstacleEvent.Kind.RESOLVED if resolved else ObstacleEvent.Kind.ANSWERED,
        fields={
            "reply": text,
            "reply_document": document,
            "replied_on": replied_on,
            "state": State.RESOLVED if resolved else State.ANSWERED,
            "resolved_on": replied_on if resolved else None,
        },
        on=replied_on,
        after={"reply_file": stored.pk} if stored else None,
        text=text[:1000],
        document=document,
        **({"file": stored.original_name} if stored else {}),
    )


@files.atomic()
def obstacle_reply_file(*, actor, obstacle: Obstacle, upload, number: str = "") -> ReplyFile:
    """The reply document's file attached to an item already answered (or resolved by its
    answer): the resolver unit's people or the standing agency; `number` fills the reply's
    document number when it had none."""
    _require_replier(actor, obstacle)
    obstacle = _lock(obstacle)
    if not obstacle.replied_on:
        raise ObstacleError(_("Mục này chưa được trả lời."), status=409)
    number = (number or "").strip()
    if len(number) > 100:
        message = _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": 100}
        raise ObstacleError(message, field="number")
    checked = _checked_upload(upload)
    before = snapshot(obstacle)
    if number and not obstacle.reply_document:
        obstacle.reply_document = number
        obstacle.save(update_fields=["reply_document"])
    stored = _attach(actor, obstacle, upload, checked, number or obstacle.reply_document)
    record_change(
        actor=actor,
        action="obstacle.reply_file",
        target=obstacle,
        before=before,
        after={**snapshot(obstacle), "reply_file": stored.pk, "file": stored.original_name},
    )
    return stored


@transaction.atomic
def obstacle_resolve(*, actor, obstacle: Obstacle, on: dt.date | None = None) -> Obstacle:
    """The standing agency accepts an answer as settling the item."""
    _require_manager(actor, obstacle.committee_id)
    obstacle = _lock(obstacle)
    _require_state(obstacle, (State.ANSWERED, State.FORWARDED), _("Mục này chưa được trả lời."))
    on = on or _today()
    return _move(
        actor,
        obstacle,
        action="obstacle.resolve",
        event=ObstacleEvent.Kind.RESOLVED,
        fields={"state": State.RESOLVED, "resolved_on": on},
        on=on,
    )


@transaction.atomic
def obstacle_forward(*, actor, obstacle: Obstacle, level: str, note: str) -> Obstacle:
    """Beyond the city's power: forwarded to a ministry or the central level (still open
    until their answer is recorded)."""
    _require_manager(actor, obstacle.committee_id)
    obstacle = _lock(obstacle)
    _require_state(
        obstacle,
        (State.OPEN, State.ASSIGNED, State.ANSWERED),
        _("Mục này đã được giải quyết, chuyển cấp trên hoặc đóng."),
    )
    if level not in (Obstacle.Level.MINISTRY, Obstacle.Level.CENTRAL):
        raise ObstacleError(_("Chỉ chuyển lên Bộ, ngành hoặc Trung ương."), field="level")
    note = _clean(note, "note", _("Thiếu văn bản hoặc nội dung chuyển."), limit=1000)
    return _move(
        actor,
        obstacle,
        action="obstacle.forward",
        event=ObstacleEvent.Kind.FORWARDED,
        fields={"level": level, "state": State.FORWARDED},
        level=level,
        note=note,
    )


@transaction.atomic
def obstacle_close(*, actor, obstacle: Obstacle, reason: str) -> Obstacle:
    """Closed without action, with the reason (no longer relevant, not within remit, …)."""
    _require_manager(actor, obstacle.committee_id)
    obstacle = _lock(obstacle)
    _require_state(obstacle, Obstacle.PENDING, _("Mục này đã được giải quyết hoặc đóng."))
    reason = _clean(reason, "reason", _("Thiếu lý do đóng."), limit=2000)
    return _move(
        actor,
        obstacle,
        action="obstacle.close",
        event=ObstacleEvent.Kind.CLOSED,
        fields={"state": State.CLOSED, "closed_on": _today(), "close_reason": reason},
        reason=reason,
    )


@transaction.atomic
def obstacle_merge(*, actor, duplicate: Obstacle, into: Obstacle) -> Obstacle:
    """`duplicate` says what `into` says: it is closed as merged, its blocked tasks join
    `into`'s, and it stays in the register pointing to `into`."""
    _require_manager(actor, duplicate.committee_id)
    if duplicate.pk == into.pk:
        raise ObstacleError(_("Không gộp một mục vào chính nó."), field="into")
    if duplicate.committee_id != into.committee_id:
        raise ObstacleError(_("Hai mục thuộc hai Ban Chỉ đạo khác nhau."), field="into")
    duplicate, into = _lock(duplicate), _lock(into)
    _require_state(duplicate, Obstacle.PENDING, _("Mục này đã được giải quyết hoặc đóng."))
    if into.merged_into_id:
        raise ObstacleError(_("Mục đích đã được gộp vào mục khác."), field="into", status=409)
    _move(
        actor,
        duplicate,
        action="obstacle.merge",
        event=ObstacleEvent.Kind.MERGED,
        fields={
            "state": State.CLOSED,
            "closed_on": _today(),
            "merged_into": into,
            "close_reason": _("Trùng với mục #%(id)s: %(title)s")
            % {"id": into.pk, "title": into.title},
        },
        into=into.pk,
    )
    into.tasks.add(*duplicate.tasks.all())
    _event(
        into,
        ObstacleEvent.Kind.MERGED,
        actor=actor,
        duplicate=duplicate.pk,
        unit=duplicate.raised_by_name,
    )
    return into


# ---- items proposed from submitted reports


@transaction.atomic
def proposal_accept(
    *, actor, committee, candidate, title: str = "", merge_into: Obstacle | None = None
) -> Obstacle:
    """Take a report section (a `proposals.Candidate`) into the register, as a new item or
    merged into an existing one."""
    _require_manager(actor, committee.pk)
    from chidao.obstacles import proposals

    submission = candidate.submission
    if Obstacle.objects.filter(
        submission__period_id=submission.period_id,
        submission__unit_id=submission.unit_id,
        section_key=candidate.section_key,
    ).exists():
        raise ObstacleError(_("Mục này của báo cáo đã vào sổ."), status=409)
    obstacle = obstacle_raise(
        actor=actor,
        committee=committee,
        unit=submission.unit,
        title=(title or proposals.title_of(candidate.text)),
        content=candidate.text,
        raised_on=timezone.localdate(submission.submitted_at) if submission.submitted_at else None,
        origin=Obstacle.Origin.REPORT,
        origin_note=submission.period.label,
        kind="proposal" if candidate.role == "proposals" else "difficulty",
        submission=submission,
        section_key=candidate.section_key,
    )
    if merge_into is not None:
        obstacle_merge(actor=actor, duplicate=obstacle, into=merge_into)
        obstacle.refresh_from_db()
    return obstacle


@transaction.atomic
def proposal_dismiss(*, actor, committee, candidate) -> None:
    """Not for the register: no longer proposed."""
    _require_manager(actor, committee.pk)
    dismissed, created = DismissedProposal.objects.get_or_create(
        submission=candidate.submission,
        section_key=candidate.section_key,
        defaults={"dismissed_by": policy.as_user(actor)},
    )
    if created:
        record_change(
            actor=actor,
            action=ChangeLog.Action.CREATE,
            target=dismissed,
            after={"submission": candidate.submission.pk, "section": candidate.section_key},
        )
