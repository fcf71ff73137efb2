"""`chidao synth`: a small synthetic workload has exactly the counts asked, everything in it
is labelled synthetic, its history is coherent and stops at the reference date, it is
reproducible, and --clear removes it (and only it). Runs on SQLite (executemany) and on
PostgreSQL (COPY), whichever DATABASE_URL names."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min, Q

from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee
from chidao.core.text import fold
from chidao.documents.models import LegalDocument, Source
from chidao.synth.build import build
from chidao.synth.clearing import clear
from chidao.synth.params import (
    ACTOR,
    COMMITTEE_ID_PREFIX,
    LABEL,
    SOURCE_KEY,
    UNIT_ID_PREFIX,
    Params,
    SynthError,
)
from chidao.synth.selectors import synthetic_tasks, workload_info
from chidao.tasks.models import (
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskSource,
)
from chidao.tasks.status import Status, status_of
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
SMALL = Params(provinces=2, units=20, tasks=500, events=2500, seed=1, today=TODAY, chunk=128)


@pytest.fixture
def built():
    return build(SMALL)


def workload_tasks():
    return synthetic_tasks()


def test_counts_match_the_parameters(built):
    units = Unit.objects.filter(external_id__startswith=UNIT_ID_PREFIX)
    assert units.count() == 20
    assert units.filter(kind=Unit.Kind.PROVINCE).count() == 2
    assert set(units.values_list("kind", flat=True)) == {
        Unit.Kind.PROVINCE,
        Unit.Kind.DEPARTMENT,
        Unit.Kind.COMMUNE,
    }
    assert Committee.objects.filter(external_id__startswith=COMMITTEE_ID_PREFIX).count() == 2
    tasks = workload_tasks()
    assert tasks.count() == 500
    assert TaskEvent.objects.filter(task__in=tasks).count() == 2500
    assert built.counts["tasks"] == 500
    assert built.counts["events"] == 2500
    assert built.counts["units"] == 20
    assert built.counts["progress_reports"] == ProgressReport.objects.filter(task__in=tasks).count()
    assert (
        built.counts["extension_requests"]
        == ExtensionRequest.objects.filter(task__in=tasks).count()
    )
    # every province has its committee and its tasks; every task an "assigned" event
    assert tasks.values("committee").distinct().count() == 2
    assert TaskEvent.objects.filter(task__in=tasks, kind="assigned").count() == 500


def test_everything_is_labelled_synthetic(built):
    source = Source.objects.get(key=SOURCE_KEY)
    assert source.kind == Source.Kind.ENTRY
    assert json.loads(source.note)["params"]["tasks"] == 500
    assert workload_info()["counts"] == built.counts
    units = Unit.objects.filter(source=source)
    assert units.count() == 20
    assert all(name.startswith(LABEL) for name in units.values_list("name", flat=True))
    assert not units.exclude(external_id__startswith="synthetic:").exists()
    committees = Committee.objects.filter(source=source)
    assert committees.count() == 2
    assert all(
        c.name.startswith(LABEL) and c.external_id.startswith("synthetic:") for c in committees
    )
    plans = TaskSource.objects.filter(committee__in=committees)
    assert plans.exists() and not plans.filter(synthetic=False).exists()
    assert all(d.title.startswith(LABEL) for d in LegalDocument.objects.filter(source=source))
    tasks = workload_tasks()
    assert not tasks.filter(synthetic=False).exists()
    for title, key in tasks.values_list("title", "title_key")[:50]:
        assert title.startswith(LABEL)
        assert key == fold(title)
    events = TaskEvent.objects.filter(task__in=tasks)
    assert set(events.values_list("actor_label", flat=True)) == {ACTOR.job}
    reports = ProgressReport.objects.filter(task__in=tasks)
    assert all(note.startswith(LABEL) for note in reports.values_list("note", flat=True))
    # the load is in the change log, with its parameters
    entry = ChangeLog.objects.get(actor_label=ACTOR.job, action="load")
    assert entry.after["counts"]["tasks"] == 500


def test_history_is_coherent_and_stops_at_the_reference_date(built):
    tasks = workload_tasks()
    events = TaskEvent.objects.filter(task__in=tasks)
    assert events.aggregate(m=Max("effective_on"))["m"] <= TODAY
    assert (
        ProgressReport.objects.filter(task__in=tasks).aggregate(m=Max("reported_on"))["m"] <= TODAY
    )
    assert tasks.aggregate(m=Max("assigned_on"))["m"] <= TODAY
    assert not tasks.filter(completed_on__gt=TODAY).exists()
    assert not tasks.filter(cancelled_on__gt=TODAY).exists()
    assert not tasks.filter(completed_on__lt=models_f("assigned_on")).exists()
    assert not tasks.filter(deadline__lt=models_f("original_deadline")).exists()
    assert not tasks.filter(completed_on__isnull=False, cancelled_on__isnull=False).exists()
    # each event kind happens once where it should
    kinds = Counter(events.values_list("kind", flat=True))
    assert kinds["completed"] == tasks.filter(completed_on__isnull=False).count()
    assert kinds["cancelled"] == tasks.filter(cancelled_on__isnull=False).count()
    assert kinds["progress"] > 0
    # no event before its task was assigned
    assert not events.filter(effective_on__lt=models_f("task__assigned_on")).exists()

    extensions = ExtensionRequest.objects.filter(task__in=tasks)
    assert extensions.filter(state="approved").exists()
    assert not extensions.filter(state="approved", granted_deadline__isnull=True).exists()
    assert not extensions.filter(~Q(state="pending"), decided_on__isnull=True).exists()
    assert not extensions.filter(decided_on__gt=TODAY).exists()
    # an extension is decided while the task is open
    assert not extensions.filter(decided_on__gte=models_f("task__completed_on")).exists()
    # the current deadline is the latest granted one
    for task in tasks.filter(extension_requests__state="approved").distinct()[:30]:
        latest = task.extension_requests.filter(state="approved").order_by("-decided_on").first()
        assert task.deadline == latest.granted_deadline
    assert (
        not extensions.values("task")
        .annotate(n=Count("id", filter=Q(state="pending")))
        .filter(n__gt=1)
        .exists()
    )
    # the completion report is the lead unit's, at the completion date, at 100%
    done = tasks.filter(completed_on__isnull=False).first()
    final = done.reports.get(completed=True)
    assert (final.reported_on, final.percent, final.unit_id) == (
        done.completed_on,
        100,
        done.lead_unit_id,
    )
    assert done.last_progress_on == done.completed_on
    # reassigned tasks point at their new lead unit and keep the name given at assignment
    for event in events.filter(kind="reassigned")[:10]:
        assert event.task.lead_unit_id == event.data["new_unit_id"]
        assert event.task.lead_unit_name == event.data["old_unit"]
    # contributions come from coordinating units
    contributions = ProgressReport.objects.filter(task__in=tasks, is_contribution=True)
    for report in contributions[:20]:
        assert TaskCoordination.objects.filter(task=report.task_id, unit=report.unit_id).exists()


def test_statuses_are_varied(built):
    statuses = Counter(status_of(task, TODAY) for task in workload_tasks())
    for status in (
        Status.DONE_ON_TIME,
        Status.DONE_LATE,
        Status.OVERDUE,
        Status.IN_PROGRESS,
        Status.NOT_STARTED,
        Status.CANCELLED,
    ):
        assert statuses[status] > 0, statuses
    assert workload_tasks().aggregate(m=Min("assigned_on"))["m"] < TODAY - dt.timedelta(days=700)


def test_reproducible_and_clear_is_idempotent(built):
    first = list(workload_tasks().order_by("id").values_list("title", "deadline", "completed_on"))
    other = Task.objects.exclude(pk__in=workload_tasks()).count()
    counts = clear()
    assert counts["tasks"] == 500 and counts["units"] == 20
    assert not workload_tasks().exists()
    assert not Unit.objects.filter(external_id__startswith="synthetic:").exists()
    assert not Committee.objects.filter(external_id__startswith="synthetic:").exists()
    assert not Source.objects.filter(key=SOURCE_KEY).exists()
    assert Task.objects.count() == other  # nothing else was touched
    assert ChangeLog.objects.filter(actor_label=ACTOR.job, action="delete").count() == 1
    assert clear()["tasks"] == 0  # clearing again is harmless
    build(SMALL)
    again = list(workload_tasks().order_by("id").values_list("title", "deadline", "completed_on"))
    assert again == first


def test_building_twice_needs_clear(built):
    with pytest.raises(SynthError):
        build(SMALL)


def test_clear_keeps_other_synthetic_tasks(built):
    from chidao.tasks.tests.factories import make_task

    demo_like = make_task(title="Nhiệm vụ trình diễn", synthetic=True)
    clear()
    assert Task.objects.filter(pk=demo_like.pk).exists()


def test_events_below_the_minimum_only_warn():
    result = build(Params(provinces=1, units=5, tasks=50, events=10, today=TODAY))
    assert result.warnings
    assert result.counts["events"] >= 50
    assert not ProgressReport.objects.filter(task__in=workload_tasks(), completed=False).exists()


def test_one_national_committee():
    build(
        Params(
            provinces=3, units=12, tasks=60, events=300, today=TODAY, committee_name="BCĐ quốc gia"
        )
    )
    committee = Committee.objects.get(external_id__startswith=COMMITTEE_ID_PREFIX)
    assert committee.name == LABEL + "BCĐ quốc gia"
    assert workload_tasks().filter(committee=committee).count() == 60
    assert workload_tasks().values("lead_unit__province").distinct().count() == 3


def test_bad_parameters_are_refused():
    with pytest.raises(SynthError):
        build(Params(provinces=4, units=5, tasks=1, events=1, today=TODAY))


def test_command(built):
    out = io.StringIO()
    call_command(
        "synth",
        "--clear",
        "--provinces=2",
        "--units=10",
        "--tasks=40",
        "--events=200",
        "--today=2025-06-30",
        stdout=out,
    )
    assert workload_tasks().count() == 40
    assert TaskEvent.objects.filter(task__in=workload_tasks()).count() == 200
    assert '"tasks": 40' in out.getvalue()
    with pytest.raises(CommandError):
        call_command("synth", "--provinces=2", "--units=10", "--tasks=40", stdout=out)
    call_command("synth", "--clear-only", stdout=out)
    assert not workload_tasks().exists()


def models_f(name):
    from django.db.models import F

    return F(name)
