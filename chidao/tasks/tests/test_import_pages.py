"""The import pages (upload → preview → confirm) and the board's Excel export.

Only a manager of the committee may import: a standing-agency officer of Sở Nội vụ for the
2023 committee. The preview saves nothing; the confirmation imports what was previewed.
"""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import Workbook

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.documents.models import LegalDocument, Source
from chidao.tasks import excel, services, views_import
from chidao.tasks.models import Domain, Task, TaskSource

pytestmark = pytest.mark.django_db

COMMITTEE = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
HEADER = ["STT", "Tên nhiệm vụ", "Lĩnh vực", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn hoàn thành"]
URL = "/tasks/import/"
CONFIRM_URL = "/tasks/import/confirm/"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path
    return tmp_path


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
    origin = Source.objects.create(key="test:kh-nhap", kind=Source.Kind.ENTRY, title="KH thử")
    document = LegalDocument.objects.create(
        number="98/KH-BCĐ",
        doc_type=LegalDocument.Type.PLAN,
        date=dt.date(2026, 2, 1),
        title="Kế hoạch nhập thử",
        source=origin,
    )
    return TaskSource.objects.create(document=document, committee=committee)


def deadline(days=60) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def xlsx(rows, name="ke-hoach.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(HEADER)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=views_import.XLSX)


GOOD_ROWS = [
    [1, "Số hóa hồ sơ một cửa", "dx-digital-government", "Sở Nội vụ", "Sở Tư pháp", deadline()],
    [2, "Rà soát thủ tục", "Chính quyền số", "Sở Tư pháp", "", deadline(90)],
]
BAD_ROWS = [
    [1, "Đúng", "dx-digital-government", "Sở Nội vụ", "", deadline()],
    [2, "Đơn vị lạ", "dx-digital-government", "Sở Không Tồn Tại", "", deadline()],
    [3, "Ngày sai", "dx-digital-government", "Sở Nội vụ", "", "32/13/2027"],
    [4, None, "dx-digital-government", "Sở Nội vụ", "", deadline()],
]


def upload(client, committee, rows, source=None, **extra):
    data = {"committee": committee.pk, "file": xlsx(rows, **extra)}
    if source is not None:
        data["source"] = source.pk
    return client.post(URL, data)


def imports(upload_dir):
    folder = upload_dir / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


# ---- who may import


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["focal_a", "leader", "viewer"])
def test_those_who_do_not_manage_a_committee_get_403(client, personas, committee, domain, who):
    client.force_login(getattr(personas, who))

    assert client.get(URL).status_code == 403
    assert upload(client, committee, GOOD_ROWS).status_code == 403
    assert not Task.objects.exists()


def test_manager_of_another_committee_gets_403_for_this_one(client, personas, committee, domain):
    # personas.standing serves the e-Government committee, not the 2023 one.
    client.force_login(personas.standing)

    assert client.get(URL).status_code == 200
    assert upload(client, committee, GOOD_ROWS).status_code == 403


def test_the_form_offers_the_managers_committees_and_their_sources(
    client, manager, committee, source
):
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert COMMITTEE in content
    assert "Ban chỉ đạo xây dựng Chính quyền điện tử" not in content
    assert "98/KH-BCĐ" in content
    assert "Tải tệp mẫu" in content


# ---- preview


def test_a_bad_sheet_names_rows_and_problems_and_saves_nothing(
    client, manager, committee, domain, upload_dir
):
    client.force_login(manager)
    before = ChangeLog.objects.count()

    response = upload(client, committee, BAD_ROWS)

    assert response.status_code == 422
    content = response.content.decode()
    assert "Dòng 3: Không tìm thấy đơn vị “Sở Không Tồn Tại”" in content
    assert "Dòng 4: Hạn hoàn thành “32/13/2027” không phải ngày" in content
    assert "Dòng 5: Thiếu tên nhiệm vụ." in content
    assert "Chưa lưu gì" in content
    assert 'name="token"' not in content
    assert not Task.objects.exists()
    assert ChangeLog.objects.count() == before
    assert imports(upload_dir) == []


def test_a_good_sheet_is_previewed_without_saving(client, manager, committee, domain, upload_dir):
    client.force_login(manager)

    response = upload(client, committee, GOOD_ROWS)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Số hóa hồ sơ một cửa" in content and "Rà soát thủ tục" in content
    assert response.context["token"]
    assert not Task.objects.exists()
    assert len(imports(upload_dir)) == 1


def test_a_source_of_another_committee_is_a_form_error(client, manager, committee, source):
    source.committee = Committee.objects.exclude(pk=committee.pk).first()
    source.save()
    client.force_login(manager)

    response = upload(client, committee, GOOD_ROWS, source=source)

    assert response.status_code == 400


def test_only_xlsx_files(client, manager, committee, domain):
    client.force_login(manager)

    response = upload(client, committee, GOOD_ROWS, name="ke-hoach.csv")

    assert response.status_code == 400
    assert "xlsx" in response.content.decode()


def test_a_file_that_is_not_a_sheet(client, manager, committee):
    client.force_login(manager)
    fake = SimpleUploadedFile("ke-hoach.xlsx", b"%PDF-1.4 no", content_type="application/pdf")

    response = client.post(URL, {"committee": committee.pk, "file": fake})

    assert response.status_code == 422
    assert "không phải bảng tính Excel" in response.content.decode()


# ---- confirmation


def test_confirming_imports_every_row_and_goes_to_the_board(
    client, manager, committee, domain, source, upload_dir
):
    client.force_login(manager)
    token = upload(client, committee, GOOD_ROWS, source=source).context["token"]

    response = client.post(CONFIRM_URL, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == f"/tasks/?committee={committee.pk}&source={source.pk}"
    tasks = Task.objects.filter(source=source).order_by("title")
    assert [t.title for t in tasks] == ["Rà soát thủ tục", "Số hóa hồ sơ một cửa"]
    assert {t.assigned_by for t in tasks} == {manager}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Đã nhập 2 nhiệm vụ vào {COMMITTEE}."
    ]
    assert ChangeLog.objects.filter(action="load", actor=manager).count() == 1
    assert imports(upload_dir) == []


def test_confirming_twice_imports_once(client, manager, committee, domain):
    client.force_login(manager)
    token = upload(client, committee, GOOD_ROWS).context["token"]
    client.post(CONFIRM_URL, {"token": token})

    response = client.post(CONFIRM_URL, {"token": token})

    assert response.status_code == 302
    assert Task.objects.count() == 2
    assert "đã được nhập" in str(list(get_messages(response.wsgi_request))[-1])


def test_a_tampered_token_imports_nothing(client, manager, committee, domain):
    client.force_login(manager)
    token = upload(client, committee, GOOD_ROWS).context["token"]

    response = client.post(CONFIRM_URL, {"token": token[:-2] + "xx"})

    assert response.status_code == 302
    assert not Task.objects.exists()


def test_another_users_token_is_refused(client, manager, committee, domain):
    client.force_login(manager)
    token = upload(client, committee, GOOD_ROWS).context["token"]
    colleague = UserFactory(username="thuongtruc_2", role=Role.STANDING, unit=manager.unit)
    client.force_login(colleague)

    assert client.post(CONFIRM_URL, {"token": token}).status_code == 403
    assert not Task.objects.exists()


def test_a_manager_who_lost_the_role_cannot_confirm(client, manager, committee, domain):
    client.force_login(manager)
    token = upload(client, committee, GOOD_ROWS).context["token"]
    manager.role = Role.FOCAL
    manager.save()

    assert client.post(CONFIRM_URL, {"token": token}).status_code == 403
    assert not Task.objects.exists()


def test_confirm_needs_post(client, manager):
    client.force_login(manager)

    assert client.get(CONFIRM_URL).status_code == 405


def test_the_template_sheet_has_the_import_columns(client, manager, committee, domain):
    client.force_login(manager)

    response = client.get("/tasks/import/template.xlsx")

    assert response.status_code == 200
    preview = excel.parse_task_sheet(response.content, committee=committee)
    assert preview.sheet_errors == ["Tệp không có nhiệm vụ nào dưới dòng tiêu đề."]


# ---- the board's export


def export(user, **params):
    request = RequestFactory().get("/tasks/export.xlsx", params)
    request.user = user
    return views_import.export_xlsx(request)


def make_task(committee, domain, unit_name, title, days=30):
    return services.task_create(
        actor=SystemActor("test"),
        committee=committee,
        title=title,
        domain=domain,
        lead_unit=unit_named(unit_name),
        deadline=timezone.localdate() + dt.timedelta(days=days),
    )


def test_export_holds_only_the_users_tasks(personas, committee, domain):
    make_task(committee, domain, "Sở Nội vụ", "Của Nội vụ")
    make_task(committee, domain, "Sở Tư pháp", "Của Tư pháp")

    response = export(personas.focal_a)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhiem-vu-')
    rows = excel.parse_task_sheet(response.content, committee=committee).rows
    assert [r.title for r in rows] == ["Của Nội vụ"]


def test_export_uses_the_boards_filters(personas, committee, domain):
    make_task(committee, domain, "Sở Nội vụ", "Sắp đến hạn", days=2)
    make_task(committee, domain, "Sở Tư pháp", "Còn lâu", days=100)

    def titles(**params):
        response = export(personas.leader, **params)
        return [r.title for r in excel.parse_task_sheet(response.content, committee=committee).rows]

    assert titles(committee=committee.pk, status="due_soon") == ["Sắp đến hạn"]
    assert titles(committee=committee.pk, q="lâu") == ["Còn lâu"]
    assert titles(unit=unit_named("Sở Tư pháp").pk) == ["Còn lâu"]
    assert titles(committee=committee.pk, domain=domain.pk) == ["Sắp đến hạn", "Còn lâu"]


def test_export_with_a_bad_filter_is_400(personas):
    assert export(personas.leader, status="xong").status_code == 400


def test_export_needs_login():
    response = export(AnonymousUser())

    assert response.status_code == 302
