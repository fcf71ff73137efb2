"""A kind of notice that exists only in these tests, and its recipients."""

import itertools

from django.contrib.auth import get_user_model

from chidao.notifications.registry import Notice, register_kind

KIND = "test.notice"
_numbers = itertools.count(1)
# The subjects the tests say are no longer wanted (the hook a part would declare).
UNWANTED: set[str] = set()
SENT: list[int] = []


def _still_wanted(rows, today):
    return {row.pk for row in rows if row.subject_key not in UNWANTED}


def _on_sent(rows, today):
    SENT.extend(row.pk for row in rows)


register_kind(KIND, "Thông báo thử", still_wanted=_still_wanted, on_sent=_on_sent)


def make_user(*, email=True, **fields):
    number = next(_numbers)
    return get_user_model().objects.create_user(
        username=f"nguoinhan{number}",
        email=f"nguoinhan{number}@example.vn" if email else "",
        first_name="Người nhận",
        last_name=str(number),
        **fields,
    )


def notice(user, subject="thu-nghiem:1", step="assigned", title="Thông báo thử số 1") -> Notice:
    return Notice(
        kind=KIND,
        subject=subject,
        step=step,
        recipient=user,
        title=title,
        body="Nội dung thử.",
        url="/tasks/1/",
    )
