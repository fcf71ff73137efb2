"""The task pages: my unit's tasks, the board (filters, htmx, export link), the task page and
its forms (each POST through the service, refused ones re-rendered with the service's status
and nothing written), creating a task, the dashboard, orphaned tasks; who sees what; query
counts pinned so that an N+1 fails."""

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from chidao.accounts.models import Role, User
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.tasks import demo, services, views
from chidao.tasks.models import Domain, ExtensionRequest, ProgressReport, Task, TaskEvent
from chidao.tasks.selectors import counts_by_unit, tasks_for
from chidao.tasks.status import Status, status_of
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

PERCENT_MESSAGE = "Tiến độ phải từ 0 đến 100%."
ONE_STOP = "Vận hành Bộ phận Một cửa cấp xã theo mô hình chính quyền hai cấp"  # HK, overdue
CHECK_COMMUNES = "Kiểm tra việc thực hiện quy định về kiểm soát thủ tục hành chính tại cấp xã"
DIGITISE = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực"  # KHCN, overdue


@pytest.fixture
def domain(db):
    return Domain.objects.get_or_create(
        code="ar-procedures",
        defaults={"name": "Cải cách thủ tục hành chính", "area": Domain.Area.ADMINISTRATIVE_REFORM},
    )[0]


@pytest.fixture
def committee(db):
    return Committee.objects.get(external_id="seed-committee:par-dx")


@pytest.fixture
def demo_plan(db):
    return demo.load_demo_tasks()


@pytest.fixture
def hoankiem(demo_plan):
    return User.objects.get(username="daumoi_hoankiem")


@pytest.fixture
def manager(db):
    """A standing-agency officer at Sở Nội vụ: manages the 2023 committee's tasks."""
    home_affairs = unit_named("Sở Nội vụ")
    return UserFactory(username="thuongtruc_noivu", role=Role.STANDING, unit=home_affairs)


@pytest.fixture
def justice_focal(db):
    return UserFactory(username="daumoi_tp", role=Role.FOCAL, unit=unit_named("Sở Tư pháp"))


def task_titled(title) -> Task:
    return Task.objects.get(title=title)


def unit_tasks(unit):
    return Task.objects.filter(Q(lead_unit=unit) | Q(coordinations__unit=unit)).distinct()


def row_of(html: str, title: str) -> str:
    """The board row (<tr>) that holds the task's title."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if escape(title) in row:
            return row
    raise AssertionError(f"no row for {title}")


def detail(task):
    return reverse("task-detail", args=[task.pk])


def progress_url(task):
    return reverse("task-progress", args=[task.pk])


# ---- login


@pytest.mark.parametrize(
    "name", ["my-tasks", "task-board", "task-create", "task-dashboard", "orphaned-tasks"]
)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_task_page_needs_login(client, demo_plan):
    response = client.get(detail(task_titled(ONE_STOP)))
    assert response.status_code == 302


# ---- what a commune focal person sees


def test_my_tasks_shows_only_the_communes_tasks(client, hoankiem):
    client.force_login(hoankiem)
    response = client.get(reverse("my-tasks"))
    text = response.content.decode()
    assert response.status_code == 200
    own = unit_tasks(hoankiem.unit)
    assert own.count() >= 4
    for task in own:
        assert escape(task.title) in text
    others = Task.objects.exclude(pk__in=own.values("pk"))
    assert others.count() > 20
    for task in others:
        assert escape(task.title) not in text
    assert "Phường Hoàn Kiếm" in text


def test_my_tasks_puts_overdue_and_due_soon_first(client, hoankiem):
    client.force_login(hoankiem)
    text = client.get(reverse("my-tasks")).content.decode()
    today = timezone.localdate()
    positions = {
        status_of(task, today): text.index(escape(task.title)) for task in unit_tasks(hoankiem.unit)
    }
    urgent = [positions[s] for s in (Status.OVERDUE, Status.DUE_SOON) if s in positions]
    later = [positions[s] for s in (Status.IN_PROGRESS, Status.DONE_LATE) if s in positions]
    assert urgent and later
    assert max(urgent) < min(later)


def test_my_tasks_shows_counts_by_status(client, hoankiem):
    client.force_login(hoankiem)
    text = client.get(reverse("my-tasks")).content.decode()
    assert "Quá hạn" in text and "Sắp đến hạn" in text
    assert 'class="counts"' in text


def test_board_shows_only_the_communes_tasks(client, hoankiem):
    client.force_login(hoankiem)
    response = client.get(reverse("task-board"))
    text = response.content.decode()
    assert response.status_code == 200
    own = unit_tasks(hoankiem.unit)
    for task in own:
        assert escape(task.title) in text
    for task in Task.objects.exclude(pk__in=own.values("pk")):
        assert escape(task.title) not in text


def test_board_filters_by_status_unit_and_search(client, manager, demo_plan):
    client.force_login(manager)
    today = timezone.localdate()
    text = client.get(reverse("task-board"), {"status": "overdue"}).content.decode()
    for task in Task.objects.all():
        assert (escape(task.title) in text) == (status_of(task, today) == Status.OVERDUE)

    hk = unit_named_commune("Phường Hoàn Kiếm")
    text = client.get(reverse("task-board"), {"unit": hk.pk, "lead_only": "1"}).content.decode()
    for task in Task.objects.all():
        assert (escape(task.title) in text) == (task.lead_unit_id == hk.pk)

    text = client.get(reverse("task-board"), {"q": "một cửa"}).content.decode()
    assert escape(ONE_STOP) in text
    assert escape(DIGITISE) not in text


def unit_named_commune(name) -> Unit:
    return Unit.objects.get(name=name, kind=Unit.Kind.COMMUNE, valid_to__isnull=True)


def test_board_bad_filter_is_a_400_with_a_message(client, manager):
    client.force_login(manager)
    response = client.get(reverse("task-board"), {"deadline_from": "31/13/2025"})
    assert response.status_code == 400
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_board_htmx_request_returns_the_table_fragment(client, manager, demo_plan):
    client.force_login(manager)
    response = client.get(
        reverse("task-board"), {"status": "overdue"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and 'role="search"' not in text  # not the filters
    assert "<table" in text and escape(ONE_STOP) in text
    assert "HX-Request" in response["Vary"]


def test_board_export_link_keeps_the_query_string(client, manager, demo_plan):
    client.force_login(manager)
    text = client.get(
        reverse("task-board"), {"status": "overdue", "q": "số", "page": "1"}
    ).content.decode()
    match = re.search(r'href="([^"]*export\.xlsx[^"]*)"', text)
    assert match
    link = match.group(1).replace("&amp;", "&")
    assert link.startswith("/tasks/export.xlsx?")
    assert "status=overdue" in link and "q=s%E1%BB%91" in link and "page=" not in link


def test_board_is_paginated_by_50(client, manager, committee, domain):
    lead = unit_named("Sở Tài chính")
    for n in range(53):
        services.task_create(
            actor=SystemActor("test"),
            committee=committee,
            title=f"Nhiệm vụ phân trang {n:02d}",
            domain=domain,
            lead_unit=lead,
            deadline=dt.date(2026, 12, 31),
            assigned_on=dt.date(2025, 9, 1),
        )
    client.force_login(manager)
    first = client.get(reverse("task-board")).content.decode()
    second = client.get(reverse("task-board"), {"page": 2}).content.decode()
    assert first.count(">Nhiệm vụ phân trang") == 50
    assert second.count(">Nhiệm vụ phân trang") == 3
    assert "Trang 1 / 2" in first


# ---- the task page


def test_task_page_shows_facts_timeline_and_deadlines(client, manager, demo_plan):
    client.force_login(manager)
    approved = ExtensionRequest.objects.get(state=ExtensionRequest.State.APPROVED)
    task = approved.task
    text = client.get(detail(task)).content.decode()
    assert escape(task.title) in text
    assert task.lead_unit.name in text
    assert task.deadline.strftime("%d/%m/%Y") in text
    assert task.original_deadline.strftime("%d/%m/%Y") in text
    for label in ("Giao nhiệm vụ", "Báo cáo tiến độ", "Đề nghị gia hạn", "Đồng ý gia hạn"):
        assert label in text
    assert 'role="progressbar"' in text
    assert "Dữ liệu mô phỏng" in text


def test_other_units_focal_person_cannot_read_nor_report(client, hoankiem, justice_focal):
    task = task_titled(ONE_STOP)
    client.force_login(justice_focal)
    assert client.get(detail(task)).status_code == 404
    before = (ProgressReport.objects.count(), TaskEvent.objects.count())
    response = client.post(progress_url(task), {"note": "Không phải việc của tôi", "percent": 50})
    assert response.status_code in (403, 404)
    assert (ProgressReport.objects.count(), TaskEvent.objects.count()) == before
    task.refresh_from_db()
    assert task.percent != 50


def test_reporting_completion_after_the_deadline_shows_done_late(client, hoankiem):
    task = task_titled(ONE_STOP)
    assert status_of(task) == Status.OVERDUE
    client.force_login(hoankiem)
    response = client.post(
        progress_url(task),
        {"note": "Đã vận hành ổn định", "completed": "on", "output_number": "12/BC-UBND"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail(task)
    page = client.get(detail(task)).content.decode()
    assert "Hoàn thành quá hạn" in page
    assert "Đã ghi nhận hoàn thành nhiệm vụ." in page
    assert "12/BC-UBND" in page
    board = client.get(reverse("task-board")).content.decode()
    row = row_of(board, ONE_STOP)
    assert "Hoàn thành quá hạn" in row
    mine = client.get(reverse("my-tasks")).content.decode()
    assert "Hoàn thành quá hạn" in row_of(mine, ONE_STOP)


def test_percent_out_of_range_is_422_with_the_message_and_no_report(client, hoankiem):
    task = task_titled(ONE_STOP)
    client.force_login(hoankiem)
    before = ProgressReport.objects.filter(task=task).count()
    response = client.post(progress_url(task), {"note": "Tiến độ", "percent": 150})
    assert response.status_code == 422
    assert PERCENT_MESSAGE in response.content.decode()
    assert ProgressReport.objects.filter(task=task).count() == before


def test_missing_note_is_422(client, hoankiem):
    task = task_titled(ONE_STOP)
    client.force_login(hoankiem)
    response = client.post(progress_url(task), {"note": "  ", "percent": 50})
    assert response.status_code == 422
    assert "Cần nội dung báo cáo." in response.content.decode()


def test_progress_report_updates_percent(client, hoankiem):
    task = task_titled(ONE_STOP)
    client.force_login(hoankiem)
    response = client.post(progress_url(task), {"note": "Đã bố trí công chức", "percent": 80})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.percent == 80
    assert "Đã ghi nhận báo cáo." in client.get(detail(task)).content.decode()


def test_coordinating_unit_adds_a_contribution_without_completing(client, hoankiem):
    task = task_titled(CHECK_COMMUNES)
    assert task.lead_unit != hoankiem.unit
    client.force_login(hoankiem)
    page = client.get(detail(task)).content.decode()
    assert "Báo cáo phần phối hợp" in page
    assert 'name="completed"' not in page
    response = client.post(progress_url(task), {"note": "Phường đã tự kiểm tra", "percent": 30})
    assert response.status_code == 302
    report = ProgressReport.objects.filter(task=task).latest("id")
    assert report.is_contribution and report.unit == hoankiem.unit


def test_managers_forms_are_absent_for_focal_persons(client, hoankiem, manager):
    task = task_titled(ONE_STOP)
    client.force_login(hoankiem)
    page = client.get(detail(task)).content.decode()
    assert reverse("task-progress", args=[task.pk]) in page
    assert reverse("task-extension-request", args=[task.pk]) in page
    assert reverse("task-cancel", args=[task.pk]) not in page
    assert reverse("task-reassign", args=[task.pk]) not in page
    client.force_login(manager)
    page = client.get(detail(task)).content.decode()
    assert reverse("task-cancel", args=[task.pk]) in page
    assert reverse("task-reassign", args=[task.pk]) in page
    assert reverse("task-progress", args=[task.pk]) not in page


def test_focal_person_posting_a_managers_form_gets_403_and_nothing_changes(client, hoankiem):
    task = task_titled(ONE_STOP)
    client.force_login(hoankiem)
    response = client.post(reverse("task-cancel", args=[task.pk]), {"reason": "Không cần nữa"})
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    task.refresh_from_db()
    assert task.cancelled_on is None


def test_leader_reads_but_cannot_report(client, demo_plan):
    leader = UserFactory(role=Role.LEADER, unit=unit_named("Văn phòng Ủy ban nhân dân thành phố"))
    task = task_titled(ONE_STOP)
    client.force_login(leader)
    page = client.get(detail(task)).content.decode()
    assert reverse("task-progress", args=[task.pk]) not in page
    before = ProgressReport.objects.count()
    response = client.post(progress_url(task), {"note": "Thử", "percent": 10})
    assert response.status_code == 403
    assert ProgressReport.objects.count() == before


def test_extension_requested_by_the_lead_unit_and_approved_by_the_standing_agency(
    client, demo_plan, manager
):
    task = task_titled(DIGITISE)
    focal = User.objects.get(username="daumoi_khcn")
    new_deadline = timezone.localdate() + dt.timedelta(days=30)
    client.force_login(focal)
    response = client.post(
        reverse("task-extension-request", args=[task.pk]),
        {"reason": "Chờ nâng cấp hạ tầng", "requested_deadline": new_deadline.isoformat()},
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get(task=task, state=ExtensionRequest.State.PENDING)
    client.force_login(manager)
    page = client.get(detail(task)).content.decode()
    decide = reverse("task-extension-decide", args=[task.pk, request.pk])
    assert decide in page
    response = client.post(decide, {"decision": "approve", "note": "Đồng ý"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == new_deadline
    page = client.get(detail(task)).content.decode()
    assert "Đã đồng ý gia hạn." in page
    assert "hạn ban đầu" in page


def test_refusing_an_extension_needs_a_reason(client, demo_plan, manager):
    task = task_titled(DIGITISE)
    focal = User.objects.get(username="daumoi_khcn")
    request = services.extension_request(
        actor=focal,
        task=task,
        reason="Thiếu kinh phí",
        requested_deadline=timezone.localdate() + dt.timedelta(days=20),
    )
    client.force_login(manager)
    response = client.post(
        reverse("task-extension-decide", args=[task.pk, request.pk]), {"decision": "refuse"}
    )
    assert response.status_code == 422
    assert "Cần nêu lý do không đồng ý gia hạn." in response.content.decode()
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.PENDING


def test_cancelling_needs_a_reason_and_a_done_task_cannot_be_cancelled(client, demo_plan, manager):
    client.force_login(manager)
    task = task_titled(ONE_STOP)
    response = client.post(reverse("task-cancel", args=[task.pk]), {"reason": ""})
    assert response.status_code == 422
    assert "Hủy nhiệm vụ cần nêu lý do." in response.content.decode()
    done = Task.objects.filter(completed_on__isnull=False).first()
    response = client.post(reverse("task-cancel", args=[done.pk]), {"reason": "Thử"})
    assert response.status_code == 409
    response = client.post(reverse("task-cancel", args=[task.pk]), {"reason": "Không còn phù hợp"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert status_of(task) == Status.CANCELLED


def test_reassigning_shows_whom_the_task_was_given_to(client, demo_plan, manager):
    task = task_titled(ONE_STOP)
    new_unit = unit_named_commune("Phường Cầu Giấy")
    client.force_login(manager)
    response = client.post(
        reverse("task-reassign", args=[task.pk]),
        {"new_lead_unit": new_unit.pk, "reason": "Theo phân công mới"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.lead_unit == new_unit
    page = client.get(detail(task)).content.decode()
    assert "giao cho Phường Hoàn Kiếm" in page
    assert "Chuyển đơn vị chủ trì" in page


# ---- creating a task


def test_create_page_offers_only_the_committees_the_user_manages(client, manager, domain):
    client.force_login(manager)
    response = client.get(reverse("task-create"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội" in text
    assert "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội" not in text


def test_creating_a_task_through_the_page(client, manager, committee, domain):
    client.force_login(manager)
    lead = unit_named("Sở Y tế")
    coordinating = unit_named("Sở Tài chính")
    deadline = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        reverse("task-create"),
        {
            "committee": committee.pk,
            "title": "Triển khai bệnh án điện tử",
            "domain": domain.pk,
            "lead_unit": lead.pk,
            "coordinating_units": [coordinating.pk],
            "deadline": deadline.isoformat(),
            "priority": "high",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Triển khai bệnh án điện tử")
    assert response["Location"] == detail(task)
    assert task.assigned_by == manager and task.lead_unit == lead
    assert list(task.coordinating_units.all()) == [coordinating]


def test_creating_a_recurring_task_makes_one_task_per_occurrence(
    client, manager, committee, domain
):
    client.force_login(manager)
    first = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        reverse("task-create"),
        {
            "committee": committee.pk,
            "title": "Báo cáo quý về cải cách hành chính",
            "domain": domain.pk,
            "lead_unit": unit_named("Sở Y tế").pk,
            "deadline": first.isoformat(),
            "priority": "normal",
            "recurrence": "quarterly",
            "until": (first + dt.timedelta(days=300)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Task.objects.filter(title="Báo cáo quý về cải cách hành chính").count() == 4


def test_create_refused_by_the_service_is_re_rendered(client, manager, committee, domain):
    client.force_login(manager)
    response = client.post(
        reverse("task-create"),
        {
            "committee": committee.pk,
            "title": "   ",
            "domain": domain.pk,
            "lead_unit": unit_named("Sở Y tế").pk,
            "deadline": "2030-01-01",
            "priority": "normal",
        },
    )
    assert response.status_code == 422
    assert "Thiếu tên nhiệm vụ." in response.content.decode()
    assert not Task.objects.filter(deadline=dt.date(2030, 1, 1)).exists()


def test_focal_persons_cannot_create_tasks(client, hoankiem):
    client.force_login(hoankiem)
    assert client.get(reverse("task-create")).status_code == 403
    assert client.get(reverse("orphaned-tasks")).status_code == 403


# ---- dashboard and orphaned tasks


def test_dashboard_counts_link_to_the_board_filtered_accordingly(client, manager, demo_plan):
    client.force_login(manager)
    response = client.get(reverse("task-dashboard"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and "<rect" in text
    hk = unit_named_commune("Phường Hoàn Kiếm")
    row = next(r for r in counts_by_unit(tasks_for(manager)) if r["id"] == hk.pk)
    overdue = row["counts"][Status.OVERDUE]
    assert overdue >= 1
    link = f"{reverse('task-board')}?unit={hk.pk}&amp;lead_only=1&amp;status=overdue"
    assert f'href="{link}"' in text
    board = client.get(link.replace("&amp;", "&")).content.decode()
    assert f"{overdue} nhiệm vụ" in board
    for status in ("overdue", "done_late", "due_soon"):
        assert f'href="{reverse("task-board")}?status={status}"' in text
    assert "Theo lĩnh vực" in text and "Theo đơn vị chủ trì" in text


def test_dashboard_lists_the_units_a_page_at_a_time(client, manager, demo_plan, monkeypatch):
    monkeypatch.setattr(views, "UNITS_PAGE_SIZE", 2)
    client.force_login(manager)
    units = counts_by_unit(tasks_for(manager))
    assert len(units) > 2

    first = client.get(reverse("task-dashboard"))
    second = client.get(reverse("task-dashboard"), {"page": 2})

    assert [row["id"] for row in first.context["by_unit"]] == [r["id"] for r in units[:2]]
    assert [row["id"] for row in second.context["by_unit"]] == [r["id"] for r in units[2:4]]
    assert 'rel="next"' in first.content.decode()


def test_orphaned_tasks_are_listed_for_the_standing_agency(client, manager, committee, domain):
    unit = unit_named("Sở Du lịch")
    task = services.task_create(
        actor=SystemActor("test"),
        committee=committee,
        title="Nhiệm vụ của đơn vị đã giải thể",
        domain=domain,
        lead_unit=unit,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        assigned_on=timezone.localdate() - dt.timedelta(days=30),
    )
    Unit.objects.filter(pk=unit.pk).update(valid_to=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(manager)
    text = client.get(reverse("orphaned-tasks")).content.decode()
    assert "Nhiệm vụ của đơn vị đã giải thể" in text
    assert f"{detail(task)}#reassign" in text


# ---- query counts: a page's cost must not grow with its rows


def test_board_query_count_is_fixed(client, manager, hoankiem, django_assert_max_num_queries):
    assert Task.objects.count() >= 36
    client.force_login(manager)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("task-board"))
    assert response.status_code == 200
    client.force_login(hoankiem)
    with django_assert_max_num_queries(7):
        client.get(reverse("task-board"), {"status": "overdue"}, headers={"HX-Request": "true"})


def test_dashboard_query_count_is_fixed(client, manager, demo_plan, django_assert_max_num_queries):
    client.force_login(manager)
    # session, user, committees list, counts by unit and by domain with their names: fixed
    with django_assert_max_num_queries(9):
        response = client.get(reverse("task-dashboard"))
    assert response.status_code == 200


def test_my_tasks_and_task_page_query_counts(client, hoankiem, django_assert_max_num_queries):
    client.force_login(hoankiem)
    with django_assert_max_num_queries(8):
        client.get(reverse("my-tasks"))
    with django_assert_max_num_queries(9):
        client.get(detail(task_titled(ONE_STOP)))


def test_dashboard_offers_the_standing_agency_an_urging_letter_per_unit(
    client, manager, committee, demo_plan
):
    client.force_login(manager)
    page = client.get(reverse("task-dashboard"), {"committee": committee.pk}).content.decode()
    letter = reverse("urging-letter")
    assert letter in page
    href = page[page.index(letter) :].split('"')[0].replace("&amp;", "&")
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_dashboard_offers_no_letter_to_focal_persons(client, hoankiem, committee):
    client.force_login(hoankiem)
    page = client.get(reverse("task-dashboard"), {"committee": committee.pk}).content.decode()
    assert reverse("urging-letter") not in page
