"""How a task's timeline reads: each event as a label, who acted (a system job named in
Vietnamese) and short lines saying what changed."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from chidao.core import policy
from chidao.tasks.models import TaskEvent
from chidao.tasks.selectors import task_timeline


def _event_date(value) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


EDITED_FIELDS = {
    "title": _lazy("Tên nhiệm vụ"),
    "content": _lazy("Nội dung"),
    "expected_output": _lazy("Sản phẩm"),
    "domain": _lazy("Lĩnh vực"),
    "coordinating_units": _lazy("Đơn vị phối hợp"),
    "deadline": _lazy("Hạn hoàn thành"),
}


def _edit_lines(data: dict) -> list[str]:
    """An edit: each changed field with its value before and after, then the reason."""

    def shown(value):
        if isinstance(value, list):
            return "; ".join(value) if value else _("không có")
        return f"“{value}”" if value else _("(trống)")

    lines = [
        _("%(field)s: %(before)s → %(after)s")
        % {
            "field": EDITED_FIELDS.get(field, field),
            "before": shown(change.get("before")),
            "after": shown(change.get("after")),
        }
        for field, change in (data.get("changes") or {}).items()
    ]
    if data.get("coordinating_unit_old"):  # a unit's successor took over (restructuring)
        lines.append(
            _("Phối hợp: %(old)s → %(new)s")
            % {"old": data["coordinating_unit_old"], "new": data.get("coordinating_unit_new")}
        )
    if data.get("reason"):
        lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    return lines


def _event_lines(event: TaskEvent) -> list[str]:
    """What the event's data says, as short Vietnamese lines."""
    data = event.data or {}
    kind = TaskEvent.Kind
    lines = []
    if event.kind == kind.ASSIGNED:
        if data.get("lead_unit"):
            lines.append(_("Chủ trì: %(unit)s") % {"unit": data["lead_unit"]})
        if data.get("coordinating_units"):
            units = ", ".join(data["coordinating_units"])
            lines.append(_("Phối hợp: %(units)s") % {"units": units})
        if data.get("deadline"):
            lines.append(_("Hạn: %(date)s") % {"date": _event_date(data["deadline"])})
    elif event.kind in (kind.PROGRESS, kind.CONTRIBUTION, kind.COMPLETED):
        if data.get("percent") is not None:
            lines.append(_("Tiến độ: %(percent)s%%") % {"percent": data["percent"]})
        if data.get("output_number"):
            lines.append(_("Văn bản kết quả: %(number)s") % {"number": data["output_number"]})
        if data.get("note"):
            lines.append(data["note"])
        if data.get("files"):
            lines.append(
                ngettext("%(n)s tệp minh chứng", "%(n)s tệp minh chứng", data["files"])
                % {"n": data["files"]}
            )
    elif event.kind == kind.EXTENSION_REQUESTED:
        if data.get("requested_deadline"):
            lines.append(
                _("Đề nghị gia hạn đến %(date)s")
                % {"date": _event_date(data["requested_deadline"])}
            )
        if data.get("reason"):
            lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    elif event.kind in (kind.EXTENSION_APPROVED, kind.EXTENSION_REFUSED):
        if event.kind == kind.EXTENSION_APPROVED and data.get("deadline"):
            lines.append(
                _("Hạn từ %(old)s thành %(new)s")
                % {
                    "old": _event_date(data.get("previous_deadline")),
                    "new": _event_date(data["deadline"]),
                }
            )
        if data.get("note"):
            lines.append(data["note"])
    elif event.kind == kind.REASSIGNED:
        lines.append(
            _("Từ %(old)s sang %(new)s")
            % {"old": data.get("old_unit", "?"), "new": data.get("new_unit", "?")}
        )
        if data.get("reason"):
            lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    elif event.kind == kind.EDITED:
        lines += _edit_lines(data)
    elif event.kind == kind.CANCELLED:
        if data.get("reason"):
            lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    elif event.kind == kind.REMINDER:
        if data.get("step"):
            lines.append(_("Mốc: %(step)s") % {"step": data["step"]})
        if data.get("deadline"):
            lines.append(_("Hạn khi nhắc: %(date)s") % {"date": _event_date(data["deadline"])})
        recipients = data.get("recipients") or data.get("recipient")
        if recipients:
            if isinstance(recipients, list | tuple):
                recipients = ", ".join(str(r) for r in recipients)
            lines.append(_("Gửi tới: %(who)s") % {"who": recipients})
        if data.get("note"):
            lines.append(str(data["note"]))
    elif data.get("note") or data.get("reason"):
        lines.append(str(data.get("note") or data.get("reason")))
    return lines


def timeline_of(task) -> list[dict]:
    """The task's events, oldest first, each with its label, actor and lines."""
    return [
        {
            "event": event,
            "label": event.get_kind_display(),
            "actor": (event.actor.get_full_name() or event.actor.get_username())
            if event.actor
            else policy.actor_title(event.actor_label),
            "lines": _event_lines(event),
        }
        for event in task_timeline(task)
    ]
