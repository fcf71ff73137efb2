"""A reporting period with submissions for the consolidation tests: Q3/2025 of the 2023
committee (data 15/06–14/09/2025, deadline 18/09/2025), four units that must report:
Home Affairs on time (corrected once), Justice on time, Finance late, Science missing.

Rows are written directly (not through the submission services): these tests are about
reading what was submitted, whatever the workflow that wrote it.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from chidao.reports.models import (
    Frequency,
    ReportForm,
    ReportFormVersion,
    ReportPeriod,
    Submission,
)
from chidao.reports.tests import history as h
from chidao.tasks.tests.factories import FINANCE, HOME_AFFAIRS, JUSTICE, SCIENCE

SECTIONS = [
    {"key": "results", "title": "Kết quả đạt được"},
    {"key": "difficulties", "title": "Khó khăn, vướng mắc"},
    {"key": "proposals", "title": "Kiến nghị, đề xuất"},
    {"key": "next_period", "title": "Nhiệm vụ, giải pháp kỳ tới"},
    {"key": "communication", "title": "Công tác thông tin, tuyên truyền"},
]
FIGURES = [
    {"key": "procedures_cut", "label": "Thủ tục hành chính được cắt giảm", "unit": "thủ tục"}
]
DEADLINE = dt.date(2025, 9, 18)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_period(committee=None, *, units=None, label="Quý III/2025"):
    committee = committee or h.committee()
    form = ReportForm.objects.create(committee=committee, name="Báo cáo CCHC, CĐS định kỳ")
    version = ReportFormVersion.objects.create(
        form=form, number=1, sections=SECTIONS, figures=FIGURES
    )
    period = ReportPeriod.objects.create(
        committee=committee,
        kind=Frequency.QUARTERLY,
        label=label,
        data_from=dt.date(2025, 6, 15),
        data_to=h.Q3_2025,
        deadline=DEADLINE,
        form_version=version,
    )
    units = units if units is not None else list(h.units().values())
    period.units.set(units)
    return period


def submit(period, unit, *, sections, figures=None, day, version=1, supersedes=None):
    return Submission.objects.create(
        period=period,
        unit=unit,
        unit_name=unit.name,
        version=version,
        form_version=period.form_version,
        state=Submission.State.SUBMITTED,
        sections=sections,
        figures=figures or {},
        submitted_at=at(day),
        supersedes=supersedes,
    )


def build_reporting():
    """The period and its submissions; returns a namespace (period, units, submissions)."""
    u = h.units()
    period = make_period(units=list(u.values()))
    first = submit(
        period,
        u[HOME_AFFAIRS],
        sections={"results": "Bản cũ, đã thay.", "difficulties": "Bản cũ."},
        figures={"procedures_cut": 5},
        day=dt.date(2025, 9, 16),
    )
    Submission.objects.filter(pk=first.pk).update(state=Submission.State.SUPERSEDED)
    home = submit(
        period,
        u[HOME_AFFAIRS],
        sections={
            "results": "Hoàn thành rà soát 120 thủ tục hành chính.",
            "difficulties": "Thiếu biên chế chuyên trách CCHC.",
            "proposals": "Đề nghị bổ sung 02 biên chế.",
            "next_period": "Tiếp tục rà soát thủ tục.",
            "communication": "Tổ chức 03 hội nghị tuyên truyền.",
        },
        figures={"procedures_cut": 12},
        day=dt.date(2025, 9, 19),  # a correction after the deadline: still on time
        version=2,
        supersedes=first,
    )
    justice = submit(
        period,
        u[JUSTICE],
        sections={
            "results": "Ban hành 05 văn bản quy phạm pháp luật.\nRà soát 30 văn bản.",
            "difficulties": "",
            "proposals": "Đề nghị kéo dài thời hạn nhiệm vụ số 7.",
        },
        figures={"procedures_cut": 3.5},
        day=dt.date(2025, 9, 17),
    )
    finance = submit(
        period,
        u[FINANCE],
        sections={"results": "Giải ngân 80% vốn chuyển đổi số.", "difficulties": "Chậm phân bổ."},
        day=dt.date(2025, 9, 25),
    )
    # Science has only a draft: it has not reported.
    Submission.objects.create(
        period=period,
        unit=u[SCIENCE],
        unit_name=u[SCIENCE].name,
        version=1,
        form_version=period.form_version,
        state=Submission.State.DRAFT,
        sections={"results": "Dự thảo chưa nộp."},
    )
    return SimpleNamespace(
        period=period, units=u, home=home, home_old=first, justice=justice, finance=finance
    )
