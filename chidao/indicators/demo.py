"""A SYNTHETIC indicator set for the demo committee (818/QĐ-UBND, the 2023 committee): six
indicators named as in the real texts, yearly targets with quarterly milestones for the units
that lead the demo plan's tasks, and eight quarters of actuals ending with the last closed
quarter. The names and legal bases are real; every target and value is invented, and the
indicators are flagged `synthetic` and coded "MP-…" ([Mô phỏng] on pages and file names).

Sources of the names and targets (read 2026-12):
- Resolution 57-NQ/TW (22/12/2024) of the Politburo on breakthroughs in science, technology,
  innovation and national digital transformation, and the Government's action programme
  Resolution 71/NQ-CP (01/04/2025); the aim of 40% of adults using online public services by
  2025: https://www.vietnam.vn/en/phan-dau-den-nam-2025-40-dan-so-truong-thanh-su-dung-dich-vu-cong-truc-tuyen
- Notice 408/TB-VPCP (08/08/2025) on "kết quả đo đếm được":
  https://cafef.vn/kiem-tra-chan-chinh-cham-dut-tinh-trang-co-giay-to-hoan-thanh-cung-cap-dich-vu-cong-truc-tuyen-cap-xa-truoc-15-8-2025-188250811105953239.chn
- Decision 766/QĐ-TTg (23/06/2022) on the index set for directing and assessing the quality of
  service to people and businesses (online records, digitised records, on-time handling).
Run after `chidao load-demo-tasks`; idempotent (an existing set is kept).
"""

import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from chidao.core import policy
from chidao.indicators import computed, rules, services
from chidao.indicators.models import Indicator, SourceKind, Target, Value
from chidao.tasks.demo import demo_committee, demo_source
from chidao.tasks.models import Task
from chidao.units.models import Unit

ACTOR = policy.SystemActor("chidao load-demo-indicators")
QUARTERS = 8
R57 = (
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 71/NQ-CP ngày "
    "01/4/2025 của Chính phủ (Chương trình hành động)"
)
D766 = (
    "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (Bộ chỉ số chỉ đạo, điều "
    "hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp)"
)

# (code, name, unit, layer, source, figure key, legal basis, published,
#  (first-year target, last-year target), noise)
INDICATORS = [
    (
        "MP-01",
        "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
        "%",
        "strategic",
        SourceKind.ENTERED,
        "",
        R57 + "; " + D766,
        True,
        (60, 80),
        6,
    ),
    (
        "MP-02",
        "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến",
        "%",
        "outcome",
        SourceKind.ENTERED,
        "ho_so_truc_tuyen",
        D766,
        True,
        (50, 70),
        8,
    ),
    (
        "MP-03",
        "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        "%",
        "outcome",
        SourceKind.ENTERED,
        "",
        D766,
        True,
        (70, 90),
        7,
    ),
    (
        "MP-04",
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "%",
        "outcome",
        SourceKind.ENTERED,
        "",
        D766,
        False,
        (95, 98),
        3,
    ),
    (
        "MP-05",
        "Tỷ lệ người dân trưởng thành sử dụng dịch vụ công trực tuyến",
        "%",
        "strategic",
        SourceKind.ENTERED,
        "",
        R57 + "; mục tiêu 40% vào năm 2025",
        True,
        (30, 45),
        5,
    ),
    (
        "MP-06",
        "Tỷ lệ nhiệm vụ Ban Chỉ đạo giao được hoàn thành",
        "%",
        "operational",
        SourceKind.TASK_COMPLETION,
        "",
        "Tính từ nhiệm vụ trong chidao (hoàn thành đúng hạn và quá hạn trên tổng số tại ngày chốt)",
        False,
        (10, 50),
        0,
    ),
    (
        "MP-07",
        "Tỷ lệ thành viên Ban Chỉ đạo dự phiên họp (trực tiếp hoặc cử người dự thay)",
        "%",
        "operational",
        SourceKind.MEETING_ATTENDANCE,
        "",
        "Tính từ điểm danh các phiên họp của Ban Chỉ đạo trong chidao",
        False,
        (80, 90),
        0,
    ),
]
UNITS = 6


@dataclass
class DemoResult:
    created: bool
    indicators: int = 0
    values: int = 0
    quarters: tuple = ()


def _noise(*parts) -> int:
    """A deterministic number in [-100, 100] from the parts (the same demo on every run)."""
    return zlib.crc32("/".join(map(str, parts)).encode()) % 201 - 100


def _units(committee) -> list[Unit]:
    leads = (
        Task.objects.filter(source=demo_source(), lead_unit__isnull=False)
        .values("lead_unit")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_unit")[:UNITS]
    )
    return list(Unit.objects.filter(pk__in=[row["lead_unit"] for row in leads]).order_by("name"))


@transaction.atomic
def load_demo_indicators(today=None) -> DemoResult:
    today = today or timezone.localdate()
    committee = demo_committee()
    if Indicator.objects.filter(committee=committee, synthetic=True).exists():
        return DemoResult(created=False)
    quarters = rules.quarters_back(rules.last_closed_quarter(today), QUARTERS)
    units = _units(committee)
    years = sorted({int(q[:4]) for q in quarters})
    values = 0
    for code, name, uom, layer, source, key, basis, published, (lo, hi), noise in INDICATORS:
        indicator = Indicator.objects.create(
            committee=committee,
            program=demo_source() if code == "MP-06" else None,
            code=code,
            name=name,
            unit_of_measure=uom,
            direction="higher",
            layer=layer,
            source_kind=source,
            figure_key=key,
            legal_basis=basis,
            minimum=Decimal(0),
            maximum=Decimal(100),
            published=published,
            synthetic=True,
            formula="[Mô phỏng] Số liệu trình diễn, không có thật.",
        )
        step = Decimal(hi - lo) / max(len(years) * 4 - 1, 1)
        targets = []
        for y_index, year in enumerate(years):
            for unit in units:
                year_target = Decimal(lo) + step * (y_index * 4 + 3)
                targets.append(
                    Target(
                        indicator=indicator,
                        unit=unit,
                        period=str(year),
                        value=year_target.quantize(Decimal("0.01")),
                    )
                )
                for q in range(1, 5):
                    milestone = Decimal(lo) + step * (y_index * 4 + q - 1)
                    targets.append(
                        Target(
                            indicator=indicator,
                            unit=unit,
                            period=rules.quarter_key(year, q),
                            value=milestone.quantize(Decimal("0.01")),
                        )
                    )
        Target.objects.bulk_create(targets)
        if source != SourceKind.ENTERED:
            continue
        milestones = {(t.unit_id, t.period): t.value for t in targets}
        for unit in units:
            # A unit's level: some units run ahead, some behind, each quarter a little noise.
            bias = Decimal(_noise(code, unit.pk)) / 100 * noise
            for period in quarters:
                milestone = milestones[(unit.pk, period)]
                wobble = Decimal(_noise(code, unit.pk, period)) / 100 * noise / 2
                actual = max(Decimal(0), min(Decimal(100), milestone + bias + wobble))
                actual = actual.quantize(Decimal("0.01"))
                note = ""
                if actual < milestone:
                    note = (
                        "[Mô phỏng] Hệ thống một cửa điện tử gián đoạn trong kỳ; đơn vị đang "
                        "rà soát quy trình nội bộ để bảo đảm mốc kỳ sau."
                    )
                services._write(
                    actor=ACTOR,
                    indicator=indicator,
                    unit=unit,
                    period=period,
                    window=rules.quarter_window(period),
                    actual=actual,
                    note=note,
                    source=Value.Source.ENTERED,
                    detail="[Mô phỏng] Số liệu trình diễn",
                    submission=None,
                )
                values += 1
    # The computed indicators: every quarter closed, and the one under way as of today.
    for period in [*quarters, rules.quarter_of(today)]:
        values += computed.compute(committee=committee, period=period, actor=ACTOR, today=today)
    services.publication_set(actor=ACTOR, committee=committee, enabled=True, plans=[demo_source()])
    return DemoResult(
        created=True, indicators=len(INDICATORS), values=values, quarters=tuple(quarters)
    )
