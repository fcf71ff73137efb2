"""The reply's document as a file: attached by the resolver when answering on the item's
page, or later through `POST /api/v1/obstacles/{id}/reply/document` (multipart); kept in
chidao.storage, shown on the page and downloadable only by those who may see the item; the
JSON reply route keeps its contract."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chidao.audit.models import ChangeLog
from chidao.obstacles import services
from chidao.obstacles.models import Obstacle, ReplyFile
from chidao.obstacles.tests.world import assigned

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR


def letter(name="cong-van-125.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_resolver_attaches_the_letter_when_answering_on_the_page(w, store):
    item = assigned(w)
    client = client_of(w.focal_justice)
    url = reverse("obstacle-detail", args=[item.pk])
    response = client.post(
        url,
        {
            "action": "reply",
            "text": "Đã có văn bản hướng dẫn",
            "document": "125/STP-HCTP",
            "resolved": "on",
            "file": letter(),
        },
    )
    assert response.status_code == 302
    stored = ReplyFile.objects.get(obstacle=item)
    assert (stored.original_name, stored.number) == ("cong-van-125.pdf", "125/STP-HCTP")
    assert (store / stored.storage_name).read_bytes() == PDF
    assert Obstacle.objects.get(pk=item.pk).state == Obstacle.State.RESOLVED
    page = client.get(url).content.decode()
    assert reverse("obstacle-reply-file", args=[stored.pk]) in page and "cong-van-125.pdf" in page


def test_a_refused_file_leaves_the_item_unanswered(w, store):
    item = assigned(w)
    response = client_of(w.focal_justice).post(
        reverse("obstacle-detail", args=[item.pk]),
        {"action": "reply", "text": "Trả lời", "file": letter("x.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 422
    assert "không thuộc loại được phép" in response.content.decode()
    assert Obstacle.objects.get(pk=item.pk).state == Obstacle.State.ASSIGNED
    assert not ReplyFile.objects.exists()
    assert not any(store.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("who", "status"),
    [("focal_justice", 200), ("focal_commune", 200), ("staff", 200), ("focal_finance", 404)],
)
def test_the_letter_is_served_to_those_who_see_the_item_only(w, who, status):
    item = services.obstacle_reply(
        actor=w.focal_justice, obstacle=assigned(w), text="Trả lời", resolved=False,
        upload=letter(),
    )  # fmt: skip
    stored = item.reply_files.get()
    page = client_of(getattr(w, who)).get(reverse("obstacle-reply-file", args=[stored.pk]))
    assert page.status_code == status
    api = client_of(getattr(w, who)).get(f"/api/v1/obstacles/{item.pk}/reply/documents/{stored.pk}")
    assert api.status_code == status
    if status == 200:
        assert b"".join(api.streaming_content) == PDF
        assert "attachment" in api["Content-Disposition"]


def test_the_api_uploads_the_letter_of_an_answered_item(w):
    item = assigned(w)
    url = f"/api/v1/obstacles/{item.pk}/reply/document"
    resolver = client_of(w.focal_justice)
    early = resolver.post(url, {"file": letter()})
    assert early.status_code == 409, early.json()
    # The JSON reply keeps its contract: {text, resolved} → 201 {id, state, replied_on}.
    reply = resolver.post(
        f"/api/v1/obstacles/{item.pk}/reply",
        {"text": "Đã hướng dẫn", "resolved": False},
        content_type="application/json",
    )
    assert reply.status_code == 201 and set(reply.json()) == {"id", "state", "replied_on"}
    response = resolver.post(url, {"file": letter(), "number": "125/STP-HCTP"})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["number"]) == ("cong-van-125.pdf", "125/STP-HCTP")
    assert Obstacle.objects.get(pk=item.pk).reply_document == "125/STP-HCTP"
    assert ChangeLog.objects.filter(action="obstacle.reply_file", target_id=str(item.pk)).exists()
    detail = client_of(w.focal_commune).get(f"/api/v1/obstacles/{item.pk}").json()
    assert [f["id"] for f in detail["reply_files"]] == [body["id"]]


@pytest.mark.parametrize(("who", "status"), [("focal_commune", 403), ("focal_finance", 404)])
def test_only_the_resolver_or_the_agency_uploads(w, who, status):
    item = services.obstacle_reply(
        actor=w.focal_justice, obstacle=assigned(w), text="Trả lời", resolved=False
    )
    response = client_of(getattr(w, who)).post(
        f"/api/v1/obstacles/{item.pk}/reply/document", {"file": letter()}
    )
    assert response.status_code == status
    assert not ReplyFile.objects.exists()


def test_a_refused_upload_is_a_422_and_stores_nothing(w, store):
    item = services.obstacle_reply(
        actor=w.staff, obstacle=assigned(w), text="Trả lời", resolved=False
    )
    response = client_of(w.staff).post(
        f"/api/v1/obstacles/{item.pk}/reply/document", {"file": letter("a.pdf", b"plain text")}
    )
    assert response.status_code == 422
    assert not ReplyFile.objects.exists() and not any(store.rglob("*.*"))
