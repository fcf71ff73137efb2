"""The register tests' world: the 2023 committee (standing agency Sở Nội vụ), a commune that
raises items (Phường Hoàn Kiếm), a department that resolves them (Sở Tư pháp), an outsider
department (Sở Tài chính), each with a focal person, and a standing-agency officer."""

import datetime as dt
from types import SimpleNamespace

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.core.policy import SystemActor
from chidao.obstacles import services
from chidao.tasks.tests.factories import FINANCE, HOME_AFFAIRS, JUSTICE, committee_2023
from chidao.units.models import Unit

SYSTEM = SystemActor("test")
COMMUNE = "Phường Hoàn Kiếm"


def build() -> SimpleNamespace:
    commune = Unit.objects.get(name=COMMUNE, kind=Unit.Kind.COMMUNE, valid_to__isnull=True)
    justice, finance = unit_named(JUSTICE), unit_named(FINANCE)
    return SimpleNamespace(
        committee=committee_2023(),
        commune=commune,
        justice=justice,
        finance=finance,
        focal_commune=UserFactory(username="dm_hoankiem", role=Role.FOCAL, unit=commune),
        focal_justice=UserFactory(username="dm_tuphap", role=Role.FOCAL, unit=justice),
        focal_finance=UserFactory(username="dm_taichinh", role=Role.FOCAL, unit=finance),
        staff=UserFactory(username="tt_noivu", role=Role.STANDING, unit=unit_named(HOME_AFFAIRS)),
        leader=UserFactory(username="lanhdao", role=Role.LEADER),
    )


def raised(w, *, title="Thiếu hướng dẫn số hóa hồ sơ đất đai", on=None, **kwargs):
    return services.obstacle_raise(
        actor=w.focal_commune,
        committee=w.committee,
        unit=w.commune,
        title=title,
        raised_on=on or dt.date(2025, 7, 1),
        **kwargs,
    )


def assigned(w, item=None, *, due_on=dt.date(2025, 8, 15)):
    item = item or raised(w)
    return services.obstacle_assign(
        actor=w.staff,
        obstacle=item,
        level="department",
        resolver=w.justice,
        due_on=due_on,
    )
