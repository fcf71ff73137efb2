"""The synthetic demo register: a few dozen items labelled synthetic, in every state, some
past their reply deadline; loading twice adds nothing."""

import pytest
from django.core.management import call_command

from chidao.obstacles import demo
from chidao.obstacles.models import Obstacle
from chidao.tasks import demo as tasks_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    tasks_demo.load_demo_tasks()
    return demo.load_demo_obstacles()


def test_the_demo_register_is_labelled_and_has_every_state(loaded):
    items = Obstacle.objects.all()
    assert items.count() == loaded.created >= 25
    assert all(o.synthetic and o.title.startswith("[Mô phỏng]") for o in items)
    assert set(items.values_list("state", flat=True)) == set(Obstacle.State.values)
    assert items.filter(merged_into__isnull=False).count() == 1
    assert loaded.overdue >= 1
    assert all(o.tasks.exists() for o in items.filter(merged_into__isnull=True))


def test_loading_twice_adds_nothing(loaded, capsys):
    count = Obstacle.objects.count()
    call_command("load_demo_obstacles")
    assert Obstacle.objects.count() == count
    assert "không nạp lại" in capsys.readouterr().out
