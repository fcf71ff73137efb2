"""The inspection tests' world: the 2023 committee (Hà Minh Hải deputy head, Lê Hồng Sơn
standing deputy head in 2025 by the register), its standing-agency officer at Sở Nội vụ, the
focal persons of Sở Tư pháp and Sở Tài chính (both inspected) and of Sở Y tế (not inspected),
and a standing officer of another committee."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.core.inputs import LONG_TEXT
from chidao.inspections import services
from chidao.tasks.tests.factories import FINANCE, JUSTICE, committee_2023, standing_home_affairs

STARTS = dt.date(2025, 10, 1)
ENDS = dt.date(2025, 10, 31)
JUSTICE_DAY = dt.date(2025, 10, 6)
FINANCE_DAY = dt.date(2025, 10, 13)
ISSUED = dt.date(2025, 9, 20)
OFFICE = "Văn phòng Ủy ban nhân dân thành phố"
HEALTH = "Sở Y tế"
CHECKLIST = (
    ("K1", "Ban hành kế hoạch cải cách hành chính năm"),
    ("K2", "Công khai thủ tục hành chính"),
    ("K3", "Số hóa hồ sơ thủ tục hành chính"),
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# What a unit's preparation refuses, on the page and through the API alike (the limits live
# in services.preparation_save): (the posted form, made afresh for each test; the field at
# fault; the message).
PREPARATION_LIMITS = [
    pytest.param(
        lambda: {"self_report": "x" * (LONG_TEXT + 1)},
        "self_report",
        "Báo cáo tự kiểm tra dài quá 100000 ký tự.",
        id="self-report-too-long",
    ),
    pytest.param(
        lambda: {"self_report": "Báo cáo", "files": [pdf(f"{n}.pdf") for n in range(11)]},
        "files",
        "Tối đa 10 tệp minh chứng mỗi lần.",
        id="eleven-files",
    ),
]


def make_world() -> SimpleNamespace:
    justice, finance = unit_named(JUSTICE), unit_named(FINANCE)
    return SimpleNamespace(
        committee=committee_2023(),
        staff=standing_home_affairs(email="noivu@example.invalid"),
        focal=UserFactory(
            username="dm_tuphap_kt", role=Role.FOCAL, unit=justice, email="tp@example.invalid"
        ),
        focal_finance=UserFactory(
            username="dm_taichinh_kt", role=Role.FOCAL, unit=finance, email="tc@example.invalid"
        ),
        focal_health=UserFactory(
            username="dm_yte_kt",
            role=Role.FOCAL,
            unit=unit_named(HEALTH),
            email="yt@example.invalid",
        ),
        viewer=UserFactory(username="xem_kt", role=Role.VIEWER, unit=unit_named(OFFICE)),
        other_staff=UserFactory(
            username="tt_vanphong_kt", role=Role.STANDING, unit=unit_named(OFFICE)
        ),
        justice=justice,
        finance=finance,
    )


def plan(world, *, issue: bool = True, checklist=CHECKLIST, **kwargs):
    """An inspection of Sở Tư pháp and Sở Tài chính in October 2025, its checklist written."""
    kwargs.setdefault("title", "Kế hoạch kiểm tra công tác CCHC, CĐS năm 2025 (thử nghiệm)")
    inspection = services.inspection_create(
        actor=world.staff,
        committee=world.committee,
        year=2025,
        starts_on=STARTS,
        ends_on=ENDS,
        units=[(world.justice, JUSTICE_DAY), (world.finance, FINANCE_DAY)],
        **kwargs,
    )
    for code, text in checklist:
        services.checklist_add(actor=world.staff, inspection=inspection, code=code, text=text)
    if issue:
        services.plan_issue(actor=world.staff, inspection=inspection, number="05", date=ISSUED)
    return inspection


def findings(inspection, results=("compliant", "partial", "not_compliant")):
    return [
        services.FindingIn(item=item.pk, result=result, note=f"Nhận xét {item.code}")
        for item, result in zip(inspection.checklist.all(), results, strict=False)
    ]


def two_remedies():
    return [
        services.RemedyIn(
            text="Hoàn thành số hóa hồ sơ còn tồn đọng", deadline=dt.date(2025, 11, 30)
        ),
        services.RemedyIn(
            text="Công khai đầy đủ thủ tục hành chính", deadline=dt.date(2025, 12, 31)
        ),
    ]


def conclude(world, inspection, unit=None, **kwargs):
    """The unit's conclusion (Sở Tư pháp's by default) on its inspection day."""
    unit = unit or world.justice
    return services.conclusion_issue(
        actor=world.staff,
        inspection=inspection,
        unit=unit,
        date=inspection.units.get(unit=unit).scheduled_on,
        **kwargs,
    )
