"""The synthetic demo register: a few dozen items labelled synthetic, in every state, some
past their reply deadline; loading twice adds nothing."""

import io

import docx
import pytest
from django.core.management import call_command

from chidao.audit.models import ChangeLog
from chidao.obstacles import demo
from chidao.obstacles.models import Obstacle, ReplyFile
from chidao.storage import files
from chidao.tasks import demo as tasks_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"


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


def test_answered_items_carry_a_synthetic_reply_letter_as_a_word_file(loaded):
    stored = list(ReplyFile.objects.select_related("obstacle"))
    assert len(stored) == loaded.reply_files == demo.REPLY_FILES
    for reply in stored:
        item = reply.obstacle
        assert item.synthetic and item.state == Obstacle.State.ANSWERED
        assert reply.original_name == "mo-phong-cong-van-tra-loi.docx"
        assert reply.content_type == demo.DOCX
        assert reply.number == item.reply_document and item.reply_document.endswith("MP-DEMO")
        letter = docx.Document(io.BytesIO(files.read(reply.storage_name)))
        text = "\n".join(paragraph.text for paragraph in letter.paragraphs)
        assert f"Số: {item.reply_document}" in text
        assert item.title.removeprefix(demo.PREFIX) in text and item.raised_by.name in text
        changes = ChangeLog.objects.filter(action="obstacle.reply_file", target_id=str(item.pk))
        assert changes.exists()


def test_loading_twice_adds_nothing(loaded, capsys):
    count, stored = Obstacle.objects.count(), ReplyFile.objects.count()
    call_command("load_demo_obstacles")
    assert Obstacle.objects.count() == count
    assert ReplyFile.objects.count() == stored == demo.REPLY_FILES
    assert "không nạp lại" in capsys.readouterr().out
