"""The upload page and the review page: text beside the draft, spans marked, commit."""

import pytest
from django.urls import reverse

from chidao.committees.models import CommitteeVersion
from chidao.ingest import services
from chidao.ingest.models import IngestDraft
from chidao.ingest.tests.helpers import set_text

pytestmark = pytest.mark.django_db


def login(client, user, personas):
    assert client.login(username=user.username, password=personas.password)


def test_anonymous_goes_to_login_and_a_focal_person_is_refused(client, personas):
    response = client.get(reverse("ingest-upload"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]

    login(client, personas.focal_a, personas)
    assert client.get(reverse("ingest-upload")).status_code == 403


def test_pasting_a_decision_leads_to_its_review_page(client, personas):
    login(client, personas.standing, personas)

    response = client.post(reverse("ingest-upload"), {"text": set_text("seed_001.txt")})

    draft = IngestDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ingest-review", args=[draft.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark title="Người">Trần Sỹ Thanh</mark>' in html
    assert '<mark title="Số quyết định">818/QĐ-UBND</mark>' in html
    assert 'value="Lê Hồng Sơn"' in html
    assert "Ghi vào sổ" in html


def test_bad_input_shows_the_message_and_saves_nothing(client, personas):
    login(client, personas.standing, personas)

    response = client.post(reverse("ingest-upload"), {"text": "   "})

    assert response.status_code == 400
    assert "rỗng" in response.content.decode()
    assert not IngestDraft.objects.exists()


def test_correcting_and_committing_on_the_page(client, personas):
    login(client, personas.standing, personas)
    draft = services.draft_create(actor=personas.standing, text=set_text("d12_can_tho_2024.txt"))
    page = client.get(reverse("ingest-review", args=[draft.pk]))
    form = _form_values(page.context, draft)
    form["seat-0-person"] = "Dương Tấn Hiến"  # corrected
    form["seat-7-remove"] = "on"  # the last member removed
    form["seat-8-role"] = "member"  # a new row
    form["seat-8-position"] = "Giám đốc"
    form["seat-8-unit"] = "Sở Y tế"
    form["do"] = "commit"

    response = client.post(reverse("ingest-review", args=[draft.pk]), form)

    version = CommitteeVersion.objects.get(external_id=f"ingest-version:{draft.pk}")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("committee-detail", args=[version.committee_id]) + "?as_of=2024-01-15"
    )
    seats = list(version.seats.filter(body="committee").order_by("order"))
    assert seats[0].person.full_name == "Dương Tấn Hiến"
    assert len(seats) == 8
    assert seats[-1].position.unit.name == "Sở Y tế"
    detail = client.get(response["Location"])
    assert "Dương Tấn Hiến" in detail.content.decode()


def test_saving_keeps_the_corrections_without_touching_the_register(client, personas):
    login(client, personas.standing, personas)
    draft = services.draft_create(
        actor=personas.standing, text=set_text("d06_da_nang_bao_2022.txt")
    )
    form = _form_values(client.get(reverse("ingest-review", args=[draft.pk])).context, draft)
    form["committee-name"] = "Ban Chỉ đạo Chuyển đổi số thành phố Đà Nẵng"
    form["do"] = "save"

    client.post(reverse("ingest-review", args=[draft.pk]), form)

    draft.refresh_from_db()
    assert draft.current["committee"]["name"] == "Ban Chỉ đạo Chuyển đổi số thành phố Đà Nẵng"
    assert draft.state == "draft"
    assert not CommitteeVersion.objects.filter(external_id=f"ingest-version:{draft.pk}").exists()


def _form_values(context, draft) -> dict:
    data = draft.current
    form = {
        "document-number": data["document"]["number"] or "",
        "document-date": data["document"]["date"] or "",
        "document-issuer": data["document"]["issuer"] or "",
        "document-signer": data["document"]["signer"] or "",
        "source-date": (data.get("source") or {}).get("date") or "",
        "action": data["action"] or "",
        "committee-name": data["committee"]["name"] or "",
        "committee-predecessor": data["committee"]["predecessor"] or "",
        "seat_count": len(context["seat_rows"]),
        "agency_count": len(context["agency_rows"]),
        "replace_count": len(context["replace_rows"]),
    }
    for row in context["seat_rows"]:
        prefix = f"seat-{row['n']}-"
        form[prefix + "index"] = row["index"]
        form[prefix + "body"] = row["body"]
        for key in ("role", "person", "position", "unit", "portfolio", "rule"):
            form[prefix + key] = row["seat"].get(key) or ""
    for n, agency in context["agency_rows"]:
        form[f"agency-{n}-domain"] = agency.get("domain") or "all"
        form[f"agency-{n}-unit"] = agency.get("unit") or ""
    for n, replaced in context["replace_rows"]:
        form[f"replace-{n}-number"] = replaced.get("number") or ""
        form[f"replace-{n}-date"] = replaced.get("date") or ""
    return form


def test_low_confidence_fields_and_seats_are_flagged_on_the_review_page(client, personas):
    login(client, personas.standing, personas)
    # the name is read from a passing mention (no act names it) and the seat has no unit
    draft = services.draft_create(
        actor=personas.standing,
        text=(
            "Theo Quyết định số 12/QĐ-UBND ngày 2/3/2025, Ban Chỉ đạo chuyển đổi số tỉnh Lạng "
            "Sơn do ông Nguyễn Văn An, Giám đốc làm Trưởng ban."
        ),
    )
    assert draft.current["confidence"]["committee.name"] == "low"

    html = client.get(reverse("ingest-review", args=[draft.pk])).content.decode()

    assert '<div class="field low-confidence"><label for="committee-name">' in html
    assert '<tr class="low-confidence"' in html
    assert html.count("độ tin cậy thấp: kiểm tra lại") >= 2


def test_an_amend_of_a_committee_not_in_the_register_is_kept_as_a_draft_and_refused(
    client, personas
):
    from chidao.ingest.readers import IngestError

    draft = services.draft_create(
        actor=personas.standing,
        text=(
            "Ngày 2/10/2025, UBND tỉnh Lạng Sơn ban hành Quyết định số 300/QĐ-UBND bổ sung thành "
            "viên Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn: bổ sung ông Trần Văn Bình, Giám đốc "
            "Sở Tài chính, thành viên Ban Chỉ đạo."
        ),
    )
    assert draft.current["action"] == "amend"

    with pytest.raises(IngestError) as refused:
        services.draft_commit(actor=personas.standing, draft=draft)

    assert refused.value.status == 422
    assert "chưa có trong sổ đăng ký" in str(refused.value)
    assert not CommitteeVersion.objects.filter(committee__name__icontains="Lạng Sơn").exists()


def test_the_review_page_shows_dates_as_dd_mm_yyyy_and_takes_them_back(client, personas):
    login(client, personas.standing, personas)
    draft = services.draft_create(actor=personas.standing, text=set_text("d12_can_tho_2024.txt"))
    page = client.get(reverse("ingest-review", args=[draft.pk]))
    html = page.content.decode()
    assert 'name="document-date" value="15/01/2024"' in html
    assert 'value="2024-01-15"' not in html

    form = _form_values(page.context, draft)
    form["document-date"] = "15/01/2024"
    form["do"] = "save"
    client.post(reverse("ingest-review", args=[draft.pk]), form)
    draft.refresh_from_db()
    assert draft.current["document"]["date"] == "2024-01-15"


def test_the_review_page_speaks_the_users_language(client, personas):
    """Labels, headings, buttons and the marks' titles go through the catalogue: a user who
    chose English reads no Vietnamese caption on the review page."""
    personas.standing.language = "en"
    personas.standing.save(update_fields=["language"])
    draft = services.draft_create(actor=personas.standing, text=set_text("seed_001.txt"))
    login(client, personas.standing, personas)

    html = client.get(reverse("ingest-review", args=[draft.pk])).content.decode()

    for vietnamese in ("Ngày ký", "Ghi vào sổ", "Thành phần", "Cơ quan thường trực", "Ủy viên"):
        assert f">{vietnamese}<" not in html, vietnamese
    assert "Signing date" in html
    assert '<mark title="Person">Trần Sỹ Thanh</mark>' in html
