"""The task API tests' world: the 2023 committee, a domain, units A (Sở Nội vụ) and B (Sở Tư
pháp), a standing-agency manager of unit A (a standing agency of the 2023 committee) and a
task maker."""

import datetime as dt

import pytest
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import (
    Domain,
)
from chidao.tasks.tests.api.world import COMMITTEE


@pytest.fixture
def committee():
    return Committee.objects.get(name=COMMITTEE)


@pytest.fixture
def domain():
    domain, _ = Domain.objects.get_or_create(
        code="dx-digital-government",
        defaults={"name": "Chính quyền số", "area": Domain.Area.DIGITAL_TRANSFORMATION},
    )
    return domain


@pytest.fixture
def unit_a():
    return unit_named("Sở Nội vụ")


@pytest.fixture
def unit_b():
    return unit_named("Sở Tư pháp")


@pytest.fixture
def manager(personas, unit_a):
    return UserFactory(username="thuongtruc_noivu", role=Role.STANDING, unit=unit_a)


@pytest.fixture
def make_task(committee, domain):
    def make(lead_unit, title="Nhiệm vụ thử", days=30, assigned_days_ago=0, **fields):
        today = timezone.localdate()
        return services.task_create(
            actor=SystemActor("test"),
            committee=committee,
            title=title,
            domain=domain,
            lead_unit=lead_unit,
            deadline=today + dt.timedelta(days=days),
            assigned_on=today - dt.timedelta(days=assigned_days_ago),
            **fields,
        )

    return make
