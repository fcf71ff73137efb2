"""API: the caller's notifications, under /api/v1/notifications.

`GET /notifications?unread=true` lists them newest first as
`[{id, kind, title, url, created, read}]`; `POST /notifications/{id}/read` marks one read
and answers it. Another user's notification is a 404. Clients rely on these paths and
fields: change them only with a new API version.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id
from chidao.notifications import selectors, services

router = Router(tags=["Thông báo"], auth=TASK_AUTH)

LIMIT_MAX = 500


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="Loại thông báo, ví dụ task.assigned, task.deadline.")
    title: str
    url: str = Field(description="Đường dẫn đến đối tượng (tương đối với địa chỉ trang).")
    created: dt.datetime
    read: bool


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: chỉ thông báo chưa đọc.")
    limit: int = Field(100, ge=1, le=LIMIT_MAX, description="Số thông báo tối đa.")


def payload(notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "url": notification.url,
        "created": notification.created_at,
        "read": notification.read_at is not None,
    }


@router.get(
    "",
    response={200: list[NotificationOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="Thông báo của tôi",
    description="Mới nhất trước; ?unread=true chỉ lấy thông báo chưa đọc.",
)
def list_notifications(request, filters: Query[NotificationFilters]):
    queryset = selectors.notifications_for(request.auth, unread=filters.unread)
    return [payload(n) for n in queryset[: filters.limit]]


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Đánh dấu đã đọc",
)
def read_notification(request, notification_id: Id):
    notification = get_object_or_404(selectors.notifications_for(request.auth), pk=notification_id)
    services.mark_read(user=request.auth, notification_ids=[notification.pk])
    notification.refresh_from_db()
    return payload(notification)
