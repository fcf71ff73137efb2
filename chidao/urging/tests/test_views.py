"""Pages: the urging letter download (who may, bad parameters)."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import unit_named
from chidao.committees.models import Committee
from chidao.urging.tests.test_plan import committee_818, make_task, make_user

E_GOVERNMENT = "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def letter_url(committee_id, unit_id) -> str:
    return f"{reverse('urging-letter')}?committee={committee_id}&unit={unit_id}"


@pytest.fixture
def justice(db):
    return unit_named("Sở Tư pháp")


@pytest.fixture
def home_affairs_officer(db):
    """Standing-agency staff of the 2023 committee (Home Affairs: administrative reform)."""
    return make_user(role=Role.STANDING)


def header_text(response) -> str:
    document = docx.Document(io.BytesIO(response.content))
    return document.tables[0].cell(0, 0).text


def test_standing_agency_staff_download_the_letter(client, home_affairs_officer, justice):
    today = timezone.localdate()
    task = make_task(
        deadline=today - dt.timedelta(days=4),
        unit_name="Sở Tư pháp",
        assigned_on=today - dt.timedelta(days=30),
    )
    client.force_login(home_affairs_officer)
    response = client.get(letter_url(committee_818().pk, justice.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "don-doc-so-tu-phap-" in disposition and ".docx" in disposition
    document = docx.Document(io.BytesIO(response.content))
    assert "SỞ NỘI VỤ" in document.tables[0].cell(0, 0).text
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert [task.title, "Quá hạn", "4"] == [rows[0][1], rows[0][4], rows[0][5]]


def test_the_letter_is_issued_by_the_users_own_standing_agency(client, justice):
    officer = make_user(unit_name="Sở Thông tin và Truyền thông", role=Role.STANDING)
    client.force_login(officer)
    response = client.get(letter_url(committee_818().pk, justice.pk))
    assert response.status_code == 200
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in header_text(response)


def test_administrators_may_download_any_committees_letter(client, personas, justice):
    client.force_login(personas.admin)
    response = client.get(letter_url(committee_818().pk, justice.pk))
    assert response.status_code == 200
    assert "SỞ NỘI VỤ" in header_text(response)  # the committee's standing agency


def test_standing_staff_of_another_committee_are_refused(client, personas, justice):
    client.force_login(personas.standing)  # the Office: standing agency of the e-Government one
    assert client.get(letter_url(committee_818().pk, justice.pk)).status_code == 403
    e_government = Committee.objects.get(name=E_GOVERNMENT)
    response = client.get(letter_url(e_government.pk, justice.pk))
    assert response.status_code == 200
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ" in header_text(response)


@pytest.mark.parametrize("who", ["focal_a", "leader", "viewer"])
def test_other_roles_are_refused(client, personas, justice, who):
    client.force_login(getattr(personas, who))
    assert client.get(letter_url(committee_818().pk, justice.pk)).status_code == 403


def test_anonymous_users_are_sent_to_login(client, justice):
    response = client.get(letter_url(committee_818().pk, justice.pk))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Thiếu tham số “committee”"),
        ("?committee=3", "Thiếu tham số “unit”"),
        ("?committee=abc&unit=1", "Tham số “committee” phải là mã số"),
        ("?committee=3&unit=-1", "Tham số “unit” phải là mã số"),
    ],
)
def test_missing_or_malformed_parameters_answer_400_in_vietnamese(
    client, home_affairs_officer, query, message
):
    client.force_login(home_affairs_officer)
    response = client.get(reverse("urging-letter") + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_ids_answer_404(client, home_affairs_officer, justice):
    client.force_login(home_affairs_officer)
    assert client.get(letter_url(999999, justice.pk)).status_code == 404
    assert client.get(letter_url(committee_818().pk, 999999)).status_code == 404


# -- the former notifications address ------------------------------------------------------


def test_the_former_notifications_address_leads_to_the_notifications_page(client, db):
    assert reverse("login") in client.get(reverse("urging-notifications"))["Location"]
    client.force_login(make_user())
    response = client.get(reverse("urging-notifications"))
    assert response.status_code == 301
    assert response["Location"] == reverse("notifications")
