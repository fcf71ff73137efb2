"""The task services: each action validated, written with its event and change-log row,
and nothing written when it is refused."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import (
    Attachment,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskEvent,
    TaskSeries,
)
from chidao.tasks.services import TaskError
from chidao.tasks.status import Status, status_of, with_status
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    INFORMATION,
    JUSTICE,
    TaskFactory,
    committee_2023,
    domain,
    fast_passwords,  # noqa: F401 (autouse fixture)
    focal_of,
    standing_home_affairs,
    unit_named,
)

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR


@pytest.fixture
def task():
    """Led by Sở Nội vụ, Sở Tư pháp coordinating; assigned 01/09/2025, due 31/12/2025."""
    return TaskFactory(coordinating_units=[unit_named(JUSTICE)])


def written(task) -> tuple[int, int, int, int]:
    """What an action on `task` would write: reports, events, extension requests, log rows."""
    return (
        ProgressReport.objects.filter(task=task).count(),
        TaskEvent.objects.filter(task=task).count(),
        ExtensionRequest.objects.filter(task=task).count(),
        ChangeLog.objects.count(),
    )


def kinds(task) -> list[str]:
    return list(task.events.order_by("created_at", "id").values_list("kind", flat=True))


# --- creating --------------------------------------------------------------------------


def create(**overrides):
    fields = {
        "actor": SystemActor("test"),
        "committee": committee_2023(),
        "title": "Rà soát thủ tục hành chính",
        "domain": domain(),
        "lead_unit": unit_named(HOME_AFFAIRS),
        "assigned_on": dt.date(2025, 9, 1),
        "deadline": dt.date(2025, 12, 31),
    }
    return services.task_create(**(fields | overrides))


def test_create_writes_the_task_its_assigned_event_and_a_change_log_row():
    log_before = ChangeLog.objects.count()

    task = create(coordinating_units=[unit_named(JUSTICE), unit_named(HOME_AFFAIRS)])

    task = Task.objects.get(pk=task.pk)
    assert task.lead_unit_name == "Sở Nội vụ"
    assert task.original_deadline == task.deadline == dt.date(2025, 12, 31)
    # the lead unit is not also its own coordinating unit
    assert list(task.coordinations.values_list("unit_name", flat=True)) == ["Sở Tư pháp"]
    event = task.events.get()
    assert (event.kind, event.effective_on) == (TaskEvent.Kind.ASSIGNED, dt.date(2025, 9, 1))
    assert event.data["lead_unit"] == "Sở Nội vụ"
    assert event.data["coordinating_units"] == ["Sở Tư pháp"]
    assert ChangeLog.objects.count() == log_before + 1
    log = ChangeLog.objects.get(target_type="tasks.task", target_id=str(task.pk))
    assert (log.action, log.actor_label) == ("create", "test")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"deadline": dt.date(2025, 8, 31)}, "deadline"),
    ],
    ids=["missing-title", "deadline-before-assignment"],
)
def test_create_refuses_bad_values_and_writes_nothing(overrides, field):
    tasks, log = Task.objects.count(), ChangeLog.objects.count()

    with pytest.raises(TaskError) as refused:
        create(**overrides)

    assert (refused.value.status, refused.value.field) == (422, field)
    assert (Task.objects.count(), ChangeLog.objects.count()) == (tasks, log)


def test_create_refuses_a_unit_that_no_longer_exists_on_the_assignment_date():
    # Sở Thông tin và Truyền thông was merged into Sở Khoa học và Công nghệ on 01/03/2025.
    tasks = Task.objects.count()

    with pytest.raises(TaskError, match="Sở Thông tin và Truyền thông") as refused:
        create(lead_unit=unit_named(INFORMATION), assigned_on=dt.date(2025, 6, 2))

    assert refused.value.field == "unit"
    assert Task.objects.count() == tasks


def test_create_accepts_that_unit_before_its_merger():
    task = create(lead_unit=unit_named(INFORMATION), assigned_on=dt.date(2024, 6, 3))

    assert Task.objects.get(pk=task.pk).lead_unit_name == "Sở Thông tin và Truyền thông"


# --- recurring -------------------------------------------------------------------------


def test_monthly_deadlines_from_a_month_end_stay_at_month_ends():
    deadlines = services.occurrence_deadlines("monthly", dt.date(2024, 1, 31), dt.date(2024, 6, 30))

    assert deadlines == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
        dt.date(2024, 4, 30),
        dt.date(2024, 5, 31),
        dt.date(2024, 6, 30),
    ]


def test_a_quarterly_task_is_one_task_per_quarter_each_tracked_on_its_own():
    tasks = services.task_create_recurring(
        actor=SystemActor("test"),
        recurrence="quarterly",
        first_deadline=dt.date(2025, 3, 31),
        until=dt.date(2025, 12, 31),
        committee=committee_2023(),
        title="Báo cáo quý về cải cách hành chính",
        domain=domain(),
        lead_unit=unit_named(HOME_AFFAIRS),
        assigned_on=dt.date(2025, 1, 15),
    )

    series = TaskSeries.objects.get(occurrences__in=tasks[:1])
    rows = Task.objects.filter(series=series).order_by("deadline")
    assert [t.deadline for t in rows] == [
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
    ]
    assert [t.period_label for t in rows] == ["03/2025", "06/2025", "09/2025", "12/2025"]
    assert TaskEvent.objects.filter(task__series=series, kind=TaskEvent.Kind.ASSIGNED).count() == 4
    # completing one occurrence leaves the others open
    services.progress_report(
        actor=SystemActor("test"),
        task=rows[0],
        note="Đã báo cáo",
        completed=True,
        reported_on=dt.date(2025, 3, 30),
    )
    statuses = [status_of(t, dt.date(2025, 4, 1)) for t in Task.objects.filter(series=series)]
    assert statuses.count(Status.DONE_ON_TIME) == 1


def test_an_unknown_recurrence_is_refused():
    with pytest.raises(TaskError):
        services.task_create_recurring(
            actor=SystemActor("test"),
            recurrence="weekly",
            first_deadline=dt.date(2025, 3, 31),
            until=dt.date(2025, 12, 31),
            committee=committee_2023(),
            title="Báo cáo",
            domain=domain(),
            lead_unit=unit_named(HOME_AFFAIRS),
        )
    assert not TaskSeries.objects.exists()


# --- progress --------------------------------------------------------------------------


def test_the_lead_units_report_updates_the_tasks_progress(personas, task):
    report = services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Đã ban hành kế hoạch triển khai",
        percent=40,
        reported_on=dt.date(2025, 10, 6),
    )

    task.refresh_from_db()
    assert (task.percent, task.last_progress_on) == (40, dt.date(2025, 10, 6))
    report = ProgressReport.objects.get(pk=report.pk)
    assert (report.unit.name, report.author, report.is_contribution) == (
        "Sở Nội vụ",
        personas.focal_a,
        False,
    )
    assert kinds(task) == [TaskEvent.Kind.ASSIGNED, TaskEvent.Kind.PROGRESS]
    assert ChangeLog.objects.filter(
        target_type="tasks.task", target_id=str(task.pk), action="update"
    ).exists()


def test_a_coordinating_units_report_is_a_contribution_that_does_not_move_the_task(personas, task):
    services.progress_report(actor=personas.focal_b, task=task, note="Đã góp ý dự thảo", percent=80)

    task.refresh_from_db()
    assert (task.percent, task.last_progress_on) == (0, None)
    report = ProgressReport.objects.get(task=task)
    assert (report.unit.name, report.is_contribution) == ("Sở Tư pháp", True)
    assert kinds(task)[-1] == TaskEvent.Kind.CONTRIBUTION


def test_a_coordinating_unit_cannot_complete_the_task(personas, task):
    before = written(task)

    with pytest.raises(TaskError) as refused:
        services.progress_report(
            actor=personas.focal_b, task=task, note="Xong phần việc", completed=True
        )

    assert refused.value.status == 403
    assert written(task) == before
    task.refresh_from_db()
    assert task.completed_on is None


def test_an_outsider_cannot_report_and_nothing_is_written(task):
    outsider = focal_of(unit_named(FINANCE))
    before = written(task)

    with pytest.raises(TaskError) as refused:
        services.progress_report(actor=outsider, task=task, note="Báo cáo", percent=10)

    assert refused.value.status == 403
    assert written(task) == before


@pytest.mark.parametrize("percent", [101, -1])
def test_percent_outside_0_100_is_422_and_nothing_is_written(personas, task, percent):
    before = written(task)

    with pytest.raises(TaskError) as refused:
        services.progress_report(actor=personas.focal_a, task=task, note="Báo cáo", percent=percent)

    assert (refused.value.status, refused.value.field) == (422, "percent")
    assert written(task) == before
    task.refresh_from_db()
    assert task.percent == 0


def test_a_report_needs_a_note(personas, task):
    before = written(task)

    with pytest.raises(TaskError) as refused:
        services.progress_report(actor=personas.focal_a, task=task, note=" ", percent=10)

    assert (refused.value.status, refused.value.field) == (422, "note")
    assert written(task) == before


def test_completion_after_the_deadline_is_done_late_everywhere(personas, task):
    services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Đã hoàn thành, ban hành quyết định",
        completed=True,
        reported_on=dt.date(2026, 1, 5),
        output_number="123/QĐ-SNV",
        output_date=dt.date(2026, 1, 5),
    )

    task = Task.objects.get(pk=task.pk)
    assert (task.completed_on, task.percent, task.output_number) == (
        dt.date(2026, 1, 5),
        100,
        "123/QĐ-SNV",
    )
    assert status_of(task, dt.date(2026, 1, 6)) == Status.DONE_LATE
    annotated = with_status(Task.objects.filter(pk=task.pk), dt.date(2026, 6, 1)).get()
    assert annotated.status == Status.DONE_LATE
    assert kinds(task)[-1] == TaskEvent.Kind.COMPLETED


def test_a_second_completion_is_refused(personas, task):
    services.progress_report(actor=personas.focal_a, task=task, note="Xong", completed=True)

    with pytest.raises(TaskError) as refused:
        services.progress_report(actor=personas.focal_a, task=task, note="Xong", completed=True)

    assert refused.value.status == 409
    assert ProgressReport.objects.filter(task=task).count() == 1


def test_a_note_after_completion_does_not_lower_the_percent(personas, task):
    services.progress_report(actor=personas.focal_a, task=task, note="Xong", completed=True)

    services.progress_report(actor=personas.focal_a, task=task, note="Bổ sung", percent=50)

    task.refresh_from_db()
    assert task.percent == 100


# --- extensions ------------------------------------------------------------------------


def request_extension(actor, task, deadline=dt.date(2026, 2, 27)):
    return services.extension_request(
        actor=actor, task=task, reason="Chờ ý kiến của Bộ Nội vụ", requested_deadline=deadline
    )


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original(personas, task):
    request = request_extension(personas.focal_a, task)
    standing = standing_home_affairs()

    services.extension_decide(actor=standing, request=request, approve=True)

    task = Task.objects.get(pk=task.pk)
    assert task.deadline == dt.date(2026, 2, 27)
    assert task.original_deadline == dt.date(2025, 12, 31)
    request = ExtensionRequest.objects.get(pk=request.pk)
    assert request.state == ExtensionRequest.State.APPROVED
    assert request.previous_deadline == dt.date(2025, 12, 31)
    assert request.granted_deadline == dt.date(2026, 2, 27)
    assert request.decided_by == standing
    assert kinds(task)[-2:] == [
        TaskEvent.Kind.EXTENSION_REQUESTED,
        TaskEvent.Kind.EXTENSION_APPROVED,
    ]
    approved = task.events.get(kind=TaskEvent.Kind.EXTENSION_APPROVED)
    assert approved.data["previous_deadline"] == "2025-12-31"
    assert approved.data["deadline"] == "2026-02-27"


def test_a_refusal_needs_a_note(personas, task):
    request = request_extension(personas.focal_a, task)
    standing = standing_home_affairs()

    with pytest.raises(TaskError) as refused:
        services.extension_decide(actor=standing, request=request, approve=False, note="")

    assert refused.value.field == "note"
    assert ExtensionRequest.objects.get(pk=request.pk).state == ExtensionRequest.State.PENDING

    services.extension_decide(
        actor=standing, request=request, approve=False, note="Không có căn cứ"
    )

    assert ExtensionRequest.objects.get(pk=request.pk).state == ExtensionRequest.State.REFUSED
    assert Task.objects.get(pk=task.pk).deadline == dt.date(2025, 12, 31)
    assert kinds(task)[-1] == TaskEvent.Kind.EXTENSION_REFUSED


def test_a_second_pending_request_is_409(personas, task):
    request_extension(personas.focal_a, task)

    with pytest.raises(TaskError) as refused:
        request_extension(personas.focal_a, task, dt.date(2026, 3, 31))

    assert refused.value.status == 409
    assert ExtensionRequest.objects.filter(task=task).count() == 1


def test_only_the_lead_unit_asks_for_an_extension(personas, task):
    with pytest.raises(TaskError) as refused:
        request_extension(personas.focal_b, task)

    assert refused.value.status == 403
    assert not ExtensionRequest.objects.filter(task=task).exists()


def test_a_focal_person_cannot_decide_an_extension(personas, task):
    request = request_extension(personas.focal_a, task)

    with pytest.raises(TaskError) as refused:
        services.extension_decide(actor=personas.focal_a, request=request, approve=True)

    assert refused.value.status == 403
    assert Task.objects.get(pk=task.pk).deadline == dt.date(2025, 12, 31)


def test_a_finished_task_cannot_be_extended_into_on_time(personas, task):
    request = request_extension(personas.focal_a, task)
    services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Xong",
        completed=True,
        reported_on=dt.date(2026, 1, 10),
    )

    with pytest.raises(TaskError) as refused:
        services.extension_decide(actor=standing_home_affairs(), request=request, approve=True)

    assert refused.value.status == 409
    task = Task.objects.get(pk=task.pk)
    assert task.deadline == dt.date(2025, 12, 31)
    assert status_of(task, dt.date(2026, 2, 1)) == Status.DONE_LATE


def test_a_system_actor_can_file_an_extension_request(task):
    request = request_extension(SystemActor("demo"), task)

    assert ExtensionRequest.objects.get(pk=request.pk).requested_by is None
    assert task.events.get(kind=TaskEvent.Kind.EXTENSION_REQUESTED).actor_label == "demo"


# --- cancelling ------------------------------------------------------------------------


def test_cancelling_needs_a_reason(task):
    standing = standing_home_affairs()

    with pytest.raises(TaskError) as refused:
        services.task_cancel(actor=standing, task=task, reason="  ")

    assert refused.value.field == "reason"
    assert Task.objects.get(pk=task.pk).cancelled_on is None

    services.task_cancel(actor=standing, task=task, reason="Trùng với nhiệm vụ khác")

    task = Task.objects.get(pk=task.pk)
    assert task.cancelled_on is not None
    assert task.cancel_reason == "Trùng với nhiệm vụ khác"
    assert status_of(task) == Status.CANCELLED
    assert kinds(task)[-1] == TaskEvent.Kind.CANCELLED


# --- evidence files --------------------------------------------------------------------


def test_a_real_pdf_is_stored_outside_the_web_root_with_its_digest(personas, task, upload_dir):
    upload = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")

    report = services.progress_report(
        actor=personas.focal_a, task=task, note="Kèm minh chứng", percent=50, uploads=[upload]
    )

    attachment = Attachment.objects.get(report=report)
    assert attachment.task == task
    assert attachment.original_name == "ket-qua.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (upload_dir / attachment.storage_name).read_bytes() == PDF
    assert task.events.get(kind=TaskEvent.Kind.PROGRESS).data["files"] == 1


def test_a_text_file_named_pdf_is_rejected_and_no_report_is_written(personas, task, upload_dir):
    upload = SimpleUploadedFile("ket-qua.pdf", b"just text, not a PDF", "application/pdf")
    before = written(task)

    with pytest.raises(TaskError) as refused:
        services.progress_report(
            actor=personas.focal_a, task=task, note="Kèm minh chứng", uploads=[upload]
        )

    assert (refused.value.status, refused.value.field) == (422, "files")
    assert written(task) == before
    assert not Attachment.objects.filter(task=task).exists()
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


def test_an_oversize_file_is_rejected_and_no_report_is_written(
    settings, personas, task, upload_dir
):
    settings.CHIDAO_UPLOAD_MAX_BYTES = 200
    upload = SimpleUploadedFile("lon.pdf", PDF + b"%" * 300, "application/pdf")
    before = written(task)

    with pytest.raises(TaskError, match="quá lớn"):
        services.progress_report(
            actor=personas.focal_a, task=task, note="Kèm minh chứng", uploads=[upload]
        )

    assert written(task) == before
    assert not upload_dir.exists() or not any(upload_dir.iterdir())
