"""The meeting tests' world: the 2023 committee (Trần Sỹ Thanh head, Lê Hồng Sơn standing
deputy head on 16/06/2025 by the register), its standing-agency officer at Sở Nội vụ, the
focal persons of Sở Tư pháp and Sở Tài chính, and a standing officer of another committee."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.meetings import services
from chidao.tasks.tests.factories import (
    FINANCE,
    JUSTICE,
    committee_2023,
    standing_home_affairs,
)

MEETING_DAY = dt.date(2025, 6, 16)
OFFICE = "Văn phòng Ủy ban nhân dân thành phố"


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def make_world() -> SimpleNamespace:
    justice, finance = unit_named(JUSTICE), unit_named(FINANCE)
    return SimpleNamespace(
        committee=committee_2023(),
        staff=standing_home_affairs(email="noivu@example.invalid"),
        focal=UserFactory(
            username="dm_tuphap_hop", role=Role.FOCAL, unit=justice, email="tp@example.invalid"
        ),
        focal_finance=UserFactory(
            username="dm_taichinh_hop", role=Role.FOCAL, unit=finance, email="tc@example.invalid"
        ),
        other_staff=UserFactory(
            username="tt_vanphong_hop", role=Role.STANDING, unit=unit_named(OFFICE)
        ),
        justice=justice,
        finance=finance,
    )


def plan(world, day: dt.date = MEETING_DAY, **kwargs):
    kwargs.setdefault("title", "Phiên họp quý II năm 2025 (dữ liệu thử nghiệm)")
    return services.meeting_create(
        actor=world.staff, committee=world.committee, starts_at=at(day), **kwargs
    )
