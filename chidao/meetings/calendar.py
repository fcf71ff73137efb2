"""The iCalendar feed (RFC 5545) a phone or Outlook subscribes to: the meetings the user's
unit is invited to (all meetings of the committees the user manages), and the deadlines of
the open tasks the user's unit leads, as all-day events.

The feed's address carries a secret token; only its SHA-256 is stored (`CalendarToken`), so
the address is shown once when made. Making a new one replaces the old; revoking deletes it.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from chidao.audit.services import record_change
from chidao.core import policy
from chidao.meetings.models import CalendarToken, Invitation, Meeting
from chidao.tasks.models import Task

PRODID = "-//chidao//Lich Ban Chi dao//VI"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user) -> str:
    """A new feed token for the user (the old address stops working); returns the token."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": _digest(token)})
    record_change(
        actor=user,
        action="update",
        target_type="meetings.calendartoken",
        target_id=str(user.pk),
        target_repr="calendar token created",
    )
    return token


@transaction.atomic
def token_revoke(*, user) -> bool:
    deleted, _rows = CalendarToken.objects.filter(user=user).delete()
    if deleted:
        record_change(
            actor=user,
            action="delete",
            target_type="meetings.calendartoken",
            target_id=str(user.pk),
            target_repr="calendar token revoked",
        )
    return bool(deleted)


def user_for_token(token: str):
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 100:
        return None
    row = CalendarToken.objects.select_related("user").filter(token_hash=_digest(token)).first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def feed_url(token: str, only: str = "") -> str:
    url = settings.CHIDAO_BASE_URL.rstrip("/") + reverse("meeting-calendar-feed", args=[token])
    return f"{url}?only={only}" if only else url


def _escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def feed_meetings(user):
    managed = policy.managed_committee_ids(user)
    queryset = Meeting.objects.exclude(status=Meeting.Status.CANCELLED).select_related("committee")
    units = set(policy.acting_unit_ids(user)) | ({user.unit_id} if user.unit_id else set())
    invited = Invitation.objects.filter(unit_id__in=units).values("meeting_id")
    if managed is None:
        return queryset
    return queryset.filter(committee_id__in=managed) | queryset.filter(pk__in=invited)


def feed_tasks(user):
    """The open tasks led by the user's unit (and the units a focal person acts for)."""
    units = set(policy.acting_unit_ids(user)) | ({user.unit_id} if user.unit_id else set())
    if not units:
        return Task.objects.none()
    return Task.objects.filter(
        lead_unit_id__in=units, completed_on__isnull=True, cancelled_on__isnull=True
    ).select_related("committee")


PARTS = ("meetings", "deadlines")


def ical(user, only: str = "") -> str:
    """The feed: meetings and deadlines, or only one of them (`only`, one of PARTS)."""
    host = settings.CHIDAO_BASE_URL.rstrip("/")
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:chidao",
    ]
    meetings = feed_meetings(user) if only != "deadlines" else Meeting.objects.none()
    tasks = feed_tasks(user) if only != "meetings" else Task.objects.none()
    for meeting in meetings.order_by("starts_at")[:500]:
        ends = meeting.starts_at + dt.timedelta(hours=2)
        summary = ("[Dữ liệu mô phỏng] " if meeting.synthetic else "") + meeting.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@chidao",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(ends)}",
            f"SUMMARY:{_escape(summary)}",
            f"LOCATION:{_escape(meeting.place or meeting.online_link)}",
            f"DESCRIPTION:{_escape(meeting.committee.name)}",
            f"URL:{host}{reverse('meeting-detail', args=[meeting.pk])}",
            "END:VEVENT",
        ]
    for task in tasks.order_by("deadline")[:1000]:
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{task.pk}-{task.deadline:%Y%m%d}@chidao",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{task.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{task.deadline + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape('Hạn nhiệm vụ: ' + task.title)}",
            f"DESCRIPTION:{_escape(task.committee.name)}",
            f"URL:{host}{reverse('task-detail', args=[task.pk])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
