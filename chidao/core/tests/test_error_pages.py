"""Error answers: Vietnamese pages inside the layout, JSON under /api/."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from chidao.core import error_views

pytestmark = pytest.mark.django_db


def test_an_unknown_address_answers_404_in_vietnamese_inside_the_layout(client, personas):
    client.force_login(personas.focal_a)
    response = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang này" in page
    assert '<nav class="menu"' in page
    assert "Not Found" not in page


def test_a_refusal_answers_403_with_its_reason_and_the_way_back(client, personas):
    client.force_login(personas.focal_a)
    response = client.get(reverse("task-import"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền mở trang này" in page
    assert "Chỉ cán bộ cơ quan thường trực mới nhập nhiệm vụ." in page
    assert f'href="{reverse("home")}"' in page
    assert "Forbidden" not in page


def test_the_api_keeps_json_errors(client, personas):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_an_expired_form_gets_the_csrf_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.focal_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_a_server_error_page_in_vietnamese(personas):
    request = RequestFactory().get("/tasks/")
    request.user = personas.focal_a
    response = error_views.server_error(request)
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in response.content.decode()


def test_a_server_error_under_the_api_is_json():
    response = error_views.server_error(RequestFactory().get("/api/v1/tasks"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")


def test_a_bad_request_page_in_vietnamese():
    request = RequestFactory().get("/tasks/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_views.bad_request(request)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_leaders_count_boxes_on_their_units_tasks_open_the_board(client, personas):
    client.force_login(personas.leader)
    page = client.get(reverse("my-tasks")).content.decode()
    board = reverse("task-board")
    links = set(re.findall(rf'href="({re.escape(board)}\?[^"]+)"', page))
    assert links
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_a_page_answers_a_service_refusal_in_the_layout_with_its_status(rf):
    from chidao.core.error_views import answers_refusals
    from chidao.core.errors import ActionRefused

    @answers_refusals
    def view(request):
        raise ActionRefused("Cuộc họp đã hủy, không gửi giấy mời được.", status=409)

    request = rf.post("/meetings/1/send/")
    request.user = None
    response = view(request)
    assert response.status_code == 409
    assert "Cuộc họp đã hủy" in response.content.decode()
