"""A SYNTHETIC inspection round for the 2023 committee (818/QĐ-UBND), beside the demo plan of
chidao.tasks.demo, whose task "Xây dựng và triển khai Kế hoạch kiểm tra công tác cải cách hành
chính" (Sở Nội vụ) falls due 30 days before today: the yearly plan issued 75 days before today,
checked from the demo departments' criteria set (or a written checklist when it is absent),
four units with the demo's focal persons (Sở Tư pháp, Sở Khoa học và Công nghệ, Phường Hoàn
Kiếm, Phường Cầu Giấy). Two are concluded with two remedies each (tasks of the unit, one
already overdue), one has its findings recorded, one is still to come and has prepared; one
difficulty raised at an inspection goes into the register. The team is drawn from the seeded
register's seats on the plan's first day (`_team`): nobody is invented.

Nothing here is real: titles, documents and file names say "mô phỏng", every row is flagged
`synthetic`. Idempotent: when the committee has a synthetic inspection, nothing is done.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from chidao.core import policy
from chidao.evaluation.models import CriteriaSet
from chidao.inspections import services
from chidao.inspections.models import Inspection, TeamMember
from chidao.inspections.team import TeamPick, default_team, register_seats
from chidao.tasks.demo import DemoError, demo_committee
from chidao.units.models import Unit, valid_on_q

ACTOR = policy.SystemActor("chidao load-demo-inspections")
DAY = dt.timedelta(days=1)
DEPARTMENTS_SET = "[Mô phỏng] Bộ tiêu chí Chỉ số cải cách hành chính các sở, ban, ngành"
# (unit, days from today of its inspection)
UNITS = (
    ("Sở Tư pháp", -55),
    ("Phường Hoàn Kiếm", -48),
    ("Sở Khoa học và Công nghệ", -20),
    ("Phường Cầu Giấy", 12),
)
CHECKLIST = (
    ("K1", "Ban hành và thực hiện kế hoạch cải cách hành chính, chuyển đổi số năm"),
    ("K2", "Công khai, giải quyết thủ tục hành chính đúng hạn"),
    ("K3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"),
    ("K4", "Thực hiện chế độ báo cáo định kỳ"),
)
# Besides a deputy head (leading), the standing agency's seats and any working-group seat the
# register has (`default_team`): the seats of the units whose work the checklist covers, when
# the register has them — the People's Committee Office (administrative procedures) and the
# City Inspectorate. A unit the round inspects has no seat on its team.
TEAM_UNITS = ("Văn phòng Ủy ban nhân dân thành phố", "Thanh tra thành phố")
PATTERN = ("compliant", "partial", "compliant", "not_compliant", "compliant", "partial")
REMEDIES = (
    ("Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn tồn đọng", 20),
    ("Rà soát, cập nhật quy trình nội bộ giải quyết thủ tục hành chính", 60),
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class DemoResult:
    created: bool
    inspection: Inspection | None = None
    conclusions: int = 0
    tasks: int = 0


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _units(today: dt.date) -> list[tuple[Unit, dt.date]]:
    found = {
        u.name: u for u in Unit.objects.filter(valid_on_q(today), name__in=[n for n, _ in UNITS])
    }
    picked = [(found[name], today + days * DAY) for name, days in UNITS if name in found]
    if len(picked) < 2:
        raise DemoError("Chưa có các đơn vị mô phỏng: hãy chạy `chidao load-demo-tasks` trước.")
    return picked


def _findings(inspection: Inspection, shift: int) -> list[services.FindingIn]:
    return [
        services.FindingIn(
            item=item.pk,
            result=PATTERN[(n + shift) % len(PATTERN)],
            note="Nhận xét của Đoàn kiểm tra (mô phỏng).",
        )
        for n, item in enumerate(inspection.checklist.all())
    ]


def _team(committee, on: dt.date, inspected: set[int]) -> list[TeamPick]:
    """The team from the register's seats on `on`: the default team without the inspected
    units' seats, the TEAM_UNITS' seats as members, the first standing-agency member as
    deputy leader."""
    seats = {(body, index): seat for body, index, seat in register_seats(committee, on)}
    picks = [
        p for p in default_team(committee, on) if seats[p.body, p.index].unit_id not in inspected
    ]
    chosen = {(p.body, p.index) for p in picks}
    for (body, index), seat in seats.items():
        if (body, index) in chosen or seat.unit_id in inspected:
            continue
        if body == "committee" and (seat.unit or "") in TEAM_UNITS:
            picks.append(TeamPick(body, index, TeamMember.Role.MEMBER))
    deputy = next(
        (p for p in picks if p.body == "committee" and p.role == TeamMember.Role.MEMBER), None
    )
    if deputy is not None:
        deputy.role = TeamMember.Role.DEPUTY
    return picks


@transaction.atomic
def load_demo_inspections(today: dt.date | None = None) -> DemoResult:
    committee = demo_committee()
    if Inspection.objects.filter(committee=committee, synthetic=True).exists():
        return DemoResult(created=False)
    today = today or timezone.localdate()
    units = _units(today)
    starts_on = min(day for _, day in units)
    ends_on = max(day for _, day in units)
    criteria_set = CriteriaSet.objects.filter(name=DEPARTMENTS_SET, synthetic=True).first()
    inspection = services.inspection_create(
        actor=ACTOR,
        committee=committee,
        year=starts_on.year,
        title=(
            f"[Dữ liệu mô phỏng] Kế hoạch kiểm tra công tác cải cách hành chính, chuyển đổi số "
            f"năm {starts_on.year}"
        ),
        purpose=(
            "Kiểm tra việc thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số của các sở, "
            "ngành và Ủy ban nhân dân cấp xã; chấn chỉnh tồn tại, tháo gỡ khó khăn (mô phỏng)."
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        units=units,
        team=_team(committee, starts_on, {unit.pk for unit, _day in units}),
        criteria_set=criteria_set,
        synthetic=True,
    )
    if criteria_set is None:
        for code, text in CHECKLIST:
            services.checklist_add(actor=ACTOR, inspection=inspection, code=code, text=text)
    services.plan_issue(
        actor=ACTOR, inspection=inspection, number="DEMO-05/KH-BCĐ", date=starts_on - 20 * DAY
    )
    result = DemoResult(created=True, inspection=inspection)
    for index, (unit, day) in enumerate(units):
        inspected = inspection.units.get(unit=unit)
        services.preparation_save(
            actor=ACTOR,
            inspected=inspected,
            text=(
                f"[Dữ liệu mô phỏng] Báo cáo tự kiểm tra của {unit.name}: kết quả thực hiện kế "
                "hoạch cải cách hành chính, chuyển đổi số; tồn tại và nguyên nhân."
            ),
            uploads=[_pdf("bao-cao-tu-kiem-tra-du-lieu-mo-phong.pdf")],
        )
        if day > today:
            continue
        services.findings_record(
            actor=ACTOR,
            inspection=inspection,
            unit=unit,
            findings=_findings(inspection, index),
            uploads={
                inspection.checklist.first().pk: [_pdf("bien-ban-kiem-tra-du-lieu-mo-phong.pdf")]
            },
        )
        if index >= 2:
            continue  # findings recorded, the conclusion still to be issued
        date = day + 7 * DAY
        conclusion = services.conclusion_issue(
            actor=ACTOR,
            inspection=inspection,
            unit=unit,
            date=date,
            number=f"DEMO-{index + 11:02d}/TB-BCĐ",
            summary="Đơn vị đã triển khai cơ bản các nhiệm vụ; còn một số tồn tại (mô phỏng).",
            remedies=[
                services.RemedyIn(text=f"{text} (mô phỏng)", deadline=date + days * DAY)
                for text, days in REMEDIES
            ],
        )
        result.conclusions += 1
        result.tasks += conclusion.remedies.count()
        if index == 1:
            services.obstacle_raise(
                actor=ACTOR,
                inspection=inspection,
                unit=unit,
                title="Thiếu máy quét tài liệu để số hóa hồ sơ tại Bộ phận Một cửa (mô phỏng)",
                content="[Dữ liệu mô phỏng] Nêu tại buổi kiểm tra.",
                raised_on=day,
            )
    return result
