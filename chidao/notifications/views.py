"""The notifications page: the signed-in user's notifications with links to their objects,
marked read one by one or all at once, and the choice between single e-mails and a daily
digest. Always the user's own: another user's notification is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chidao.notifications import selectors, services

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def notification_list(request):
    """GET ?unread=1 → only the unread ones; 50 a page, newest first."""
    only_unread = request.GET.get("unread") in ("1", "true")
    queryset = selectors.notifications_for(request.user, unread=True if only_unread else None)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "only_unread": only_unread,
            "email_digest": selectors.email_digest_of(request.user),
            # counted once for the page and the menu
            "unread_notifications": selectors.unread_count(request.user),
        },
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go to its object (or back to the list)."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read, staying on the list."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications")


@login_required
@require_POST
def notification_preference(request):
    """POST email_digest=1 → one digest e-mail a day; anything else → one e-mail per notice."""
    digest = request.POST.get("email_digest") in ("1", "on", "true")
    services.preference_set(user=request.user, email_digest=digest)
    if digest:
        messages.success(request, _("Từ nay anh/chị nhận một thư tổng hợp mỗi ngày."))
    else:
        messages.success(request, _("Từ nay anh/chị nhận thư riêng cho từng thông báo."))
    return redirect("notifications")
