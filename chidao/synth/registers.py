"""The skeleton: synthetic provinces with their units, committees and yearly plans."""

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.db.models import F

from chidao.committees.models import Committee
from chidao.core.text import fold
from chidao.documents.models import LegalDocument, Source
from chidao.synth.params import (
    COMMITTEE_ID_PREFIX,
    DEPARTMENTS,
    LABEL,
    PLAN_NUMBER_SUFFIX,
    UNIT_ID_PREFIX,
    Params,
)
from chidao.tasks.models import (
    TaskSource,
)
from chidao.units.models import Unit


@dataclass
class Province:
    number: int
    unit: Unit
    committee_id: int
    departments: list[tuple[int, str]]
    communes: list[tuple[int, str]]
    plans: dict[int, int]  # year -> TaskSource id


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * w / weight_sum for w in weights]
    shares = [math.floor(q) for q in quotas]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: quotas[i] - shares[i], reverse=True)
    for i in order[:left]:
        shares[i] += 1
    return shares


def make_units(params: Params, source: Source, rng: random.Random) -> list[tuple]:
    """Provinces, then their departments and communes; returns (province unit, departments,
    communes) per province."""
    count = params.provinces
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    sizes = [3 + n for n in allocate(params.units - 3 * count, weights)]
    provinces = []
    for number in range(1, count + 1):
        name = f"{LABEL}Tỉnh Mô phỏng {number:02d}"
        provinces.append(
            Unit(
                external_id=f"{UNIT_ID_PREFIX}p{number:02d}",
                name=name,
                short_name=f"MP {number:02d}",
                name_key=fold(name),
                kind=Unit.Kind.PROVINCE,
                type_label="Tỉnh",
                source=source,
                note="Đơn vị mô phỏng do `chidao synth` tạo; không có thật.",
            )
        )
    Unit.objects.bulk_create(provinces, batch_size=1000)
    if provinces[0].pk is None:  # a backend that does not return ids
        by_external = dict(
            Unit.objects.filter(external_id__startswith=UNIT_ID_PREFIX).values_list(
                "external_id", "pk"
            )
        )
        for unit in provinces:
            unit.pk = by_external[unit.external_id]
    Unit.objects.filter(pk__in=[u.pk for u in provinces]).update(province=F("pk"))
    children = []
    for number, (province, size) in enumerate(zip(provinces, sizes, strict=True), start=1):
        below = size - 1  # the province itself is one of its units
        departments = max(1, min(len(DEPARTMENTS), round(below * 0.12)))
        communes = below - departments
        if communes < 1:
            departments, communes = below - 1, 1
        for index in range(departments):
            name = f"{LABEL}{DEPARTMENTS[index]} tỉnh Mô phỏng {number:02d}"
            children.append(
                Unit(
                    external_id=f"{UNIT_ID_PREFIX}p{number:02d}:d{index + 1:02d}",
                    name=name,
                    name_key=fold(name),
                    kind=Unit.Kind.DEPARTMENT,
                    parent=province,
                    province=province,
                    source=source,
                )
            )
        for index in range(communes):
            kind_label = "Phường" if index % 4 == 0 else "Xã"
            name = f"{LABEL}{kind_label} Mô phỏng {index + 1:03d} tỉnh MP {number:02d}"
            children.append(
                Unit(
                    external_id=f"{UNIT_ID_PREFIX}p{number:02d}:c{index + 1:04d}",
                    name=name,
                    name_key=fold(name),
                    kind=Unit.Kind.COMMUNE,
                    type_label=kind_label,
                    parent=province,
                    province=province,
                    source=source,
                )
            )
    Unit.objects.bulk_create(children, batch_size=1000)
    rows = Unit.objects.filter(
        external_id__startswith=UNIT_ID_PREFIX, kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.COMMUNE]
    ).values_list("pk", "name", "kind", "province_id")
    grouped: dict[int, tuple[list, list]] = {p.pk: ([], []) for p in provinces}
    for pk, name, kind, province_id in rows.order_by("pk"):
        grouped[province_id][0 if kind == Unit.Kind.DEPARTMENT else 1].append((pk, name))
    return [(p, *grouped[p.pk]) for p in provinces]


def make_committees_and_plans(
    params: Params, source: Source, units: list[tuple], years: list[int]
) -> list[Province]:
    def committee_for(external_id: str, name: str, issuer: Unit | None) -> Committee:
        committee = Committee(
            external_id=external_id,
            name=name,
            name_key=fold(name),
            short_name="BCĐ mô phỏng",
            issuing_body=issuer,
            source=source,
            note="Ban Chỉ đạo mô phỏng do `chidao synth` tạo; không có thật.",
        )
        committee.save()
        return committee

    def plans_for(committee: Committee, issuer: Unit | None, tag: str) -> dict[int, int]:
        plans = {}
        for year in years:
            number = f"{year % 100:02d}-{tag}{PLAN_NUMBER_SUFFIX}"
            document = LegalDocument(
                number=number,
                doc_type=LegalDocument.Type.PLAN,
                date=dt.date(year, 1, 5),
                issuer=issuer,
                title=(
                    f"{LABEL}Kế hoạch cải cách hành chính, chuyển đổi số năm {year} "
                    f"— {committee.name.removeprefix(LABEL)}"
                )[:500],
                source=source,
                note="Văn bản mô phỏng do `chidao synth` tạo; không có giá trị pháp lý.",
            )
            document.save()
            plans[year] = TaskSource.objects.create(
                document=document, committee=committee, synthetic=True
            ).pk
        return plans

    result = []
    national = None
    national_plans: dict[int, int] = {}
    if params.committee_name:
        name = params.committee_name.strip()
        if not name.startswith(LABEL.strip()):
            name = LABEL + name
        national = committee_for(f"{COMMITTEE_ID_PREFIX}national", name, None)
        national_plans = plans_for(national, None, "QG")
    for number, (province, departments, communes) in enumerate(units, start=1):
        if national is None:
            committee = committee_for(
                f"{COMMITTEE_ID_PREFIX}p{number:02d}",
                f"{LABEL}Ban Chỉ đạo CCHC, CĐS {province.name.removeprefix(LABEL)}",
                province,
            )
            plans = plans_for(committee, province, f"P{number:02d}")
        else:
            committee, plans = national, national_plans
        result.append(Province(number, province, committee.pk, departments, communes, plans))
    return result
