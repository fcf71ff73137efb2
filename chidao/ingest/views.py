"""Pages: paste or upload a decision, review the draft beside the text, commit it.

The review page shows the text with every extracted value marked (<mark>) and a form: the
document, the committee, one row per seat (add rows, tick to remove), standing agencies and
replaced decisions. "Lưu" stores the corrections; "Ghi vào sổ" commits and goes to the
committee's page on the version's date. Only standing-agency staff and administrators.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chidao.ingest import services
from chidao.ingest.models import IngestDraft
from chidao.ingest.readers import IngestError

COMMITTEE_ROLES = [
    ("head", _("Trưởng ban")),
    ("standing_deputy_head", _("Phó Trưởng ban thường trực")),
    ("deputy_head", _("Phó Trưởng ban")),
    ("member", _("Ủy viên")),
]
WORKING_GROUP_ROLES = [
    ("leader", _("Tổ trưởng")),
    ("deputy_leader", _("Tổ phó")),
    ("member", _("Thành viên")),
]
ACTIONS = [
    ("establish", _("Thành lập")),
    ("reconstitute", _("Kiện toàn")),
    ("replace", _("Thay thế")),
    ("amend", _("Bổ sung, thay đổi thành viên")),
    ("dissolve", _("Giải thể")),
]
DOMAINS = [
    ("all", _("Toàn bộ nhiệm vụ")),
    ("administrative_reform", _("Cải cách hành chính")),
    ("digital_transformation", _("Chuyển đổi số")),
]
RULES = [
    ("", "—"),
    ("department_heads", _("Giám đốc các Sở trực thuộc UBND")),
    ("agency_leader_representatives", _("Đại diện lãnh đạo các sở, ban, ngành")),
    ("division_leaders_of_member_units", _("Lãnh đạo cấp phòng của đơn vị thành viên")),
]
SEAT_FIELDS = ("role", "person", "position", "unit", "portfolio", "rule")
EXTRA_ROWS = 1


def require_editor(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.can_ingest(request.user):
            raise PermissionDenied(
                _("Chỉ cán bộ cơ quan thường trực hoặc quản trị viên được nhập văn bản.")
            )
        return view(request, *args, **kwargs)

    return wrapper


@require_editor
def upload(request):
    context = {"drafts": IngestDraft.objects.filter(state=IngestDraft.State.DRAFT)[:20]}
    if request.method == "POST":
        file = request.FILES.get("file")
        text = request.POST.get("text", "")
        try:
            if file is not None:
                draft = services.draft_create(actor=request.user, file=file)
            else:
                draft = services.draft_create(actor=request.user, text=text)
        except IngestError as exc:
            context.update({"error": str(exc), "text": text})
            return render(request, "ingest/upload.html", context, status=exc.status)
        return redirect("ingest-review", pk=draft.pk)
    return render(request, "ingest/upload.html", context)


@require_editor
def review(request, pk: int):
    draft = get_object_or_404(IngestDraft, pk=pk)
    error = None
    status = 200
    if request.method == "POST" and draft.state == IngestDraft.State.DRAFT:
        action = request.POST.get("do", "save")
        corrected = corrected_from_post(request.POST, draft.current)
        try:
            if action == "discard":
                services.draft_discard(actor=request.user, draft=draft)
                return redirect("ingest-upload")
            services.draft_update(actor=request.user, draft=draft, corrected=corrected)
            if action == "commit":
                document, version = services.draft_commit(actor=request.user, draft=draft)
                committee = services.committed_committee(document, version)
                on = version.effective_from if version else committee.dissolved_on
                url = reverse("committee-detail", args=[committee.pk])
                return redirect(f"{url}?as_of={on.isoformat()}")
            if action == "add":
                return redirect(f"{reverse('ingest-review', args=[draft.pk])}?extra=3")
            return redirect("ingest-review", pk=draft.pk)
        except IngestError as exc:
            error, status = str(exc), exc.status
    try:
        extra = min(max(int(request.GET.get("extra", EXTRA_ROWS)), 0), 20)
    except ValueError:
        extra = EXTRA_ROWS
    data = draft.current
    context = {
        "draft": draft,
        "data": data,
        "error": error,
        "parts": highlighted(draft.text, data),
        "low": {
            field.replace(".", "_"): True
            for field, level in (data.get("confidence") or {}).items()
            if level == "low"
        },
        "seat_rows": seat_rows(data, extra),
        "agency_rows": list(enumerate(data.get("standing_agencies") or []))
        + [(len(data.get("standing_agencies") or []) + i, {}) for i in range(extra)],
        "replace_rows": list(enumerate(data.get("replaces") or []))
        + [(len(data.get("replaces") or []) + i, {}) for i in range(extra)],
        "committee_roles": COMMITTEE_ROLES,
        "working_group_roles": WORKING_GROUP_ROLES,
        "actions": ACTIONS,
        "domains": DOMAINS,
        "rules": RULES,
        "editable": draft.state == IngestDraft.State.DRAFT,
    }
    return render(request, "ingest/review.html", context, status=status)


def seat_rows(data: dict, extra: int) -> list[dict]:
    rows = []
    for body, seats in (
        ("committee", data.get("seats") or []),
        ("working_group", (data.get("working_group") or {}).get("seats") or []),
    ):
        for i, seat in enumerate(seats):
            unit_match = ((seat.get("match") or {}).get("unit") or {}).get("status")
            rows.append(
                {
                    "body": body,
                    "index": i,
                    "seat": seat,
                    "unit_status": unit_match,
                    "low": seat.get("confidence") == "low",
                }
            )
    for i in range(extra):
        rows.append({"body": "committee", "index": f"new{i}", "seat": {}, "unit_status": None})
    for n, row in enumerate(rows):
        row["n"] = n
    return rows


def corrected_from_post(post, current: dict) -> dict:
    """The reviewer's form as a corrected draft; rows keep their spans and quotes."""

    def value(name):
        return post.get(name, "").strip() or None

    seats = {"committee": [], "working_group": []}
    for n in range(int(post.get("seat_count", 0) or 0)):
        prefix = f"seat-{n}-"
        if post.get(prefix + "remove"):
            continue
        body = post.get(prefix + "body") or "committee"
        source_index = post.get(prefix + "index", "")
        original = {}
        source_list = (
            current.get("seats") or []
            if body == "committee"
            else (current.get("working_group") or {}).get("seats") or []
        )
        if source_index.isdigit() and int(source_index) < len(source_list):
            original = dict(source_list[int(source_index)])
        fields = {f: value(prefix + f) for f in SEAT_FIELDS}
        if not original and not any(fields[f] for f in ("person", "position", "unit", "rule")):
            continue  # an empty new row
        seat = {**original, **fields}
        if fields["role"] is None:
            seat["role"] = original.get("role")
        new_body = post.get(prefix + "move") or body
        seats[new_body if new_body in seats else body].append(seat)
    agencies = []
    for n in range(int(post.get("agency_count", 0) or 0)):
        prefix = f"agency-{n}-"
        if post.get(prefix + "remove") or not value(prefix + "unit"):
            continue
        original = (
            (current.get("standing_agencies") or [])[n]
            if n < len(current.get("standing_agencies") or [])
            else {}
        )
        agencies.append(
            {
                **original,
                "domain": value(prefix + "domain") or "all",
                "unit": value(prefix + "unit"),
            }
        )
    replaces = []
    for n in range(int(post.get("replace_count", 0) or 0)):
        prefix = f"replace-{n}-"
        if post.get(prefix + "remove") or not value(prefix + "number"):
            continue
        original = (
            (current.get("replaces") or [])[n] if n < len(current.get("replaces") or []) else {}
        )
        replaces.append(
            {**original, "number": value(prefix + "number"), "date": value(prefix + "date")}
        )
    return {
        "document": {
            "number": value("document-number"),
            "date": value("document-date"),
            "issuer": value("document-issuer"),
            "signer": value("document-signer"),
        },
        "source": {"date": value("source-date")},
        "action": value("action"),
        "committee": {
            "name": value("committee-name"),
            "predecessor": value("committee-predecessor"),
        },
        "seats": seats["committee"],
        "working_group": {"seats": seats["working_group"]},
        "standing_agencies": agencies,
        "replaces": replaces,
    }


def highlighted(text: str, data: dict) -> list[dict]:
    """The text cut into parts, the extracted spans marked (overlaps: the first one wins)."""
    spans = []

    def add(span, label):
        if span and isinstance(span, list | tuple) and len(span) == 2 and span[0] < span[1]:
            spans.append((int(span[0]), int(span[1]), label))

    document = data.get("document") or {}
    for key, label in (
        ("number", _("Số quyết định")),
        ("date", _("Ngày")),
        ("signer", _("Người ký")),
        ("issuer", _("Cơ quan ban hành")),
    ):
        add((document.get("spans") or {}).get(key), label)
    committee = data.get("committee") or {}
    add((committee.get("spans") or {}).get("name"), _("Tên Ban Chỉ đạo"))
    add((committee.get("spans") or {}).get("predecessor"), _("Ban tiền thân"))
    for replaced in data.get("replaces") or []:
        add((replaced.get("spans") or {}).get("number"), _("Quyết định bị thay thế"))
    for seat in (data.get("seats") or []) + ((data.get("working_group") or {}).get("seats") or []):
        seat_spans = seat.get("spans") or {}
        for key, label in (
            ("role", _("Vai trò")),
            ("person", _("Người")),
            ("position", _("Chức vụ")),
            ("unit", _("Đơn vị")),
            ("portfolio", _("Phụ trách")),
            ("rule", _("Quy tắc")),
        ):
            add(seat_spans.get(key), label)
    for agency in data.get("standing_agencies") or []:
        add((agency.get("spans") or {}).get("unit"), _("Cơ quan thường trực"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    parts, pos = [], 0
    for start, end, label in spans:
        if start < pos or end > len(text):
            continue
        if start > pos:
            parts.append({"text": text[pos:start], "label": None})
        parts.append({"text": text[start:end], "label": label})
        pos = end
    if pos < len(text):
        parts.append({"text": text[pos:], "label": None})
    return parts
