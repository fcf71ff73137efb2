"""A SYNTHETIC demo plan for the 2023 committee, with tasks in every status.

Nothing here is real: the plan "DEMO-01/KH-BCĐ" does not exist, its source says so, its task
source and tasks are flagged `synthetic`, and pages show them as "Dữ liệu mô phỏng". Deadlines
are set relative to today, so the demo always has tasks overdue, due soon, in progress, not
started, done on time, done late, cancelled, and one with an approved extension.

Loading is idempotent: when the demo task source exists, nothing is done.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.accounts.services import CreatedAccount, demo_email, user_create
from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.text import compact_key, fold
from chidao.documents.models import LegalDocument, Source
from chidao.tasks import services
from chidao.tasks.models import Domain, Task, TaskSource
from chidao.units.hanoi_agencies import HANOI_PROVINCE_ID, hanoi_peoples_committee
from chidao.units.models import Unit, valid_on_q

ACTOR = policy.SystemActor("chidao load-demo-tasks")
SOURCE_KEY = "synthetic:demo-plan"
PLAN_NUMBER = "DEMO-01/KH-BCĐ"
COMMITTEE_EXTERNAL_ID = "seed-committee:par-dx"
COMMITTEE_NAME = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
STANDING_USERNAME = "thuongtruc"
DAY = dt.timedelta(days=1)

AR = Domain.Area.ADMINISTRATIVE_REFORM
DX = Domain.Area.DIGITAL_TRANSFORMATION

# Built-in domains wanted (chidao/tasks/migrations/0002); a missing code falls back to
# another built-in domain of the same area.
INST, PROC, APP = "ar-institutions", "ar-procedures", "ar-apparatus"
CIVIL, FIN = "ar-civil-service", "ar-public-finance"
GOV, ECO = "dx-digital-government", "dx-digital-economy"
SOC, SMART = "dx-digital-society", "dx-smart-city"

# Communes (after 1 July 2025) given demo tasks; the first two get a demo focal person.
DEMO_COMMUNES = ["Phường Hoàn Kiếm", "Phường Cầu Giấy", "Xã Sóc Sơn", "Phường Hà Đông"]
FOCAL_COMMUNES = 2
# The department whose demo focal person asks for the extension.
FOCAL_DEPARTMENT = ("Sở Khoa học và Công nghệ", "daumoi_khcn")

NV = "Sở Nội vụ"
TP = "Sở Tư pháp"
KHCN = "Sở Khoa học và Công nghệ"
TC = "Sở Tài chính"
VP = "Văn phòng Ủy ban nhân dân thành phố"
YT = "Sở Y tế"
GD = "Sở Giáo dục và Đào tạo"
XD = "Sở Xây dựng"
CT = "Sở Công Thương"
NNMT = "Sở Nông nghiệp và Môi trường"
VHTT = "Sở Văn hóa và Thể thao"
TTR = "Thanh tra thành phố"
QHKT = "Sở Quy hoạch - Kiến trúc"
HK, CG, SS, HD = DEMO_COMMUNES

# Scenarios: how a task's facts are set so that its derived status is the one wanted.
OVERDUE = "overdue"  # deadline passed, some progress reported
OVERDUE_SILENT = "overdue_silent"  # deadline passed, nothing reported
DUE_SOON = "due_soon"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
CANCELLED = "cancelled"
EXTENDED = "extended"  # was overdue, extension approved, now in progress

# (title, domain code, lead unit, coordinating units, scenario, offset in days)
PLAN = [
    ("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của thành phố",
     PROC, VP, [TP, NV], OVERDUE, -20),
    ("Xây dựng và triển khai Kế hoạch kiểm tra công tác cải cách hành chính",
     INST, NV, [VP], DONE_ON_TIME, -30),
    ("Đánh giá, xác định Chỉ số cải cách hành chính của các sở, ngành và UBND cấp xã",
     APP, NV, [KHCN], IN_PROGRESS, 45),
    ("Rà soát văn bản quy phạm pháp luật do HĐND, UBND thành phố ban hành",
     INST, TP, [VP], DONE_LATE, -40),
    ("Kiểm tra việc thực hiện quy định về kiểm soát thủ tục hành chính tại cấp xã",
     PROC, TP, [HK, CG], DUE_SOON, 4),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
     GOV, KHCN, [VP], OVERDUE_SILENT, -12),
    ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính thành phố",
     GOV, KHCN, [VP, NV], EXTENDED, -10),
    ("Vận hành nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của thành phố",
     GOV, KHCN, [], IN_PROGRESS, 60),
    ("Xây dựng kho dữ liệu dùng chung của thành phố",
     GOV, KHCN, [TC], NOT_STARTED, 90),
    ("Đánh giá an toàn thông tin các hệ thống thông tin cấp độ 3",
     GOV, KHCN, [], DUE_SOON, 2),
    ("Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập",
     FIN, TC, [NV], DONE_ON_TIME, -15),
    ("Đẩy mạnh thanh toán không dùng tiền mặt trong thu phí, lệ phí",
     ECO, TC, [CT], OVERDUE, -35),
    ("Công khai tình hình thực hiện ngân sách trên Cổng thông tin điện tử thành phố",
     FIN, TC, [], NOT_STARTED, 75),
    ("Triển khai hồ sơ sức khỏe điện tử cho người dân",
     SOC, YT, [KHCN], IN_PROGRESS, 30),
    ("Thanh toán viện phí không dùng tiền mặt tại các bệnh viện công lập",
     ECO, YT, [TC], DONE_LATE, -25),
    ("Triển khai học bạ số tại các trường tiểu học",
     SOC, GD, [], DONE_ON_TIME, -5),
    ("Chuyển đổi số trong quản lý giáo dục phổ thông",
     SOC, GD, [KHCN], NOT_STARTED, 120),
    ("Cấp giấy phép xây dựng trực tuyến toàn trình",
     GOV, XD, [QHKT], OVERDUE, -8),
    ("Xây dựng cơ sở dữ liệu quản lý trật tự xây dựng",
     SMART, XD, [], CANCELLED, 40),
    ("Phát triển sàn thương mại điện tử cho sản phẩm OCOP của thành phố",
     ECO, CT, [], IN_PROGRESS, 50),
    ("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
     ECO, CT, [KHCN], DUE_SOON, 6),
    ("Hoàn thiện cơ sở dữ liệu đất đai thành phố",
     GOV, NNMT, [HD], OVERDUE, -45),
    ("Quan trắc môi trường tự động, công khai chỉ số chất lượng không khí",
     SMART, NNMT, [], NOT_STARTED, 100),
    ("Số hóa di sản văn hóa, di tích lịch sử trên địa bàn thành phố",
     SOC, VHTT, [], IN_PROGRESS, 35),
    ("Thanh tra công vụ việc chấp hành kỷ luật, kỷ cương hành chính",
     CIVIL, TTR, [NV], DONE_ON_TIME, -50),
    ("Xây dựng bản đồ số quy hoạch đô thị trực tuyến",
     SMART, QHKT, [KHCN], NOT_STARTED, 80),
    ("Xác định vị trí việc làm và cơ cấu ngạch công chức",
     CIVIL, NV, [], OVERDUE_SILENT, -3),
    ("Vận hành Bộ phận Một cửa cấp xã theo mô hình chính quyền hai cấp",
     PROC, HK, [], OVERDUE, -15),
    ("Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
     SOC, HK, [], DONE_LATE, -30),
    ("Thành lập và vận hành Tổ công nghệ số cộng đồng",
     SOC, HK, [], IN_PROGRESS, 25),
    ("Số hóa sổ hộ tịch lưu trữ tại phường",
     GOV, CG, [], DUE_SOON, 3),
    ("Rà soát, sắp xếp bộ máy sau khi thực hiện chính quyền địa phương hai cấp",
     APP, CG, [NV], DONE_ON_TIME, -20),
    ("Kết nối camera giám sát an ninh trật tự với Trung tâm điều hành thông minh",
     SMART, CG, [], NOT_STARTED, 70),
    ("Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
     PROC, SS, [], OVERDUE, -18),
    ("Khảo sát sự hài lòng của người dân với dịch vụ hành chính công",
     PROC, HD, [], IN_PROGRESS, 40),
    ("Hướng dẫn người dân cài đặt, sử dụng ứng dụng iHanoi",
     SOC, HD, [], DONE_ON_TIME, -10),
]  # fmt: skip


class DemoError(ValueError):
    """The demo cannot be loaded (a prerequisite is missing); the message says which."""


@dataclass
class DemoResult:
    created: bool
    tasks: int = 0
    accounts: list[CreatedAccount] = field(default_factory=list)
    source: TaskSource | None = None
    standing_officer: str = ""


def demo_source() -> TaskSource | None:
    return TaskSource.objects.filter(synthetic=True, document__source__key=SOURCE_KEY).first()


def demo_committee() -> Committee:
    committee = (
        Committee.objects.filter(external_id=COMMITTEE_EXTERNAL_ID).first()
        or Committee.objects.filter(name=COMMITTEE_NAME).first()
    )
    if committee is None:
        raise DemoError(f"Chưa có “{COMMITTEE_NAME}”: hãy chạy `chidao load-demo` trước.")
    return committee


def _units(today: dt.date) -> dict[str, Unit]:
    """Hanoi's current departments and agencies under the People's Committee, and the demo
    communes (valid today); a name no longer found falls back to another current unit."""
    current = Unit.objects.filter(valid_on_q(today))
    agencies = {
        unit.name: unit
        for unit in current.filter(
            kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.SPECIALISED_AGENCY],
            parent=hanoi_peoples_committee(),
        ).order_by("name")
    }
    communes_qs = current.filter(
        kind=Unit.Kind.COMMUNE, province__external_id=HANOI_PROVINCE_ID
    ).order_by("name")
    communes = {unit.name: unit for unit in communes_qs.filter(name__in=DEMO_COMMUNES)}
    spare_communes = [u for u in communes_qs[:20] if u.name not in communes]
    if not agencies or len(communes) + len(spare_communes) < len(DEMO_COMMUNES):
        raise DemoError("Chưa có đơn vị Hà Nội hiện hành: hãy chạy `chidao load-demo` trước.")
    spare_agencies = list(agencies.values())
    units: dict[str, Unit] = {}
    wanted = {lead for _t, _a, lead, _c, _s, _o in PLAN} | {
        unit for *_x, coordinating, _s, _o in PLAN for unit in coordinating
    }
    for index, name in enumerate(sorted(wanted)):
        if name in DEMO_COMMUNES:
            units[name] = communes.get(name) or spare_communes.pop(0)
        else:
            units[name] = agencies.get(name) or spare_agencies[index % len(spare_agencies)]
    return units


def domain_picker():
    """A function from a wanted domain code to a built-in Domain: the one with that code,
    else the built-in domains of its area in turn."""
    builtin = list(Domain.objects.filter(committee__isnull=True).order_by("area", "order"))
    by_code = {domain.code: domain for domain in builtin}
    by_area = {area: [d for d in builtin if d.area == area] for area in (AR, DX)}
    if not by_area[AR] or not by_area[DX]:
        raise DemoError("Chưa có lĩnh vực dựng sẵn: hãy chạy `chidao migrate` trước.")
    turns = {AR: 0, DX: 0}

    def pick(code: str) -> Domain:
        if code in by_code:
            return by_code[code]
        area = AR if code.startswith("ar-") else DX
        turns[area] += 1
        return by_area[area][turns[area] % len(by_area[area])]

    return pick


def _ascii_name(unit_name: str) -> str:
    for prefix in ("phuong ", "xa ", "thi tran "):
        folded = fold(unit_name)
        if folded.startswith(prefix):
            return compact_key(folded[len(prefix) :])
    return compact_key(unit_name)


def _ensure_focal(username: str, unit: Unit, full_name: str, created: list) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    password = secrets.token_urlsafe(12)
    user = user_create(
        actor=ACTOR,
        username=username,
        role=Role.FOCAL,
        unit=unit,
        password=password,
        full_name=full_name,
        email=demo_email(username),
    )
    created.append(CreatedAccount(username, Role.FOCAL, unit.name, password))
    return user


def standing_officer(committee: Committee):
    """The demo standing officer (thuongtruc, at the Department of Home Affairs, the standing
    agency for administrative reform) assigns and decides when it may; else the command."""
    user = User.objects.filter(username=STANDING_USERNAME, is_active=True).first()
    if user is not None and policy.manages_committee(user, committee.pk):
        return user
    return ACTOR


@transaction.atomic
def load_demo_tasks(today: dt.date | None = None) -> DemoResult:
    existing = demo_source()
    if existing is not None:
        return DemoResult(created=False, source=existing)
    today = today or timezone.localdate()
    committee = demo_committee()
    units = _units(today)
    pick_domain = domain_picker()
    manager = standing_officer(committee)

    accounts: list[CreatedAccount] = []
    for name in DEMO_COMMUNES[:FOCAL_COMMUNES]:
        unit = units[name]
        _ensure_focal(
            f"daumoi_{_ascii_name(unit.name)}", unit, f"Đầu mối {unit.name} (demo)", accounts
        )
    department_name, department_username = FOCAL_DEPARTMENT
    department_focal = _ensure_focal(
        department_username,
        units[department_name],
        f"Đầu mối {units[department_name].name} (demo)",
        accounts,
    )

    plan_date = today - 120 * DAY
    source_row, _ = Source.objects.get_or_create(
        key=SOURCE_KEY,
        defaults={
            "kind": Source.Kind.ENTRY,
            "title": "Dữ liệu mô phỏng để trình diễn chidao — không phải văn bản thật",
            "note": "Kế hoạch, nhiệm vụ và báo cáo do `chidao load-demo-tasks` tạo ra.",
        },
    )
    document = LegalDocument.objects.create(
        number=PLAN_NUMBER,
        doc_type=LegalDocument.Type.PLAN,
        date=plan_date,
        issuer=hanoi_peoples_committee(),
        title=(
            "[Dữ liệu mô phỏng] Kế hoạch thực hiện nhiệm vụ cải cách hành chính, "
            "chuyển đổi số của Ban Chỉ đạo"
        ),
        source=source_row,
        note="Văn bản mô phỏng, dùng để trình diễn; không có giá trị pháp lý.",
    )
    task_source = TaskSource.objects.create(document=document, committee=committee, synthetic=True)

    count = 0
    for index, (title, code, lead, coordinating, scenario, offset) in enumerate(PLAN, start=1):
        domain = pick_domain(code)
        lead_unit = units[lead]
        coordinating_units = [units[name] for name in coordinating]
        starts = [u.valid_from for u in [lead_unit, *coordinating_units] if u.valid_from]
        assigned_on = max([plan_date, *starts])
        deadline = today + offset * DAY
        task = services.task_create(
            actor=manager,
            committee=committee,
            title=title,
            content=f"Nhiệm vụ mô phỏng số {index} của kế hoạch {PLAN_NUMBER}.",
            domain=domain,
            lead_unit=lead_unit,
            coordinating_units=coordinating_units,
            deadline=deadline,
            source=task_source,
            source_clause=f"Mục II.{index}",
            expected_output="Báo cáo kết quả thực hiện (mô phỏng)",
            priority=Task.Priority.HIGH if index % 7 == 0 else Task.Priority.NORMAL,
            assigned_on=assigned_on,
            synthetic=True,
        )
        _play(task, scenario, today, assigned_on, manager, department_focal)
        count += 1
    return DemoResult(
        created=True,
        tasks=count,
        accounts=accounts,
        source=task_source,
        standing_officer=manager if isinstance(manager, str) else manager.get_username(),
    )


def _report(task, reported_on, percent=None, *, completed=False, note=""):
    services.progress_report(
        actor=ACTOR,
        task=task,
        note=note or f"Đã thực hiện được khoảng {percent}% khối lượng công việc (mô phỏng).",
        percent=percent,
        completed=completed,
        reported_on=reported_on,
        output_number=f"{task.pk}/BC-DEMO" if completed else "",
        output_date=reported_on if completed else None,
    )


def _play(task, scenario, today, assigned_on, manager, department_focal):
    """Report, extend or cancel so that the task ends in its scenario's status."""

    def between(start, end, share):
        return start + (end - start) * share

    if scenario == OVERDUE:
        _report(task, between(assigned_on, task.deadline, 0.6), 40)
    elif scenario == IN_PROGRESS:
        _report(task, between(assigned_on, today, 0.5), 30)
        _report(task, today - 3 * DAY, 60)
    elif scenario == DUE_SOON:
        _report(task, today - 10 * DAY, 70)
    elif scenario == DONE_ON_TIME:
        _report(task, between(assigned_on, task.deadline, 0.5), 50)
        _report(
            task,
            task.deadline - 2 * DAY,
            completed=True,
            note="Đã hoàn thành, có văn bản kết quả (mô phỏng).",
        )
    elif scenario == DONE_LATE:
        _report(task, between(assigned_on, task.deadline, 0.5), 50)
        _report(
            task,
            min(task.deadline + 9 * DAY, today - DAY),
            completed=True,
            note="Đã hoàn thành sau hạn (mô phỏng).",
        )
    elif scenario == CANCELLED:
        services.task_cancel(
            actor=manager,
            task=task,
            reason="Nội dung đã được lồng ghép vào nhiệm vụ khác của kế hoạch (mô phỏng).",
        )
    elif scenario == EXTENDED:
        _report(task, between(assigned_on, task.deadline, 0.7), 50)
        request = services.extension_request(
            actor=department_focal,
            task=task,
            reason="Chờ kết nối với hệ thống của bộ, ngành trung ương (mô phỏng).",
            requested_deadline=today + 40 * DAY,
        )
        services.extension_decide(
            actor=manager, request=request, approve=True, note="Đồng ý gia hạn (mô phỏng)."
        )
        task.refresh_from_db()
        _report(task, today - DAY, 70)
    # NOT_STARTED and OVERDUE_SILENT: nothing reported.
