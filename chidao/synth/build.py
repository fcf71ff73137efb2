"""Building the workload: registers first, then the tasks chunk by chunk, in one transaction."""

import datetime as dt
import json
import random
import time
from dataclasses import asdict

from django.db import connection, transaction
from django.utils import timezone

from chidao.audit.services import record_change
from chidao.documents.models import Source
from chidao.synth.bulk import reset_sequences, table_name
from chidao.synth.histories import Context, task_skeletons
from chidao.synth.params import (
    ACTOR,
    SOURCE_KEY,
    SPAN_DAYS,
    UNIT_ID_PREFIX,
    Log,
    Params,
    Result,
    SynthError,
    quiet,
)
from chidao.synth.registers import allocate, make_committees_and_plans, make_units
from chidao.synth.rows import Dates, Ids, Writers, chunk_rows
from chidao.tasks.models import (
    Domain,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
)
from chidao.units.models import Unit


def _postgres_prepare() -> None:
    """Check foreign keys row by row as each COPY ends, not all at commit (bounded memory),
    and lock the tables written with explicit ids against concurrent inserts."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in (Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent):
            cursor.execute(f"LOCK TABLE {table_name(model)} IN SHARE ROW EXCLUSIVE MODE")


def build(params: Params, *, log: Log = quiet) -> Result:
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
        units = make_units(params, source, rng)
        first_year = dt.date.fromordinal(params.today.toordinal() - SPAN_DAYS).year
        years = list(range(first_year, params.today.year + 1))
        provinces = make_committees_and_plans(params, source, units, years)
        result.timings["registers"] = time.perf_counter() - started
        log(
            f"Đơn vị, Ban Chỉ đạo, kế hoạch: {result.timings['registers']:.1f} s "
            f"({sum(1 + len(d) + len(c) for _p, d, c in units)} đơn vị)."
        )

        ctx = Context(params, provinces, domains)
        chunks = [
            (n, first, min(params.chunk, params.tasks - first))
            for n, first in enumerate(range(0, params.tasks, params.chunk))
        ]
        # Pass 1: what each chunk's history needs, to share out the progress reports.
        fixed_total = 0
        reporters = []
        for n, first, count in chunks:
            skeletons = task_skeletons(ctx, n, first, count)
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
        budgets = allocate(budget, [float(r) for r in reporters])
        result.timings["plan"] = time.perf_counter() - started - result.timings["registers"]
        log(f"Lập kế hoạch sự kiện: {result.timings['plan']:.1f} s.")

        # Pass 2: the rows, chunk by chunk.
        ids = Ids()
        writers = Writers()
        dates = Dates(connection.vendor == "postgresql")
        generate = write = 0.0
        for n, first, count in chunks:
            mark = time.perf_counter()
            skeletons = task_skeletons(ctx, n, first, count)
            rows = chunk_rows(ctx, n, skeletons, budgets[n], ids, dates)
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
        reset_sequences([Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent])
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
                cursor.execute(f"{command} {table_name(model)}")
    result.timings["vacuum_analyze"] = time.perf_counter() - mark
    result.timings["total"] = time.perf_counter() - started
    return result
