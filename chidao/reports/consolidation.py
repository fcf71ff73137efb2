"""The consolidated report of a period, and the interim or final review of a program.

What the standing agency used to merge by hand from dozens of Word files:
- the task statistics as of the period's cut-off (by unit, by domain, by source), rebuilt
  from the task history (`chidao.reports.statistics`): one aggregate query serves all three;
- the units' own words, grouped by the section of the form they answered, from each unit's
  current submission (the latest submitted version, never a superseded one nor a draft);
- every difficulty and every proposal with the unit that raised it;
- the figures the units filled, summed;
- which units reported late, and which did not report at all.

`consolidate(period)` gathers it; `chidao.reports.documents` lays it out (Word, Excel, PDF).
A review (sơ kết, tổng kết) of a program is the same statistics over the program's tasks as
of the end of its span, with the figures at the start for comparison.
"""

import datetime as dt
import decimal
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from chidao.core.text import fold
from chidao.reports import selectors
from chidao.reports import statistics as st
from chidao.reports.contributions import Contribution, Scope, contributions_for
from chidao.reports.models import ReportFormVersion, ReportPeriod, Submission

# Bump when the layout of the generated files changes: the fingerprint then differs and
# files built by the older code are not reused.
LAYOUT_VERSION = 1

RESULTS = "results"
DIFFICULTIES = "difficulties"
PROPOSALS = "proposals"
NEXT_PERIOD = "next_period"
OTHER = "other"

# A form's section by key, else by words of its title (forms are the standing agency's own).
_ROLE_WORDS = (
    (DIFFICULTIES, ("kho khan", "vuong mac", "ton tai", "han che", "difficult")),
    (PROPOSALS, ("kien nghi", "de xuat", "proposal", "recommend")),
    (NEXT_PERIOD, ("ky toi", "giai phap", "phuong huong", "ke hoach", "next")),
    (RESULTS, ("ket qua", "result")),
)


def section_role(key: str, title: str) -> str:
    """results, difficulties, proposals, next_period or other."""
    if key in (RESULTS, DIFFICULTIES, PROPOSALS, NEXT_PERIOD):
        return key
    words = fold(f"{key.replace('_', ' ')} {title}")
    for role, needles in _ROLE_WORDS:
        if any(needle in words for needle in needles):
            return role
    return OTHER


@dataclass(frozen=True)
class Narrative:
    """A unit's text in one section (its name as it was when it submitted)."""

    unit_id: int
    unit_name: str
    text: str
    submission_id: int
    version: int


@dataclass
class Section:
    key: str
    title: str
    role: str
    entries: list[Narrative] = field(default_factory=list)


@dataclass(frozen=True)
class FigureTotal:
    key: str
    label: str
    unit: str
    total: float | int
    units_reporting: int


@dataclass(frozen=True)
class UnitSubmission:
    """A required unit's standing: late (submitted after the deadline) or missing."""

    unit_id: int
    unit_name: str
    submitted_at: dt.datetime | None
    late: bool
    missing: bool


@dataclass
class ConsolidatedReport:
    """Everything the consolidated documents say, computed once."""

    kind: str  # "period", "interim_review" or "final_review"
    committee: object
    summary: str  # the trích yếu under "BÁO CÁO"
    as_of: dt.date
    data_from: dt.date | None
    generated_on: dt.date
    totals: dict
    by_unit: list[dict]
    by_domain: list[dict]
    by_source: list[dict]
    period: ReportPeriod | None = None
    source: object = None
    sections: list[Section] = field(default_factory=list)
    figures: list[FigureTotal] = field(default_factory=list)
    required_units: int = 0
    reported: list[UnitSubmission] = field(default_factory=list)
    late_units: list[UnitSubmission] = field(default_factory=list)
    missing_units: list[UnitSubmission] = field(default_factory=list)
    baseline: dict | None = None  # a review: the totals the day before its span
    contributions: list[Contribution] = field(default_factory=list)  # from higher parts
    fingerprint_parts: dict = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return self.period.label if self.period is not None else self.summary

    def entries(self, role: str) -> list[Narrative]:
        return [e for s in self.sections if s.role == role for e in s.entries]

    @property
    def difficulties(self) -> list[Narrative]:
        return self.entries(DIFFICULTIES)

    @property
    def proposals(self) -> list[Narrative]:
        return self.entries(PROPOSALS)

    @property
    def next_period(self) -> list[Narrative]:
        return self.entries(NEXT_PERIOD)

    @property
    def results(self) -> list[Narrative]:
        return self.entries(RESULTS)

    @property
    def other_sections(self) -> list[Section]:
        return [s for s in self.sections if s.role == OTHER]

    def contributions_at(self, place: str) -> list[Contribution]:
        return [c for c in self.contributions if c.place == place]

    @property
    def on_time_units(self) -> list[UnitSubmission]:
        return [u for u in self.reported if not u.late]

    def fingerprint(self) -> str:
        """A hash of the data the documents are made of: the statistics (with names), the
        submissions counted (ids and versions), who is late or missing, and the layout."""
        payload = {
            "layout": LAYOUT_VERSION,
            "kind": self.kind,
            "summary": self.summary,
            "as_of": self.as_of,
            "totals": self.totals,
            "by_unit": self.by_unit,
            "by_domain": self.by_domain,
            "by_source": self.by_source,
            "baseline": self.baseline,
            "contributions": [c.fingerprint_part() for c in self.contributions],
            **self.fingerprint_parts,
        }
        text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


# ---- statistics -----------------------------------------------------------------------------


def _statistics(*, as_of, committee, task_filter=None) -> dict:
    """Totals and the three breakdowns, from ONE aggregate query grouped by unit, domain and
    source (then summed per key in Python, over the aggregated rows only)."""
    rows = st.status_rows(
        as_of=as_of,
        committee=committee,
        task_filter=task_filter,
        keys=("unit", "domain", "source"),
    )
    return {
        "totals": st.totals_of(rows),
        "by_unit": st.breakdown(rows, "unit"),
        "by_domain": st.breakdown(rows, "domain"),
        "by_source": st.breakdown(rows, "source"),
    }


# ---- the period's submissions ---------------------------------------------------------------


def _sections_of(period: ReportPeriod, counted: list[Submission]) -> list[Section]:
    """The period form's sections in order, then any section only an older form version
    had (a submission answers the version it was written on)."""
    sections = {}
    for item in period.form_version.sections:
        sections[item["key"]] = Section(
            item["key"], item["title"], section_role(item["key"], item["title"])
        )
    other_versions = {s.form_version_id for s in counted} - {period.form_version_id}
    if other_versions:
        for version in ReportFormVersion.objects.filter(pk__in=other_versions).order_by("number"):
            for item in version.sections:
                if item["key"] not in sections:
                    sections[item["key"]] = Section(
                        item["key"], item["title"], section_role(item["key"], item["title"])
                    )
    return list(sections.values())


def _figure_totals(period: ReportPeriod, counted: list[Submission]) -> list[FigureTotal]:
    result = []
    for item in period.form_version.figures or []:
        values = [s.figures.get(item["key"]) for s in counted if s.figures]
        numbers = [_number(v) for v in values]
        numbers = [n for n in numbers if n is not None]
        total = sum(numbers, decimal.Decimal(0))
        total = int(total) if total == total.to_integral_value() else float(total)
        result.append(
            FigureTotal(item["key"], item["label"], item.get("unit", ""), total, len(numbers))
        )
    return result


def _number(value) -> decimal.Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return decimal.Decimal(str(value))
    except (ArithmeticError, ValueError):
        return None


def consolidate(period: ReportPeriod, *, today: dt.date | None = None) -> ConsolidatedReport:
    """The consolidated report of `period`: statistics as of its cut-off, the units'
    narratives by section, difficulties and proposals with their units, and the units that
    reported late or not at all (as of `today`). Query count does not grow with the number
    of units or tasks."""
    today = today or timezone.localdate()
    period = (
        ReportPeriod.objects.select_related("committee__issuing_body", "form_version")
        .filter(pk=period.pk)
        .get()
    )
    stats = _statistics(as_of=period.data_to, committee=period.committee)
    status = selectors.submission_status(period, today)
    counted = [
        row.current
        for row in status
        if row.current is not None and row.current.state == Submission.State.SUBMITTED
    ]
    sections = _sections_of(period, counted)
    by_key = {s.key: s for s in sections}
    for submission in counted:  # units by name (submission_status's order)
        for key, text in (submission.sections or {}).items():
            text = (text or "").strip()
            if text and key in by_key:
                by_key[key].entries.append(
                    Narrative(
                        submission.unit_id,
                        submission.unit_name,
                        text,
                        submission.pk,
                        submission.version,
                    )
                )
    standings = [
        UnitSubmission(
            unit_id=row.unit.pk,
            unit_name=(row.current.unit_name if row.current is not None else row.unit.name),
            submitted_at=row.submitted_at,
            late=row.late,
            missing=row.missing,
        )
        for row in status
    ]
    summary = period.title or f"Kết quả thực hiện nhiệm vụ {_lower_first(period.label)}"
    return ConsolidatedReport(
        kind="period",
        committee=period.committee,
        summary=summary,
        as_of=period.data_to,
        data_from=period.data_from,
        generated_on=today,
        period=period,
        sections=sections,
        figures=_figure_totals(period, counted),
        required_units=len(status),
        contributions=contributions_for(
            Scope(
                committee=period.committee,
                data_from=period.data_from,
                as_of=period.data_to,
                period=period,
            )
        ),
        reported=[u for u in standings if not u.missing],
        late_units=[u for u in standings if u.late and not u.missing],
        missing_units=[u for u in standings if u.missing],
        fingerprint_parts={
            "period": period.pk,
            "form_version": period.form_version_id,
            "submissions": sorted((s.pk, s.version) for s in counted),
            "late": sorted(u.unit_id for u in standings if u.late),
            "missing": sorted(u.unit_id for u in standings if u.missing),
        },
        **stats,
    )


def _lower_first(label: str) -> str:
    """'Quý I/2026' → 'quý I/2026' (inside a sentence)."""
    return label[:1].lower() + label[1:] if label else label


# ---- reviews of a program -------------------------------------------------------------------


def source_label(source) -> str:
    """ "Kế hoạch số 103/KH-BCĐ ngày 15/08/2025": official text, in Vietnamese whatever
    language the person asking for the document reads the pages in."""
    document = source.document
    with translation.override(settings.LANGUAGE_CODE):
        kind = document.get_doc_type_display()
    head = f"{kind} số {document.number}".strip()
    if document.date:
        head += f" ngày {document.date:%d/%m/%Y}"
    return head


def program_review(
    source, start: dt.date, end: dt.date, *, final: bool = False, today: dt.date | None = None
) -> ConsolidatedReport:
    """Interim (sơ kết) or final (tổng kết) review of a program, plan or scheme: the task
    statistics of its tasks as of `end`, by unit, domain and source, with the totals the day
    before `start` as the baseline (two aggregate queries)."""
    if end < start:
        raise ValueError("end must not be before start")
    today = today or timezone.localdate()
    program = Q(source=source)
    stats = _statistics(as_of=end, committee=source.committee, task_filter=program)
    baseline = st.totals_of(
        st.status_rows(
            as_of=start - dt.timedelta(days=1), committee=source.committee, task_filter=program
        )
    )
    word = "Tổng kết" if final else "Sơ kết"
    summary = (
        f"{word} việc thực hiện {source_label(source)} "
        f"(từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})"
    )
    return ConsolidatedReport(
        kind="final_review" if final else "interim_review",
        committee=source.committee,
        summary=summary,
        as_of=end,
        data_from=start,
        generated_on=today,
        source=source,
        baseline=baseline,
        contributions=contributions_for(
            Scope(committee=source.committee, data_from=start, as_of=end, source=source)
        ),
        fingerprint_parts={"source": source.pk, "start": start},
        **stats,
    )
