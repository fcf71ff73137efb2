"""The synthetic demo plan: tasks in every status, clearly labelled, idempotent, with demo
focal persons whose passwords go to the demo accounts file like `load-demo`'s."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.documents.models import LegalDocument, Source
from chidao.tasks import demo
from chidao.tasks.models import ExtensionRequest, Task, TaskSource
from chidao.tasks.status import Status, status_of
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    return demo.load_demo_tasks()


def demo_tasks(result):
    return Task.objects.filter(source=result.source).select_related("lead_unit")


def test_demo_plan_has_tasks_in_every_status(loaded):
    today = timezone.localdate()
    statuses = [status_of(task, today) for task in demo_tasks(loaded)]
    assert set(statuses) == set(Status.values)
    assert 30 <= len(statuses) <= 40
    assert statuses.count(Status.OVERDUE) >= 3
    assert statuses.count(Status.DONE_LATE) >= 2


def test_demo_plan_is_clearly_synthetic(loaded):
    source = loaded.source
    assert source.synthetic is True
    document = source.document
    assert document.number == demo.PLAN_NUMBER
    assert document.doc_type == LegalDocument.Type.PLAN
    assert document.title.startswith("[Dữ liệu mô phỏng]")
    assert document.source.key == "synthetic:demo-plan"
    assert document.source.kind == Source.Kind.ENTRY
    assert "mô phỏng" in document.source.title.lower()
    assert source.committee.name == demo.COMMITTEE_NAME
    assert all(task.synthetic for task in demo_tasks(loaded))


def test_demo_tasks_go_to_current_departments_and_2025_communes(loaded):
    today = timezone.localdate()
    kinds = set()
    for task in demo_tasks(loaded):
        unit = task.lead_unit
        assert unit.is_valid_on(today), unit.name
        kinds.add(unit.kind)
        if unit.kind == Unit.Kind.COMMUNE:
            assert unit.valid_from >= dt.date(2025, 7, 1)
            assert unit.province.external_id == "vn-admin:province:01"
        else:
            assert unit.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.SPECIALISED_AGENCY)
            assert unit.parent.name == "Ủy ban nhân dân thành phố Hà Nội"
    assert Unit.Kind.COMMUNE in kinds and Unit.Kind.DEPARTMENT in kinds


def test_demo_has_one_approved_extension_and_one_cancellation(loaded):
    tasks = demo_tasks(loaded)
    approved = ExtensionRequest.objects.filter(
        task__in=tasks, state=ExtensionRequest.State.APPROVED
    )
    assert approved.count() == 1
    extended = approved.get().task
    assert extended.deadline > extended.original_deadline
    assert tasks.filter(cancelled_on__isnull=False).count() == 1


def test_demo_completions_are_reports_in_the_past(loaded):
    today = timezone.localdate()
    done = demo_tasks(loaded).filter(completed_on__isnull=False)
    assert done.exists()
    for task in done:
        report = task.reports.get(completed=True)
        assert report.reported_on < today
        assert report.reported_on == task.completed_on


def test_loading_twice_changes_nothing(loaded):
    counts = (Task.objects.count(), TaskSource.objects.count(), User.objects.count())
    again = demo.load_demo_tasks()
    assert again.created is False
    assert again.source == loaded.source
    assert (Task.objects.count(), TaskSource.objects.count(), User.objects.count()) == counts


def test_demo_focal_persons_for_two_communes_and_a_department(loaded):
    created = {account.username: account for account in loaded.accounts}
    assert set(created) == {"daumoi_hoankiem", "daumoi_caugiay", "daumoi_khcn"}
    for username, unit_name in [
        ("daumoi_hoankiem", "Phường Hoàn Kiếm"),
        ("daumoi_caugiay", "Phường Cầu Giấy"),
        ("daumoi_khcn", "Sở Khoa học và Công nghệ"),
    ]:
        user = User.objects.get(username=username)
        assert user.role == Role.FOCAL and user.unit.name == unit_name
        assert user.check_password(created[username].password)


def test_the_standing_officer_thuongtruc_assigns_the_demo_tasks():
    officer = UserFactory(username="thuongtruc", role=Role.STANDING, unit=unit_named("Sở Nội vụ"))
    result = demo.load_demo_tasks()
    assert result.standing_officer == "thuongtruc"
    assert set(demo_tasks(result).values_list("assigned_by", flat=True)) == {officer.pk}


def test_command_appends_new_accounts_to_the_demo_accounts_file(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    accounts_file = tmp_path / "demo-accounts.txt"
    accounts_file.write_text("quantri\tadmin\tsecret\tVăn phòng\n", encoding="utf-8")
    out = io.StringIO()
    call_command("load_demo_tasks", stdout=out)
    lines = accounts_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("quantri\t")
    usernames = [line.split("\t")[0] for line in lines[1:]]
    assert usernames == ["daumoi_hoankiem", "daumoi_caugiay", "daumoi_khcn"]
    assert all(len(line.split("\t")) == 4 for line in lines)
    assert "daumoi_hoankiem" in out.getvalue()
    # A second run adds nothing.
    call_command("load_demo_tasks", stdout=io.StringIO())
    assert len(accounts_file.read_text(encoding="utf-8").splitlines()) == len(lines)
