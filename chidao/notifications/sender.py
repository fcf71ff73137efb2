"""The one sender: delivers the outbox in batches, each row exactly once.

Safe to run twice, concurrently, or after a crash:
- it takes up to `batch` rows at a time: pending; failed with attempts left, not within the
  run that failed them; or "sending" for longer than `stale_after`, i.e. abandoned by a
  crashed sender;
- rows a part no longer wants (its kind's `still_wanted` hook: the task was completed since,
  the report was submitted) are dropped unsent;
- in-app rows go first, up to 1,000 a batch, each batch in one transaction that locks them
  (FOR UPDATE SKIP LOCKED on PostgreSQL), marks them sent, and inserts their notifications
  and their parts' records in bulk (Notification.message is one-to-one as well), so a crash
  delivers all or none of them and two senders never take the same row;
- e-mails are claimed with a conditional UPDATE that stamps them with the sender's claim
  token (only rows carrying it are processed), and go over one SMTP connection for the
  whole run, each marked sent right after the server accepted it. The remaining window: a
  crash between the server's acceptance and that UPDATE leaves the row "sending", and it is
  sent again after `stale_after`. SMTP gives no way to make both atomic; each row keeps one
  Message-ID over its attempts, so such a copy is recognisably the same message.
E-mails of users who chose the daily digest are held and sent by `send_digests`: one message
per user and day with everything queued before that day.
"""

import datetime as dt
import logging
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import connection as database
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core import worker
from chidao.notifications import registry
from chidao.notifications.models import Channel, Notification, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Rows claimed and delivered together: a batch's in-app rows are one UPDATE and two INSERTs
# (notifications, the parts' records), so the statements per reminder shrink with the batch;
# 1,000 keeps a batch's transaction short (well under a second at national scale).
BATCH = 1000
STALE_AFTER = dt.timedelta(minutes=10)
State = OutboxMessage.State


def _retryable(now, stale_after, started) -> Q:
    return (
        Q(state=State.SENDING, claimed_at__lt=now - stale_after)
        # failed rows are retried by later runs, not again within the run that failed them
        | Q(state=State.FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__lt=started)
    )


def _claimable(now, stale_after, started) -> Q:
    return Q(state=State.PENDING) | _retryable(now, stale_after, started)


def _oldest(queryset, batch: int, now, stale_after, started) -> list:
    """Up to `batch` claimable rows of `queryset`, oldest first, locked as they are read.

    Two reads rather than one OR: the rows to retry (few), then the pending ones in the
    order of the index `outbox_claimable` (state, channel, created_at, id), so a batch reads
    its 1,000 rows instead of sorting every pending one (180,000 on a national first day).
    On PostgreSQL the rows another sender holds are skipped (FOR UPDATE SKIP LOCKED): two
    senders take disjoint batches instead of racing for the same one. SQLite has no row
    locks (Django leaves the clause out): its writers take turns (IMMEDIATE transactions).
    """
    queryset = queryset.select_for_update(skip_locked=True, of=("self",)).order_by(
        "created_at", "id"
    )
    rows = list(queryset.filter(_retryable(now, stale_after, started))[:batch])
    if len(rows) < batch:
        rows += list(queryset.filter(state=State.PENDING)[: batch - len(rows)])
    return rows


def claim(batch: int, stale_after: dt.timedelta, started, scope: Q) -> str | None:
    """Claim up to `batch` rows within `scope`; returns the claim token, "" when another
    sender took every candidate first, None when nothing is left."""
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = [
            row.pk
            for row in _oldest(
                OutboxMessage.objects.filter(scope).only("id"), batch, now, stale_after, started
            )
        ]
        if not candidates:
            return None
        # The condition is checked again by the UPDATE itself, row by row: on SQLite a row
        # another sender claimed in between no longer matches and is left alone.
        claimable = _claimable(now, stale_after, started) & scope
        claimed = OutboxMessage.objects.filter(claimable, id__in=candidates)
        if not claimed.update(state=State.SENDING, claim_token=token, claimed_at=now):
            return ""
    return token


def _claimed(token: str) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("recipient")
        .order_by("created_at", "id")
    )


def _drop_unwanted(
    rows: list[OutboxMessage], token: str | None, today: dt.date
) -> list[OutboxMessage]:
    """Rows whose part says they are no longer wanted are deleted unsent (safe: the planners
    only ever plan what is due now)."""
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    dropped = set()
    for key, group in by_kind.items():
        declared = registry.kind(key)
        if declared is None or declared.still_wanted is None:
            continue
        wanted = declared.still_wanted(group, today)
        dropped |= {row.pk for row in group if row.pk not in wanted}
    if dropped:
        mine = Q(claim_token=token) if token is not None else Q()  # None: locked by us
        OutboxMessage.objects.filter(mine, pk__in=dropped).delete()
    return [row for row in rows if row.pk not in dropped]


def _on_sent(rows: list[OutboxMessage], today: dt.date) -> None:
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for key, group in by_kind.items():
        declared = registry.kind(key)
        if declared is not None and declared.on_sent is not None:
            declared.on_sent(group, today)


def notifications_of(rows: list[OutboxMessage], read_at=None) -> list[Notification]:
    """The in-app notification of each in-app row (unsaved)."""
    return [
        Notification(
            user_id=row.recipient_id,
            message=row,
            kind=row.kind,
            title=row.title,
            url=row.url,
            read_at=read_at or None,
        )
        for row in rows
        if row.channel == Channel.IN_APP
    ]


# The in-app rows' notifications, written by the database from the outbox rows themselves.
_NOTIFICATIONS_SQL = """
INSERT INTO notifications_notification (user_id, message_id, kind, title, url, created_at,
    read_at)
SELECT recipient_id, id, kind, title, url, %s, NULL
FROM notifications_outboxmessage WHERE id {ids}
"""


def _ids_sql(ids: list[int], params: list) -> str:
    """`IN (…)` of these ids, their values appended to `params`."""
    params += ids
    return f"IN ({', '.join(['%s'] * len(ids))})"


def _mark_in_app_sent(rows: list[OutboxMessage], today: dt.date) -> None:
    """The in-app rows (locked by this transaction) sent: one UPDATE, their notifications in
    one INSERT … SELECT from the outbox (no object per row), then their parts' records."""
    ids = [row.pk for row in rows]
    now = timezone.now()
    OutboxMessage.objects.filter(pk__in=ids).update(state=State.SENT, sent_at=now, last_error="")
    params = [database.ops.adapt_datetimefield_value(now)]
    sql = _NOTIFICATIONS_SQL.format(ids=_ids_sql(ids, params))
    with database.cursor() as cursor:
        cursor.execute(sql, params)
    _on_sent(rows, today)


def _deliver_in_app(rows: list[OutboxMessage], token: str, today: dt.date) -> int:
    """Rows claimed with `token` (a sender that claims every channel): lock those still
    ours and deliver them in one transaction."""
    if not rows:
        return 0
    with transaction.atomic():
        mine = set(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=[r.pk for r in rows], claim_token=token, state=State.SENDING)
            .values_list("pk", flat=True)
        )
        rows = [row for row in rows if row.pk in mine]
        if rows:
            _mark_in_app_sent(rows, today)
    return len(rows)


def _send_in_app(batch: int, stale_after: dt.timedelta, started, today: dt.date) -> int | None:
    """Deliver up to `batch` in-app rows in one transaction; None when none was left.

    No claim token, no "sending" state: the rows are locked, checked, marked sent and their
    notifications written in one transaction, so a crash delivers all of them or none, and a
    second sender skips (PostgreSQL) or waits for (SQLite) rows this one holds."""
    with transaction.atomic():
        rows = _oldest(
            OutboxMessage.objects.filter(channel=Channel.IN_APP, digest=False).select_related(
                "recipient"
            ),
            batch,
            timezone.now(),
            stale_after,
            started,
        )
        if not rows:
            return None
        rows = _drop_unwanted(rows, None, today)
        if rows:
            _mark_in_app_sent(rows, today)
    return len(rows)


def _failed(rows, error) -> None:
    """Keep the error; a later run retries (at most MAX_ATTEMPTS times)."""
    rows.update(
        state=State.FAILED,
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def _open_connection(rows):
    """One SMTP session for the whole run (opened here: a connection the message opens
    itself is closed after that one message). None, with `rows` failed, when the server
    cannot be reached."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:
        logger.warning("Could not reach the mail server: %s", error)
        _failed(rows, error)
        return None
    return connection


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return getattr(settings, "CHIDAO_BASE_URL", "").rstrip("/") + url


def _greeting(user) -> str:
    return _("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.get_username()}


def _footer() -> str:
    return _("Thư này được gửi tự động từ hệ thống chidao; vui lòng không trả lời.")


def email_body(row: OutboxMessage) -> str:
    lines = [_greeting(row.recipient), "", row.title + ".", ""]
    if row.body:
        lines += [row.body, ""]
    if row.url:
        lines += [_("Xem chi tiết: %(link)s") % {"link": absolute(row.url)}, ""]
    lines.append(_footer())
    return "\n".join(lines)


def message_id(row: OutboxMessage) -> str:
    """Stable for a row over its attempts, different for every other row."""
    stamp = int(row.created_at.timestamp())
    return f"<chidao.outbox.{row.pk}.{stamp}@{DNS_NAME}>"


def _deliver_email(row: OutboxMessage, token: str, today: dt.date, connection) -> bool:
    """Send one claimed e-mail and mark it sent; False when it failed or was lost."""
    mine = OutboxMessage.objects.filter(pk=row.pk, claim_token=token, state=State.SENDING)
    # Heartbeat: renew the claim right before delivering, so a slow batch is not mistaken for
    # an abandoned one; a row another sender took over (we stalled past stale_after) is
    # skipped.
    if not mine.update(claimed_at=timezone.now()):
        logger.warning("Outbox row %s was taken over by another sender; skipped.", row.pk)
        return False
    try:
        EmailMessage(
            subject=f"[chidao] {row.title}"[:250],
            body=email_body(row),
            to=[row.address],
            connection=connection,
            headers={"Message-ID": message_id(row)},
        ).send()
    except Exception as error:  # any failure is recorded, and retried by a later run
        logger.warning("Outbox row %s to %s failed: %s", row.pk, row.address, error)
        _failed(mine, error)
        return False
    with transaction.atomic():
        if not mine.update(state=State.SENT, sent_at=timezone.now(), last_error=""):
            logger.warning("Outbox row %s was sent but its claim was lost.", row.pk)
            return False
        _on_sent([row], today)
    return True


def send_pending(
    *,
    batch: int = BATCH,
    stale_after: dt.timedelta | None = None,
    today: dt.date | None = None,
) -> int:
    """Deliver the pending in-app notifications and single e-mails, in batches, until none is
    left; returns how many went out. Failed e-mails keep their error and are retried by later
    runs (at most MAX_ATTEMPTS times). Rows left "sending" by a dead sender are taken up after
    `stale_after`, by default the worker lease (CHIDAO_WORKER_LEASE)."""
    today = today or timezone.localdate()
    stale_after = stale_after or worker.lease()
    started = timezone.now()
    sent = 0
    connection = None
    while (count := _send_in_app(batch, stale_after, started, today)) is not None:
        sent += count
    try:
        while True:
            token = claim(batch, stale_after, started, Q(digest=False, channel=Channel.EMAIL))
            if token is None:
                break
            if not token:
                continue
            for row in _drop_unwanted(_claimed(token), token, today):
                mine = OutboxMessage.objects.filter(pk=row.pk, claim_token=token)
                if connection is None and (connection := _open_connection(mine)) is None:
                    continue
                if _deliver_email(row, token, today, connection):
                    sent += 1
                else:
                    connection.close()  # a broken SMTP session is not reused
                    connection = None
    finally:
        if connection is not None:
            connection.close()
    return sent


# -- the daily digest ------------------------------------------------------------------------


def digest_body(user, rows: list[OutboxMessage], today: dt.date) -> str:
    lines = [
        _greeting(user),
        "",
        _("Các thông báo của anh/chị đến hết ngày %(date)s:")
        % {"date": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y")},
        "",
    ]
    for row in rows:
        lines.append(f"- {row.title}")
        if row.url:
            lines.append(f"  {absolute(row.url)}")
    lines += ["", _footer()]
    return "\n".join(lines)


def send_digests(
    *, stale_after: dt.timedelta | None = None, today: dt.date | None = None, batch: int = 1000
) -> int:
    """One e-mail per user with every digest row queued before today; returns how many
    digests went out. Exactly once per row, as for single e-mails: all rows of a digest are
    claimed, sent in one message, then marked sent together."""
    today = today or timezone.localdate()
    stale_after = stale_after or worker.lease()
    started = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    scope = Q(digest=True, channel=Channel.EMAIL, created_at__lt=midnight)
    sent = 0
    connection = None
    try:
        while True:
            token = claim(batch, stale_after, started, scope)
            if token is None:
                break
            if not token:
                continue
            by_user = defaultdict(list)
            for row in _drop_unwanted(_claimed(token), token, today):
                by_user[row.recipient_id].append(row)
            for rows in by_user.values():
                mine = OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim_token=token)
                if connection is None and (connection := _open_connection(mine)) is None:
                    continue
                if _deliver_digest(rows, token, today, connection):
                    sent += 1
                else:
                    connection.close()
                    connection = None
    finally:
        if connection is not None:
            connection.close()
    return sent


def _deliver_digest(rows: list[OutboxMessage], token: str, today: dt.date, connection) -> bool:
    ids = [row.pk for row in rows]
    mine = OutboxMessage.objects.filter(pk__in=ids, claim_token=token, state=State.SENDING)
    if mine.update(claimed_at=timezone.now()) != len(ids):
        logger.warning("A digest's rows were taken over by another sender; skipped.")
        return False
    user = rows[0].recipient
    try:
        EmailMessage(
            subject=_("[chidao] Thông báo tổng hợp ngày %(date)s (%(count)s)")
            % {"date": today.strftime("%d/%m/%Y"), "count": len(rows)},
            body=digest_body(user, rows, today),
            to=[rows[-1].address],
            connection=connection,
            headers={"Message-ID": message_id(rows[0]).replace("outbox", "digest", 1)},
        ).send()
    except Exception as error:
        logger.warning("Digest to %s failed: %s", rows[-1].address, error)
        _failed(mine, error)
        return False
    with transaction.atomic():
        if mine.update(state=State.SENT, sent_at=timezone.now(), last_error="") != len(ids):
            logger.warning("A digest was sent but some of its claims were lost.")
        _on_sent(rows, today)
    return True
