"""Builders for the report services' tests: forms, regimes and periods of the 2023
committee on the real demo register, drafts and submissions, and the upload directory every
such test uses. The tests of this app, and of the parts that read reports, import them.
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
    ReportingRegime,
    ReportPeriod,
    Submission,
)
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    committee_egov,
    fast_passwords,
)
from chidao.tasks.tests.factories import standing_home_affairs as _standing

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
