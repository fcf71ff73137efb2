"""Writes of the outbox: queue notices, mark notifications read, set the e-mail preference.

`enqueue` inserts one outbox row per notice and channel (in-app always; e-mail when the
recipient has an address, held for the daily digest when they chose it), skipping rows that
exist: the unique key (subject, step, recipient, channel) keeps one row each even when two
planners race. `emit` is what the parts' services call for an event: the rows are written in
the service's own transaction (so an event that rolls back notifies no one, and one that
commits cannot be lost), and the delivery job is enqueued with `transaction.on_commit`.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from chidao.audit.services import record_change, snapshot
from chidao.notifications.models import Channel, Notification, OutboxMessage, Preference
from chidao.notifications.registry import Notice, subject_key

CHUNK = 500


def _existing(keys: set[tuple[str, str]]) -> set[tuple]:
    """The (subject_key, step, recipient_id, channel) rows that exist for these keys."""
    found = set()
    subjects = sorted({key for key, _step in keys})
    steps = {step for _key, step in keys}
    for start in range(0, len(subjects), CHUNK):
        found |= set(
            OutboxMessage.objects.filter(
                subject_key__in=subjects[start : start + CHUNK], step__in=steps
            ).values_list("subject_key", "step", "recipient_id", "channel")
        )
    return found


def enqueue(notices: Iterable[Notice], *, new_steps: bool = False) -> int:
    """Insert the outbox rows of these notices that do not exist yet; returns how many.

    `new_steps`: the caller knows no row of these (subject, step) can exist yet (the step
    names a row its own transaction just created), so they are not looked for; the unique
    key still keeps one row each."""
    notices = [n for n in notices if n.recipient.is_active]
    if not notices:
        return 0
    # The digest choice matters for e-mail rows only: not read when no one has an address.
    user_ids = {n.recipient.pk for n in notices if n.recipient.email}
    digest = set()
    if user_ids:
        digest = set(
            Preference.objects.filter(user_id__in=user_ids, email_digest=True).values_list(
                "user_id", flat=True
            )
        )
    keys = {(subject_key(n.subject), n.step) for n in notices}
    existing = set() if new_steps else _existing(keys)
    new = []
    for notice in notices:
        key = subject_key(notice.subject)
        subject_type = subject_id = None
        if not isinstance(notice.subject, str):
            subject_type = ContentType.objects.get_for_model(notice.subject)
            subject_id = notice.subject.pk
        user = notice.recipient
        channels = [(Channel.IN_APP, "")]
        if user.email:
            channels.append((Channel.EMAIL, user.email))
        for channel, address in channels:
            if (key, notice.step, user.pk, channel) in existing:
                continue
            existing.add((key, notice.step, user.pk, channel))
            new.append(
                OutboxMessage(
                    kind=notice.kind,
                    subject_key=key,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    step=notice.step,
                    recipient=user,
                    channel=channel,
                    digest=channel == Channel.EMAIL and user.pk in digest,
                    address=address,
                    title=notice.title[:250],
                    body=notice.body,
                    url=notice.url[:300],
                    data=notice.data,
                )
            )
    # A concurrent planner may have inserted some of these meanwhile: the unique key keeps
    # one row each, and the conflicts are ignored.
    OutboxMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=CHUNK)
    return len(new)


def _deliver_soon():
    from chidao.notifications.tasks import enqueue_delivery

    enqueue_delivery()


def emit(notices: Iterable[Notice], *, new_steps: bool = False) -> int:
    """Queue an event's notices in the caller's transaction; deliver them after it commits
    (`new_steps` as for `enqueue`)."""
    count = enqueue(notices, new_steps=new_steps)
    if count:
        # One delivery job per transaction, however many events it emits.
        pending = getattr(connection, "run_on_commit", [])
        if not any(entry[1] is _deliver_soon for entry in pending):
            transaction.on_commit(_deliver_soon)
    return count


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, email_digest: bool) -> Preference:
    """The user chooses one e-mail per notice, or one digest a day. Rows already queued keep
    the choice made when they were queued."""
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    if preference.email_digest != email_digest:
        before = snapshot(preference)
        preference.email_digest = email_digest
        preference.save(update_fields=["email_digest", "updated_at"])
        record_change(
            actor=user,
            action="update",
            target=preference,
            before=before,
            after=snapshot(preference),
        )
    return preference
