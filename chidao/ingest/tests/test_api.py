"""POST /api/v1/ingest returns the draft; POST /api/v1/ingest/{id}/commit writes it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.accounts.tokens import token_create
from chidao.committees.models import CommitteeVersion
from chidao.core.policy import SystemActor
from chidao.documents.models import LegalDocument
from chidao.ingest.models import IngestDraft
from chidao.ingest.tests.helpers import FIXTURES, blank_pdf_bytes, contract, set_text

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = [
    "document",
    "action",
    "replaces",
    "committee",
    "seats",
    "standing_agencies",
    "working_group",
]


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


def test_posting_text_returns_the_draft(client, personas):
    response = client.post(
        "/api/v1/ingest",
        {"text": set_text("seed_001.txt")},
        content_type="application/json",
        headers=bearer(personas.standing),
    )

    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["id"], int)
    assert [k for k in body if k in CONTRACT_KEYS] == CONTRACT_KEYS
    assert body["document"]["number"] == "818/QĐ-UBND"
    assert set(body["seats"][0]) >= {"role", "person", "position", "unit"}
    assert IngestDraft.objects.filter(pk=body["id"], state="draft").exists()


def test_uploading_a_file_returns_the_same_draft_as_the_command(client, personas):
    import json
    from io import StringIO

    from django.core.management import call_command

    upload = SimpleUploadedFile("seed_000.txt", set_text("seed_000.txt").encode("utf-8"))
    response = client.post("/api/v1/ingest", {"file": upload}, headers=bearer(personas.standing))
    out = StringIO()
    call_command(
        "ingest",
        str(FIXTURES.parent.parent.parent.parent / "tests" / "ingest_set" / "seed_000.txt"),
        "--json",
        stdout=out,
    )

    assert response.status_code == 201
    assert contract(response.json()) == contract(json.loads(out.getvalue()))


def test_a_pdf_upload_is_read(client, personas):
    upload = SimpleUploadedFile("qd.pdf", (FIXTURES / "quyet_dinh_112.pdf").read_bytes())

    response = client.post("/api/v1/ingest", {"file": upload}, headers=bearer(personas.admin))

    assert response.status_code == 201
    assert response.json()["document"]["number"] == "112/QĐ-UBND"


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"file": ("trong.txt", b"")}, 400, "rỗng"),
        ({"file": ("scan.pdf", "blank-pdf")}, 422, "lớp chữ"),
        (
            {
                "file": (
                    "en.txt",
                    b"This is a plain English text with no Vietnamese words at all in it, really.",
                )
            },
            422,
            "tiếng Việt",
        ),
        ({"file": ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)}, 415, "không đọc được"),
        (
            {
                "text": "Hôm nay trời đẹp, các em học sinh của thành phố được đi chơi "
                "và ăn kem trong những ngày nghỉ."
            },
            422,
            "Ban Chỉ đạo",
        ),
        ({}, 400, "Thiếu"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, personas, payload, status, fragment):
    drafts = IngestDraft.objects.count()
    if "file" in payload:
        name, content = payload["file"]
        content = blank_pdf_bytes() if content == "blank-pdf" else content
        response = client.post(
            "/api/v1/ingest",
            {"file": SimpleUploadedFile(name, content)},
            headers=bearer(personas.standing),
        )
    else:
        response = client.post(
            "/api/v1/ingest",
            payload,
            content_type="application/json",
            headers=bearer(personas.standing),
        )

    assert response.status_code == status
    assert fragment in response.json()["detail"]
    assert IngestDraft.objects.count() == drafts


def test_an_upload_over_the_limit_is_refused_early(client, personas, settings):
    settings.CHIDAO_UPLOAD_MAX_BYTES = 2000
    upload = SimpleUploadedFile("lon.txt", ("Quyết định " * 20000).encode("utf-8"))

    response = client.post("/api/v1/ingest", {"file": upload}, headers=bearer(personas.standing))

    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]
    assert IngestDraft.objects.count() == 0


def test_without_credentials_401_and_without_the_right_403(client, personas):
    anonymous = client.post("/api/v1/ingest", {"text": "x"}, content_type="application/json")
    focal = client.post(
        "/api/v1/ingest",
        {"text": "x"},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert anonymous.status_code == 401
    assert focal.status_code == 403
    assert "thường trực" in focal.json()["detail"]


def test_commit_writes_the_decision_and_the_version(client, personas):
    created = client.post(
        "/api/v1/ingest",
        {"text": set_text("d05_bac_ninh_2022.txt")},
        content_type="application/json",
        headers=bearer(personas.standing),
    ).json()
    corrected = {key: created[key] for key in CONTRACT_KEYS}
    corrected["seats"][0]["person"] = "Hoàng Văn Sáng"

    response = client.post(
        f"/api/v1/ingest/{created['id']}/commit",
        corrected,
        content_type="application/json",
        headers=bearer(personas.standing),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["decision"]["number"] == "455/QĐ-UBND"
    assert (
        body["committee"]["name"]
        == "Ban Chỉ đạo cải cách hành chính và chuyển đổi số tỉnh Bắc Ninh"
    )
    assert body["effective_from"] == "2022-09-14"
    assert LegalDocument.objects.filter(pk=body["decision"]["id"]).exists()
    version = CommitteeVersion.objects.get(pk=body["version"]["id"])
    composition = client.get(
        f"/api/v1/committees/{body['committee']['id']}/composition?as_of=2022-09-14"
    ).json()
    assert composition["basis"][0]["id"] == version.decision_id
    assert composition["seats"][0]["person"] == "Hoàng Văn Sáng"
    assert sorted(a["domain"] for a in composition["standing_agencies"]) == [
        "administrative_reform",
        "digital_transformation",
    ]

    again = client.post(f"/api/v1/ingest/{created['id']}/commit", headers=bearer(personas.standing))
    assert again.status_code == 409


def test_commit_of_an_unknown_draft_is_404_and_a_viewer_gets_403(client, personas):
    assert (
        client.post("/api/v1/ingest/999999/commit", headers=bearer(personas.admin)).status_code
        == 404
    )
    assert (
        client.post("/api/v1/ingest/999999/commit", headers=bearer(personas.viewer)).status_code
        == 403
    )


def test_get_and_put_a_draft(client, personas):
    created = client.post(
        "/api/v1/ingest",
        {"text": set_text("d10_hn_khong_danh_xung_2019.txt")},
        content_type="application/json",
        headers=bearer(personas.standing),
    ).json()

    fetched = client.get(f"/api/v1/ingest/{created['id']}", headers=bearer(personas.standing))
    updated = client.put(
        f"/api/v1/ingest/{created['id']}",
        {"committee": {"name": "Ban Chỉ đạo CCHC thành phố Hà Nội"}},
        content_type="application/json",
        headers=bearer(personas.standing),
    )
    bad = client.put(
        f"/api/v1/ingest/{created['id']}",
        {"action": "merge"},
        content_type="application/json",
        headers=bearer(personas.standing),
    )

    assert fetched.status_code == 200 and fetched.json()["id"] == created["id"]
    assert updated.status_code == 200
    assert updated.json()["committee"]["name"] == "Ban Chỉ đạo CCHC thành phố Hà Nội"
    assert bad.status_code == 422
