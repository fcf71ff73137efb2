"""What the register adds to the consolidated report and to program reviews
(chidao.reports.contributions): the period's new items, those resolved in it, and those
still open at its cut-off, each with the unit that raised it and its resolver. A review
counts the items that block the program's tasks."""

import datetime as dt

from django.db.models import Q

from chidao.obstacles.models import Obstacle
from chidao.reports.contributions import (
    PROPOSALS,
    SHORTCOMINGS,
    Contribution,
    Scope,
    register_contribution,
)

HEADERS = ("TT", "Nội dung", "Đơn vị nêu", "Đơn vị xử lý", "Hạn / ngày trả lời")
WIDTHS = (10, 70, 30, 30, 25)


def register() -> None:
    register_contribution("obstacles", build)


def _scoped(scope: Scope):
    queryset = Obstacle.objects.filter(committee=scope.committee, merged_into__isnull=True)
    if scope.source is not None:
        queryset = queryset.filter(tasks__source=scope.source).distinct()
    return queryset.select_related("resolver").order_by("raised_on", "pk")


def _resolver(item: Obstacle) -> str:
    if item.resolver is not None:
        return item.resolver.name
    return item.get_level_display() if item.level else "Chưa giao"


def _rows(items, *, replied: bool) -> tuple[tuple, ...]:
    rows = []
    for number, item in enumerate(items, start=1):
        when = item.replied_on if replied else item.due_on
        rows.append(
            (
                number,
                item.title,
                item.raised_by_name,
                _resolver(item),
                when.strftime("%d/%m/%Y") if when else "",
            )
        )
    return tuple(rows)


def figures(scope: Scope) -> dict:
    """The three lists of the scope (the review's JSON names them too), from one query: the
    items raised in the span, resolved in it, or still open at its end."""
    start, end = scope.data_from, scope.as_of
    since = start or dt.date.min
    touched = Q(raised_on__gte=since) | Q(resolved_on__gte=since)
    still_open = (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end)) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )
    items = list(_scoped(scope).filter(raised_on__lte=end).filter(touched | still_open))
    return {
        "new": [o for o in items if o.raised_on >= since],
        "resolved": [o for o in items if o.resolved_on and since <= o.resolved_on <= end],
        "open": [
            o
            for o in items
            if (o.resolved_on is None or o.resolved_on > end)
            and (o.closed_on is None or o.closed_on > end)
        ],
    }


def build(scope: Scope) -> list[Contribution]:
    found = figures(scope)
    if not any(found.values()):
        return []
    span = (
        f"từ ngày {scope.data_from:%d/%m/%Y} đến ngày {scope.as_of:%d/%m/%Y}"
        if scope.data_from
        else f"đến ngày {scope.as_of:%d/%m/%Y}"
    )
    summary = (
        f"Trong kỳ ({span}), các đơn vị nêu {len(found['new'])} khó khăn, vướng mắc, kiến nghị; "
        f"{len(found['resolved'])} nội dung đã được giải quyết; "
        f"{len(found['open'])} nội dung còn đang xử lý tại ngày {scope.as_of:%d/%m/%Y}."
    )
    parts = [
        Contribution(
            key="obstacles.new",
            place=SHORTCOMINGS,
            title="Khó khăn, vướng mắc, kiến nghị mới phát sinh trong kỳ",
            paragraphs=(summary,),
            headers=HEADERS if found["new"] else (),
            rows=_rows(found["new"], replied=False),
            widths_mm=WIDTHS,
        ),
        Contribution(
            key="obstacles.resolved",
            place=PROPOSALS,
            title="Khó khăn, vướng mắc, kiến nghị đã được giải quyết",
            paragraphs=() if found["resolved"] else ("Chưa có nội dung được giải quyết trong kỳ.",),
            headers=HEADERS if found["resolved"] else (),
            rows=_rows(found["resolved"], replied=True),
            widths_mm=WIDTHS,
        ),
        Contribution(
            key="obstacles.open",
            place=PROPOSALS,
            title="Khó khăn, vướng mắc, kiến nghị còn đang xử lý",
            paragraphs=() if found["open"] else ("Không còn nội dung tồn đọng.",),
            headers=HEADERS if found["open"] else (),
            rows=_rows(found["open"], replied=False),
            widths_mm=WIDTHS,
        ),
    ]
    return parts
