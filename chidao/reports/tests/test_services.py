"""Changing reports through the services: forms and versions, regimes, periods, ad-hoc
requests, drafts, submission, approval and corrections; who may do each; what the database
holds afterwards (and that a refusal writes nothing).

The helpers at the top build forms, regimes and periods of the 2023 committee on the real
demo register; the other test modules of this app import them.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor
from chidao.reports import services
from chidao.reports.models import (
    Frequency,
    ReportForm,
    ReportFormVersion,
    ReportingRegime,
    ReportPeriod,
    Submission,
    SubmissionAttachment,
)
from chidao.reports.services import ReportError
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    committee_egov,
    fast_passwords,
)
from chidao.tasks.tests.factories import standing_home_affairs as _standing

pytestmark = pytest.mark.django_db

SYSTEM = SystemActor("test")
HOME_AFFAIRS = "Sở Nội vụ"
JUSTICE = "Sở Tư pháp"
FINANCE = "Sở Tài chính"
FIGURES = [
    {"key": "dvc", "label": "Số dịch vụ công trực tuyến toàn trình", "unit": "dịch vụ"},
    {"key": "ty_le", "label": "Tỷ lệ hồ sơ trực tuyến", "unit": "%"},
]
SECTIONS = {
    "results": "Đã rà soát 25 thủ tục hành chính.",
    "difficulties": "Hệ thống chưa kết nối.",
    "proposals": "Đề nghị bố trí kinh phí.",
    "next_period": "Tiếp tục số hóa hồ sơ.",
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# Q1/2030: data 15/12/2029–14/03/2030 (Thursday), deadline two working days later: 18/03/2030.
FUTURE = (2030, 1)
FUTURE_DEADLINE = dt.date(2030, 3, 18)
# Q1/2026: data 15/12/2025–14/03/2026 (Saturday), deadline 17/03/2026 (Tuesday).
PAST = (2026, 1)
PAST_DEADLINE = dt.date(2026, 3, 17)


# ---- shared helpers ------------------------------------------------------------------------


def make_form(committee=None, name="Mẫu báo cáo quý (thử nghiệm)", figures=FIGURES) -> ReportForm:
    return services.form_create(
        actor=SYSTEM, committee=committee or committee_2023(), name=name, figures=figures
    )


def make_regime(
    units=(HOME_AFFAIRS, JUSTICE),
    *,
    frequency=Frequency.QUARTERLY,
    approval=False,
    form=None,
    rule=ReportingRegime.DeadlineRule.WORKING_DAYS_AFTER_CUTOFF,
    value=2,
) -> ReportingRegime:
    return services.regime_create(
        actor=SYSTEM,
        committee=committee_2023(),
        name="Báo cáo quý về CCHC (thử nghiệm)",
        frequency=frequency,
        form=form or make_form(),
        units=[unit_named(name) for name in units],
        deadline_rule=rule,
        deadline_value=value,
        requires_leader_approval=approval,
    )


def make_period(units=(HOME_AFFAIRS, JUSTICE), when=FUTURE, approval=False) -> ReportPeriod:
    regime = make_regime(units, approval=approval)
    return services.period_open(actor=SYSTEM, regime=regime, year=when[0], index=when[1])


def user_of(unit_name: str, role=Role.FOCAL, **extra):
    return UserFactory(role=role, unit=unit_named(unit_name), **extra)


def standing():
    """A standing-agency officer of the 2023 committee (at Sở Nội vụ)."""
    return _standing()


def draft(period, actor, sections=None, figures=None, **extra) -> Submission:
    return services.submission_save_draft(
        actor=actor,
        period=period,
        sections=SECTIONS if sections is None else sections,
        figures={"dvc": 12, "ty_le": 80.5} if figures is None else figures,
        **extra,
    )


def submitted(period, actor, **extra) -> Submission:
    return services.submission_submit(actor=actor, submission=draft(period, actor, **extra))


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def changes(target) -> list[str]:
    return list(
        ChangeLog.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    settings.CHIDAO_HOLIDAYS = []
    return settings.CHIDAO_UPLOAD_DIR


# ---- forms ---------------------------------------------------------------------------------


def test_a_new_form_gets_version_1_with_the_four_default_sections():
    manager = standing()

    form = services.form_create(
        actor=manager, committee=committee_2023(), name="Mẫu quý", figures=FIGURES
    )

    version = form.versions.get()
    assert version.number == 1
    assert [s["key"] for s in version.sections] == [
        "results",
        "difficulties",
        "proposals",
        "next_period",
    ]
    assert all(s["title"] for s in version.sections)
    assert version.figures == FIGURES
    assert version.created_by == manager
    assert changes(form) == ["create"] and changes(version) == ["create"]


@pytest.mark.parametrize(
    ("sections", "figures"),
    [
        ([{"key": "results", "title": "A"}, {"key": "results", "title": "B"}], []),
        ([{"key": "Kết quả", "title": "A"}], []),
        ([{"key": "results", "title": "  "}], []),
        ([], []),
        (None, [{"key": "dvc", "label": "A"}, {"key": "dvc", "label": "B"}]),
        (None, [{"key": "dvc", "label": ""}]),
        (None, [{"key": "", "label": "A"}]),
    ],
)
def test_a_form_with_bad_keys_or_titles_is_refused_and_nothing_written(sections, figures):
    before = ReportForm.objects.count(), ReportFormVersion.objects.count()

    with pytest.raises(ReportError) as refused:
        services.form_create(
            actor=standing(),
            committee=committee_2023(),
            name="Mẫu lỗi",
            sections=sections,
            figures=figures,
        )

    assert refused.value.status == 422
    assert (ReportForm.objects.count(), ReportFormVersion.objects.count()) == before


@pytest.mark.parametrize("role", [Role.FOCAL, Role.LEADER, Role.VIEWER])
def test_only_the_standing_agency_creates_forms(role):
    with pytest.raises(ReportError) as refused:
        services.form_create(
            actor=user_of(HOME_AFFAIRS, role), committee=committee_2023(), name="X"
        )
    assert refused.value.status == 403
    assert not ReportForm.objects.filter(name="X").exists()


def test_standing_staff_of_another_committee_may_not_change_its_forms(personas):
    # personas.standing works at the Office: standing agency of the e-Government committee.
    with pytest.raises(ReportError) as refused:
        services.form_create(actor=personas.standing, committee=committee_2023(), name="X")
    assert refused.value.status == 403
    form = services.form_create(actor=personas.standing, committee=committee_egov(), name="Y")
    assert form.committee == committee_egov()


def test_a_new_form_version_is_numbered_after_the_last():
    form = make_form()

    version = services.form_new_version(
        actor=standing(), form=form, sections=[("results", "Kết quả")], figures=[]
    )

    assert version.number == 2
    assert version.sections == [{"key": "results", "title": "Kết quả"}]
    assert list(form.versions.values_list("number", flat=True)) == [1, 2]


def test_changing_the_form_after_submission_leaves_the_submitted_report_on_its_version():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    report = submitted(period, focal)
    old_version = report.form_version

    services.form_new_version(
        actor=standing(),
        form=period.form_version.form,
        sections=[{"key": "results", "title": "Chỉ một phần"}],
        figures=[],
    )

    report.refresh_from_db()
    period.refresh_from_db()
    assert report.form_version == old_version and old_version.number == 1
    assert period.form_version == old_version
    assert [s["key"] for s in report.form_version.sections][:2] == ["results", "difficulties"]
    assert report.sections == SECTIONS


# ---- regimes and periods -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": Frequency.AD_HOC}, "frequency"),
        ({"deadline_rule": "fixed_day", "deadline_value": 10}, "deadline_value"),
        ({"deadline_rule": "working_days", "deadline_value": 0}, "deadline_value"),
        ({"units": []}, "units"),
    ],
)
def test_a_regime_that_cannot_work_is_refused(fields, field):
    arguments = {
        "actor": standing(),
        "committee": committee_2023(),
        "name": "Chế độ thử",
        "frequency": Frequency.QUARTERLY,
        "form": make_form(),
        "units": [unit_named(HOME_AFFAIRS)],
        **fields,
    }
    with pytest.raises(ReportError) as refused:
        services.regime_create(**arguments)
    assert refused.value.field == field
    assert not ReportingRegime.objects.filter(name="Chế độ thử").exists()


def test_a_regime_may_not_use_another_committees_form():
    with pytest.raises(ReportError) as refused:
        make_regime(form=make_form(committee=committee_egov()))
    assert refused.value.field == "form"


def test_opening_a_period_computes_window_and_deadline_and_copies_units_and_form_version():
    regime = make_regime((HOME_AFFAIRS, JUSTICE, FINANCE))
    services.form_new_version(
        actor=SYSTEM, form=regime.form, sections=[("results", "Kết quả")], figures=[]
    )

    period = services.period_open(actor=standing(), regime=regime, year=2026, index=1)

    assert (period.data_from, period.data_to) == (dt.date(2025, 12, 15), dt.date(2026, 3, 14))
    assert period.deadline == PAST_DEADLINE
    assert period.label == "Quý I/2026" and period.kind == Frequency.QUARTERLY
    assert period.committee == committee_2023()
    assert set(period.units.values_list("name", flat=True)) == {HOME_AFFAIRS, JUSTICE, FINANCE}
    assert period.form_version.number == 2
    assert changes(period) == ["create"]


def test_opening_the_same_period_twice_gives_one_period():
    regime = make_regime()

    first = services.period_open(actor=SYSTEM, regime=regime, year=2026, index=2)
    second = services.period_open(actor=standing(), regime=regime, year=2026, index=2)

    assert first.pk == second.pk
    assert ReportPeriod.objects.filter(regime=regime).count() == 1
    assert changes(first) == ["create"]


def test_a_holiday_moves_the_deadline(settings):
    settings.CHIDAO_HOLIDAYS = ["2026-03-16", "2026-03-17"]
    period = services.period_open(actor=SYSTEM, regime=make_regime(), year=2026, index=1)
    assert period.deadline == dt.date(2026, 3, 19)


def test_a_fixed_day_regime_gets_that_day_of_the_cutoff_month():
    regime = make_regime(rule="fixed_day", value=18)
    period = services.period_open(actor=SYSTEM, regime=regime, year=2026, index=2)
    assert period.deadline == dt.date(2026, 6, 18)


def test_a_focal_person_may_not_open_a_period():
    regime = make_regime()
    with pytest.raises(ReportError) as refused:
        services.period_open(actor=user_of(HOME_AFFAIRS), regime=regime, year=2026, index=1)
    assert refused.value.status == 403
    assert not ReportPeriod.objects.filter(regime=regime).exists()


def test_an_adhoc_request_has_the_deadline_the_requester_set():
    form = make_form()

    period = services.adhoc_request(
        actor=standing(),
        committee=committee_2023(),
        title="Báo cáo đột xuất về số hóa hồ sơ",
        data_from=dt.date(2026, 10, 1),
        data_to=dt.date(2026, 10, 31),
        deadline=dt.date(2026, 11, 5),
        units=[unit_named(JUSTICE)],
        form_version=form.versions.get(),
    )

    assert period.kind == Frequency.AD_HOC and period.regime is None
    assert period.deadline == dt.date(2026, 11, 5)
    assert period.title == period.label == "Báo cáo đột xuất về số hóa hồ sơ"
    assert list(period.units.values_list("name", flat=True)) == [JUSTICE]


def test_an_adhoc_deadline_on_or_before_the_cutoff_is_refused():
    form = make_form()
    with pytest.raises(ReportError) as refused:
        services.adhoc_request(
            actor=standing(),
            committee=committee_2023(),
            title="Đột xuất",
            data_from=dt.date(2026, 10, 1),
            data_to=dt.date(2026, 10, 31),
            deadline=dt.date(2026, 10, 31),
            units=[unit_named(JUSTICE)],
            form_version=form.versions.get(),
        )
    assert refused.value.field == "deadline"
    assert not ReportPeriod.objects.filter(label="Đột xuất").exists()


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


def test_files_are_checked_and_stored_apart_from_task_evidence(uploads):
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
