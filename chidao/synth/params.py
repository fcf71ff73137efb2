"""The synthetic workload's parameters, names, labels and odds (see chidao/synth/__init__.py)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from chidao.core import policy

SOURCE_KEY = "synthetic:workload"
EXTERNAL_ID_PREFIX = "synthetic:"
UNIT_ID_PREFIX = "synthetic:unit:"
COMMITTEE_ID_PREFIX = "synthetic:committee:"
LABEL = "[Mô phỏng] "
ACTOR = policy.SystemActor("chidao synth")
PLAN_NUMBER_SUFFIX = "/KH-MP"

SPAN_DAYS = 3 * 365  # tasks are assigned over the three years before the reference date
DEFAULT_CHUNK = 20_000

DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Khoa học và Công nghệ",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình",
    "Trung tâm Phục vụ hành chính công",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Kế hoạch và Đầu tư",
]

TITLES = [
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Cung cấp dịch vụ công trực tuyến toàn trình",
    "Kết nối, chia sẻ dữ liệu với cơ sở dữ liệu quốc gia về dân cư",
    "Kiểm tra công tác cải cách hành chính",
    "Rà soát văn bản quy phạm pháp luật",
    "Sắp xếp tổ chức bộ máy, tinh gọn đầu mối",
    "Đánh giá, xếp loại công chức theo vị trí việc làm",
    "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập",
    "Thanh toán không dùng tiền mặt trong thu phí, lệ phí",
    "Xây dựng kho dữ liệu dùng chung",
    "Bảo đảm an toàn thông tin hệ thống cấp độ 3",
    "Phát triển thương mại điện tử cho sản phẩm OCOP",
    "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
    "Triển khai hồ sơ sức khỏe điện tử",
    "Triển khai học bạ số",
    "Vận hành Tổ công nghệ số cộng đồng",
    "Kết nối camera giám sát với Trung tâm điều hành thông minh",
    "Khảo sát sự hài lòng của người dân, doanh nghiệp",
    "Niêm yết, công khai thủ tục hành chính tại Bộ phận Một cửa",
]

# (days from assignment to deadline, weight)
DURATIONS = [(15, 5), (30, 15), (45, 10), (60, 20), (90, 20), (120, 8), (180, 12), (270, 5)]
DURATIONS += [(365, 5)]

P_SOURCE = 0.85  # tasks given by a plan; the rest are ad hoc
P_COORDINATED = 0.30  # tasks with coordinating units
P_CONTRIBUTION = 0.20  # a report on a coordinated task is a coordinating unit's contribution
P_EXTENSION = 0.10
P_SECOND_EXTENSION = 0.25
P_APPROVED = 0.80
P_CANCELLED = 0.04
P_REASSIGNED = 0.015  # open tasks given to another lead unit (after a merger, by decision)
P_STARTS = 0.80  # an unfinished task whose lead unit reports at all
P_STALLED = 0.06  # tasks that drag on without end: the overdue backlog
LATENESS_MEDIAN = 0.88  # completion at this share of the time given, log-normally spread
LATENESS_SIGMA = 0.32


class SynthError(ValueError):
    """The workload cannot be built as asked; the message says why."""


@dataclass(frozen=True)
class Params:
    provinces: int = 34
    units: int = 5000
    tasks: int = 1_000_000
    events: int = 5_000_000
    seed: int = 1
    committee_name: str | None = None  # one national committee instead of one per province
    today: dt.date | None = None  # the reference date: no history after it
    chunk: int = DEFAULT_CHUNK

    def check(self) -> None:
        if self.provinces < 1:
            raise SynthError("Cần ít nhất 1 tỉnh.")
        if self.units < 3 * self.provinces:
            raise SynthError(
                "Cần ít nhất 3 đơn vị cho mỗi tỉnh (tỉnh, một sở, một xã): "
                f"--units {self.units} < 3 × {self.provinces}."
            )
        if self.tasks < 0 or self.events < 0:
            raise SynthError("Số nhiệm vụ và số sự kiện không được âm.")
        if self.chunk < 1:
            raise SynthError("Kích thước lô phải dương.")


@dataclass
class Result:
    params: dict
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Log = Callable[[str], None]


def quiet(_message: str) -> None:
    pass
