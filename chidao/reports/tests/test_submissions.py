"""Reports through the services: drafts, submission, the unit leader's approval and
corrections; who may do each; what the database holds afterwards (and that a refusal writes
nothing).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import unit_named
from chidao.reports import services
from chidao.reports.models import (
    Submission,
    SubmissionAttachment,
)
from chidao.reports.services import ReportError
from chidao.reports.tests.service_world import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PDF,
    SECTIONS,
    changes,
    draft,
    make_period,
    pdf,
    submitted,
    uploads,  # noqa: F401  (autouse fixture)
    user_of,
)
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    committee_egov,
    fast_passwords,
)

pytestmark = pytest.mark.django_db


# ---- drafts --------------------------------------------------------------------------------


def test_a_focal_person_saves_a_draft_for_their_unit():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)

    report = draft(period, focal, figures={"dvc": "12", "ty_le": "80,5"})

    report.refresh_from_db()
    assert report.state == Submission.State.DRAFT
    assert report.unit == focal.unit and report.unit_name == HOME_AFFAIRS
    assert report.version == 1 and report.form_version == period.form_version
    assert report.sections == SECTIONS
    assert report.figures == {"dvc": 12, "ty_le": 80.5}
    assert report.submitted_at is None and report.author == focal
    assert changes(report) == ["create"]


def test_saving_again_updates_the_same_draft():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    first = draft(period, focal)

    second = draft(period, focal, sections={"results": "Bản mới"}, figures={})

    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.sections["results"] == "Bản mới" and second.sections["proposals"] == ""
    assert second.figures == {}
    assert Submission.objects.filter(period=period).count() == 1


@pytest.mark.parametrize(
    ("sections", "figures", "field"),
    [
        ({"unknown": "x"}, {}, "sections"),
        ({}, {"unknown": 1}, "figures"),
        ({}, {"dvc": "mười hai"}, "figures"),
        ({}, {"dvc": True}, "figures"),
        ({}, {"dvc": float("nan")}, "figures"),
        ({"results": 12}, {}, "sections"),
    ],
)
def test_content_not_on_the_form_is_refused_and_nothing_written(sections, figures, field):
    period = make_period()

    with pytest.raises(ReportError) as refused:
        draft(period, user_of(HOME_AFFAIRS), sections=sections, figures=figures)

    assert refused.value.field == field and refused.value.status == 422
    assert not Submission.objects.filter(period=period).exists()


@pytest.mark.parametrize(
    ("unit", "role"),
    [
        (FINANCE, Role.FOCAL),  # a unit not listed in the period
        (HOME_AFFAIRS, Role.VIEWER),
        (HOME_AFFAIRS, Role.LEADER),
        (HOME_AFFAIRS, Role.STANDING),
    ],
)
def test_only_a_focal_person_of_a_listed_unit_drafts(unit, role):
    period = make_period()
    with pytest.raises(ReportError) as refused:
        draft(period, user_of(unit, role))
    assert refused.value.status == 403
    assert not Submission.objects.filter(period=period).exists()


def test_a_focal_person_may_not_draft_for_another_unit():
    period = make_period()
    with pytest.raises(ReportError) as refused:
        draft(period, user_of(HOME_AFFAIRS), unit=unit_named(JUSTICE))
    assert refused.value.status == 403


def test_files_are_checked_and_stored_apart_from_task_evidence(uploads):  # noqa: F811
    period = make_period()

    report = draft(period, user_of(HOME_AFFAIRS), uploads=[pdf()])

    attachment = report.attachments.get()
    assert attachment.original_name == "bao-cao.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.storage_name.startswith("reports/")
    assert (uploads / attachment.storage_name).read_bytes() == PDF
    assert changes(attachment) == ["create"]


def test_a_file_that_is_not_allowed_is_refused_and_nothing_written():
    period = make_period()
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ReportError) as refused:
        draft(period, user_of(HOME_AFFAIRS), uploads=[fake])

    assert refused.value.field == "files"
    assert not Submission.objects.filter(period=period).exists()
    assert not SubmissionAttachment.objects.exists()


# ---- submitting and approving --------------------------------------------------------------


def test_submitting_counts_at_once_when_no_approval_is_required():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)

    report = submitted(period, focal)

    report.refresh_from_db()
    assert report.state == Submission.State.SUBMITTED
    assert report.submitted_at is not None
    assert changes(report) == ["create", "update"]


def test_an_empty_report_cannot_be_submitted():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    empty = draft(period, focal, sections={}, figures={})

    with pytest.raises(ReportError) as refused:
        services.submission_submit(actor=focal, submission=empty)

    assert refused.value.field == "sections"
    empty.refresh_from_db()
    assert empty.state == Submission.State.DRAFT


def test_with_approval_required_the_report_waits_for_the_unit_leader():
    period = make_period(approval=True)
    focal = user_of(HOME_AFFAIRS)
    leader = user_of(HOME_AFFAIRS, Role.LEADER)

    report = submitted(period, focal)
    assert report.state == Submission.State.AWAITING_APPROVAL and report.submitted_at is None

    services.submission_approve(actor=leader, submission=report)

    report.refresh_from_db()
    assert report.state == Submission.State.SUBMITTED
    assert report.approved_by == leader and report.submitted_at is not None


@pytest.mark.parametrize(
    ("unit", "role"),
    [(JUSTICE, Role.LEADER), (HOME_AFFAIRS, Role.FOCAL), (HOME_AFFAIRS, Role.VIEWER)],
)
def test_only_a_leader_of_the_same_unit_approves(unit, role):
    period = make_period(approval=True)
    report = submitted(period, user_of(HOME_AFFAIRS))

    with pytest.raises(ReportError) as refused:
        services.submission_approve(actor=user_of(unit, role), submission=report)

    assert refused.value.status == 403
    report.refresh_from_db()
    assert report.state == Submission.State.AWAITING_APPROVAL


def test_editing_a_report_awaiting_approval_takes_it_back_to_draft():
    period = make_period(approval=True)
    focal = user_of(HOME_AFFAIRS)
    report = submitted(period, focal)

    again = draft(period, focal, sections={"results": "Sửa trước khi duyệt"})

    assert again.pk == report.pk
    again.refresh_from_db()
    assert again.state == Submission.State.DRAFT
    with pytest.raises(ReportError) as refused:
        services.submission_approve(actor=user_of(HOME_AFFAIRS, Role.LEADER), submission=again)
    assert refused.value.status == 409


# ---- a submitted report is immutable; corrections -------------------------------------------


def test_a_submitted_report_cannot_be_edited():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    report = submitted(period, focal)

    with pytest.raises(ReportError) as refused:
        draft(period, focal, sections={"results": "Sửa lén"})

    assert refused.value.status == 409
    report.refresh_from_db()
    assert report.sections == SECTIONS and report.state == Submission.State.SUBMITTED
    assert Submission.objects.filter(period=period).count() == 1


def test_a_correction_is_version_2_and_version_1_is_kept_superseded():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    first = submitted(period, focal, uploads=[pdf()])
    first_at = Submission.objects.get(pk=first.pk).submitted_at

    second = services.submission_correct(
        actor=focal,
        submission=first,
        sections={**SECTIONS, "results": "Đã rà soát 30 thủ tục (sửa số liệu)."},
        figures={"dvc": 14},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.state == Submission.State.SUPERSEDED
    assert first.sections == SECTIONS and first.submitted_at == first_at
    assert second.state == Submission.State.SUBMITTED and second.supersedes == first
    assert second.sections["results"] == "Đã rà soát 30 thủ tục (sửa số liệu)."
    assert second.figures == {"dvc": 14}
    assert second.form_version == first.form_version
    assert [a.original_name for a in second.attachments.all()] == ["bao-cao.pdf"]
    assert first.attachments.count() == 1
    assert second.attachments.get().storage_name != first.attachments.get().storage_name


def test_a_correction_awaiting_approval_leaves_the_old_version_counting_until_approved():
    period = make_period(approval=True)
    focal = user_of(HOME_AFFAIRS)
    leader = user_of(HOME_AFFAIRS, Role.LEADER)
    first = submitted(period, focal)
    services.submission_approve(actor=leader, submission=first)

    second = services.submission_correct(
        actor=focal, submission=first, sections={"results": "Bản sửa"}, figures={}
    )

    first.refresh_from_db()
    assert second.state == Submission.State.AWAITING_APPROVAL
    assert first.state == Submission.State.SUBMITTED
    services.submission_approve(actor=leader, submission=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Submission.State.SUPERSEDED
    assert second.state == Submission.State.SUBMITTED


def test_a_superseded_version_cannot_be_corrected_again():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    first = submitted(period, focal)
    services.submission_correct(actor=focal, submission=first, sections=SECTIONS, figures={})

    with pytest.raises(ReportError) as refused:
        services.submission_correct(actor=focal, submission=first, sections=SECTIONS, figures={})

    assert refused.value.status == 409
    assert Submission.objects.filter(period=period).count() == 2


def test_another_units_focal_person_cannot_correct():
    period = make_period()
    first = submitted(period, user_of(HOME_AFFAIRS))
    with pytest.raises(ReportError) as refused:
        services.submission_correct(
            actor=user_of(JUSTICE), submission=first, sections=SECTIONS, figures={}
        )
    assert refused.value.status == 403
    assert Submission.objects.filter(period=period).count() == 1
