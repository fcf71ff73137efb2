"""PlannedSteps: the one reading of the reminder steps already queued, which every daily
planner (obstacles, inspections, reports) asks before planning a step."""

import pytest

from chidao.notifications.selectors import PlannedSteps
from chidao.notifications.services import enqueue
from chidao.notifications.tests.helpers import KIND, make_user, notice

pytestmark = pytest.mark.django_db

DEADLINE = "2026-03-17"
OTHER = "test.other"


def queue(user, step, subject="thu-nghiem:1", kind=KIND):
    item = notice(user, subject=subject, step=f"{step}@{DEADLINE}" if "@" not in step else step)
    item.kind = kind
    enqueue([item])


def test_a_queued_step_and_every_earlier_step_of_its_deadline_count_as_planned():
    user = make_user()
    queue(user, "before-1")
    planned = PlannedSteps(KIND, ["thu-nghiem:1"])
    assert planned.planned("thu-nghiem:1", f"before-1@{DEADLINE}", user.pk)
    assert planned.planned("thu-nghiem:1", f"before-7@{DEADLINE}", user.pk)  # a wider step
    assert not planned.planned("thu-nghiem:1", f"due@{DEADLINE}", user.pk)  # a later step
    assert not planned.planned("thu-nghiem:1", "before-7@2026-04-30", user.pk)  # a moved deadline
    assert not planned.planned("thu-nghiem:2", f"before-7@{DEADLINE}", user.pk)
    assert not planned.planned("thu-nghiem:1", f"before-7@{DEADLINE}", make_user().pk)


def test_a_step_without_a_rank_counts_only_when_that_very_step_was_queued():
    user = make_user()
    queue(user, f"late@{DEADLINE}")
    planned = PlannedSteps(KIND, ["thu-nghiem:1"])
    assert planned.planned("thu-nghiem:1", f"late@{DEADLINE}", user.pk)
    assert not planned.planned("thu-nghiem:1", "late@2026-04-30", user.pk)
    assert not planned.planned("thu-nghiem:1", f"due@{DEADLINE}", user.pk)


def test_one_query_reads_one_kind_or_a_few(django_assert_num_queries):
    user = make_user()
    queue(user, "due", subject="thu-nghiem:1")
    queue(user, f"late@{DEADLINE}", subject="thu-nghiem:late", kind=OTHER)
    with django_assert_num_queries(1):
        only_one = PlannedSteps(KIND, ["thu-nghiem:1", "thu-nghiem:late"])
    with django_assert_num_queries(1):
        both = PlannedSteps([KIND, OTHER], ["thu-nghiem:1", "thu-nghiem:late"])
    assert not only_one.planned("thu-nghiem:late", f"late@{DEADLINE}", user.pk)
    assert both.planned("thu-nghiem:late", f"late@{DEADLINE}", user.pk)
    assert both.planned("thu-nghiem:1", f"due@{DEADLINE}", user.pk)
