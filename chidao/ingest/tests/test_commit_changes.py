"""Committing an amend changes only the seats it names, on a new version that carries the
others over; committing a dissolution ends the committee. Both through the register's write
services, with the text as their source; by the service, the API and the review page.

ESTABLISH is written for these tests (synthetic), modelled on the real news of 598/QĐ-TTg,
so that the real news of 2130/QĐ-TTg (tests/ingest_set/real/r018_…, dev split) has the seats
it replaces to act on."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from chidao.accounts.tests.factories import login_verified
from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee, CommitteeVersion, Seat
from chidao.committees.selectors import composition_on
from chidao.ingest import services
from chidao.ingest.readers import IngestError
from chidao.ingest.tests.test_api import bearer
from chidao.ingest.tests.test_views import _form_values

pytestmark = pytest.mark.django_db

REAL_2130 = (
    Path(settings.BASE_DIR)
    / "tests"
    / "ingest_set"
    / "real"
    / "r018_tw_bcd_khcn_2130_bo_sung_2025.txt"
)
NAME = (
    "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển "
    "đổi số và Đề án 06"
)
ESTABLISH = (  # synthetic
    "Ngày 13/3/2025, Thủ tướng Chính phủ Phạm Minh Chính ký Quyết định số 598/QĐ-TTg thành "
    f"lập {NAME}.\n\nTheo Quyết định, Trưởng Ban Chỉ đạo là đồng chí Phạm Minh Chính, Thủ "
    "tướng Chính phủ. Các thành viên Ban Chỉ đạo gồm: đồng chí Đỗ Đức Duy, Bộ trưởng Bộ Tài "
    "nguyên và Môi trường; đồng chí Phan Chí Hiếu, Chủ tịch Viện Hàn lâm Khoa học xã hội Việt "
    "Nam; đồng chí Phạm Đức Long, Thứ trưởng Bộ Khoa học và Công nghệ; đồng chí Nguyễn Văn "
    "Thắng, Bộ trưởng Bộ Tài chính."
)
DISSOLVE = (  # synthetic
    f"Ngày 20/11/2025, Thủ tướng Chính phủ ký Quyết định số 2500/QĐ-TTg giải thể {NAME}."
)
KEPT = {"Phạm Minh Chính", "Nguyễn Văn Thắng"}
ADDED = {"Lê Hoài Trung", "Trần Đức Thắng", "Lê Văn Lợi", "Vũ Hải Quân"}


def real_2130() -> str:
    return REAL_2130.read_text(encoding="utf-8")


def established(personas) -> CommitteeVersion:
    draft = services.draft_create(actor=personas.admin, text=ESTABLISH)
    return services.draft_commit(actor=personas.admin, draft=draft)[1]


def people(version: CommitteeVersion) -> set[str]:
    return {seat.person.full_name for seat in version.seats.select_related("person")}


def test_the_real_news_of_added_members_reads_as_an_amend_with_only_those_seats():
    out = io.StringIO()
    call_command("ingest", str(REAL_2130), "--json", stdout=out)
    draft = json.loads(out.getvalue())

    assert draft["action"] == "amend"
    assert {s["person"] for s in draft["seats"]} == ADDED
    assert {s["person"] for s in draft["removed_seats"]} == {
        "Đỗ Đức Duy",
        "Phan Chí Hiếu",
        "Phạm Đức Long",
    }


def test_committing_an_amend_keeps_the_seats_it_does_not_name(personas):
    first = established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())

    document, version = services.draft_commit(actor=personas.admin, draft=draft)

    assert version.action == CommitteeVersion.Action.AMEND
    assert version.committee_id == first.committee_id
    assert version.effective_from.isoformat() == "2025-09-24"
    assert document.number == "2130/QĐ-TTg"
    assert people(version) == KEPT | ADDED
    assert people(first) == KEPT | {"Đỗ Đức Duy", "Phan Chí Hiếu", "Phạm Đức Long"}
    kept = version.seats.get(person__full_name="Nguyễn Văn Thắng")
    assert kept.source_id == first.source_id  # a carried seat keeps its own source
    added = version.seats.get(person__full_name="Vũ Hải Quân")
    assert added.source_id == document.source_id
    assert "Vũ Hải Quân" in added.source_quote
    assert [s.order for s in version.seats.order_by("order")] == [1, 2, 3, 4, 5, 6]


def test_the_composition_before_and_after_an_amend(personas):
    first = established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())
    services.draft_commit(actor=personas.admin, draft=draft)
    before = composition_on(first.committee, dt.date(2025, 9, 23))
    after = composition_on(first.committee, dt.date(2026, 1, 1))

    assert {s.person for s in before.seats} == KEPT | {
        "Đỗ Đức Duy",
        "Phan Chí Hiếu",
        "Phạm Đức Long",
    }
    assert {s.person for s in after.seats} == KEPT | ADDED
    assert [d["action"] for d in after.decision_chain] == ["establish", "amend"]


def test_an_amend_removing_someone_not_seated_is_refused_and_writes_nothing(personas):
    established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())
    data = draft.current
    data["removed_seats"].append({"role": "member", "person": "Hoàng Văn Không"})
    versions = CommitteeVersion.objects.count()

    with pytest.raises(IngestError) as refused:
        services.draft_commit(actor=personas.admin, draft=draft, corrected=data)

    assert refused.value.status == 422
    assert "Hoàng Văn Không" in str(refused.value)
    assert CommitteeVersion.objects.count() == versions


def test_an_amend_dated_before_every_version_is_refused(personas):
    established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())
    data = draft.current
    data["document"]["date"] = "2025-01-01"

    with pytest.raises(IngestError) as refused:
        services.draft_commit(actor=personas.admin, draft=draft, corrected=data)

    assert refused.value.status == 422
    assert "chưa có thành phần nào trước" in str(refused.value)


def test_committing_a_dissolution_ends_the_committee(personas):
    first = established(personas)
    draft = services.draft_create(actor=personas.admin, text=DISSOLVE)
    assert draft.current["action"] == "dissolve"

    document, version = services.draft_commit(actor=personas.admin, draft=draft)

    committee = Committee.objects.get(pk=first.committee_id)
    assert version is None
    assert committee.dissolved_on.isoformat() == "2025-11-20"
    assert committee.dissolved_by == document
    assert committee.dissolution_source.text == DISSOLVE
    assert ChangeLog.objects.filter(action="dissolve", target_id=str(committee.pk)).count() == 1
    ended = composition_on(committee, dt.date(2026, 1, 1))
    assert ended.status == "dissolved" and ended.seats == []
    assert "2500/QĐ-TTg" in ended.message
    assert composition_on(committee, dt.date(2025, 6, 1)).status == "established"


def test_a_dissolution_of_a_committee_not_in_the_register_is_refused(personas):
    draft = services.draft_create(actor=personas.admin, text=DISSOLVE)

    with pytest.raises(IngestError) as refused:
        services.draft_commit(actor=personas.admin, draft=draft)

    assert refused.value.status == 422
    assert "chưa có trong sổ đăng ký" in str(refused.value)


def test_the_api_commits_an_amend_and_a_dissolution(client, personas):
    established(personas)
    headers = bearer(personas.admin)
    created = client.post(
        "/api/v1/ingest", {"text": real_2130()}, content_type="application/json", headers=headers
    ).json()

    response = client.post(f"/api/v1/ingest/{created['id']}/commit", headers=headers)

    assert response.status_code == 201
    body = response.json()
    version = CommitteeVersion.objects.get(pk=body["version"]["id"])
    assert people(version) == KEPT | ADDED
    composition = client.get(
        f"/api/v1/committees/{body['committee']['id']}/composition?as_of=2025-12-01"
    ).json()
    assert {s["person"] for s in composition["seats"]} == KEPT | ADDED

    created = client.post(
        "/api/v1/ingest", {"text": DISSOLVE}, content_type="application/json", headers=headers
    ).json()
    response = client.post(f"/api/v1/ingest/{created['id']}/commit", headers=headers)

    assert response.status_code == 201
    assert response.json()["version"] is None
    assert response.json()["dissolved_on"] == "2025-11-20"
    composition = client.get(
        f"/api/v1/committees/{body['committee']['id']}/composition?as_of=2025-12-01"
    ).json()
    assert composition["status"] == "dissolved"
    assert composition["dissolved"]["decision"]["number"] == "2500/QĐ-TTg"
    listed = client.get("/api/v1/committees?search=de an 06", headers=headers).json()
    ended = next(c for c in listed if c["id"] == body["committee"]["id"])
    assert ended["dissolved_on"] == "2025-11-20" and ended["current_decision"] is None


def test_an_amend_of_a_committee_in_the_register_is_403_for_staff_who_do_not_serve_it(
    client, personas
):
    established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())
    response = client.post(f"/api/v1/ingest/{draft.pk}/commit", headers=bearer(personas.focal_a))

    assert response.status_code == 403
    assert CommitteeVersion.objects.filter(action="amend").count() == 0


def test_the_review_page_commits_an_amend_to_the_committee_page(client, personas):
    first = established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())
    login_verified(client, personas.admin)
    page = client.get(reverse("ingest-review", args=[draft.pk]))
    assert "Thôi: Đỗ Đức Duy" in page.content.decode()  # the reviewer sees what goes
    form = _form_values(page.context, draft)
    form["do"] = "commit"

    response = client.post(reverse("ingest-review", args=[draft.pk]), form)

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("committee-detail", args=[first.committee_id]) + "?as_of=2025-09-24"
    )
    version = CommitteeVersion.objects.get(action="amend")
    assert people(version) == KEPT | ADDED
    html = client.get(response["Location"]).content.decode()
    assert "Vũ Hải Quân" in html and "Nguyễn Văn Thắng" in html and "Đỗ Đức Duy" not in html


def test_the_committee_page_says_when_a_committee_was_dissolved(client, personas):
    first = established(personas)
    draft = services.draft_create(actor=personas.admin, text=DISSOLVE)
    services.draft_commit(actor=personas.admin, draft=draft)
    assert client.login(username=personas.viewer.username, password=personas.password)

    html = client.get(
        reverse("committee-detail", args=[first.committee_id]) + "?as_of=2026-01-01"
    ).content.decode()

    assert "đã giải thể từ 20/11/2025 theo Quyết định 2500/QĐ-TTg" in html
    listing = client.get(reverse("home") + "?q=de an 06").content.decode()
    assert "Đã giải thể từ 20/11/2025" in listing
    assert Seat.objects.filter(version__committee_id=first.committee_id).count() == 5


@pytest.mark.parametrize("removed", ["Đỗ Đức Duy", ["Đỗ Đức Duy"], [{"person": 5}]])
def test_a_malformed_list_of_removed_seats_is_refused_422(personas, removed):
    established(personas)
    draft = services.draft_create(actor=personas.admin, text=real_2130())

    with pytest.raises(IngestError) as refused:
        services.draft_commit(
            actor=personas.admin, draft=draft, corrected={"removed_seats": removed}
        )

    assert refused.value.status == 422
    assert not CommitteeVersion.objects.filter(action="amend").exists()
