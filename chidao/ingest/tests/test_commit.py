"""A reviewed draft commits a decision and a committee version in one transaction, audited;
the composition API then returns the composition at the version's date. Nothing touches the
register before the commit, and a failure midway writes nothing."""

import pytest

from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee, CommitteeVersion, Seat, StandingAgency
from chidao.documents.models import DocumentRelation, LegalDocument, Source
from chidao.ingest import services
from chidao.ingest.models import IngestDraft
from chidao.ingest.readers import IngestError
from chidao.ingest.tests.helpers import set_text
from chidao.people.models import Holding, Person, Position
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

REGISTER_MODELS = [
    Source,
    LegalDocument,
    DocumentRelation,
    Committee,
    CommitteeVersion,
    Seat,
    StandingAgency,
    Unit,
    Person,
    Position,
    Holding,
]


def register_counts() -> dict:
    return {model.__name__: model.objects.count() for model in REGISTER_MODELS}


def composition(client, committee_id, as_of):
    response = client.get(f"/api/v1/committees/{committee_id}/composition?as_of={as_of}")
    assert response.status_code == 200
    return response.json()


def test_a_reviewed_draft_commits_and_the_composition_api_returns_it(client, personas):
    before = register_counts()
    draft = services.draft_create(actor=personas.standing, text=set_text("d01_hn_cchc_2020.txt"))

    assert register_counts() == before  # a draft is not the register

    document, version = services.draft_commit(actor=personas.standing, draft=draft)

    assert document.number == "112/QĐ-UBND"
    assert document.date.isoformat() == "2020-01-06"
    assert document.signer.full_name == "Đặng Quốc Hưng"
    assert document.source.text == draft.text
    assert document.source.kind == Source.Kind.LEGAL_DOCUMENT
    assert version.effective_from.isoformat() == "2020-01-06"
    assert version.effective_from_basis == "decision_date"
    assert version.action == "replace"
    replaced = DocumentRelation.objects.get(from_document=document).to_document
    assert (replaced.number, replaced.date.isoformat()) == ("4321/QĐ-UBND", "2016-08-12")

    data = composition(client, version.committee_id, "2020-01-06")
    assert data["committee"]["name"] == "Ban Chỉ đạo Cải cách hành chính thành phố Hà Nội"
    assert data["basis"][0]["number"] == "112/QĐ-UBND"
    seats = [(s["role"], s["person"], s["unit"]) for s in data["seats"]]
    assert seats[0] == ("head", "Đặng Quốc Hưng", "Ủy ban nhân dân thành phố Hà Nội")
    assert ("deputy_head", "Trịnh Thu Hằng", "Sở Nội vụ") in seats
    assert len(seats) == 10
    assert [(a["domain"], a["unit"]) for a in data["standing_agencies"]] == [("all", "Sở Nội vụ")]
    assert len(data["duties"]) == 3
    assert data["regulation"]["issuer"] == "Trưởng ban"
    # every seat quotes the text it was read from
    assert all(s["source"]["quote"] and s["source"]["quote"] in draft.text for s in data["seats"])
    # before the decision the committee was not yet established
    assert composition(client, version.committee_id, "2020-01-05")["established"] is False

    draft.refresh_from_db()
    assert draft.state == IngestDraft.State.COMMITTED
    assert (draft.decision_id, draft.version_id) == (document.pk, version.pk)
    assert ChangeLog.objects.filter(action="ingest_commit", target_id=str(draft.pk)).exists()
    assert ChangeLog.objects.filter(
        target_type="committees.committeeversion", target_id=str(version.pk)
    ).exists()


def test_an_article_without_the_decision_date_uses_the_source_date(client, personas):
    draft = services.draft_create(actor=personas.standing, text=set_text("d07_hn_bao_2024.txt"))

    document, version = services.draft_commit(actor=personas.standing, draft=draft)

    assert document.date is None
    assert version.effective_from.isoformat() == "2024-03-18"
    assert version.effective_from_basis == "source_date"
    assert version.regulation_issuer == "Trưởng ban"
    data = composition(client, version.committee_id, "2024-03-18")
    assert data["seats"][0]["person"] == "Mai Tiến Dũng"
    rule_seats = [s for s in data["seats"] if s["rule"] == "agency_leader_representatives"]
    assert rule_seats  # expanded over the departments that existed on that date


def test_a_decision_on_a_known_committee_adds_a_version_to_it(client, personas):
    known = Committee.objects.get(name="Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội")
    draft = services.draft_create(actor=personas.admin, text=set_text("d02_hn_cds_2021.txt"))

    _, version = services.draft_commit(actor=personas.admin, draft=draft)

    assert version.committee_id == known.pk
    data = composition(client, known.pk, "2021-06-18")
    assert data["established"] is True
    assert [s["role"] for s in data["working_group"]["seats"]][:3] == [
        "leader",
        "deputy_leader",
        "deputy_leader",
    ]
    assert data["working_group"]["seated_at"] == "Sở Thông tin và Truyền thông"


def test_corrections_made_at_review_are_what_is_committed(client, personas):
    draft = services.draft_create(actor=personas.standing, text=set_text("d01_hn_cchc_2020.txt"))
    corrected = draft.current
    corrected["seats"][0]["person"] = "Đặng Quốc Hùng"  # the reviewer fixes a typo
    corrected["seats"] = corrected["seats"][:-1]  # and drops the last member

    _, version = services.draft_commit(actor=personas.standing, draft=draft, corrected=corrected)

    data = composition(client, version.committee_id, "2020-01-06")
    assert data["seats"][0]["person"] == "Đặng Quốc Hùng"
    assert len(data["seats"]) == 9


def test_a_failure_midway_writes_nothing(personas, monkeypatch):
    draft = services.draft_create(actor=personas.standing, text=set_text("d01_hn_cchc_2020.txt"))
    before = register_counts()
    logs = ChangeLog.objects.count()

    def broken(self, version):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(services._Writer, "_duties", broken)
    with pytest.raises(RuntimeError):
        services.draft_commit(actor=personas.standing, draft=draft)

    assert register_counts() == before
    assert ChangeLog.objects.count() == logs
    draft.refresh_from_db()
    assert draft.state == IngestDraft.State.DRAFT


def test_a_decision_already_in_the_register_is_not_written_twice(personas):
    draft = services.draft_create(actor=personas.standing, text=set_text("seed_001.txt"))
    before = register_counts()

    with pytest.raises(IngestError) as caught:
        services.draft_commit(actor=personas.standing, draft=draft)

    assert caught.value.status == 409
    assert "818/QĐ-UBND" in str(caught.value)
    assert register_counts() == before


def test_a_draft_missing_what_the_register_needs_is_not_committed(personas):
    draft = services.draft_create(actor=personas.standing, text=set_text("d01_hn_cchc_2020.txt"))
    corrected = {"document": {"date": None}, "source": {"date": None}}

    with pytest.raises(IngestError, match="thiếu ngày") as caught:
        services.draft_commit(actor=personas.standing, draft=draft, corrected=corrected)
    assert caught.value.status == 422


def test_a_bad_correction_is_refused(personas):
    draft = services.draft_create(actor=personas.standing, text=set_text("d01_hn_cchc_2020.txt"))

    with pytest.raises(IngestError, match="Vai trò"):
        services.draft_update(
            actor=personas.standing, draft=draft, corrected={"seats": [{"role": "chairman"}]}
        )
    with pytest.raises(IngestError, match="dd/mm/yyyy"):
        services.draft_update(
            actor=personas.standing, draft=draft, corrected={"document": {"date": "31/02/2020"}}
        )


def test_only_register_editors_may_ingest_or_commit(personas):
    with pytest.raises(IngestError) as caught:
        services.draft_create(actor=personas.focal_a, text=set_text("d01_hn_cchc_2020.txt"))
    assert caught.value.status == 403
    draft = services.draft_create(actor=personas.admin, text=set_text("d01_hn_cchc_2020.txt"))
    with pytest.raises(IngestError) as caught:
        services.draft_commit(actor=personas.viewer, draft=draft)
    assert caught.value.status == 403


def test_standing_staff_who_do_not_serve_a_known_committee_cannot_commit_onto_it(personas):
    known = Committee.objects.get(name="Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội")
    versions = CommitteeVersion.objects.filter(committee=known).count()
    logged = ChangeLog.objects.count()
    draft = services.draft_create(actor=personas.standing, text=set_text("d02_hn_cds_2021.txt"))

    with pytest.raises(IngestError) as caught:
        services.draft_commit(actor=personas.standing, draft=draft)

    assert caught.value.status == 403
    assert CommitteeVersion.objects.filter(committee=known).count() == versions
    assert ChangeLog.objects.count() == logged + 1  # the draft's creation only


def test_a_committed_draft_cannot_be_committed_again(personas):
    draft = services.draft_create(
        actor=personas.standing, text=set_text("d10_hn_khong_danh_xung_2019.txt")
    )
    services.draft_commit(actor=personas.standing, draft=draft)

    with pytest.raises(IngestError) as caught:
        services.draft_commit(actor=personas.standing, draft=draft)
    assert caught.value.status == 409


def test_an_uploaded_file_is_kept_under_the_upload_dir(personas, settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = set_text("d05_bac_ninh_2022.txt").encode("utf-8")
    draft = services.draft_create(
        actor=personas.standing, file=SimpleUploadedFile("bac-ninh.txt", content)
    )

    assert draft.storage_name.startswith("ingest/")
    stored = tmp_path / draft.storage_name
    assert stored.read_bytes() == content
    assert draft.original_name == "bac-ninh.txt"


def test_a_commit_waiting_on_a_simultaneous_one_is_refused_409():
    """Two commits of one draft at once (PostgreSQL, each on its own connection): the second
    waits for the first's row lock and then finds the draft committed."""
    import threading
    import uuid

    from django.db import connection, transaction

    from chidao.accounts.models import Role
    from chidao.accounts.tests.factories import UserFactory
    from chidao.notifications.tests.smtp import in_own_thread

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database several connections can write to at once (PostgreSQL)")
    name = f"ingest-concurrent-{uuid.uuid4().hex[:6]}"
    editor = in_own_thread(lambda: UserFactory(username=name, role=Role.STANDING))
    text = set_text("d10_hn_khong_danh_xung_2019.txt")
    draft = in_own_thread(lambda: services.draft_create(actor=editor, text=text))
    locked, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            row = IngestDraft.objects.select_for_update().get(pk=draft.pk)
            row.state = IngestDraft.State.COMMITTED
            row.save(update_fields=["state"])
            locked.set()
            release.wait(timeout=30)

    def second():
        locked.wait(timeout=30)
        threading.Timer(1.0, release.set).start()
        try:
            services.draft_commit(actor=editor, draft=draft)
        except IngestError as error:
            return error.status
        return 201

    holder = threading.Thread(target=lambda: in_own_thread(first))
    holder.start()
    try:
        assert in_own_thread(second) == 409
        assert in_own_thread(lambda: IngestDraft.objects.get(pk=draft.pk).decision_id) is None
    finally:
        release.set()
        holder.join(timeout=30)
        in_own_thread(lambda: IngestDraft.objects.filter(pk=draft.pk).delete())
        in_own_thread(lambda: ChangeLog.objects.filter(actor_label=name).delete())
        in_own_thread(lambda: editor.delete())
