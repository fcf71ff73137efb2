"""The page of a program's interim or final review (sơ kết, tổng kết) at
/reports/programs/<source id>/review/: the program's task figures as of the end date (by lead
unit and by domain, each number linking to the tasks behind it), the difficulties raised,
resolved and still open in the span, the units' contributions, and the review drafted as a
file (?download=docx|xlsx|pdf, built in the request: a review is one program's tasks).

Who: the committee's standing-agency staff, administrators and leaders (`jobs.can_request`).
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.dates import parse_iso_date
from chidao.core.error_views import unavailable
from chidao.obstacles.models import Obstacle
from chidao.reports import jobs
from chidao.reports.documents import CONTENT_TYPES
from chidao.reports.figure_links import COLUMN_HEADERS, as_of_url, decorate_rows, figure_columns
from chidao.reports.views_consolidated import FORMATS
from chidao.reviews.drafts import PDF_UNAVAILABLE, ConversionError, draft_response
from chidao.reviews.selectors import review_parts, review_report
from chidao.tasks.models import TaskSource


def _date_param(request, name: str, default: dt.date) -> dt.date:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


def _obstacles(found: dict) -> list[tuple[str, list[dict]]]:
    labels = dict(Obstacle.State.choices)
    titles = {
        "raised": _("Nêu trong kỳ"),
        "resolved": _("Đã giải quyết trong kỳ"),
        "open": _("Còn tồn đọng cuối kỳ"),
    }
    return [
        (titles[key], [{**line, "state_label": labels.get(line["state"], "")} for line in lines])
        for key, lines in found.items()
    ]


@login_required
def program_review_page(request, pk: int):
    """?start=&end=&final=1; ?download=docx|xlsx|pdf gives the file."""
    source = get_object_or_404(
        TaskSource.objects.select_related("document", "committee__issuing_body"), pk=pk
    )
    if not jobs.can_request(request.user, source.committee_id):
        raise PermissionDenied(_("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo."))
    today = timezone.localdate()
    default_start = source.document.date or today.replace(month=1, day=1)
    start = _date_param(request, "start", default_start)
    end = _date_param(request, "end", today)
    if end < start:
        start, end = end, start
    final = request.GET.get("final") in ("1", "true", "on")
    report, extra_parts = review_report(source, start, end, final=final)
    download = request.GET.get("download", "")
    if download in CONTENT_TYPES:
        try:
            return draft_response(
                report, source_id=source.pk, end=end, final=final, format=download
            )
        except ConversionError:
            word = request.GET.copy()
            word["download"] = "docx"
            return unavailable(
                request,
                str(PDF_UNAVAILABLE),
                alternative=(f"{request.path}?{word.urlencode()}", _("Tải bản Word của dự thảo")),
            )

    def link(key, ident, column):
        return as_of_url(
            committee=source.committee_id,
            as_of=end,
            source=source.pk,
            **({key: ident} if key != "source" else {}),
            status=column or "",
        )

    parts = review_parts(source, start, end)
    context = {
        "source": source,
        "report": report,
        "start": start,
        "end": end,
        "final": final,
        "by_unit": decorate_rows(report.by_unit, "unit", link),
        "by_domain": decorate_rows(report.by_domain, "domain", link),
        "totals_segments": figure_columns(
            report.totals,
            lambda c: as_of_url(
                committee=source.committee_id, as_of=end, source=source.pk, status=c
            ),  # fmt: skip
        ),
        "total_href": as_of_url(committee=source.committee_id, as_of=end, source=source.pk),
        "columns": COLUMN_HEADERS,
        "formats": FORMATS,
        "obstacles": _obstacles(parts["obstacles"]),
        "contributions": parts["contributions"],
        "extra_parts": [p.contribution for p in extra_parts if p.contribution is not None],
        "query": urlencode(
            {"start": start.isoformat(), "end": end.isoformat(), **({"final": 1} if final else {})}
        ),
    }
    return render(request, "reviews/program_review.html", context)
