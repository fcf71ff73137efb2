"""Vietnam's administrative units, loaded from the `vietnamadminunits` package.

The package holds two snapshots and the table linking them:

- `admin_units_legacy`: the 63-province set (province, district, commune) as it stood
  just before 2025-07-01;
- `admin_units`: the 34-province, two-level set in force from 2025-07-01;
- `converter_2025.json`: which old provinces make up each new one, and which old communes
  were merged into (or split among) each new commune.

Legacy districts and communes end on 2025-06-30, 2025 communes start on 2025-07-01. A
province that continues unchanged (Hà Nội, Huế, ...) is one record spanning both periods;
a merged province is a closed legacy record and a new one linked by a UnitEvent. Codes are
reused between the two sets for different units, so external ids carry the period.

Loading is an upsert keyed on external_id that writes only rows that differ, so loading
again changes nothing and logs nothing.
"""

import datetime as dt
import functools
import importlib.metadata
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import vietnamadminunits
from django.db import transaction
from django.db.models import F
from vietnamadminunits.database import query

from chidao.audit.services import record_change
from chidao.core import policy
from chidao.core.text import compact_key, fold
from chidao.documents.models import Source
from chidao.units.models import Unit, UnitEvent

PACKAGE = "vietnamadminunits"
REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)

REORGANISED_BASIS = (
    "Nghị quyết 202/2025/QH15 (sắp xếp đơn vị hành chính cấp tỉnh) và các nghị quyết của "
    "Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã; chính quyền địa phương "
    "hai cấp theo Luật 72/2025/QH15"
)
DISTRICT_DISSOLVED_BASIS = (
    "Luật Tổ chức chính quyền địa phương 72/2025/QH15: chính quyền địa phương hai cấp, "
    "không tổ chức đơn vị hành chính cấp huyện từ ngày 01/07/2025"
)

# Compared on reload (attnames) and written on conflict (field names).
UNIT_ATTS = (
    "name",
    "short_name",
    "name_key",
    "kind",
    "type_label",
    "code",
    "parent_id",
    "province_id",
    "valid_from",
    "valid_to",
    "source_id",
)
UNIT_UPDATE_FIELDS = [att.removesuffix("_id") for att in UNIT_ATTS]
EVENT_ATTS = ("kind", "effective_date", "legal_basis", "source_id")
EVENT_UPDATE_FIELDS = [att.removesuffix("_id") for att in EVENT_ATTS]

# Parameters per `__in` lookup, below SQLite's historical limit of 999.
CHUNK = 500
# Prefixes people type before a province name: "TP Hồ Chí Minh", "Tỉnh Nghệ An".
_NAME_PREFIXES = ("thanhpho", "tinh", "tp")
# Names still in common use that the dataset no longer carries (Huế was Thừa Thiên Huế
# until it became a centrally-run city on 2025-01-01).
_EXTRA_KEYS = {"thuathienhue": "thanhphohue"}

_LEGACY_COLUMNS = (
    "province, provinceShort, provinceCode, provinceKey, provinceShortKey, provinceKeywords, "
    "district, districtShort, districtType, districtCode, districtKey, "
    "ward, wardShort, wardType, wardCode, wardKey"
)
_NEW_COLUMNS = (
    "province, provinceShort, provinceCode, provinceKey, provinceShortKey, provinceKeywords, "
    "ward, wardShort, wardType, wardCode, wardKey"
)


@dataclass(frozen=True)
class _Dataset:
    legacy: list[dict]
    new: list[dict]
    # new province key -> old province keys; new province key -> new ward key -> old full keys
    province_map: dict[str, list[str]]
    merged: dict[str, dict[str, list[str]]]
    # new province key -> old full key -> new ward keys it was divided among
    divided: dict[str, dict[str, list[str]]]


@dataclass
class _UnitSpec:
    external_id: str
    kind: str
    name: str
    short_name: str
    type_label: str
    code: str
    parent: str | None  # external id
    province: str | None  # external id; the province's own for a province
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class _EventSpec:
    external_id: str
    kind: str
    legal_basis: str
    predecessors: list[str] = field(default_factory=list)  # external ids
    successors: list[str] = field(default_factory=list)
    effective_date: dt.date = REFORM_DATE


def package_version() -> str:
    return importlib.metadata.version(PACKAGE)


def source_key(version: str | None = None) -> str:
    return f"pkg:{PACKAGE}=={version or package_version()}"


@functools.lru_cache(maxsize=1)
def _dataset() -> _Dataset:
    legacy = query(f"SELECT {_LEGACY_COLUMNS} FROM admin_units_legacy")  # noqa: S608 - constant
    new = query(f"SELECT {_NEW_COLUMNS} FROM admin_units")  # noqa: S608 - constant
    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    converter = json.loads(path.read_text(encoding="utf-8"))
    divided = {
        province: {old: [item["newWardKey"] for item in items] for old, items in olds.items()}
        for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
    }
    return _Dataset(
        legacy=legacy,
        new=new,
        province_map=converter["DICT_PROVINCE"],
        merged=converter["DICT_PROVINCE_WARD_NO_DIVIDED"],
        divided=divided,
    )


def _province_type(name: str) -> str:
    for label in ("Thành phố", "Tỉnh"):
        if name.startswith(label + " "):
            return label
    return ""


def _province_index(data: _Dataset) -> dict[str, set[str]]:
    """Every key a province is known by (full, short, keywords) -> new province keys."""
    old_to_new = {old: new for new, olds in data.province_map.items() for old in olds}
    index: dict[str, set[str]] = defaultdict(set)
    for rows, to_new in ((data.legacy, old_to_new.__getitem__), (data.new, lambda key: key)):
        seen = set()
        for row in rows:
            key = row["provinceKey"]
            if key in seen:
                continue
            seen.add(key)
            words = [key, row["provinceShortKey"], *json.loads(row["provinceKeywords"] or "[]")]
            for word in words:
                index[word].add(to_new(key))
    for word, key in _EXTRA_KEYS.items():
        index[word].add(key)
    return index


def resolve_provinces(names: Iterable[str]) -> set[str]:
    """The 2025 province keys named by `names`, as a user types them.

    "Hà Nội", "ha noi", "Thành phố Hà Nội", "TP Hồ Chí Minh", "hcm" all work; a legacy
    province ("Hà Giang") resolves to the 2025 province it became part of.
    """
    index = _province_index(_dataset())
    found: set[str] = set()
    for name in names:
        key = compact_key(name)
        candidates = [key] + [
            key.removeprefix(prefix)
            for prefix in _NAME_PREFIXES
            if key.startswith(prefix) and len(key) > len(prefix)
        ]
        matches = set().union(*(index.get(candidate, set()) for candidate in candidates))
        if not matches:
            raise ValueError(f"Không tìm thấy tỉnh, thành phố: {name!r}")
        found |= matches
    return found


def _plan(new_keys: set[str]) -> tuple[list[list[_UnitSpec]], list[_EventSpec], list[str]]:
    """Units (by level, parents first) and events for the given 2025 provinces and their
    legacy provinces. Also returns the 2025 province names, for the log."""
    data = _dataset()
    continuing = {new for new, olds in data.province_map.items() if olds == [new]}
    legacy_keys = {old for new in new_keys for old in data.province_map[new]}

    provinces: list[_UnitSpec] = []
    districts: dict[str, _UnitSpec] = {}
    communes: list[_UnitSpec] = []
    events: list[_EventSpec] = []
    legacy_province: dict[str, str] = {}  # legacy province key -> external id
    new_province: dict[str, str] = {}  # 2025 province key -> external id
    by_full_key: dict[str, str] = {}  # "province_district_ward" -> external id
    names: dict[str, str] = {}

    def province_spec(row: dict, ext: str, **validity) -> _UnitSpec:
        return _UnitSpec(
            external_id=ext,
            kind=Unit.Kind.PROVINCE,
            name=row["province"],
            short_name=row["provinceShort"] or "",
            type_label=_province_type(row["province"]),
            code=row["provinceCode"],
            parent=None,
            province=ext,
            **validity,
        )

    for row in data.new:
        key = row["provinceKey"]
        if key not in new_keys or key in new_province:
            continue
        code = row["provinceCode"]
        names[key] = row["province"]
        if key in continuing:
            ext = f"vn-admin:province:{code}"
            new_province[key] = legacy_province[key] = ext
            provinces.append(province_spec(row, ext))
        else:
            ext = f"vn-admin:2025:province:{code}"
            new_province[key] = ext
            provinces.append(province_spec(row, ext, valid_from=REFORM_DATE))

    for row in data.legacy:
        key = row["provinceKey"]
        if key not in legacy_keys:
            continue
        if key not in legacy_province:
            ext = f"vn-admin:legacy:province:{row['provinceCode']}"
            legacy_province[key] = ext
            provinces.append(province_spec(row, ext, valid_to=LEGACY_END))
        province_ext = legacy_province[key]
        district_ext = f"vn-admin:legacy:district:{row['districtCode']}"
        if district_ext not in districts:
            districts[district_ext] = _UnitSpec(
                external_id=district_ext,
                kind=Unit.Kind.DISTRICT,
                name=row["district"],
                short_name=row["districtShort"] or "",
                type_label=row["districtType"] or "",
                code=row["districtCode"],
                parent=province_ext,
                province=province_ext,
                valid_to=LEGACY_END,
            )
            events.append(
                _EventSpec(
                    external_id=f"vn-admin:2025:event:district:{row['districtCode']}",
                    kind=UnitEvent.Kind.DISSOLVED,
                    legal_basis=DISTRICT_DISSOLVED_BASIS,
                    predecessors=[district_ext],
                )
            )
        full_key = f"{key}_{row['districtKey']}_{row['wardKey'] or ''}"
        if not row["wardCode"]:
            # An island district without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
            # Côn Đảo): the converter's full key has an empty ward part and the 2025
            # special zone (đặc khu) succeeds the district itself.
            by_full_key[full_key] = district_ext
            continue
        ext = f"vn-admin:legacy:commune:{row['wardCode']}"
        by_full_key[full_key] = ext
        communes.append(
            _UnitSpec(
                external_id=ext,
                kind=Unit.Kind.COMMUNE,
                name=row["ward"],
                short_name=row["wardShort"] or "",
                type_label=row["wardType"] or "",
                code=row["wardCode"],
                parent=district_ext,
                province=province_ext,
                valid_to=LEGACY_END,
            )
        )

    for key in sorted(new_keys - continuing):
        code = new_province[key].rsplit(":", 1)[1]
        events.append(
            _EventSpec(
                external_id=f"vn-admin:2025:event:province:{code}",
                kind=UnitEvent.Kind.REORGANISED,
                legal_basis=REORGANISED_BASIS,
                predecessors=[legacy_province[old] for old in data.province_map[key]],
                successors=[new_province[key]],
            )
        )

    divided_into: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in new_keys:
        for old, new_wards in data.divided.get(key, {}).items():
            for ward in new_wards:
                divided_into[key, ward].append(old)

    for row in data.new:
        key = row["provinceKey"]
        if key not in new_keys:
            continue
        province_ext = new_province[key]
        ext = f"vn-admin:2025:commune:{row['wardCode']}"
        communes.append(
            _UnitSpec(
                external_id=ext,
                kind=Unit.Kind.COMMUNE,
                name=row["ward"],
                short_name=row["wardShort"] or "",
                type_label=row["wardType"] or "",
                code=row["wardCode"],
                parent=province_ext,
                province=province_ext,
                valid_from=REFORM_DATE,
            )
        )
        olds = data.merged.get(key, {}).get(row["wardKey"], []) + divided_into[key, row["wardKey"]]
        events.append(
            _EventSpec(
                external_id=f"vn-admin:2025:event:commune:{row['wardCode']}",
                kind=UnitEvent.Kind.REORGANISED,
                legal_basis=REORGANISED_BASIS,
                predecessors=list(dict.fromkeys(by_full_key[old] for old in olds)),
                successors=[ext],
            )
        )

    levels = [provinces, list(districts.values()), communes]
    return levels, events, [names[key] for key in sorted(names)]


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ids_by_external_id(model, external_ids: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(external_ids):
        ids.update(model.objects.filter(external_id__in=chunk).values_list("external_id", "id"))
    return ids


def _existing(model, external_ids: list[str], atts: tuple[str, ...]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for chunk in _chunks(external_ids):
        for row in model.objects.filter(external_id__in=chunk).values("id", "external_id", *atts):
            rows[row.pop("external_id")] = row
    return rows


def _upsert_source(version: str) -> tuple[Source, bool]:
    """The package's Source; True when it was created or changed."""
    meta = importlib.metadata.metadata(PACKAGE)
    wanted = {
        "kind": Source.Kind.PACKAGE,
        "title": (
            f"Gói Python {PACKAGE} {version}: đơn vị hành chính Việt Nam "
            "(63 tỉnh trước và 34 tỉnh từ 01/07/2025)"
        ),
        "url": f"https://pypi.org/project/{PACKAGE}/{version}/",
        "publisher": meta.get("Author") or "",
    }
    source, created = Source.objects.get_or_create(key=source_key(version), defaults=wanted)
    if created:
        return source, True
    changed = [name for name, value in wanted.items() if getattr(source, name) != value]
    for name in changed:
        setattr(source, name, wanted[name])
    if changed:
        source.save(update_fields=changed)
    return source, bool(changed)


def _sync_units(levels: list[list[_UnitSpec]], source_id: int) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    all_ext = [spec.external_id for level in levels for spec in level]
    existing = _existing(Unit, all_ext, UNIT_ATTS)
    ids = {ext: row["id"] for ext, row in existing.items()}

    for level in levels:
        to_write: list[Unit] = []
        created: list[str] = []
        for spec in level:
            values = {
                "name": spec.name,
                "short_name": spec.short_name,
                "name_key": fold(spec.name),
                "kind": spec.kind,
                "type_label": spec.type_label,
                "code": spec.code,
                "parent_id": ids[spec.parent] if spec.parent else None,
                # A new province gets its own id as `province` once it has one (below).
                "province_id": ids.get(spec.province) if spec.province else None,
                "valid_from": spec.valid_from,
                "valid_to": spec.valid_to,
                "source_id": source_id,
            }
            row = existing.get(spec.external_id)
            if row is None:
                created.append(spec.external_id)
            elif all(row[att] == values[att] for att in UNIT_ATTS):
                counts["unchanged"] += 1
                continue
            else:
                counts["updated"] += 1
            to_write.append(Unit(external_id=spec.external_id, **values))
        if to_write:
            Unit.objects.bulk_create(
                to_write,
                update_conflicts=True,
                unique_fields=["external_id"],
                update_fields=UNIT_UPDATE_FIELDS,
            )
        counts["created"] += len(created)
        ids.update(_ids_by_external_id(Unit, created))
        self_province = [
            ids[spec.external_id]
            for spec in level
            if spec.province == spec.external_id and spec.external_id in created
        ]
        for chunk in _chunks(self_province):
            Unit.objects.filter(pk__in=chunk).update(province_id=F("pk"))
    return counts


def _sync_links(through, column: str, wanted: set[tuple[int, int]], event_ids: list[int]) -> set:
    """Make the (event, unit) pairs of one M2M side equal to `wanted`; return the event ids
    whose links changed."""
    have: dict[tuple[int, int], int] = {}
    for chunk in _chunks(event_ids):
        rows = through.objects.filter(unitevent_id__in=chunk).values_list(
            "id", "unitevent_id", column
        )
        have.update({(event_id, unit_id): pk for pk, event_id, unit_id in rows})
    missing = wanted - have.keys()
    extra = {pair: pk for pair, pk in have.items() if pair not in wanted}
    for chunk in _chunks(list(extra.values())):
        through.objects.filter(pk__in=chunk).delete()
    through.objects.bulk_create(
        [through(unitevent_id=e, **{column: u}) for e, u in missing], ignore_conflicts=True
    )
    return {event_id for event_id, _ in (*missing, *extra)}


def _sync_events(specs: list[_EventSpec], source_id: int) -> dict[str, int]:
    all_ext = [spec.external_id for spec in specs]
    existing = _existing(UnitEvent, all_ext, EVENT_ATTS)
    changed: set[str] = set()
    to_write: list[UnitEvent] = []
    for spec in specs:
        values = {
            "kind": spec.kind,
            "effective_date": spec.effective_date,
            "legal_basis": spec.legal_basis,
            "source_id": source_id,
        }
        row = existing.get(spec.external_id)
        if row is None or any(row[att] != values[att] for att in EVENT_ATTS):
            changed.add(spec.external_id)
            to_write.append(UnitEvent(external_id=spec.external_id, **values))
    if to_write:
        UnitEvent.objects.bulk_create(
            to_write,
            update_conflicts=True,
            unique_fields=["external_id"],
            update_fields=EVENT_UPDATE_FIELDS,
        )
    event_ids = {ext: row["id"] for ext, row in existing.items()}
    event_ids.update(_ids_by_external_id(UnitEvent, [e for e in changed if e not in event_ids]))

    unit_ids = _ids_by_external_id(
        Unit,
        list({ext for spec in specs for ext in (*spec.predecessors, *spec.successors)}),
    )
    link_changed: set[int] = set()
    for attr in ("predecessors", "successors"):
        wanted = {
            (event_ids[spec.external_id], unit_ids[ext])
            for spec in specs
            for ext in getattr(spec, attr)
        }
        through = getattr(UnitEvent, attr).through
        link_changed |= _sync_links(through, "unit_id", wanted, list(event_ids.values()))
    changed |= {ext for ext, pk in event_ids.items() if pk in link_changed}
    return {"events": len(changed), "events_unchanged": len(specs) - len(changed)}


LOAD_UNITS = policy.SystemActor("chidao load-units")


def load_units(*, provinces: list[str] | None, actor=LOAD_UNITS) -> dict:
    """Load provinces, districts, communes and the 2025 succession events.

    `provinces` are names as typed ("Hà Nội", "hanoi", "TP Hồ Chí Minh"); None loads all.
    A province brings what its links need: the 2025 province(s) it belongs to and every
    legacy province those were made of. Raises ValueError for an unknown name.

    Returns counts of units created, updated and unchanged, of events written ("events")
    and of events unchanged. One audit row is written when anything changed.
    """
    if provinces is not None and not provinces:
        raise ValueError("Cần nêu ít nhất một tỉnh, thành phố.")
    data = _dataset()
    new_keys = set(data.province_map) if provinces is None else resolve_provinces(provinces)
    version = package_version()
    levels, events, province_names = _plan(new_keys)

    with transaction.atomic():
        source, source_changed = _upsert_source(version)
        counts = _sync_units(levels, source.pk)
        counts.update(_sync_events(events, source.pk))
        if source_changed or counts["created"] or counts["updated"] or counts["events"]:
            scope = "tất cả tỉnh, thành phố" if provinces is None else ", ".join(province_names)
            record_change(
                actor=actor,
                action="load",
                target_type="units.unit",
                target_repr=f"{PACKAGE} {version}: {scope}",
                after=counts,
            )
    return counts
