"""One stored file of each kind, made the way chidao makes it: through the services that
write task evidence, report attachments, evaluation evidence and ingest sources, and the
store call behind consolidated documents."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.evaluation import services as evaluation
from chidao.evaluation.tests import helpers as h
from chidao.ingest import services as ingest
from chidao.ingest.tests.helpers import set_text
from chidao.reports import jobs
from chidao.reports.models import ConsolidatedDocument
from chidao.reports.tests.service_world import HOME_AFFAIRS, draft, make_period, user_of
from chidao.storage import files
from chidao.tasks import services as tasks
from chidao.tasks.tests.factories import TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def task_evidence(personas):
    task = TaskFactory()  # led by Sở Nội vụ, personas.focal_a's unit
    report = tasks.progress_report(
        actor=personas.focal_a, task=task, note="Kèm minh chứng", uploads=[pdf("minh-chung.pdf")]
    )
    return report.attachments.get()


def report_attachment():
    submission = draft(make_period(), user_of(HOME_AFFAIRS), uploads=[pdf("bao-cao.pdf")])
    return submission.attachments.get()


def evaluation_evidence(personas):
    cycle = h.make_cycle()
    evaluation.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    score = h.score_of(cycle, h.departments()[0], "1.1")  # Sở Nội vụ
    evaluation.self_assess(
        actor=personas.focal_a,
        score=score,
        value="5",
        explanation="Ban hành kế hoạch.",
        uploads=[pdf("ke-hoach.pdf")],
        today=h.DEADLINE,
    )
    return score.evidence.get()


def ingest_source(personas):
    content = set_text("d05_bac_ninh_2022.txt").encode("utf-8")
    return ingest.draft_create(
        actor=personas.standing, file=SimpleUploadedFile("bac-ninh.txt", content)
    )


def consolidated_document(period):
    return ConsolidatedDocument.objects.create(
        period=period,
        format=ConsolidatedDocument.Format.PDF,
        state=ConsolidatedDocument.State.DONE,
        storage_name=files.save(PDF, folder=jobs.FOLDER, extension="pdf"),
    )
