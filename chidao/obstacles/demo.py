"""A SYNTHETIC register of difficulties for the demo plan of the 2023 committee.

Nothing here is real: every item is flagged `synthetic` (pages show "Dữ liệu mô phỏng") and
its summary starts with "[Mô phỏng]". About thirty items raised by the demo plan's units
over the last nine months, each blocking one of the unit's demo tasks where it has one, in
every state: new, assigned (some past their reply deadline, so the daily urging has work),
answered, resolved, forwarded to a ministry, closed without action, and a merged duplicate.
The first answered items also carry their reply letter as a file (a small generated Word
document, its file name labelled synthetic), attached through the service as a resolver would.
Dates are relative to today. Loading is idempotent: when a synthetic item exists, nothing
is done. Run after `chidao load-demo-tasks`.
"""

import datetime as dt
import io
from dataclasses import dataclass

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.core import policy
from chidao.obstacles import services
from chidao.obstacles.models import Obstacle
from chidao.storage import files
from chidao.tasks.demo import demo_source
from chidao.tasks.models import Task
from chidao.units.models import Unit, valid_on_q

ACTOR = policy.SystemActor("chidao load-demo-obstacles")
PREFIX = "[Mô phỏng] "

# (summary, level, state, days ago raised, reply due after raising (days))
ITEMS = [
    (
        "Chưa có hướng dẫn số hóa hồ sơ, kết quả giải quyết thủ tục đất đai",
        "department",
        "resolved",
        250,
        30,
    ),
    (
        "Máy quét tài liệu tại Bộ phận một cửa hư hỏng, chưa được thay thế",
        "city",
        "resolved",
        240,
        30,
    ),
    ("Thiếu chữ ký số cho công chức mới tiếp nhận sau sắp xếp", "department", "resolved", 220, 20),
    ("Phần mềm một cửa chưa kết nối với cơ sở dữ liệu dân cư", "ministry", "forwarded", 210, 45),
    ("Chưa có định mức chi cho số hóa hồ sơ lưu trữ", "department", "answered", 200, 30),
    (
        "Biên chế công chức tư pháp - hộ tịch không đủ sau hợp nhất xã",
        "department",
        "assigned",
        190,
        30,
    ),
    ("Đường truyền mạng tại trụ sở phường thường xuyên gián đoạn", "city", "resolved", 180, 20),
    (
        "Quy trình nội bộ giải quyết thủ tục chưa cập nhật theo phân cấp mới",
        "department",
        "resolved",
        170,
        30,
    ),
    (
        "Chưa rõ thẩm quyền ký xác nhận trên giấy tờ sau khi bỏ cấp huyện",
        "central",
        "forwarded",
        160,
        60,
    ),
    ("Kinh phí đào tạo kỹ năng số cho cán bộ chưa được bố trí", "department", "assigned", 150, 30),
    ("Thiếu hướng dẫn lưu trữ hồ sơ điện tử đã giải quyết", "department", "resolved", 140, 30),
    (
        "Tỷ lệ hồ sơ trực tuyến toàn trình thấp do người dân chưa có tài khoản định danh",
        "unit",
        "answered",
        130,
        30,
    ),
    ("Chưa có mẫu báo cáo thống nhất về chuyển đổi số cấp xã", "department", "resolved", 120, 20),
    ("Trụ sở làm việc chật, chưa bố trí được khu vực tiếp dân", "city", "closed", 115, 30),
    ("Hệ thống quản lý văn bản chưa liên thông với các sở", "department", "assigned", 100, 30),
    (
        "Phí, lệ phí trực tuyến chưa thanh toán được qua cổng dịch vụ công",
        "ministry",
        "forwarded",
        95,
        45,
    ),
    (
        "Chưa có hướng dẫn đánh giá chỉ số cải cách hành chính cấp xã mới",
        "department",
        "resolved",
        90,
        20,
    ),
    ("Thiếu công chức có chuyên môn công nghệ thông tin", "department", "assigned", 80, 30),
    ("Dữ liệu hộ tịch cũ chưa được số hóa đầy đủ", "department", "answered", 70, 30),
    ("Chưa bố trí kinh phí duy trì phần mềm một cửa năm tới", "city", "assigned", 60, 30),
    ("Thiết bị ký số từ xa chưa được cấp cho lãnh đạo phường", "department", "assigned", 50, 20),
    ("Người dân phản ánh thời gian chờ tại Bộ phận một cửa kéo dài", "unit", "resolved", 45, 15),
    ("Đề nghị tập huấn sử dụng hệ thống báo cáo trực tuyến", "department", "assigned", 40, 30),
    ("Chưa có hướng dẫn bàn giao hồ sơ giữa xã cũ và xã mới", "department", "open", 30, 0),
    (
        "Đề nghị bổ sung chỉ tiêu biên chế cho Trung tâm phục vụ hành chính công",
        "city",
        "open",
        25,
        0,
    ),
    ("Camera giám sát Bộ phận một cửa chưa hoạt động", "department", "open", 20, 0),
    (
        "Đề nghị hướng dẫn cập nhật danh mục thủ tục hành chính mới",
        "department",
        "assigned",
        15,
        20,
    ),
    (
        "Cổng thông tin điện tử phường chưa đáp ứng tiêu chí an toàn thông tin",
        "department",
        "open",
        10,
        0,
    ),
    ("Chưa thống nhất cách tính thời hạn giải quyết hồ sơ liên thông", "department", "open", 5, 0),
]
# Departments that resolve items at department level, by turn.
RESOLVERS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Khoa học và Công nghệ", "Sở Tài chính"]
CITY_OFFICE = "Văn phòng Ủy ban nhân dân thành phố"
# How many answered items get their reply letter as a file, and its (synthetic) file name.
REPLY_FILES = 2
REPLY_FILE_NAME = "mo-phong-cong-van-tra-loi.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class DemoObstaclesResult:
    created: int = 0
    overdue: int = 0
    reply_files: int = 0
    skipped: bool = False


def _units_of(source) -> tuple[list, dict]:
    """The demo plan's lead units (communes first) and their tasks."""
    tasks = list(
        Task.objects.filter(source=source, cancelled_on__isnull=True)
        .select_related("lead_unit")
        .order_by("pk")
    )
    by_unit: dict = {}
    for task in tasks:
        by_unit.setdefault(task.lead_unit, []).append(task)
    units = sorted(by_unit, key=lambda u: (u.kind != "commune", u.name))
    return units, by_unit


def reply_letter(item: Obstacle, summary: str, number: str) -> SimpleUploadedFile:
    """A short generated reply letter (Word) for a synthetic item, named as synthetic."""
    document = docx.Document()
    document.add_paragraph(item.resolver.name.upper())
    document.add_paragraph(f"Số: {number}")
    document.add_paragraph(f"V/v trả lời phản ánh, kiến nghị: {summary}")
    document.add_paragraph(f"Kính gửi: {item.raised_by.name}")
    document.add_paragraph(
        "Về phản ánh, kiến nghị nêu trên, đơn vị đã hướng dẫn và tháo gỡ theo thẩm quyền; "
        "đề nghị đơn vị tiếp tục thực hiện và báo cáo kết quả."
    )
    document.add_paragraph("Nơi nhận: như trên; lưu văn thư.")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(REPLY_FILE_NAME, buffer.getvalue(), content_type=DOCX)


@files.atomic()
def load_demo_obstacles(today: dt.date | None = None) -> DemoObstaclesResult:
    today = today or timezone.localdate()
    if Obstacle.objects.filter(synthetic=True).exists():
        return DemoObstaclesResult(skipped=True)
    source = demo_source()
    if source is None:
        raise services.ObstacleError(
            "Chưa có kế hoạch mẫu: hãy chạy `chidao load-demo-tasks` trước."
        )
    units, tasks_of = _units_of(source)
    current = Unit.objects.filter(valid_on_q(today))
    resolvers = [current.filter(name=n).first() for n in RESOLVERS]
    resolvers = [u for u in resolvers if u is not None] or [units[0]]
    office = current.filter(name=CITY_OFFICE).first() or resolvers[0]
    result = DemoObstaclesResult()
    first = None
    for index, (summary, level, state, ago, due_after) in enumerate(ITEMS):
        unit = units[index % len(units)]
        raised_on = today - dt.timedelta(days=ago)
        item = services.obstacle_raise(
            actor=ACTOR,
            committee=source.committee,
            unit=unit,
            title=PREFIX + summary,
            content="Nội dung MÔ PHỎNG, không phải phản ánh thật của đơn vị.",
            raised_on=raised_on,
            origin=["report", "direct", "meeting", "inspection"][index % 4],
            origin_note="Dữ liệu mô phỏng",
            kind="proposal" if summary.startswith("Đề nghị") else "difficulty",
            tasks=tasks_of[unit][index % len(tasks_of[unit]) : index % len(tasks_of[unit]) + 1],
            synthetic=True,
        )
        first = first or item
        result.created += 1
        if state == "open":
            continue
        resolver = (
            unit
            if level == "unit"
            else office
            if level == "city"
            else resolvers[index % len(resolvers)]
        )
        due_on = raised_on + dt.timedelta(days=due_after)
        first_level = level if level in ("unit", "department", "city") else "city"
        item = services.obstacle_assign(
            actor=ACTOR, obstacle=item, level=first_level, resolver=resolver, due_on=due_on
        )
        replied_on = min(today, raised_on + dt.timedelta(days=max(1, due_after - 5)))
        if state in ("answered", "resolved"):
            number = f"{index + 1:02d}/MP-DEMO"
            item = services.obstacle_reply(
                actor=ACTOR, obstacle=item, resolved=state == "resolved", replied_on=replied_on,
                text="Trả lời MÔ PHỎNG: đơn vị đã hướng dẫn, tháo gỡ theo thẩm quyền.",
                document=number,
            )  # fmt: skip
            if state == "answered" and result.reply_files < REPLY_FILES:
                services.obstacle_reply_file(
                    actor=ACTOR, obstacle=item, upload=reply_letter(item, summary, number)
                )
                result.reply_files += 1
        elif state == "forwarded":
            services.obstacle_forward(
                actor=ACTOR, obstacle=item, level=level,
                note="Văn bản MÔ PHỎNG đề nghị Bộ, ngành hướng dẫn.",
            )  # fmt: skip
        elif state == "closed":
            services.obstacle_close(
                actor=ACTOR,
                obstacle=item,
                reason="Mô phỏng: đã được giải quyết trong kế hoạch đầu tư trụ sở.",
            )
        elif due_on < today:
            result.overdue += 1
    duplicate = services.obstacle_raise(
        actor=ACTOR,
        committee=source.committee,
        unit=units[-1],
        title=PREFIX + "Chưa có hướng dẫn số hoá hồ sơ thủ tục đất đai",
        raised_on=first.raised_on + dt.timedelta(days=3),
        origin="direct",
        synthetic=True,
    )
    services.obstacle_merge(actor=ACTOR, duplicate=duplicate, into=first)
    result.created += 1
    return result
