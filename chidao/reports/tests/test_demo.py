"""The synthetic demo reports: a clearly labelled quarterly regime of the 2023 committee on the
demo plan's lead units, the most recent closed quarter opened, reports on time, ONE late,
ONE missing; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from chidao.reports import demo, periods, selectors
from chidao.reports.models import ReportForm, ReportingRegime, ReportPeriod, Submission
from chidao.tasks import demo as tasks_demo
from chidao.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    tasks_demo.load_demo_tasks()
    return demo.load_demo_reports()


def test_the_demo_regime_is_synthetic_and_labelled(loaded):
    regime = loaded.regime
    assert regime.synthetic is True
    assert regime.name.startswith("[Mô phỏng]")
    assert regime.form.name.startswith("[Mô phỏng]")
    assert regime.committee.name == tasks_demo.COMMITTEE_NAME
    assert regime.frequency == "quarterly"
    version = regime.form.versions.get()
    assert [s["key"] for s in version.sections] == [
        "results",
        "difficulties",
        "proposals",
        "next_period",
    ]
    assert len(version.figures) == 2


def test_the_units_are_the_lead_units_of_the_demo_plan(loaded):
    lead_units = set(
        Task.objects.filter(source=tasks_demo.demo_source()).values_list("lead_unit_id", flat=True)
    )
    assert set(loaded.regime.units.values_list("pk", flat=True)) == lead_units
    assert set(loaded.period.units.values_list("pk", flat=True)) == lead_units


def test_the_period_is_the_most_recent_quarter_past_its_deadline(loaded):
    today = timezone.localdate()
    period = loaded.period
    assert period.deadline < today
    later = [
        w
        for w in periods.periods_between("quarterly", period.data_to, today)
        if w.data_to > period.data_to
    ]
    assert all(periods.deadline_for(loaded.regime, w.data_to) >= today for w in later)
    assert period.label.startswith("Quý ")


def test_some_reports_are_on_time_one_late_one_missing(loaded):
    rows = selectors.submission_status(loaded.period)
    missing = [row for row in rows if row.missing]
    late = [row for row in rows if row.late and not row.missing]
    on_time = [row for row in rows if not row.late]
    assert [row.unit.name for row in missing] == [loaded.missing_unit]
    assert [row.unit.name for row in late] == [loaded.late_unit]
    assert len(on_time) == len(rows) - 2 >= 3
    assert missing[0].state == "missing"
    now = timezone.now()
    assert all(row.submitted_at <= now for row in rows if row.submitted_at)


def test_the_texts_say_they_are_simulated(loaded):
    for submission in Submission.objects.filter(period=loaded.period):
        assert all("mô phỏng" in text for text in submission.sections.values())
        assert submission.state == "submitted"


def test_loading_twice_changes_nothing(loaded):
    counts = (
        ReportingRegime.objects.count(),
        ReportForm.objects.count(),
        ReportPeriod.objects.count(),
        Submission.objects.count(),
    )
    again = demo.load_demo_reports()
    assert again.created is False and again.period == loaded.period
    assert (
        ReportingRegime.objects.count(),
        ReportForm.objects.count(),
        ReportPeriod.objects.count(),
        Submission.objects.count(),
    ) == counts


def test_the_command_loads_then_skips():
    tasks_demo.load_demo_tasks()
    out = io.StringIO()
    call_command("load_demo_reports", stdout=out)
    call_command("load_demo_reports", stdout=out)
    text = out.getvalue()
    assert "nộp muộn" in text and "chưa nộp" in text
    assert "không nạp lại" in text
    assert ReportingRegime.objects.filter(synthetic=True).count() == 1


def test_without_the_demo_plan_the_command_says_what_to_run():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load-demo-tasks"):
        call_command("load_demo_reports", stdout=io.StringIO())


def test_the_demo_report_is_marked_in_its_file_name_not_in_its_text(loaded):
    from chidao.officialdocs import pdf
    from chidao.reports import consolidation, documents, jobs
    from chidao.reports.models import ConsolidatedDocument

    document = ConsolidatedDocument(period=loaded.period, format="pdf")
    assert jobs.download_name(document).startswith("mo-phong-bao-cao-tong-hop-")
    content = documents.consolidated_docx(consolidation.consolidate(loaded.period))
    body = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "BÁO CÁO" in body and "Mô phỏng" not in body and "chidao" not in body.lower()
    if pdf.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    converted = documents.consolidated_pdf(content)
    assert pdf.pages_without_text(converted) == []
    pages = pdf.page_texts(converted)
    assert not any("Mô phỏng" in page or "chidao" in page.lower() for page in pages)
