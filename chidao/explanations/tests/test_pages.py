"""The explanation pages: the pending list, one request, the answer form and the letter."""

import io

import pytest
from docx import Document

from chidao.explanations import services
from chidao.explanations.models import ExplanationRequest
from chidao.explanations.tests.helpers import TODAY, make_world
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def issue(world):
    return services.explanation_issue(
        actor=world.staff, subject=world.task, reason="Quá hạn 60 ngày.", issued_on=TODAY
    )


def test_the_pending_list_shows_the_units_request(client):
    world = make_world()
    issue(world)
    client.force_login(world.focal)
    response = client.get("/explanations/")
    assert response.status_code == 200
    assert world.task.title in response.content.decode()


def test_another_unit_gets_a_404_for_the_request(client):
    world = make_world()
    request = issue(world)
    client.force_login(world.other)
    assert client.get(f"/explanations/{request.pk}/").status_code == 404


def test_the_focal_person_answers_through_the_form(client):
    world = make_world()
    request = issue(world)
    client.force_login(world.focal)
    response = client.post(
        f"/explanations/{request.pk}/answer/",
        {"reasons": "Chờ ý kiến bộ.", "done": "Đã trình dự thảo.", "plan": "Xong tháng 4."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ExplanationRequest.State.ANSWERED


def test_an_empty_answer_is_a_422_and_nothing_changes(client):
    world = make_world()
    request = issue(world)
    client.force_login(world.focal)
    response = client.post(f"/explanations/{request.pk}/answer/", {"reasons": ""})
    assert response.status_code == 422
    request.refresh_from_db()
    assert request.state == ExplanationRequest.State.OPEN


def test_a_bad_status_filter_is_a_400_in_vietnamese(client):
    world = make_world()
    client.force_login(world.focal)
    response = client.get("/explanations/?status=x")
    assert response.status_code == 400
    assert "Trạng thái không hợp lệ" in response.content.decode()


def test_issuing_from_a_page_and_the_letter_names_the_unit_and_a_signer(client):
    world = make_world()
    client.force_login(world.staff)
    response = client.post(
        "/explanations/issue/",
        {"subject_kind": "task", "subject_id": world.task.pk, "reason": "Quá hạn."},
    )
    assert response.status_code == 302
    request = ExplanationRequest.objects.get()
    letter = client.get(f"/explanations/{request.pk}/letter.docx")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert world.justice.name in text and "giải trình" in text


def test_a_focal_person_may_not_issue(client):
    world = make_world()
    client.force_login(world.focal)
    response = client.post(
        "/explanations/issue/",
        {"subject_kind": "task", "subject_id": world.task.pk, "reason": "x"},
    )
    assert response.status_code == 403
    assert not ExplanationRequest.objects.exists()
