"""The world the permission matrix asks about: eight personas and one object of each kind.

Committee 1 is the 2023 committee (standing agency Sở Nội vụ); the other committee is the
e-Government committee (standing agency the Office of the People's Committee). Unit A is
Sở Tư pháp, unit B Sở Tài chính; both report to committee 1. Every object the routes name
belongs to committee 1 and, where it belongs to a unit, to unit A: a task led by unit A with
an evidence file, a pending extension request and an open explanation request, a meeting
with its invitations sent and a minutes file, a report period with unit A's draft and its
attachment, a consolidated document, an evaluation cycle with unit A's self-assessment and
evidence, a proposal, a criteria set, an ingest draft, an item unit A raised and unit B must
answer in the register of difficulties (with a reply document file), a notification of unit
A's focal person, and an indicator given to unit A (committee 1's public page is on) with a
view of the indicators its standing agency shares. Built once through the
services, as the application builds them.
"""

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee, CommitteeVersion
from chidao.core import policy
from chidao.documents.models import LegalDocument
from chidao.evaluation import services as evaluation
from chidao.evaluation.models import Proposal
from chidao.evaluation.tests import helpers as eh
from chidao.explanations import services as explanations
from chidao.indicators import saved as saved_views
from chidao.indicators import services as indicators
from chidao.indicators.tests.helpers import make_indicator
from chidao.ingest import services as ingest
from chidao.ingest.tests.helpers import set_text
from chidao.inspections import services as inspections
from chidao.meetings import services as meetings
from chidao.meetings import services_schedule as meeting_schedules
from chidao.meetings.models import AgendaFile
from chidao.notifications.models import Notification
from chidao.obstacles import services as obstacles
from chidao.obstacles.models import ReplyFile
from chidao.reports import jobs
from chidao.reports.models import ConsolidatedDocument
from chidao.reports.tests.service_world import draft, make_period
from chidao.storage import files
from chidao.tasks import services as tasks
from chidao.tasks.models import TaskSource
from chidao.tasks.tests.factories import EGOV, PAR_DX, TaskFactory, TaskSourceFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SYSTEM = policy.SystemActor("test")
UNIT_A = "Sở Tư pháp"
UNIT_B = "Sở Tài chính"
STANDING_1 = "Sở Nội vụ"  # standing agency of committee 1 (the 2023 committee)
OFFICE = "Văn phòng Ủy ban nhân dân thành phố"  # standing agency of the e-Government one

PERSONAS = ("anonymous", "viewer", "focal_a", "focal_b", "staff_1", "staff_2", "leader", "admin")


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_personas() -> dict:
    office = unit_named(OFFICE)
    users = {
        "viewer": UserFactory(username="m_viewer", role=Role.VIEWER),
        "focal_a": UserFactory(username="m_focal_a", role=Role.FOCAL, unit=unit_named(UNIT_A)),
        "focal_b": UserFactory(username="m_focal_b", role=Role.FOCAL, unit=unit_named(UNIT_B)),
        "staff_1": UserFactory(
            username="m_staff_1", role=Role.STANDING, unit=unit_named(STANDING_1), is_staff=True
        ),
        "staff_2": UserFactory(
            username="m_staff_2", role=Role.STANDING, unit=office, is_staff=True
        ),
        "leader": UserFactory(username="m_leader", role=Role.LEADER, unit=office),
        "admin": UserFactory(username="m_admin", role=Role.ADMIN, unit=office, is_staff=True),
    }
    committee_1 = Committee.objects.get(external_id=PAR_DX)
    other = Committee.objects.get(external_id=EGOV)
    assert committee_1.pk in policy.served_committee_ids(users["staff_1"])
    assert committee_1.pk not in policy.served_committee_ids(users["staff_2"])
    assert other.pk in policy.served_committee_ids(users["staff_2"])
    return users


def build_world() -> SimpleNamespace:
    users = make_personas()
    focal_a, staff_1 = users["focal_a"], users["staff_1"]
    unit_a, unit_b = unit_named(UNIT_A), unit_named(UNIT_B)
    committee_1 = Committee.objects.get(external_id=PAR_DX)

    source = TaskSourceFactory()
    task = TaskFactory(lead_unit=unit_a, source=source)
    report = tasks.progress_report(
        actor=focal_a, task=task, note="Kèm minh chứng", uploads=[pdf("minh-chung.pdf")]
    )
    extension = tasks.extension_request(
        actor=focal_a,
        task=task,
        reason="Cần thêm thời gian",
        requested_deadline=task.deadline + dt.timedelta(days=30),
    )

    # An explanation request to unit A about its task, issued by committee 1's agency.
    explanation = explanations.explanation_issue(
        actor=staff_1, subject=task, reason="Nhiệm vụ quá hạn."
    )

    # A meeting of committee 1 with its invitations sent and minutes filed.
    meeting = meetings.meeting_create(
        actor=staff_1,
        committee=committee_1,
        title="Phiên họp thử nghiệm",
        starts_at=dt.datetime(2025, 6, 16, 8, tzinfo=dt.UTC),
    )
    meetings.agenda_add(
        actor=staff_1, meeting=meeting, title="Báo cáo tiến độ", uploads=[pdf("bao-cao-hop.pdf")]
    )
    guest = meetings.guest_add(actor=staff_1, meeting=meeting, person="Khách mời thử nghiệm")
    meetings.invitations_send(actor=staff_1, meeting=meeting)
    meeting_schedules.schedule_save(
        actor=staff_1,
        committee=committee_1,
        cadence="quarterly",
        month_of_period=3,
        week=3,
        weekday=3,
        time=dt.time(8, 0),
    )
    meetings.minutes_save(actor=staff_1, meeting=meeting, text="Biên bản", uploads=[pdf("bb.pdf")])

    period = make_period(units=(UNIT_A, UNIT_B))
    submission = draft(period, focal_a, uploads=[pdf("bao-cao.pdf")])
    consolidated = ConsolidatedDocument.objects.create(
        period=period,
        format=ConsolidatedDocument.Format.PDF,
        state=ConsolidatedDocument.State.DONE,
        storage_name=files.save(PDF, folder=jobs.FOLDER, extension="pdf"),
    )

    criteria = eh.make_set()
    cycle = eh.make_cycle(units=[unit_a, unit_b], sets=[criteria])
    evaluation.cycle_open_self_assessment(actor=SYSTEM, cycle=cycle)
    score = eh.score_of(cycle, unit_a, "1.1")
    evaluation.self_assess(
        actor=focal_a,
        score=score,
        value="5",
        explanation="Ban hành kế hoạch.",
        uploads=[pdf("ke-hoach.pdf")],
        today=eh.DEADLINE,
    )
    # Proposals are made on an approved cycle: a second one, taken through every step.
    cycle_done = eh.approved(
        eh.make_cycle(units=[unit_a, unit_b], sets=[criteria], name="Đánh giá đã phê duyệt")
    )
    proposal = Proposal.objects.filter(cycle=cycle_done).order_by("pk").first()
    if proposal is None:  # approval drew no list: add unit A by hand
        proposal = evaluation.proposal_add(
            actor=SYSTEM,
            cycle=cycle_done,
            kind=Proposal.Kind.COMMENDATION,
            unit=unit_a,
            grounds="Hoàn thành tốt nhiệm vụ.",
            reason="Đề nghị khen thưởng.",
        )

    content = set_text("d05_bac_ninh_2022.txt").encode("utf-8")
    ingest_draft = ingest.draft_create(
        actor=staff_1, file=SimpleUploadedFile("bac-ninh.txt", content)
    )
    # An indicator of committee 1 given to unit A; committee 1's public page is on.
    indicator = make_indicator("M-01", units=(UNIT_A,))
    indicators.publication_set(actor=SYSTEM, committee=committee_1, enabled=True, plans=[source])
    # Unit A's actual of its first quarter, under the milestone (so with a note).
    indicator_value = indicators.value_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=unit_a,
        period="2026-Q1",
        actual=50,
        note="Chưa kết nối hệ thống.",
        today=dt.date(2026, 12, 3),
    )
    # A view of committee 1's indicators its standing agency shares with the committee.
    saved_view = saved_views.saved_view_create(
        actor=staff_1, committee=committee_1, name="Chỉ tiêu chung", shared=True
    )
    # The sender writes in-app notifications after the commit, which a test never reaches:
    # the row it would write for the task's assignment.
    notification = Notification.objects.create(
        user=focal_a, kind="task_assigned", title=task.title, url=f"/tasks/{task.pk}/"
    )
    # An item unit A raised, assigned to unit B by committee 1's standing agency.
    obstacle = obstacles.obstacle_assign(
        actor=staff_1,
        obstacle=obstacles.obstacle_raise(
            actor=focal_a, committee=committee_1, unit=unit_a, title="Thiếu hướng dẫn"
        ),
        level="department",
        resolver=unit_b,
        due_on=dt.date(2099, 12, 31),
    )
    # The item's reply document as a file (the item itself not answered yet).
    reply_file = ReplyFile.create_stored(
        content=PDF, content_type="application/pdf", original_name="tra-loi.pdf", obstacle=obstacle
    )
    # An inspection of committee 1 whose plan names unit A only: its plan issued, unit A's
    # preparation and a finding filed with evidence, no conclusion yet.
    inspection = inspections.inspection_create(
        actor=staff_1,
        committee=committee_1,
        year=2025,
        title="Kế hoạch kiểm tra thử nghiệm",
        starts_on=dt.date(2025, 10, 1),
        ends_on=dt.date(2025, 10, 31),
        units=[(unit_a, dt.date(2025, 10, 6))],
    )
    item = inspections.checklist_add(actor=staff_1, inspection=inspection, text="Kế hoạch năm")
    inspections.plan_issue(
        actor=staff_1, inspection=inspection, number="05", date=dt.date(2025, 9, 20)
    )
    inspected = inspection.units.get()
    inspections.preparation_save(
        actor=focal_a, inspected=inspected, text="Tự kiểm tra", uploads=[pdf("tu-kiem-tra.pdf")]
    )
    inspections.findings_record(
        actor=staff_1,
        inspection=inspection,
        unit=unit_a,
        findings=[inspections.FindingIn(item=item.pk, result="partial")],
        uploads={item.pk: [pdf("bien-ban.pdf")]},
    )
    return SimpleNamespace(
        users=users,
        inspection=inspection,
        checklist_item=item,
        preparation_file=inspected.files.get(),
        finding_file=inspected.findings.get().files.get(),
        obstacle=obstacle,
        reply_file=reply_file,
        committee=committee_1,
        version=CommitteeVersion.objects.filter(committee=committee_1).first(),
        unit=unit_a,
        unit_b=unit_b,
        decision=LegalDocument.objects.filter(committee_versions__committee=committee_1).first(),
        task=task,
        task_attachment=report.attachments.get(),
        extension=extension,
        explanation=explanation,
        meeting=meeting,
        invitation=meeting.invitations.get(unit=unit_a),
        meeting_file=meeting.files.get(),
        agenda_file=AgendaFile.objects.get(item__meeting=meeting),
        guest=guest,
        program=TaskSource.objects.get(pk=source.pk),
        period=period,
        form=period.form_version.form,
        submission=submission,
        report_attachment=submission.attachments.get(),
        consolidated=consolidated,
        criteria=criteria,
        cycle=cycle,
        cycle_done=cycle_done,
        score=score,
        evidence=score.evidence.get(),
        proposal=proposal,
        draft=ingest_draft,
        notification=notification,
        indicator=indicator,
        indicator_value=indicator_value,
        saved_view=saved_view,
    )


def admin_object(world, model):
    """The object an admin page of `model` opens: one of committee 1 where the model belongs
    to a committee (what its standing agency may change and the other's may not), else the
    first row."""
    known = {
        "committees.committee": world.committee,
        "committees.committeeversion": world.version,
        "tasks.task": world.task,
        "reports.reportperiod": world.period,
        "reports.submission": world.submission,
        "evaluation.evaluationcycle": world.cycle,
    }
    label = model._meta.label_lower
    if label in known:
        return known[label]
    staff_1 = world.users["staff_1"]
    manager = model._default_manager
    if hasattr(manager.all(), "restrict"):
        mine = manager.all().restrict(staff_1, policy.CHANGE).order_by("pk").first()
        if mine is not None:
            return mine
    return manager.order_by("pk").first()
