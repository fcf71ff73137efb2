"""Factories for task tests, on the real Hanoi register loaded by the demo.

Tasks are created through `services.task_create` with the actor "test" (a system actor, so
no permission applies), exactly as a command would: each has its ASSIGNED event.
"""

import datetime as dt

import factory
import pytest

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.documents.models import LegalDocument, Source
from chidao.tasks import services
from chidao.tasks.models import Domain, Task, TaskSource

SYSTEM = SystemActor("test")

# The 2023 committee: standing agencies Sở Nội vụ (administrative reform) and
# Sở Thông tin và Truyền thông (digital transformation).
PAR_DX = "seed-committee:par-dx"
# The e-Government committee (2019): standing agency the Office of the People's Committee.
EGOV = "seed-committee:egov"

HOME_AFFAIRS = "Sở Nội vụ"
JUSTICE = "Sở Tư pháp"
INFORMATION = "Sở Thông tin và Truyền thông"  # merged into Science and Technology, 03/2025
SCIENCE = "Sở Khoa học và Công nghệ"
FINANCE = "Sở Tài chính"

ASSIGNED_ON = dt.date(2025, 9, 1)
DEADLINE = dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas and users hash their passwords with a cheap hasher: tests stay fast.

    Import this into a test module (it is autouse) to apply it there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def committee_2023() -> Committee:
    return Committee.objects.get(external_id=PAR_DX)


def committee_egov() -> Committee:
    return Committee.objects.get(external_id=EGOV)


def domain(code: str = "ar-procedures") -> Domain:
    return Domain.objects.get(code=code)


def standing_home_affairs(**kwargs):
    """A standing-agency officer at Sở Nội vụ: manages the 2023 committee's tasks."""
    kwargs.setdefault("username", "thuongtruc_noivu")
    return UserFactory(role=Role.STANDING, unit=unit_named(HOME_AFFAIRS), **kwargs)


def focal_of(unit, **kwargs):
    """A focal person of `unit`."""
    return UserFactory(role=Role.FOCAL, unit=unit, **kwargs)


class TaskSourceFactory(factory.django.DjangoModelFactory):
    """A synthetic plan of the 2023 committee."""

    class Meta:
        model = TaskSource

    class Params:
        number = factory.Sequence(lambda n: f"{n + 100}/KH-BCĐ")

    committee = factory.LazyFunction(committee_2023)
    synthetic = True
    document = factory.LazyAttribute(
        lambda o: LegalDocument.objects.create(
            number=o.number,
            doc_type=LegalDocument.Type.PLAN,
            date=dt.date(2025, 8, 15),
            title=f"Kế hoạch thử nghiệm {o.number}",
            source=Source.objects.get_or_create(
                key="test:task-sources",
                defaults={"kind": Source.Kind.ENTRY, "title": "Dữ liệu thử nghiệm"},
            )[0],
        )
    )


class TaskFactory(factory.Factory):
    """A task of the 2023 committee led by Sở Nội vụ, assigned 01/09/2025, due 31/12/2025."""

    class Meta:
        model = Task

    committee = factory.LazyFunction(committee_2023)
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm số {n}")
    domain = factory.LazyFunction(domain)
    lead_unit = factory.LazyFunction(lambda: unit_named(HOME_AFFAIRS))
    coordinating_units = ()
    assigned_on = ASSIGNED_ON
    deadline = DEADLINE

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.task_create(actor=SYSTEM, **kwargs)


def make_task(**kwargs) -> Task:
    """A task, with facts (percent, completion, cancellation) written straight to the row:
    for status tests, where the service is not the point."""
    facts = {
        key: kwargs.pop(key)
        for key in ("percent", "last_progress_on", "completed_on", "cancelled_on", "cancel_reason")
        if key in kwargs
    }
    task = TaskFactory(**kwargs)
    if facts:
        if facts.get("cancelled_on") and not facts.get("cancel_reason"):
            facts["cancel_reason"] = "Không còn phù hợp"
        Task.objects.filter(pk=task.pk).update(**facts)
        task.refresh_from_db()
    return task
