"""A clearly labelled SYNTHETIC workload at national scale, for benchmarks and load tests.

`chidao synth` writes into the configured database: synthetic provinces with their
departments and communes, one synthetic steering committee per province (or one national
committee), yearly synthetic plans, and tasks with a realistic history — assignment,
deadlines, extensions requested, approved or refused, progress reports and contributions,
completions on time and late, cancellations — with the TaskEvent timeline that the services
would have written, so that the task history adds up to about `--events` events.

Nothing here is real, and everything says so:
- units and committees have an external_id starting with ``synthetic:`` and a name starting
  with "[Mô phỏng] ";
- everything points at the Source ``synthetic:workload`` (kind entry), whose note records the
  parameters the workload was built with;
- plans are TaskSource rows with synthetic=True, tasks have synthetic=True and titles that
  start with "[Mô phỏng] ", reports and events say "[Mô phỏng]" / actor "chidao synth".

The big tables are written in chunks: with COPY on PostgreSQL, with executemany elsewhere,
so memory stays bounded whatever the size. The workload is reproducible: the same
parameters (seed and reference date included) give the same rows. A task's history never
goes past the reference date (`today`), so figures as of any earlier cut-off are meaningful.

The number of events is met exactly whenever it is at least what the tasks' own history
needs (one "assigned" event per task, plus completions, cancellations and extensions);
progress reports fill the rest, spread over the tasks that have started, the longer running
ones getting more.
"""

import bisect
import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.text import fold
from chidao.documents.models import LegalDocument, Source
from chidao.tasks.models import (
    Domain,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskSource,
)
from chidao.units.models import Unit

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


def _quiet(_message: str) -> None:
    pass


# ---- what is there


def synthetic_tasks():
    """Tasks of the synthetic workload (not the demo plan's synthetic tasks)."""
    return Task.objects.filter(committee__external_id__startswith=COMMITTEE_ID_PREFIX)


def workload_info() -> dict | None:
    """The parameters and counts the present workload was built with, or None."""
    source = Source.objects.filter(key=SOURCE_KEY).first()
    if source is None or not source.note.startswith("{"):
        return None
    try:
        return json.loads(source.note)
    except ValueError:
        return None


# ---- clearing


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _delete_dependents(model, pk_subquery: str, params: list, log: Log, depth: int = 0) -> None:
    """Delete (or unlink) the rows of every table that refers to `model` rows whose primary
    key is in `pk_subquery`, children first, one statement per table: no rows in memory,
    which matters for millions of events. PROTECT is left to the database, which refuses
    when rows outside the workload still refer to it."""
    from django.db.models import CASCADE, SET_NULL

    if depth > 4:
        raise SynthError(f"Quan hệ lồng quá sâu khi xóa {model._meta.label}.")
    tables = set(connection.introspection.table_names())
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        child = relation.related_model
        if child._meta.db_table not in tables:
            continue  # a model whose migration has not been applied has no rows
        fk = relation.field
        column = connection.ops.quote_name(fk.column)
        where = f"{column} IN ({pk_subquery})"
        with connection.cursor() as cursor:
            if fk.remote_field.on_delete is SET_NULL:
                cursor.execute(
                    f"UPDATE {_table(child)} SET {column} = NULL WHERE {where}",  # noqa: S608
                    params,
                )
                continue
            if fk.remote_field.on_delete is not CASCADE:
                continue
            pk = _column(child, child._meta.pk.name)
            child_pks = f"SELECT {pk} FROM {_table(child)} WHERE {where}"  # noqa: S608
            _delete_dependents(child, child_pks, params, log, depth + 1)
            cursor.execute(f"DELETE FROM {_table(child)} WHERE {where}", params)  # noqa: S608
            if cursor.rowcount:
                log(f"  xóa {cursor.rowcount} {child._meta.db_table}")


def _delete_where(model, where: str, params: list, log: Log) -> int:
    pk = _column(model, model._meta.pk.name)
    pks = f"SELECT {pk} FROM {_table(model)} WHERE {where}"  # noqa: S608
    _delete_dependents(model, pks, params, log)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(model)} WHERE {where}", params)  # noqa: S608
        return cursor.rowcount


def clear(*, log: Log = _quiet) -> dict[str, int]:
    """Remove the synthetic workload, and only it (not the demo plan's synthetic tasks):
    its tasks with their whole history, plans, committees, units and source.
    Returns the numbers of rows removed by kind.

    On PostgreSQL, outside a transaction, the task tables are vacuumed afterwards so that
    the space of millions of deleted rows is reused by the next workload."""
    counts = _clear(log)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            for model in (Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent):
                cursor.execute(f"VACUUM {_table(model)}")
        log(f"VACUUM: {time.perf_counter() - mark:.1f} s")
    return counts


@transaction.atomic
def _clear(log: Log) -> dict[str, int]:
    committees = f"SELECT id FROM {_table(Committee)} WHERE external_id LIKE %s"  # noqa: S608
    of_committees = [COMMITTEE_ID_PREFIX + "%"]
    of_source = (
        f"{_column(LegalDocument, 'source')} IN (SELECT id FROM {_table(Source)} WHERE key = %s)"  # noqa: S608
    )
    counts = {
        "tasks": _delete_where(Task, f"committee_id IN ({committees})", of_committees, log),
        "plans": _delete_where(TaskSource, f"committee_id IN ({committees})", of_committees, log),
        "documents": _delete_where(LegalDocument, of_source, [SOURCE_KEY], log),
        "committees": _delete_where(Committee, "external_id LIKE %s", of_committees, log),
        "units": _delete_where(Unit, "external_id LIKE %s", [UNIT_ID_PREFIX + "%"], log),
        "sources": _delete_where(Source, "key = %s", [SOURCE_KEY], log),
    }
    if any(counts.values()):
        from chidao.audit.services import record_change

        record_change(
            actor=ACTOR,
            action="delete",
            target_type="documents.source",
            target_repr=f"Dữ liệu mô phỏng ({SOURCE_KEY})",
            before=counts,
        )
    log(f"Đã xóa dữ liệu mô phỏng: {counts}")
    return counts


# ---- writing rows fast


class _Writer:
    """Writes tuples into a model's table: COPY on PostgreSQL, executemany elsewhere.

    `columns` are field names the caller supplies, in order; every other column gets its
    field's default (so a column added later with a default does not break synth)."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.table = _table(model)
        fields = {f.name: f for f in model._meta.concrete_fields}
        self.columns = [fields[name].column for name in columns]
        self.extra: tuple = ()
        extra_columns = []
        for name, model_field in fields.items():
            if name in columns:
                continue
            if model_field.has_default():
                value = model_field.get_db_prep_save(model_field.get_default(), connection)
            elif model_field.null:
                value = None
            else:
                raise SynthError(f"synth không biết điền cột {model._meta.label}.{name}.")
            extra_columns.append(model_field.column)
            self.extra += (value,)
        self.columns += extra_columns
        self.names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        extra = self.extra
        if self.postgres:
            raw = connection.connection
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {self.table} ({self.names}) FROM STDIN") as copy:  # noqa: S608
                    write_row = copy.write_row
                    if extra:
                        for row in rows:
                            write_row(row + extra)
                    else:
                        for row in rows:
                            write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, [row + extra for row in rows] if extra else rows)
        self.rows += len(rows)


def _next_id(model) -> int:
    """The first id of the rows to write: past the largest id and, on PostgreSQL, past the
    sequence too, so ids of deleted rows (a previous workload) are never reused: a new key
    landing on a dead index entry of the same value costs a heap visit per row."""
    top = model.objects.aggregate(m=Max("pk"))["m"] or 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            )
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608
                top = max(top, cursor.fetchone()[0])
    return top + 1


def _reset_sequences(models: Iterable) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# ---- the skeleton: registers, committees, plans


@dataclass
class _Province:
    number: int
    unit: Unit
    committee_id: int
    departments: list[tuple[int, str]]
    communes: list[tuple[int, str]]
    plans: dict[int, int]  # year -> TaskSource id


def _allocate(total: int, weights: list[float]) -> list[int]:
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


def _make_units(params: Params, source: Source, rng: random.Random) -> list[tuple]:
    """Provinces, then their departments and communes; returns (province unit, departments,
    communes) per province."""
    count = params.provinces
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    sizes = [3 + n for n in _allocate(params.units - 3 * count, weights)]
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


def _make_committees_and_plans(
    params: Params, source: Source, units: list[tuple], years: list[int]
) -> list[_Province]:
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
        result.append(_Province(number, province, committee.pk, departments, communes, plans))
    return result


# ---- the tasks' histories


@dataclass
class _Skeleton:
    index: int
    province: _Province
    lead: tuple[int, str]
    coordinating: list[tuple[int, str]]
    domain_id: int
    priority: str
    title: int
    with_source: bool
    assigned: int
    original: int
    deadline: int  # as of the reference date
    completed: int | None
    cancelled: int | None
    extensions: list[list]  # [requested, decided|None, state, previous, asked, granted|None]
    start: int | None  # first day the lead unit reports, None if it never does
    end: int  # last day progress can be reported (exclusive of a completion)
    reassigned: tuple[int, tuple[int, str]] | None  # (day, new lead unit)

    def fixed_events(self) -> int:
        events = 1 + (self.completed is not None) + (self.cancelled is not None)
        events += self.reassigned is not None
        for extension in self.extensions:
            events += 1 + (extension[1] is not None)
        return events


class _Context:
    """What every chunk needs: the provinces, domains, reference date and random weights."""

    def __init__(self, params: Params, provinces: list[_Province], domains: list[Domain]):
        self.params = params
        self.provinces = provinces
        self.today = params.today.toordinal()
        self.first_day = self.today - SPAN_DAYS
        sizes = [len(p.departments) + len(p.communes) for p in provinces]
        self.province_cum = list(_cumulate(sizes))
        weights = [0.3 if d.area == Domain.Area.OTHER else 1.0 for d in domains]
        self.domains = [d.pk for d in domains]
        self.domain_cum = list(_cumulate(weights))
        self.duration_values = [d for d, _w in DURATIONS]
        self.duration_cum = list(_cumulate([w for _d, w in DURATIONS]))
        self.title_keys = [fold(LABEL + t) for t in TITLES]

    def rng(self, purpose: str, chunk: int) -> random.Random:
        # reproducible synthetic data, not secrets
        return random.Random(f"chidao-synth:{self.params.seed}:{purpose}:{chunk}")  # noqa: S311


def _cumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def _pick(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _skeletons(ctx: _Context, chunk: int, first: int, count: int) -> list[_Skeleton]:
    rng = ctx.rng("skeleton", chunk)
    rand, randint = rng.random, rng.randint
    today = ctx.today
    out = []
    for index in range(first, first + count):
        province = ctx.provinces[_pick(rng, ctx.province_cum)]
        if province.departments and (rand() < 0.45 or not province.communes):
            lead = province.departments[randint(0, len(province.departments) - 1)]
        else:
            lead = province.communes[randint(0, len(province.communes) - 1)]
        coordinating = []
        if rand() < P_COORDINATED:
            pool = province.departments
            for _ in range(1 if rand() < 0.7 else 2):
                unit = pool[randint(0, len(pool) - 1)]
                if unit != lead and unit not in coordinating:
                    coordinating.append(unit)
        roll = rand()
        priority = "normal" if roll < 0.8 else "high" if roll < 0.95 else "urgent"
        assigned = ctx.first_day + randint(0, SPAN_DAYS)
        duration = ctx.duration_values[_pick(rng, ctx.duration_cum)] + randint(0, 7)
        original = assigned + duration

        extensions: list[list] = []
        current = original
        if rand() < P_EXTENSION:
            latest = None
            for attempt in range(2):
                if attempt == 1 and rand() >= P_SECOND_EXTENSION:
                    break
                earliest = assigned + 1 if latest is None else latest + 1
                requested = max(earliest, current - randint(0, 15))
                decided = requested + randint(1, 10)
                asked = current + (30, 45, 60, 90)[randint(0, 3)]
                approved = rand() < P_APPROVED
                granted = asked if rand() < 0.9 else current + (asked - current) // 2 or asked
                extensions.append(
                    [requested, decided, "approved" if approved else "refused", current, asked]
                    + [granted if approved else None]
                )
                if approved:
                    current = granted
                latest = decided
        final_deadline = current
        last_decision = extensions[-1][1] if extensions else None

        span = max(1, final_deadline - assigned)
        share = rng.lognormvariate(math.log(LATENESS_MEDIAN), LATENESS_SIGMA)
        finish = assigned + max(1, round(span * share))
        if last_decision is not None and finish <= last_decision:
            finish = last_decision + randint(1, max(1, final_deadline - last_decision))
        if rand() < P_STALLED:
            finish = today + SPAN_DAYS  # not finished by the reference date
        cancelled = None
        if rand() < P_CANCELLED:
            cancelled = assigned + randint(1, max(1, int(span * 1.2)))
            if cancelled >= finish:
                cancelled = None
        if cancelled is not None:
            extensions = [e for e in extensions if e[1] < cancelled]
        completed = finish if cancelled is None and finish <= today else None
        if cancelled is not None and cancelled > today:
            cancelled = None
        # history stops at the reference date
        kept = []
        for extension in extensions:
            if extension[0] > today:
                break
            if extension[1] > today:
                if completed is None and cancelled is None:
                    extension[1], extension[2], extension[5] = None, "pending", None
                    kept.append(extension)
                break
            kept.append(extension)
        extensions = kept
        deadline = original
        for extension in extensions:
            if extension[2] == "approved":
                deadline = extension[5]

        if completed is not None:
            start = assigned + randint(0, max(0, (completed - assigned) // 2))
            end = max(start, completed - 1)
        else:
            end = cancelled if cancelled is not None else today
            start = assigned + randint(1, max(1, span // 2)) if rand() < P_STARTS else None
            if start is not None and start > end:
                start = None
        reassigned = None
        if rand() < P_REASSIGNED:
            # while the task is open: before its completion or cancellation, by the reference date
            last_open = min(completed or today + 1, cancelled or today + 1) - 1
            pool = province.departments + province.communes
            new_lead = pool[randint(0, len(pool) - 1)]
            if last_open > assigned and new_lead != lead and new_lead not in coordinating:
                reassigned = (randint(assigned + 1, last_open), new_lead)
        out.append(
            _Skeleton(
                index=index,
                province=province,
                lead=lead,
                coordinating=coordinating,
                domain_id=ctx.domains[_pick(rng, ctx.domain_cum)],
                priority=priority,
                title=randint(0, len(TITLES) - 1),
                with_source=rand() < P_SOURCE,
                assigned=assigned,
                original=original,
                deadline=deadline,
                completed=completed,
                cancelled=cancelled,
                extensions=extensions,
                start=start,
                end=end,
                reassigned=reassigned,
            )
        )
    return out


class _Dates:
    """ISO strings of day ordinals (memoised: a few thousand distinct days)."""

    def __init__(self, postgres: bool):
        self.iso: dict[int, str] = {}
        self.stamps: dict[int, str] = {}
        # created_at: 09:00 in Vietnam, written as UTC
        self.stamp_suffix = " 02:00:00+00" if postgres else " 02:00:00"

    def day(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int) -> str:
        text = self.stamps.get(ordinal)
        if text is None:
            text = self.stamps[ordinal] = self.day(ordinal) + self.stamp_suffix
        return text


class _Ids:
    def __init__(self):
        self.task = _next_id(Task)
        self.coordination = _next_id(TaskCoordination)
        self.extension = _next_id(ExtensionRequest)
        self.report = _next_id(ProgressReport)
        self.event = _next_id(TaskEvent)


TASK_COLUMNS = [
    "id", "committee", "source", "source_clause", "title", "title_key", "content", "domain",
    "lead_unit", "lead_unit_name", "deadline", "original_deadline", "period_label",
    "expected_output", "priority", "assigned_on", "percent", "last_progress_on",
    "completed_on", "output_number", "output_date", "cancelled_on", "cancel_reason",
    "synthetic", "created_at",
]  # fmt: skip
COORDINATION_COLUMNS = ["id", "task", "unit", "unit_name"]
EXTENSION_COLUMNS = [
    "id", "task", "requested_on", "reason", "requested_deadline", "state", "decided_on",
    "decision_note", "previous_deadline", "granted_deadline",
]  # fmt: skip
REPORT_COLUMNS = [
    "id", "task", "unit", "reported_on", "created_at", "percent", "note", "completed",
    "is_contribution",
]  # fmt: skip
EVENT_COLUMNS = ["id", "task", "kind", "effective_on", "created_at", "actor_label", "data"]

PROGRESS_NOTES = [f"{LABEL}Đã thực hiện khoảng {p}% khối lượng công việc." for p in range(101)]
CONTRIBUTION_NOTE = f"{LABEL}Đơn vị phối hợp đã gửi ý kiến, số liệu theo đề nghị."
COMPLETION_NOTE = f"{LABEL}Đã hoàn thành, có văn bản kết quả."
CANCEL_REASON = f"{LABEL}Nội dung được lồng ghép vào nhiệm vụ khác của kế hoạch."
EXTENSION_REASON = f"{LABEL}Cần thêm thời gian để lấy ý kiến các đơn vị liên quan."
REFUSAL_NOTE = f"{LABEL}Không đủ căn cứ gia hạn; đề nghị tập trung hoàn thành đúng hạn."
EXPECTED_OUTPUT = f"{LABEL}Báo cáo kết quả thực hiện"
REASSIGN_REASON = f"{LABEL}Sắp xếp lại đơn vị chủ trì theo quyết định của Ban Chỉ đạo."


class _Writers:
    def __init__(self):
        self.task = _Writer(Task, TASK_COLUMNS)
        self.coordination = _Writer(TaskCoordination, COORDINATION_COLUMNS)
        self.extension = _Writer(ExtensionRequest, EXTENSION_COLUMNS)
        self.report = _Writer(ProgressReport, REPORT_COLUMNS)
        self.event = _Writer(TaskEvent, EVENT_COLUMNS)


def _chunk_rows(
    ctx: _Context, chunk: int, skeletons: list[_Skeleton], budget: int, ids: _Ids, dates: _Dates
):
    """The rows of one chunk of tasks, with `budget` progress reports spread over the tasks
    whose lead unit has started reporting."""
    rng = ctx.rng("history", chunk)
    rand, randint, uniform = rng.random, rng.randint, rng.uniform
    day, stamp = dates.day, dates.stamp
    reporters = [s for s in skeletons if s.start is not None]
    weights = [(s.end - s.start + 10) * uniform(0.3, 1.7) for s in reporters]
    reports_of = dict(zip((s.index for s in reporters), _allocate(budget, weights), strict=True))

    tasks, coordinations, extensions, reports, events = [], [], [], [], []
    for s in skeletons:
        task_id = ids.task
        ids.task += 1
        province = s.province
        lead_id, lead_name = first_lead_id, first_lead_name = s.lead
        reassigned_on = None
        if s.reassigned is not None:
            reassigned_on, (lead_id, lead_name) = s.reassigned
        number = s.index + 1
        title = f"{LABEL}{TITLES[s.title]} — NV{number:07d}"
        title_key = f"{ctx.title_keys[s.title]} nv{number:07d}"
        source_id = None
        if s.with_source:
            source_id = province.plans.get(dt.date.fromordinal(s.assigned).year)
        timeline: list[tuple] = []  # (day, order, kind, data)

        for unit_id, unit_name in s.coordinating:
            coordinations.append((ids.coordination, task_id, unit_id, unit_name))
            ids.coordination += 1
        timeline.append(
            (
                s.assigned,
                0,
                "assigned",
                json.dumps(
                    {
                        "lead_unit": first_lead_name,
                        "coordinating_units": [name for _u, name in s.coordinating],
                        "deadline": day(s.original),
                        "synthetic": True,
                    },
                    ensure_ascii=False,
                ),
            )
        )
        for requested, decided, state, previous, asked, granted in s.extensions:
            request_id = ids.extension
            ids.extension += 1
            extensions.append(
                (
                    request_id,
                    task_id,
                    day(requested),
                    EXTENSION_REASON,
                    day(asked),
                    state,
                    day(decided),
                    REFUSAL_NOTE if state == "refused" else "",
                    day(previous),
                    day(granted),
                )
            )
            timeline.append(
                (
                    requested,
                    1,
                    "extension_requested",
                    f'{{"request": {request_id}, "requested_deadline": "{day(asked)}", '
                    f'"synthetic": true}}',
                )
            )
            if decided is not None:
                new_deadline = granted if granted is not None else previous
                timeline.append(
                    (
                        decided,
                        2,
                        "extension_approved" if state == "approved" else "extension_refused",
                        f'{{"request": {request_id}, "previous_deadline": "{day(previous)}", '
                        f'"deadline": "{day(new_deadline)}", "synthetic": true}}',
                    )
                )

        percent = 0
        last_progress = None
        count = reports_of.get(s.index, 0)
        if count:
            report_days = sorted(randint(s.start, s.end) for _ in range(count))
            contributions = [bool(s.coordinating) and rand() < P_CONTRIBUTION for _ in report_days]
            lead_reports = contributions.count(False)
            done = 0
            for report_day, contribution in zip(report_days, contributions, strict=True):
                report_id = ids.report
                ids.report += 1
                if contribution:
                    unit_id = s.coordinating[randint(0, len(s.coordinating) - 1)][0]
                    reports.append(
                        (report_id, task_id, unit_id, day(report_day), stamp(report_day), None)
                        + (CONTRIBUTION_NOTE, False, True)
                    )
                    kind, shown = "contribution", "null"
                else:
                    done += 1
                    target = 100 * done / (lead_reports + 1) * uniform(0.8, 1.1)
                    percent = max(percent, min(95, round(target)))
                    last_progress = report_day
                    by = lead_id if reassigned_on is None or report_day >= reassigned_on else None
                    reports.append(
                        (
                            report_id,
                            task_id,
                            by or first_lead_id,
                            day(report_day),
                            stamp(report_day),
                        )
                        + (percent, PROGRESS_NOTES[percent], False, False)
                    )
                    kind, shown = "progress", str(percent)
                timeline.append(
                    (
                        report_day,
                        3,
                        kind,
                        f'{{"report": {report_id}, "percent": {shown}, "synthetic": true}}',
                    )
                )
        if s.completed is not None:
            report_id = ids.report
            ids.report += 1
            reports.append(
                (report_id, task_id, lead_id, day(s.completed), stamp(s.completed), 100)
                + (COMPLETION_NOTE, True, False)
            )
            timeline.append(
                (
                    s.completed,
                    4,
                    "completed",
                    f'{{"report": {report_id}, "percent": 100, "output_number": '
                    f'"{number}/BC-MP", "synthetic": true}}',
                )
            )
            percent, last_progress = 100, s.completed
        if reassigned_on is not None:
            timeline.append(
                (
                    reassigned_on,
                    1,
                    "reassigned",
                    json.dumps(
                        {
                            "old_unit": first_lead_name,
                            "old_unit_id": first_lead_id,
                            "new_unit": lead_name,
                            "new_unit_id": lead_id,
                            "reason": REASSIGN_REASON,
                            "synthetic": True,
                        },
                        ensure_ascii=False,
                    ),
                )
            )
        if s.cancelled is not None:
            timeline.append(
                (
                    s.cancelled,
                    5,
                    "cancelled",
                    json.dumps({"reason": CANCEL_REASON, "synthetic": True}, ensure_ascii=False),
                )
            )
        timeline.sort(key=lambda item: (item[0], item[1]))
        for event_day, _order, kind, data in timeline:
            events.append(
                (ids.event, task_id, kind, day(event_day), stamp(event_day), ACTOR.job, data)
            )
            ids.event += 1

        tasks.append(
            (
                task_id,
                province.committee_id,
                source_id,
                f"Mục {1 + s.index % 9}.{1 + s.index % 13}" if source_id else "",
                title,
                title_key,
                "",
                s.domain_id,
                lead_id,
                first_lead_name,
                day(s.deadline),
                day(s.original),
                "",
                EXPECTED_OUTPUT,
                s.priority,
                day(s.assigned),
                percent,
                day(last_progress),
                day(s.completed),
                f"{number}/BC-MP" if s.completed is not None else "",
                day(s.completed),
                day(s.cancelled),
                CANCEL_REASON if s.cancelled is not None else "",
                True,
                stamp(s.assigned),
            )
        )
    return tasks, coordinations, extensions, reports, events


# ---- building


def _postgres_prepare() -> None:
    """Check foreign keys row by row as each COPY ends, not all at commit (bounded memory),
    and lock the tables written with explicit ids against concurrent inserts."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in (Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent):
            cursor.execute(f"LOCK TABLE {_table(model)} IN SHARE ROW EXCLUSIVE MODE")


def build(params: Params, *, log: Log = _quiet) -> Result:
    """Build the workload (the database must not hold one already: see `clear`)."""
    params.check()
    if params.today is None:
        params = Params(**{**asdict(params), "today": timezone.localdate()})
    if (
        Source.objects.filter(key=SOURCE_KEY).exists()
        or Unit.objects.filter(external_id__startswith=UNIT_ID_PREFIX).exists()
    ):
        raise SynthError("Đã có dữ liệu mô phỏng: chạy lại với --clear để thay thế.")
    domains = list(Domain.objects.filter(committee__isnull=True).order_by("area", "order"))
    if not domains:
        raise SynthError("Chưa có lĩnh vực dựng sẵn: hãy chạy `chidao migrate` trước.")
    result = Result(params={**asdict(params), "today": params.today.isoformat()})
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _postgres_prepare()
        source = Source.objects.create(
            key=SOURCE_KEY,
            kind=Source.Kind.ENTRY,
            title="Dữ liệu mô phỏng quy mô toàn quốc (chidao synth) — không phải dữ liệu thật",
            note="{}",
        )
        rng = random.Random(f"chidao-synth:{params.seed}:registers")  # noqa: S311
        units = _make_units(params, source, rng)
        first_year = dt.date.fromordinal(params.today.toordinal() - SPAN_DAYS).year
        years = list(range(first_year, params.today.year + 1))
        provinces = _make_committees_and_plans(params, source, units, years)
        result.timings["registers"] = time.perf_counter() - started
        log(
            f"Đơn vị, Ban Chỉ đạo, kế hoạch: {result.timings['registers']:.1f} s "
            f"({sum(1 + len(d) + len(c) for _p, d, c in units)} đơn vị)."
        )

        ctx = _Context(params, provinces, domains)
        chunks = [
            (n, first, min(params.chunk, params.tasks - first))
            for n, first in enumerate(range(0, params.tasks, params.chunk))
        ]
        # Pass 1: what each chunk's history needs, to share out the progress reports.
        fixed_total = 0
        reporters = []
        for n, first, count in chunks:
            skeletons = _skeletons(ctx, n, first, count)
            fixed_total += sum(s.fixed_events() for s in skeletons)
            reporters.append(sum(1 for s in skeletons if s.start is not None))
        budget = max(0, params.events - fixed_total)
        if params.events < fixed_total:
            result.warnings.append(
                f"--events {params.events} nhỏ hơn số sự kiện tối thiểu của {params.tasks} "
                f"nhiệm vụ ({fixed_total}); không thêm báo cáo tiến độ."
            )
        elif budget and not any(reporters):
            result.warnings.append("Không nhiệm vụ nào đã bắt đầu: không thêm báo cáo tiến độ.")
        budgets = _allocate(budget, [float(r) for r in reporters])
        result.timings["plan"] = time.perf_counter() - started - result.timings["registers"]
        log(f"Lập kế hoạch sự kiện: {result.timings['plan']:.1f} s.")

        # Pass 2: the rows, chunk by chunk.
        ids = _Ids()
        writers = _Writers()
        dates = _Dates(connection.vendor == "postgresql")
        generate = write = 0.0
        for n, first, count in chunks:
            mark = time.perf_counter()
            skeletons = _skeletons(ctx, n, first, count)
            rows = _chunk_rows(ctx, n, skeletons, budgets[n], ids, dates)
            middle = time.perf_counter()
            tasks, coordinations, extensions, reports, events = rows
            writers.task.write(tasks)
            writers.coordination.write(coordinations)
            writers.extension.write(extensions)
            writers.report.write(reports)
            writers.event.write(events)
            done = time.perf_counter()
            generate += middle - mark
            write += done - middle
            if n % 10 == 9 or n == len(chunks) - 1:
                log(
                    f"  {first + count:>9} nhiệm vụ, {writers.event.rows:>9} sự kiện "
                    f"({done - started:.0f} s)"
                )
        result.timings["generate"] = generate
        result.timings["write"] = write
        mark = time.perf_counter()
        _reset_sequences([Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent])
        result.counts = {
            "provinces": len(provinces),
            "units": sum(1 + len(p.departments) + len(p.communes) for p in provinces),
            "committees": len({p.committee_id for p in provinces}),
            "plans": sum(len(p.plans) for p in provinces)
            if not params.committee_name
            else len(provinces[0].plans),
            "tasks": writers.task.rows,
            "coordinations": writers.coordination.rows,
            "extension_requests": writers.extension.rows,
            "progress_reports": writers.report.rows,
            "events": writers.event.rows,
        }
        source.note = json.dumps(
            {"params": result.params, "counts": result.counts}, ensure_ascii=False
        )
        source.save(update_fields=["note"])
        from chidao.audit.services import record_change

        record_change(
            actor=ACTOR,
            action="load",
            target=source,
            after={"params": result.params, "counts": result.counts},
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again
        result.timings["finish"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if connection.vendor == "postgresql":
        # Statistics for the planner, and (outside a transaction) the visibility map and hint
        # bits that autovacuum would set later: the first queries then read a settled table.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in (Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent):
                cursor.execute(f"{command} {_table(model)}")
    result.timings["vacuum_analyze"] = time.perf_counter() - mark
    result.timings["total"] = time.perf_counter() - started
    return result
