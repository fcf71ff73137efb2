"""Evaluation pages for each persona: anonymous, a unit's focal person (own unit / another),
the standing agency, a leader, a viewer; forms that write through the services; downloads;
and the ranking page's query budget, which must not grow with the number of units."""

import io
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from chidao.evaluation import services
from chidao.evaluation.models import CriteriaSet, EvidenceFile, Proposal
from chidao.evaluation.tests import helpers as h
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# session, user, the user's standing agencies, cycle, criteria sets, criteria, units, scores,
# groups of the cycle, the previous cycle of the group (its results when there is one), the
# menu's count of unread notifications.
RANKING_MAX_QUERIES = 11
# session, user, cycle, own unit in the cycle?, frozen results, groups, previous cycle,
# unread notifications.
PUBLISHED_RANKING_MAX_QUERIES = 8


@pytest.fixture
def manager(personas):
    return h.standing()


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def cycle(personas):
    cycle = h.make_cycle(self_assessment_deadline=h.D(2100, 1, 1))
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    return cycle


def to_appraisal(cycle):
    h.self_assess_all(cycle, Decimal("0.5"), units=h.departments()[1:])
    h.external_all(cycle)
    services.fill_computed(actor=h.SYSTEM, cycle=cycle)
    services.cycle_start_appraisal(actor=h.SYSTEM, cycle=cycle)


def test_anonymous_visitors_are_sent_to_login(client, cycle):
    for url in (
        "/evaluation/",
        f"/evaluation/{cycle.pk}/",
        f"/evaluation/{cycle.pk}/proposals.docx",
        "/evaluation/sets/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_focal_person_self_assesses_on_the_page(client, personas, cycle):
    a = h.departments()[0]
    score = h.score_of(cycle, a, "1.1")
    login(client, personas.focal_a)

    page = client.get(f"/evaluation/{cycle.pk}/self-assessment/")
    response = client.post(
        f"/evaluation/{cycle.pk}/self-assessment/{score.pk}/",
        {
            f"s{score.pk}-score": "5.25",
            f"s{score.pk}-explanation": "Kế hoạch ban hành đúng hạn.",
            f"s{score.pk}-files": SimpleUploadedFile("kh.pdf", PDF),
        },
    )

    assert page.status_code == 200
    assert "Kế hoạch năm" in page.content.decode()
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.self_score == Decimal("5.25")
    evidence = EvidenceFile.objects.get(score=score)
    download = client.get(f"/evaluation/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # another unit's focal person can neither see nor post
    login(client, personas.focal_b)
    assert client.get(f"/evaluation/evidence/{evidence.pk}/").status_code == 404
    refused = client.post(
        f"/evaluation/{cycle.pk}/self-assessment/{score.pk}/",
        {f"s{score.pk}-score": "1", f"s{score.pk}-explanation": "x"},
    )
    assert refused.status_code == 404
    score.refresh_from_db()
    assert score.self_score == Decimal("5.25")


def test_results_pages_before_and_after_approval(client, personas, manager, cycle):
    a, b, _c = h.departments()
    to_appraisal(cycle)

    login(client, personas.focal_a)
    ranking = client.get(f"/evaluation/{cycle.pk}/").content.decode()
    assert "được công bố sau khi Ban Chỉ đạo phê duyệt" in ranking
    assert "Sở Tư pháp" not in ranking
    assert client.get(f"/evaluation/{cycle.pk}/self-assessment/").status_code == 200
    assert client.get(f"/evaluation/{cycle.pk}/units/{a.pk}/").status_code == 403
    assert client.get(f"/evaluation/{cycle.pk}/units/{b.pk}/").status_code == 403

    login(client, manager)
    provisional = client.get(f"/evaluation/{cycle.pk}/").content.decode()
    assert "Kết quả tạm tính" in provisional and "Sở Tư pháp" in provisional
    assert "<svg" in provisional

    login(client, personas.leader)
    assert client.post(f"/evaluation/{cycle.pk}/actions/approve/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == "appraisal"  # Sở Nội vụ's self-scores wait for appraisal...
    login(client, manager)
    client.post(f"/evaluation/{cycle.pk}/appraisal/{b.pk}/accept-all/")
    client.post(f"/evaluation/{cycle.pk}/appraisal/{h.departments()[2].pk}/accept-all/")
    login(client, personas.leader)
    client.post(f"/evaluation/{cycle.pk}/actions/approve/")
    cycle.refresh_from_db()
    assert cycle.state == "approved"

    login(client, personas.focal_a)
    published = client.get(f"/evaluation/{cycle.pk}/").content.decode()
    assert "Sở Tư pháp" in published and "Kết quả tạm tính" not in published
    sheet = client.get(f"/evaluation/{cycle.pk}/units/{b.pk}/").content.decode()
    assert "Điểm này từ đâu" in sheet and "Tính từ dữ liệu" in sheet
    assert client.get(f"/evaluation/{cycle.pk}/units/{a.pk}/").status_code == 200


def test_appraisal_pages_are_for_the_standing_agency(client, personas, manager, cycle):
    b = h.departments()[1]
    to_appraisal(cycle)
    score = h.score_of(cycle, b, "1.2")
    for outsider in (personas.focal_a, personas.leader, personas.standing):
        login(client, outsider)
        assert client.get(f"/evaluation/{cycle.pk}/appraisal/{b.pk}/").status_code in (403, 404)
        client.post(
            f"/evaluation/{cycle.pk}/appraisal/scores/{score.pk}/",
            {f"a{score.pk}-decision": "accept"},
        )
    score.refresh_from_db()
    assert score.appraised_score is None

    login(client, manager)
    page = client.get(f"/evaluation/{cycle.pk}/appraisal/{b.pk}/")
    response = client.post(
        f"/evaluation/{cycle.pk}/appraisal/scores/{score.pk}/",
        {
            f"a{score.pk}-decision": "adjust",
            f"a{score.pk}-score": "1",
            f"a{score.pk}-reason": "Chưa có biên bản.",
        },
    )
    assert page.status_code == 200 and response.status_code == 302
    score.refresh_from_db()
    assert (score.appraised_score, score.appraisal_reason) == (Decimal("1.00"), "Chưa có biên bản.")
    history = client.get(f"/evaluation/{cycle.pk}/appraisal/{b.pk}/").content.decode()
    assert "Thẩm định: điều chỉnh" in history


def test_a_locked_cycle_refuses_page_changes(client, personas, manager, cycle):
    to_appraisal(cycle)
    services.appraise_accept_all(actor=h.SYSTEM, cycle=cycle)
    services.cycle_approve(actor=h.SYSTEM, cycle=cycle)
    services.cycle_lock(actor=h.SYSTEM, cycle=cycle)
    proposal = Proposal.objects.filter(cycle=cycle).first()
    login(client, manager)

    response = client.post(
        f"/evaluation/{cycle.pk}/proposals/{proposal.pk}/",
        {f"p{proposal.pk}-grounds": "Khác", f"p{proposal.pk}-reason": "Sửa"},
        follow=True,
    )
    compute = client.post(f"/evaluation/{cycle.pk}/actions/compute/", follow=True)

    assert "đã khóa" in response.content.decode()
    assert "đã khóa" in compute.content.decode()
    proposal.refresh_from_db()
    assert proposal.grounds != "Khác"


def test_proposals_page_and_document(client, personas, manager, cycle):
    to_appraisal(cycle)
    login(client, personas.focal_a)
    assert client.get(f"/evaluation/{cycle.pk}/proposals/").status_code == 403
    assert client.get(f"/evaluation/{cycle.pk}/proposals.docx").status_code == 403

    login(client, manager)
    page = client.get(f"/evaluation/{cycle.pk}/proposals/").content.decode()
    document = client.get(f"/evaluation/{cycle.pk}/proposals.docx")

    assert "Danh sách dự kiến" in page
    assert document.status_code == 200
    assert "TỜ TRÌNH" in [p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs]


def test_criteria_sets_export_and_import_pages(client, personas, manager):
    criteria_set = h.make_set()
    login(client, personas.focal_a)
    exported = client.get(f"/evaluation/sets/{criteria_set.pk}/export.xlsx")
    assert exported.status_code == 200
    assert load_workbook(io.BytesIO(exported.content)).active["A2"].value == "1"
    assert client.post("/evaluation/sets/import/", {}).status_code == 403

    login(client, manager)
    response = client.post(
        "/evaluation/sets/import/",
        {"file": SimpleUploadedFile("bo.xlsx", exported.content), "name": "Bộ nhập lại"},
    )
    assert response.status_code == 302
    assert CriteriaSet.objects.get(name="Bộ nhập lại").criteria.count() == 10


def _ranking_queries(client, cycle) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/evaluation/{cycle.pk}/")
    assert response.status_code == 200
    return len(queries)


def _add_units(cycle, count):
    from chidao.units.models import Unit

    extra = list(
        Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, valid_to__isnull=True)
        .exclude(pk__in=cycle.units.values("unit_id"))
        .order_by("name")[:count]
    )
    services.cycle_add_units(actor=h.SYSTEM, cycle=cycle, units=extra)


def test_ranking_page_query_budget_does_not_grow_with_units(client, manager, cycle):
    login(client, manager)
    small = _ranking_queries(client, cycle)
    _add_units(cycle, 4)
    h.self_assess_all(cycle, Decimal("0.5"))
    large = _ranking_queries(client, cycle)

    assert large == small
    assert large <= RANKING_MAX_QUERIES


def test_published_ranking_page_query_budget(client, personas, cycle):
    _add_units(cycle, 3)
    to_appraisal(cycle)
    services.appraise_accept_all(actor=h.SYSTEM, cycle=cycle)
    services.cycle_approve(actor=h.SYSTEM, cycle=cycle)
    login(client, personas.focal_a)

    assert _ranking_queries(client, cycle) <= PUBLISHED_RANKING_MAX_QUERIES


def test_a_cycle_one_may_not_see_is_a_404_on_every_page(client, personas, cycle):
    to_appraisal(cycle)
    b = h.departments()[1]
    score = h.score_of(cycle, b, "1.1")
    login(client, personas.viewer)  # sees published cycles only
    gets = [
        "",
        "settings/",
        f"units/{b.pk}/",
        "self-assessment/",
        "appraisal/",
        f"appraisal/{b.pk}/",
        "proposals/",
        "proposals.docx",
    ]
    posts = [
        "actions/compute/",
        f"self-assessment/{score.pk}/",
        f"appraisal/scores/{score.pk}/",
        f"appraisal/{b.pk}/accept-all/",
        "proposals/add/",
    ]
    for path in gets:
        assert client.get(f"/evaluation/{cycle.pk}/{path}").status_code == 404, path
    for path in posts:
        assert client.post(f"/evaluation/{cycle.pk}/{path}").status_code == 404, path
    score.refresh_from_db()
    assert score.appraised_score is None


def test_the_appraisal_reaches_the_unit_with_the_results(client, personas, manager, cycle):
    b = h.departments()[1]
    to_appraisal(cycle)
    score = h.score_of(cycle, b, "1.1")
    services.appraise(
        actor=manager, score=score, accept=False, value=1, reason="Thiếu quyết định ban hành."
    )
    login(client, personas.focal_b)

    before = client.get(f"/evaluation/{cycle.pk}/self-assessment/").content.decode()
    services.appraise_accept_all(actor=manager, cycle=cycle)
    services.cycle_approve(actor=personas.leader, cycle=cycle)
    after = client.get(f"/evaluation/{cycle.pk}/self-assessment/").content.decode()

    assert "Thiếu quyết định ban hành." not in before
    assert "Thiếu quyết định ban hành." in after
