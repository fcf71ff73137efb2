"""Reads of notifications: always the signed-in user's own, never anyone else's."""

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
