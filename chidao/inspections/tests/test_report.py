"""The consolidated report of a quarter lists its inspections (chidao.reports.contributions):
the units inspected, the conclusions issued, the remedies turned into tasks and how they
stand at the cut-off; in the same two queries however many inspections there are."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from chidao.inspections import contributions, services
from chidao.inspections.tests.helpers import FINANCE_DAY, findings, make_world, plan, two_remedies
from chidao.reports import consolidation, documents
from chidao.reports.contributions import Scope
from chidao.reports.tests import reporting as r
from chidao.tasks import services as tasks
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
Q4_FROM, Q4_TO = dt.date(2025, 9, 15), dt.date(2025, 12, 14)


def quarter(world):
    """Q4/2025 of the inspections' committee: data 15/09–14/12/2025."""
    period = r.make_period(world.committee, units=[world.justice, world.finance], label="Quý IV")
    period.data_from, period.data_to = Q4_FROM, Q4_TO
    period.deadline = dt.date(2025, 12, 18)
    period.save()
    return period


def conclude(world, inspection, unit, day):
    return services.conclusion_issue(
        actor=world.staff,
        inspection=inspection,
        unit=unit,
        date=day,
        findings=findings(inspection),
        remedies=two_remedies(),
    )


def test_the_quarter_lists_its_inspections_and_how_the_remedies_stand(client):
    world = make_world()
    inspection = plan(world)
    conclusion = conclude(world, inspection, world.justice, dt.date(2025, 10, 10))
    first = Task.objects.filter(source=conclusion.source).order_by("source_clause").first()
    tasks.progress_report(
        actor=world.focal, task=first, note="Đã số hóa", completed=True,
        reported_on=dt.date(2025, 11, 20),
    )  # fmt: skip
    report = consolidation.consolidate(quarter(world), today=dt.date(2025, 12, 20))
    part = {c.key: c for c in report.contributions}["inspections.period"]
    assert [row[1:] for row in part.rows] == [
        (world.justice.name, "06/10/2025", f"{conclusion.number} ngày 10/10/2025", 2, 1, 1, 0),
        (world.finance.name, "13/10/2025", "Chưa có", 0, 0, 0, 0),
    ]
    assert part.paragraphs[0].startswith("Trong kỳ, Ban Chỉ đạo kiểm tra 2 đơn vị theo 1 kế")
    assert "ban hành 1 kết luận kiểm tra, giao 2 nội dung khắc phục" in part.paragraphs[0]
    document = Document(io.BytesIO(documents.consolidated_docx(report)))
    assert any("Công tác kiểm tra" in p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert f"{conclusion.number} ngày 10/10/2025" in cells


def test_a_remedy_past_its_deadline_at_the_cut_off_is_overdue():
    world = make_world()
    inspection = plan(world)
    conclude(world, inspection, world.justice, dt.date(2025, 10, 10))
    found = contributions.figures(Scope(world.committee, Q4_FROM, dt.date(2025, 12, 14)))
    assert (found["remedies"], found["done"], found["under_way"], found["overdue"]) == (2, 0, 1, 1)


def test_a_draft_plan_and_another_quarter_are_not_listed():
    world = make_world()
    plan(world, issue=False)
    assert contributions.build(Scope(world.committee, Q4_FROM, Q4_TO)) == []
    plan(world, title="Kế hoạch kiểm tra thứ hai")
    earlier = Scope(world.committee, dt.date(2025, 6, 15), dt.date(2025, 9, 14))
    assert contributions.build(earlier) == []


def test_a_review_of_a_program_has_no_inspection_table():
    world = make_world()
    plan(world)
    scope = Scope(world.committee, Q4_FROM, Q4_TO, source=object())
    assert contributions.build(scope) == []


def count_queries(scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        contributions.build(scope)
    return len(queries)


def test_the_table_takes_the_same_queries_however_many_inspections():
    world = make_world()
    scope = Scope(world.committee, Q4_FROM, Q4_TO)
    first = plan(world)
    conclude(world, first, world.justice, dt.date(2025, 10, 10))
    one = count_queries(scope)
    conclude(world, first, world.finance, FINANCE_DAY)
    second = plan(world, title="Kế hoạch kiểm tra đột xuất")
    conclude(world, second, world.justice, dt.date(2025, 10, 20))
    assert len(contributions.figures(scope)["units"]) == 4
    assert count_queries(scope) == one == 2
