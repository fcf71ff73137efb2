"""Reads of notifications: always the signed-in user's own, never anyone else's."""

from collections.abc import Iterable

from django.db.models import QuerySet

from chidao.notifications.models import Notification


def notifications_for(user, *, unread: bool | None = None) -> QuerySet:
    """The user's in-app notifications, newest first."""
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    queryset = Notification.objects.filter(user=user)
    if unread is True:
        queryset = queryset.filter(read_at__isnull=True)
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    return queryset


def unread_count(user) -> int:
    return notifications_for(user, unread=True).count()


def email_digest_of(user) -> bool:
    from chidao.notifications.models import Preference

    return Preference.objects.filter(user=user, email_digest=True).exists()


class PlannedSteps:
    """The reminder steps already queued for some subjects of one kind (or of a few kinds,
    e.g. a part's reminders and its late notices), per recipient (one query), for the daily
    planners: `planned(key, step, recipient_id)` is true when that step was queued, or a later
    step of the same deadline was (a catch-up run as of an earlier day does not send a wider
    before-N after a tighter step); a step that stands apart (no rank, e.g. "late@…") only
    when that very step was queued."""

    def __init__(self, kind: str | Iterable[str], subject_keys):
        from chidao.notifications import steps
        from chidao.notifications.models import OutboxMessage

        self._rank, self._deadline = steps.step_rank, steps.step_deadline
        self.queued, self.furthest = set(), {}
        for key, step, recipient_id in OutboxMessage.objects.filter(
            kind__in=[kind] if isinstance(kind, str) else list(kind),
            subject_key__in=list(subject_keys),
        ).values_list("subject_key", "step", "recipient_id"):
            self.queued.add((key, step, recipient_id))
            rank = self._rank(step)
            if rank is not None:
                at = (key, self._deadline(step), recipient_id)
                self.furthest[at] = max(rank, self.furthest.get(at, rank))

    def planned(self, key: str, step: str, recipient_id: int) -> bool:
        if (key, step, recipient_id) in self.queued:
            return True
        rank = self._rank(step)
        furthest = self.furthest.get((key, self._deadline(step), recipient_id))
        return rank is not None and furthest is not None and furthest > rank


def unplanned_steps(kind: str, subjects, *, step_of, recipients_of):
    """(subject, step, recipient) for each subject whose reminder step is due (`step_of` gives
    it, or None) and each of its recipients who has not had that step yet: the daily
    planners' one loop over the steps already queued (one query, through PlannedSteps)."""
    from chidao.notifications.registry import subject_key

    planned = PlannedSteps(kind, [subject_key(subject) for subject in subjects])
    for subject in subjects:
        step = step_of(subject)
        if step is None:
            continue
        key = subject_key(subject)
        for recipient in recipients_of(subject):
            if not planned.planned(key, step, recipient.pk):
                yield subject, step, recipient
