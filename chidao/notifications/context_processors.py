from django.utils.functional import SimpleLazyObject


def notifications(request):
    """`unread_notifications` for the menu: counted only when a template shows it."""
    from chidao.notifications.selectors import unread_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
