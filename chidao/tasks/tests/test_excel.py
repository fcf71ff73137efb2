"""Task sheets: parse with row-level errors, import all-or-nothing in one transaction,
export and read back."""

import datetime as dt
import io
import time

import pytest
from django.utils import timezone
from openpyxl import Workbook

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.documents.models import LegalDocument, Source
from chidao.tasks import excel, services
from chidao.tasks.models import Domain, Task, TaskEvent, TaskSource
from chidao.tasks.selectors import tasks_for
from chidao.tasks.services import TaskError

pytestmark = pytest.mark.django_db

COMMITTEE = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
HEADER = [
    "STT",
    "Tên nhiệm vụ",
    "Nội dung",
    "Lĩnh vực",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Hạn hoàn thành",
    "Sản phẩm",
    "Mức ưu tiên",
    "Điều khoản",
]
# An import of 1,000 rows must take "a few seconds"; the bound leaves room for slow CI.
THOUSAND_ROWS_SECONDS = 30


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
def manager(personas):
    return UserFactory(
        username="thuongtruc_noivu", role=Role.STANDING, unit=unit_named("Sở Nội vụ")
    )


@pytest.fixture
def source(committee):
    origin = Source.objects.create(
        key="test:ke-hoach-thu", kind=Source.Kind.ENTRY, title="Kế hoạch thử nghiệm"
    )
    document = LegalDocument.objects.create(
        number="99/KH-BCĐ",
        doc_type=LegalDocument.Type.PLAN,
        date=dt.date(2026, 1, 15),
        title="Kế hoạch thử nghiệm",
        source=origin,
    )
    return TaskSource.objects.create(document=document, committee=committee)


def future(days=60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def sheet(rows, header=HEADER, preamble=()) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    for line in preamble:
        worksheet.append(line)
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(n, title="Nhiệm vụ", lead="Sở Nội vụ", deadline=None, **extra):
    values = {
        "content": "Nội dung",
        "domain": "dx-digital-government",
        "coordinating": "",
        "output": "Báo cáo",
        "priority": "",
        "clause": "Mục I",
        **extra,
    }
    return [
        n,
        title,
        values["content"],
        values["domain"],
        lead,
        values["coordinating"],
        deadline if deadline is not None else future(),
        values["output"],
        values["priority"],
        values["clause"],
    ]


# ---- parsing


def test_a_valid_sheet_is_understood(committee, domain):
    data = sheet(
        [
            row(1, "Số hóa hồ sơ", coordinating="Sở Tư pháp; sở y tế ;; Sở Nội vụ"),
            row(2, "Rà soát thủ tục", lead="so tu phap", deadline="31/12/2099", priority="Khẩn"),
        ]
    )

    preview = excel.parse_task_sheet(data, committee=committee)

    assert preview.errors == [] and preview.is_valid
    first, second = preview.rows
    assert (first.number, first.title, first.lead_unit.name) == (2, "Số hóa hồ sơ", "Sở Nội vụ")
    # the lead unit listed again as coordinating is dropped
    assert [u.name for u in first.coordinating_units] == ["Sở Tư pháp", "Sở Y tế"]
    assert first.domain == domain and first.deadline == future()
    assert second.lead_unit.name == "Sở Tư pháp"
    assert second.deadline == dt.date(2099, 12, 31)
    assert second.priority == "urgent"


def test_units_are_matched_among_those_that_exist_today(committee, domain):
    # Sở Thông tin và Truyền thông was merged into Science and Technology on 1 March 2025.
    preview = excel.parse_task_sheet(
        sheet([row(1, coordinating="Sở Thông tin và Truyền thông")]), committee=committee
    )

    assert preview.errors == [
        (2, "Không tìm thấy đơn vị “Sở Thông tin và Truyền thông” (đang tồn tại).")
    ]


def test_each_bad_row_is_named_with_its_problem(committee, domain):
    data = sheet(
        [
            row(1, "Đúng"),
            row(2, "Đơn vị lạ", lead="Sở Không Có"),
            row(3, "Ngày sai", deadline="31/02/2027"),
            row(4, ""),
            row(5, "Lĩnh vực lạ", domain="khong-co"),
            row(6, "Chữ thay ngày", deadline="cuối năm"),
        ]
    )

    preview = excel.parse_task_sheet(data, committee=committee)

    assert not preview.is_valid
    errors = dict(preview.errors)
    assert errors[3] == "Không tìm thấy đơn vị “Sở Không Có” (đang tồn tại)."
    assert errors[4] == "Hạn hoàn thành “31/02/2027” không phải ngày (dd/mm/yyyy)."
    assert errors[5] == "Thiếu tên nhiệm vụ."
    assert errors[6] == "Không có lĩnh vực “khong-co”."
    assert "cuối năm" in errors[7]
    assert 2 not in errors
    assert preview.error_lines()[0] == "Dòng 3: Không tìm thấy đơn vị “Sở Không Có” (đang tồn tại)."


def test_a_sheet_with_one_bad_row_saves_nothing(committee, domain, manager, source):
    data = sheet([row(1, "Một"), row(2, "Hai", lead="Sở Không Có"), row(3, "Ba")])
    preview = excel.parse_task_sheet(data, committee=committee)
    before = (Task.objects.count(), ChangeLog.objects.count())

    with pytest.raises(TaskError, match="Dòng 3: Không tìm thấy đơn vị"):
        excel.import_tasks(actor=manager, committee=committee, source=source, preview=preview)

    assert (Task.objects.count(), ChangeLog.objects.count()) == before


def test_past_deadlines_and_bad_priorities_are_errors(committee, domain):
    data = sheet(
        [
            row(1, deadline=timezone.localdate() - dt.timedelta(days=1)),
            row(2, priority="rất gấp"),
            row(3, lead=""),
        ]
    )

    errors = dict(excel.parse_task_sheet(data, committee=committee).errors)

    assert "trước ngày giao" in errors[2]
    assert "Mức ưu tiên “rất gấp” không hợp lệ" in errors[3]
    assert errors[4] == "Thiếu đơn vị chủ trì."


def test_an_ambiguous_unit_name_is_an_error(committee, domain):
    other = unit_named("Sở Tư pháp")
    other.short_name = "Sở Nội vụ"  # now two units answer to that name
    other.save()

    errors = dict(excel.parse_task_sheet(sheet([row(1)]), committee=committee).errors)

    assert errors[2].startswith("Tên đơn vị “Sở Nội vụ” khớp nhiều đơn vị")


def test_english_headers_a_title_block_and_a_domain_name(committee, domain):
    header = ["No", "Title", "Content", "Domain", "Lead unit", "Coordinating units", "Deadline"]
    data = sheet(
        [[1, "Cổng dữ liệu", "", "chính quyền số", "Sở Tư pháp", "", "2099-06-30"]],
        header=header,
        preamble=[["KẾ HOẠCH THỬ"], [], ["Danh mục nhiệm vụ"]],
    )

    preview = excel.parse_task_sheet(data, committee=committee)

    assert preview.is_valid, preview.errors
    [parsed] = preview.rows
    assert parsed.number == 5 and parsed.domain == domain
    assert parsed.deadline == dt.date(2099, 6, 30)


def test_a_sheet_without_the_needed_columns(committee, domain):
    preview = excel.parse_task_sheet(
        sheet([["x", "y"]], header=["Tên nhiệm vụ", "Ghi chú"]), committee=committee
    )

    assert not preview.is_valid
    assert preview.errors[0][0] is None
    assert "Thiếu cột" in preview.errors[0][1] and "Đơn vị chủ trì" in preview.errors[0][1]


def test_not_an_excel_file(committee):
    preview = excel.parse_task_sheet(b"%PDF-1.4 not a sheet", committee=committee)

    assert preview.sheet_errors == ["Tệp không phải bảng tính Excel (.xlsx) đọc được."]


def test_an_empty_sheet(committee, domain):
    preview = excel.parse_task_sheet(sheet([[None] * 10]), committee=committee)

    assert not preview.is_valid
    assert "không có nhiệm vụ" in preview.sheet_errors[0]


# ---- importing


def test_import_creates_the_tasks_with_one_change_log_row(committee, domain, manager, source):
    data = sheet(
        [
            row(1, "Một", coordinating="Sở Tư pháp", priority="Cao", clause="Mục II.1"),
            row(2, "Hai", lead="Sở Tư pháp"),
        ]
    )
    preview = excel.parse_task_sheet(data, committee=committee)
    log_before = ChangeLog.objects.count()

    tasks = excel.import_tasks(actor=manager, committee=committee, source=source, preview=preview)

    assert [t.title for t in tasks] == ["Một", "Hai"]
    first = Task.objects.get(pk=tasks[0].pk)
    assert first.source == source and first.source_clause == "Mục II.1"
    assert first.priority == "high" and first.assigned_by == manager
    assert [c.unit_name for c in first.coordinations.all()] == ["Sở Tư pháp"]
    assert TaskEvent.objects.filter(task__in=tasks, kind="assigned").count() == 2
    [entry] = ChangeLog.objects.order_by("-id")[: ChangeLog.objects.count() - log_before]
    assert entry.action == "load" and entry.actor == manager
    assert entry.after["count"] == 2 and entry.after["task_ids"] == [t.pk for t in tasks]


def test_import_refuses_someone_who_cannot_manage_the_committee(committee, domain, personas):
    preview = excel.parse_task_sheet(sheet([row(1)]), committee=committee)

    with pytest.raises(TaskError) as caught:
        excel.import_tasks(
            actor=personas.focal_a, committee=committee, source=None, preview=preview
        )

    assert caught.value.status == 403
    assert not Task.objects.exists()


def test_import_refuses_a_source_of_another_committee(committee, domain, manager, source):
    other = Committee.objects.exclude(pk=committee.pk).first()
    source.committee = other
    source.save()
    preview = excel.parse_task_sheet(sheet([row(1)]), committee=committee)

    with pytest.raises(TaskError, match="không thuộc"):
        excel.import_tasks(actor=manager, committee=committee, source=source, preview=preview)


def test_a_thousand_rows_import_in_one_transaction(committee, domain, manager, source, capsys):
    units = ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Xây dựng"]
    rows = [
        row(
            i,
            f"Nhiệm vụ số {i}",
            lead=units[i % len(units)],
            coordinating=units[(i + 1) % len(units)],
            deadline=future(30 + i % 300),
        )
        for i in range(1, 1001)
    ]
    data = sheet(rows)
    log_before = ChangeLog.objects.count()

    started = time.perf_counter()
    preview = excel.parse_task_sheet(data, committee=committee)
    parsed = time.perf_counter()
    tasks = excel.import_tasks(actor=manager, committee=committee, source=source, preview=preview)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\n1,000-row import: parse {parsed - started:.2f} s, "
            f"import {elapsed - (parsed - started):.2f} s, total {elapsed:.2f} s"
        )

    assert len(tasks) == 1000
    assert Task.objects.filter(source=source).count() == 1000
    new_log = ChangeLog.objects.order_by("-id")[: ChangeLog.objects.count() - log_before]
    assert [(e.action, e.after["count"]) for e in new_log] == [("load", 1000)]
    assert elapsed < THOUSAND_ROWS_SECONDS


def test_a_failure_on_the_last_row_rolls_back_every_row(
    committee, domain, manager, source, monkeypatch
):
    preview = excel.parse_task_sheet(
        sheet([row(i, f"Nhiệm vụ {i}") for i in range(1, 51)]), committee=committee
    )
    real_create = services.task_create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 50:
            raise TaskError("Đơn vị đã giải thể.", field="unit")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "task_create", failing_create)

    with pytest.raises(TaskError, match="Dòng 51: Đơn vị đã giải thể."):
        excel.import_tasks(actor=manager, committee=committee, source=source, preview=preview)

    assert len(calls) == 50
    assert not Task.objects.filter(source=source).exists()


# ---- exporting


def test_export_then_parse_gives_the_same_tasks(committee, domain, manager, personas):
    rows = [
        row(1, "Xây dựng kho dữ liệu", coordinating="Sở Tư pháp; Sở Y tế", priority="Khẩn"),
        row(2, "Đánh giá chỉ số", lead="Sở Tư pháp", deadline="15/03/2099"),
        row(3, "Tập huấn", lead="Sở Y tế", content="Hai đợt", output="Kế hoạch tập huấn"),
    ]
    preview = excel.parse_task_sheet(sheet(rows), committee=committee)
    excel.import_tasks(actor=manager, committee=committee, source=None, preview=preview)
    queryset = tasks_for(personas.leader, committee=committee)

    again = excel.parse_task_sheet(excel.export_tasks_xlsx(queryset), committee=committee)

    assert again.is_valid, again.errors
    # The export is sorted by deadline, the sheet was not.
    assert sorted(r.title for r in again.rows) == sorted(r.title for r in preview.rows)
    exported_by_title = {r.title: r for r in again.rows}
    for original in preview.rows:
        exported = exported_by_title[original.title]
        assert exported.lead_unit == original.lead_unit
        assert exported.coordinating_units == original.coordinating_units
        assert exported.deadline == original.deadline
        assert exported.domain == original.domain
        assert exported.priority == original.priority
        assert exported.values["content"] == original.values["content"]
        assert exported.values["expected_output"] == original.values["expected_output"]
        assert exported.values["source_clause"] == original.values["source_clause"]


def test_export_has_status_labels_and_ids(committee, domain, personas):
    task = services.task_create(
        actor=SystemActor("test"),
        committee=committee,
        title="Đã xong",
        domain=domain,
        lead_unit=unit_named("Sở Nội vụ"),
        deadline=future(5),
    )
    services.progress_report(actor=SystemActor("test"), task=task, note="Xong", completed=True)

    from openpyxl import load_workbook

    content = excel.export_tasks_xlsx(tasks_for(personas.leader, committee=committee))
    worksheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in worksheet[1]]
    values = dict(zip(header, [c.value for c in worksheet[2]], strict=True))
    assert values["Trạng thái"] == "Hoàn thành đúng hạn"
    assert values["Mã nhiệm vụ"] == task.pk
    assert values["Tiến độ (%)"] == 100
    assert set(HEADER) <= set(header)


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x.example","Bấm")', "+1+2", "-3", "@SUM(A1)"]
)
def test_an_exported_title_never_starts_a_formula(personas, committee, domain, title):
    from openpyxl import load_workbook

    task = services.task_create(
        actor=SystemActor("test"),
        committee=committee,
        title=title,
        domain=domain,
        lead_unit=unit_named("Sở Nội vụ"),
        deadline=future(5),
    )

    content = excel.export_tasks_xlsx(Task.objects.filter(pk=task.pk))

    cell = load_workbook(io.BytesIO(content)).active.cell(row=2, column=2)
    assert cell.value == title
    assert cell.data_type == "s"
    assert cell.quotePrefix
