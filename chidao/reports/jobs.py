"""Consolidated report files, built in the background and reused while the data is unchanged.

`request_consolidated(*, actor, period, format)` is the one service behind the API and the
pages: it consolidates the period (one aggregate query for the statistics, two for the
submissions), fingerprints that data, and answers with the latest document of that format
whose fingerprint is the same — a finished file, or one already being built — or else
creates a ConsolidatedDocument and builds it: in the request for a small period, through
the `build_consolidated` job (enqueued after commit) for a large one.

`build_consolidated(document_id)` is safe to run twice, or concurrently: it claims the
document with a conditional update (pending or failed → running, stamped with the worker's
id), a done document is never rebuilt, and progress (0–100) is written as it goes so pages and
API can show it. Should the worker die mid-build, its job is run again once the worker lease
has passed (chidao.core.worker) and takes the abandoned document up.

Files go to the file store (chidao.storage.files) as reports/consolidated/<random id>.<format>;
the row keeps that name, which `chidao prune-uploads` honours.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change, snapshot
from chidao.core import policy, worker
from chidao.core.errors import ActionRefused
from chidao.core.text import fold
from chidao.reports import documents
from chidao.reports.consolidation import ConsolidatedReport, consolidate
from chidao.reports.models import ConsolidatedDocument, ReportPeriod, may_consolidate
from chidao.storage import files

logger = logging.getLogger(__name__)

Format = ConsolidatedDocument.Format
State = ConsolidatedDocument.State
FOLDER = "reports/consolidated"
# A period with at least this many units is built by the background job, not in the request.
SYNC_MAX_UNITS_DEFAULT = 200
# A document "running" for longer than this was left by a worker that died: build it again.
STALE_AFTER = dt.timedelta(minutes=30)


class ConsolidatedError(ActionRefused):
    """A refused request; the message is for the user, `status` the HTTP status."""


def can_request(user, committee_id: int) -> bool:
    """Standing-agency staff of the committee, administrators, committee leaders and the
    system."""
    return may_consolidate(user, committee_id)


def sync_max_units() -> int:
    return int(getattr(settings, "CHIDAO_CONSOLIDATED_SYNC_MAX_UNITS", SYNC_MAX_UNITS_DEFAULT))


# ---- files ---------------------------------------------------------------------------------


def has_file(document: ConsolidatedDocument) -> bool:
    return files.exists(document.storage_name)


def _store(content: bytes, extension: str) -> str:
    # Readers never see half a file: the row names it only once it is written.
    return files.save(content, folder=FOLDER, extension=extension)


def download_name(document: ConsolidatedDocument) -> str:
    """'bao-cao-tong-hop-quy-iii-2025.pdf'; synthetic data says so in the name ('mo-phong-…'),
    never inside the official text."""
    label = slugify(fold(document.period.label).replace("/", "-")) or str(document.period_id)
    regime = document.period.regime
    marker = "mo-phong-" if regime is not None and regime.synthetic else ""
    return f"{marker}bao-cao-tong-hop-{label}.{document.format}"


# ---- building ------------------------------------------------------------------------------


def _set(document_id: int, **fields) -> None:
    ConsolidatedDocument.objects.filter(pk=document_id).update(**fields)


def _claim(document_id: int) -> bool:
    """pending, failed, or running but abandoned → running, by one conditional update.

    A running document is abandoned when the worker building it has not been heard of for a
    lease (CHIDAO_WORKER_LEASE: its job is then run again, and takes it up here), or, for a
    build in a web request, when it was created more than STALE_AFTER ago."""
    now = timezone.now()
    claimable = (
        Q(state__in=[State.PENDING, State.FAILED])
        | Q(state=State.RUNNING, created_at__lt=now - STALE_AFTER)
        | (Q(state=State.RUNNING) & worker.abandoned_claim(now=now))
    )
    return bool(
        ConsolidatedDocument.objects.filter(claimable, pk=document_id).update(
            state=State.RUNNING,
            progress=5,
            error="",
            claimed_by=worker.current_worker_id(),
            claimed_at=now,
        )
    )


def render(report: ConsolidatedReport, format: str, progress=None) -> bytes:
    """The file's bytes; `progress(n)` is called as the work advances."""
    progress = progress or (lambda n: None)
    if format == Format.XLSX:
        content = documents.consolidated_xlsx(report)
        progress(90)
        return content
    content = documents.consolidated_docx(report)
    progress(60 if format == Format.PDF else 90)
    if format == Format.PDF:
        content = documents.consolidated_pdf(content)
        progress(95)
    return content


def build(
    document_id: int, *, report: ConsolidatedReport | None = None, today: dt.date | None = None
) -> ConsolidatedDocument | None:
    """Build the document's file unless it is done or being built by someone else.
    Returns the document as it then stands (None when it no longer exists)."""
    document = ConsolidatedDocument.objects.select_related("period").filter(pk=document_id).first()
    if document is None:
        return None
    if document.state == State.DONE:
        if has_file(document):
            return document
        # its file was lost (a restored database, a cleaned disk): build it again.
        claimed = ConsolidatedDocument.objects.filter(pk=document_id, state=State.DONE).update(
            state=State.RUNNING,
            progress=5,
            error="",
            claimed_by=worker.current_worker_id(),
            claimed_at=timezone.now(),
        )
    else:
        claimed = _claim(document_id)
    if not claimed:
        document.refresh_from_db()
        return document
    try:
        if report is None:
            report = consolidate(document.period, today=today)
            _set(document_id, progress=30)
        content = render(report, document.format, lambda n: _set(document_id, progress=n))
        name = _store(content, document.format)
        _set(
            document_id,
            state=State.DONE,
            progress=100,
            storage_name=name,
            finished_at=timezone.now(),
            data_fingerprint=report.fingerprint(),
            error="",
        )
    except Exception as exc:
        logger.exception("Could not build consolidated document %s", document_id)
        _set(document_id, state=State.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
    document.refresh_from_db()
    return document


@task()
def build_consolidated(document_id: int) -> dict:
    """The background job: build one consolidated document (see `build`)."""
    document = build(document_id)
    if document is None:
        return {"document": document_id, "state": "missing"}
    return {"document": document_id, "state": document.state, "progress": document.progress}


# ---- the service ---------------------------------------------------------------------------


def _reusable(period: ReportPeriod, format: str, fingerprint: str):
    stale = timezone.now() - STALE_AFTER
    candidates = ConsolidatedDocument.objects.filter(
        period=period, format=format, data_fingerprint=fingerprint
    ).exclude(state=State.FAILED)
    for document in candidates.order_by("-created_at", "-id")[:5]:
        if document.state == State.DONE and has_file(document):
            return document
        if document.state == State.PENDING or (
            document.state == State.RUNNING and document.created_at >= stale
        ):
            return document
    return None


def request_consolidated(
    *,
    actor,
    period: ReportPeriod,
    format: str,
    background: bool | None = None,
    today: dt.date | None = None,
) -> ConsolidatedDocument:
    """The consolidated document of `period` in `format` (docx, xlsx or pdf).

    Reuses a done (or in-progress) document whose data fingerprint is unchanged; otherwise
    creates one and builds it now when `background` is False, or in the background job
    (enqueued on commit) when True. None decides by size: in the background from
    CHIDAO_CONSOLIDATED_SYNC_MAX_UNITS (200) units that must report.
    """
    if format not in Format.values:
        raise ConsolidatedError(
            _("Định dạng phải là một trong docx, xlsx, pdf."),
            status=422,
        )
    if not can_request(actor, period.committee_id):
        raise ConsolidatedError(
            _("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo được tạo báo cáo tổng hợp."),
            status=403,
        )
    report = consolidate(period, today=today)
    fingerprint = report.fingerprint()
    existing = _reusable(period, format, fingerprint)
    if existing is not None:
        return existing
    if background is None:
        background = report.required_units >= sync_max_units()
    user = policy.as_user(actor)
    with transaction.atomic():
        document = ConsolidatedDocument.objects.create(
            period=period,
            format=format,
            state=State.PENDING,
            requested_by=user,
            data_fingerprint=fingerprint,
        )
        record_change(actor=actor, action="create", target=document, after=snapshot(document))
        if background:
            document_id = document.pk
            transaction.on_commit(lambda: build_consolidated.enqueue(document_id))
    if background:
        return document
    return build(document.pk, report=report, today=today)


@transaction.atomic
def record_download(*, actor, document: ConsolidatedDocument) -> ChangeLog:
    """The change log's row for a consolidated file handed out: who took which period's report,
    in which format, built from which data."""
    if not can_request(actor, document.period.committee_id):
        raise ConsolidatedError(
            _("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo được tải báo cáo tổng hợp."),
            status=403,
        )
    return record_change(
        actor=actor,
        action=ChangeLog.Action.DOWNLOAD,
        target=document,
        after={
            "period": document.period_id,
            "format": document.format,
            "file": download_name(document),
            "data_fingerprint": document.data_fingerprint,
        },
    )
