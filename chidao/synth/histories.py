"""Each task's history drawn at random: deadlines, extensions, progress, completion."""

import bisect
import math
import random
from dataclasses import dataclass

from chidao.core.text import fold
from chidao.synth.params import (
    DURATIONS,
    LABEL,
    LATENESS_MEDIAN,
    LATENESS_SIGMA,
    P_APPROVED,
    P_CANCELLED,
    P_COORDINATED,
    P_EXTENSION,
    P_REASSIGNED,
    P_SECOND_EXTENSION,
    P_SOURCE,
    P_STALLED,
    P_STARTS,
    SPAN_DAYS,
    TITLES,
    Params,
)
from chidao.synth.registers import Province
from chidao.tasks.models import (
    Domain,
)


@dataclass
class Skeleton:
    index: int
    province: Province
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


class Context:
    """What every chunk needs: the provinces, domains, reference date and random weights."""

    def __init__(self, params: Params, provinces: list[Province], domains: list[Domain]):
        self.params = params
        self.provinces = provinces
        self.today = params.today.toordinal()
        self.first_day = self.today - SPAN_DAYS
        sizes = [len(p.departments) + len(p.communes) for p in provinces]
        self.province_cum = list(cumulate(sizes))
        weights = [0.3 if d.area == Domain.Area.OTHER else 1.0 for d in domains]
        self.domains = [d.pk for d in domains]
        self.domain_cum = list(cumulate(weights))
        self.duration_values = [d for d, _w in DURATIONS]
        self.duration_cum = list(cumulate([w for _d, w in DURATIONS]))
        self.title_keys = [fold(LABEL + t) for t in TITLES]

    def rng(self, purpose: str, chunk: int) -> random.Random:
        # reproducible synthetic data, not secrets
        return random.Random(f"chidao-synth:{self.params.seed}:{purpose}:{chunk}")  # noqa: S311


def cumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def pick(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def task_skeletons(ctx: Context, chunk: int, first: int, count: int) -> list[Skeleton]:
    rng = ctx.rng("skeleton", chunk)
    rand, randint = rng.random, rng.randint
    today = ctx.today
    out = []
    for index in range(first, first + count):
        province = ctx.provinces[pick(rng, ctx.province_cum)]
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
        duration = ctx.duration_values[pick(rng, ctx.duration_cum)] + randint(0, 7)
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
            Skeleton(
                index=index,
                province=province,
                lead=lead,
                coordinating=coordinating,
                domain_id=ctx.domains[pick(rng, ctx.domain_cum)],
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
