"""The explanation tests' world: an overdue task of the 2023 committee led by Sở Tư pháp, the
committee's standing-agency officer (Sở Nội vụ), focal persons of the lead unit and of another
unit (Sở Tài chính), who must see nothing of it."""

import datetime as dt
from types import SimpleNamespace

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.tasks.tests.factories import FINANCE, JUSTICE, TaskFactory, standing_home_affairs

TODAY = dt.date(2026, 3, 2)


def make_world(**task) -> SimpleNamespace:
    justice, finance = unit_named(JUSTICE), unit_named(FINANCE)
    task.setdefault("lead_unit", justice)
    task.setdefault("deadline", dt.date(2025, 12, 31))
    return SimpleNamespace(
        task=TaskFactory(**task),
        staff=standing_home_affairs(email="noivu@example.invalid"),
        focal=UserFactory(
            username="daumoi_tuphap_gt",
            role=Role.FOCAL,
            unit=justice,
            email="tuphap@example.invalid",
        ),
        other=UserFactory(username="daumoi_taichinh_gt", role=Role.FOCAL, unit=finance),
        leader=UserFactory(username="lanhdao_gt", role=Role.LEADER),
        justice=justice,
    )
