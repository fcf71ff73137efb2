"""Pages of the consolidated report (the leaders' dashboard is in views_dashboard.py).

- /reports/periods/<id>/consolidated/: the period's consolidated report on screen (figures
  as of the cut-off, the units' narratives by section, difficulties and proposals, who
  reported late or not at all) with buttons that build the Word, Excel and PDF files; a
  file being built shows its progress, polled with htmx until the download link appears;
- /reports/tasks-as-of/: the tasks behind any figure as of a date (the drill-down of the
  consolidated report: the task board shows today's status, this list the status then);
- /reports/dashboard/: the leaders' dashboard — completion and overdue rates at each
  quarterly cut-off, today's figures by unit and by domain, the worst and best units, the
  submission status of the current period; every number links to the tasks behind it.

Who: the consolidated report and its files are for the committee's standing-agency staff,
administrators and leaders (`jobs.can_request`; a program's review page is in
chidao.reviews.views); the dashboard and the drill-down for everyone who reads the
committee's tasks (leaders, viewers, administrators, the committee's standing staff) — a
unit's focal person gets 403 on the dashboard and sees only their own tasks in the drill-down.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.dates import parse_iso_date
from chidao.core.origin import cross_site
from chidao.reports import jobs, selectors
from chidao.reports import statistics as st
from chidao.reports.consolidation import consolidate
from chidao.reports.documents import CONTENT_TYPES
from chidao.reports.figure_links import (
    COLUMN_HEADERS,
    STATUS_LABELS,
    as_of_url,
    decorate_rows,
    figure_columns,
)
from chidao.reports.models import ConsolidatedDocument, ReportPeriod
from chidao.storage.serve import serve
from chidao.tasks.models import Task

PAGE_SIZE = 50
FORMATS = [
    (ConsolidatedDocument.Format.DOCX, "Word (.docx)"),
    (ConsolidatedDocument.Format.XLSX, "Excel (.xlsx)"),
    (ConsolidatedDocument.Format.PDF, "PDF"),
]

# ---- the consolidated report ---------------------------------------------------------------


def _period_for(user, pk) -> ReportPeriod:
    period = selectors.get_visible_period(user, pk)
    policy.require(
        jobs.can_request(user, period.committee_id),
        _("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo xem báo cáo tổng hợp."),
    )
    return period


def _latest_documents(period: ReportPeriod, fingerprint: str) -> list[dict]:
    """For each format: the latest document (if any) and whether it is current."""
    latest: dict[str, ConsolidatedDocument] = {}
    for document in ConsolidatedDocument.objects.filter(period=period).order_by(
        "-created_at", "-id"
    )[:30]:
        latest.setdefault(document.format, document)
    result = []
    for value, label in FORMATS:
        document = latest.get(value)
        result.append(
            {
                "format": value,
                "label": label,
                "document": document,
                "current": document is not None and document.data_fingerprint == fingerprint,
            }
        )
    return result


@login_required
def consolidated_list(request):
    """The periods whose consolidated report the user may read, each linking to it."""
    policy.require(
        policy.reads_consolidated_reports(request.user),
        _("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo xem báo cáo tổng hợp."),
    )
    page = Paginator(selectors.consolidated_periods(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "reports/consolidated_list.html", {"page": page, "paginator": page.paginator}
    )


@login_required
def consolidated_report(request, pk: int):
    period = _period_for(request.user, pk)
    report = consolidate(period)
    committee = period.committee

    def link(key, ident, column):
        return as_of_url(
            committee=committee.pk, as_of=report.as_of, **{key: ident}, status=column or ""
        )

    context = {
        "period": period,
        "report": report,
        "totals_segments": figure_columns(
            report.totals, lambda c: as_of_url(committee=committee.pk, as_of=report.as_of, status=c)
        ),
        "total_href": as_of_url(committee=committee.pk, as_of=report.as_of),
        "by_unit": decorate_rows(report.by_unit, "unit", link),
        "by_domain": decorate_rows(report.by_domain, "domain", link),
        "by_source": decorate_rows(report.by_source, "source", link),
        "documents": _latest_documents(period, report.fingerprint()),
        "columns": COLUMN_HEADERS,
    }
    return render(request, "reports/consolidated_report.html", context)


def _document_for(user, pk) -> ConsolidatedDocument:
    documents = ConsolidatedDocument.objects.select_related("period")
    return policy.get_visible_or_404(documents, user, pk)


def _document_fragment(request, document, status=200):
    return render(
        request,
        "reports/consolidated_document.html",
        {"document": document, "entry": {"format": document.format, "document": document}},
        status=status,
    )


@login_required
@require_POST
def consolidated_request(request, pk: int, format: str):
    period = _period_for(request.user, pk)
    try:
        document = jobs.request_consolidated(actor=request.user, period=period, format=format)
    except jobs.ConsolidatedError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        raise Http404(str(exc)) from exc
    if request.htmx:
        return _document_fragment(request, document)
    if document.state == ConsolidatedDocument.State.DONE:
        return redirect("consolidated-download", pk=document.pk)
    return redirect("consolidated-report", pk=period.pk)


@login_required
def consolidated_status(request, pk: int):
    """The document's progress (an htmx fragment that polls itself until done)."""
    return _document_fragment(request, _document_for(request.user, pk))


@login_required
def consolidated_download(request, pk: int):
    document = _document_for(request.user, pk)
    if cross_site(request):
        # another site's link writes nothing: the report's page offers the file
        return redirect("consolidated-report", pk=document.period_id)
    if document.state != ConsolidatedDocument.State.DONE or not jobs.has_file(document):
        raise Http404("The file is not ready.")
    try:
        jobs.record_download(actor=request.user, document=document)
    except jobs.ConsolidatedError as exc:
        raise PermissionDenied(str(exc)) from exc
    return serve(
        document.storage_name,
        filename=jobs.download_name(document),
        content_type=CONTENT_TYPES[document.format],
    )


# ---- the tasks behind a figure -------------------------------------------------------------


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
def tasks_as_of(request):
    """The tasks counted in a figure as of a date: ?committee, as_of, unit (lead unit then),
    domain, source, status (one of the five columns). Only tasks the user may see."""
    params = request.GET
    try:
        as_of = parse_iso_date(params.get("as_of", "")) if params.get("as_of") else None
    except ValueError as exc:
        return render(request, "reports/consolidated_tasks.html", {"error": str(exc)}, status=400)
    as_of = as_of or timezone.localdate()
    committee = Committee.objects.filter(pk=_int(params.get("committee"))).first()
    status = params.get("status", "")
    if status and status not in st.COLUMNS:
        status = ""
    filters = {}
    if _int(params.get("domain")):
        filters["domain_id"] = _int(params.get("domain"))
    if params.get("source") == "None":
        filters["source__isnull"] = True
    elif _int(params.get("source")):
        filters["source_id"] = _int(params.get("source"))
    queryset = st.tasks_as_of(
        as_of,
        committee=committee,
        lead_unit=_int(params.get("unit")),
        queryset=Task.objects.restrict(request.user, policy.VIEW),
    ).filter(**filters)
    if status:
        queryset = queryset.filter(status_as_of=status)
    queryset = (
        queryset.annotate(status=F("status_as_of"))
        .select_related("lead_unit", "domain", "source__document")
        .prefetch_related("coordinations__unit")
        .order_by("deadline", "id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(params.get("page"))
    context = {
        "as_of": as_of,
        "committee": committee,
        "status_label": STATUS_LABELS.get(status, ""),
        "page": page,
        "paginator": page.paginator,
        "tasks": page.object_list,
    }
    return render(request, "reports/consolidated_tasks.html", context)


# ---- the leaders' dashboard ----------------------------------------------------------------
