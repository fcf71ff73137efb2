"""Inspection pages: the plans one may see, a committee's plans (and planning one), an
inspection (units, team, checklist), one inspected unit (preparation, findings, conclusion and
the tasks it gave), the unit's own inspections ("Kiểm tra của đơn vị"), documents and files.

Views stay thin: reads through `chidao.inspections.selectors`, writes through
`chidao.inspections.services`; a refusal is shown in the layout with the service's status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.error_views import answers_refusals, invalid_form, refused
from chidao.core.text import fold
from chidao.evaluation.models import CriteriaSet
from chidao.inspections import checklist, documents, selectors, services, team
from chidao.inspections.forms import (
    ChecklistItemForm,
    ConclusionForm,
    InspectionForm,
    IssueForm,
    ObstacleForm,
    RemedyRows,
    UnitRows,
)
from chidao.inspections.models import (
    Finding,
    Inspection,
    PreparationFile,
    TeamMember,
)
from chidao.officialdocs.word import docx_response
from chidao.storage.serve import serve_file
from chidao.units.models import Unit


def _criteria_sets(committee):
    return list(
        CriteriaSet.objects.filter(committee__in=[committee.pk, None]).order_by("name")[:50]
    )


@login_required
@require_GET
def inspection_index(request):
    """Every inspection the user may see, with the committees the user plans for."""
    managed = policy.managed_committee_ids(request.user)
    committees = Committee.objects.order_by("name")
    if managed is not None:
        committees = committees.filter(pk__in=managed)
    return render(
        request,
        "inspections/index.html",
        {
            "inspections": list(selectors.inspections_for(request.user)[:200]),
            "committees": list(committees[:100]),
        },
    )


@login_required
@require_GET
def my_inspections(request):
    return render(
        request, "inspections/mine.html", {"rows": selectors.my_inspections(request.user)}
    )


@login_required
@require_GET
def committee_inspections(request, committee_id: int):
    committee = get_object_or_404(Committee, pk=committee_id)
    manages = policy.manages_committee(request.user, committee.pk)
    return render(
        request,
        "inspections/committee.html",
        {
            "committee": committee,
            "inspections": list(selectors.inspections_for(request.user, committee)),
            "manages": manages,
            "form": InspectionForm(sets=_criteria_sets(committee)) if manages else None,
            "rows": UnitRows(prefix="units") if manages else None,
        },
    )


@login_required
@require_POST
@answers_refusals
def inspection_create(request, committee_id: int):
    committee = get_object_or_404(Committee, pk=committee_id)
    policy.require(policy.manages_committee(request.user, committee.pk), _(services.MANAGERS_ONLY))
    sets = _criteria_sets(committee)
    form = InspectionForm(request.POST, sets=sets)
    rows = UnitRows(request.POST, prefix="units")
    if not form.is_valid():
        return invalid_form(request, form)
    if not rows.is_valid():
        return invalid_form(request, rows)
    wanted = [r.cleaned_data for r in rows.forms if r.cleaned_data.get("unit")]
    units = Unit.objects.in_bulk([r["unit"] for r in wanted])
    picked = []
    for number, row in enumerate(wanted, start=1):
        if row["unit"] not in units or not row.get("day"):
            return refused(
                request,
                _("Dòng %(number)s: cần mã đơn vị có trong sổ và ngày kiểm tra.")
                % {"number": number},
                status=422,
            )
        picked.append((units[row["unit"]], row["day"]))
    data = form.cleaned_data
    inspection = services.inspection_create(
        actor=request.user,
        committee=committee,
        year=data["year"],
        title=data["title"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        purpose=data["purpose"],
        criteria_set=next((s for s in sets if s.pk == data["criteria_set"]), None),
        units=picked,
    )
    messages.success(request, _("Đã lập kế hoạch kiểm tra; đoàn kiểm tra lấy từ sổ đăng ký."))
    return redirect("inspection-detail", pk=inspection.pk)


@login_required
@require_GET
def inspection_detail(request, pk: int):
    inspection = selectors.get_visible_inspection(request.user, pk)
    manages = inspection.permits(request.user, policy.CHANGE)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "manages": manages,
            "units": selectors.units_seen(request.user, inspection),
            "all_units": list(inspection.units.order_by("scheduled_on", "order")),
            "team": list(inspection.team.all()),
            "checklist": _checklist(inspection, manages),
            "seats": _seats(inspection)
            if manages and inspection.status == Inspection.Status.DRAFT
            else [],
            "team_roles": TeamMember.Role.choices,
            "item_form": ChecklistItemForm(),
            "issue_form": IssueForm(),
        },
    )


def _checklist(inspection: Inspection, manages: bool) -> list:
    """The items, each that may still change with its form (`item.form`) for the managers."""
    items = list(inspection.checklist.all())
    changeable = checklist.changeable(inspection) if manages else set()
    for item in items:
        item.form = None
        if item.pk in changeable:
            item.form = ChecklistItemForm(
                initial={"code": item.code, "text": item.text, "guidance": item.guidance},
                auto_id=f"item-{item.pk}-%s",
            )
    return items


def _seats(inspection: Inspection) -> list[dict]:
    """The register's seats on the first day, each with its role in the team now ('' if
    none), for the standing agency to choose the team before the plan is issued."""
    return [
        {
            "key": c.key,
            "label": c.seat.role_label,
            "person": c.seat.person or "",
            "position": c.seat.position or c.seat.unit or "",
            "role": c.role,
        }
        for c in team.candidates(inspection)
    ]


def _managed(request, pk: int) -> Inspection:
    inspection = selectors.get_visible_inspection(request.user, pk)
    policy.require(inspection.permits(request.user, policy.CHANGE), _(services.MANAGERS_ONLY))
    return inspection


@login_required
@require_POST
@answers_refusals
def checklist_add(request, pk: int):
    inspection = _managed(request, pk)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    services.checklist_add(actor=request.user, inspection=inspection, **form.cleaned_data)
    messages.success(request, _("Đã thêm mục kiểm tra."))
    return redirect("inspection-detail", pk=inspection.pk)


def _item(request, pk: int, item_id: int):
    inspection = _managed(request, pk)
    return inspection, get_object_or_404(inspection.checklist, pk=item_id)


@login_required
@require_POST
@answers_refusals
def checklist_change(request, pk: int, item_id: int):
    inspection, item = _item(request, pk, item_id)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    item = services.checklist_change(actor=request.user, item=item, **form.cleaned_data)
    messages.success(request, _("Đã sửa mục kiểm tra %(code)s.") % {"code": item.code})
    return redirect("inspection-detail", pk=inspection.pk)


@login_required
@require_POST
@answers_refusals
def checklist_remove(request, pk: int, item_id: int):
    inspection, item = _item(request, pk, item_id)
    services.checklist_remove(actor=request.user, item=item)
    messages.success(request, _("Đã bỏ mục kiểm tra %(code)s.") % {"code": item.code})
    return redirect("inspection-detail", pk=inspection.pk)


@login_required
@require_POST
@answers_refusals
def inspection_team(request, pk: int):
    inspection = _managed(request, pk)
    picks = []
    for key, role in request.POST.items():
        body, _sep, index = key.removeprefix("seat-").rpartition("-")
        if not key.startswith("seat-") or not role:
            continue
        if body not in ("committee", "working_group") or not index.isdigit() or len(index) > 6:
            return refused(request, _("Thành viên đoàn không hợp lệ."), status=422)
        picks.append(team.TeamPick(body, int(index), role))
    services.team_set(actor=request.user, inspection=inspection, team=picks)
    messages.success(request, _("Đã cập nhật đoàn kiểm tra."))
    return redirect("inspection-detail", pk=inspection.pk)


@login_required
@require_POST
@answers_refusals
def inspection_issue(request, pk: int):
    inspection = _managed(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    services.plan_issue(actor=request.user, inspection=inspection, **form.cleaned_data)
    messages.success(request, _("Đã ban hành kế hoạch kiểm tra và báo các đơn vị."))
    return redirect("inspection-detail", pk=inspection.pk)


def _docx(content: bytes, name: str, synthetic: bool):
    name = fold(name).replace("/", "-").replace(" ", "-")
    return docx_response(content, name, synthetic=synthetic)


@login_required
@require_GET
def plan_document(request, pk: int):
    inspection = selectors.get_visible_inspection(request.user, pk)
    name = f"ke-hoach-kiem-tra-{inspection.number or inspection.pk}"
    return _docx(documents.plan_docx(inspection), name, inspection.synthetic)


@login_required
@require_GET
def inspection_unit(request, pk: int, unit_id: int):
    inspection = selectors.get_visible_inspection(request.user, pk)
    inspected = selectors.get_visible_unit(request.user, inspection, unit_id)
    manages = inspection.permits(request.user, policy.CHANGE)
    findings = selectors.findings_of(inspected)
    checklist = list(inspection.checklist.all())
    for item in checklist:
        item.finding = findings.get(item.pk)
    open_ = inspection.status == Inspection.Status.ISSUED and inspected.status != "concluded"
    return render(
        request,
        "inspections/unit.html",
        {
            "inspection": inspection,
            "inspected": inspected,
            "manages": manages,
            "may_prepare": open_ and services.may_prepare(request.user, inspected),
            "open": open_,
            "checklist": checklist,
            "results": Finding.Result.choices,
            "files": list(inspected.files.all()),
            "conclusion": getattr(inspected, "conclusion", None),
            "tasks": selectors.conclusion_tasks(inspected, timezone.localdate()),
            "obstacles": list(inspected.obstacles.all()),
            "conclusion_form": ConclusionForm(),
            "remedies": RemedyRows(prefix="remedies"),
            "obstacle_form": ObstacleForm(),
        },
    )


def _unit_action(request, pk: int, unit_id: int):
    inspection = selectors.get_visible_inspection(request.user, pk)
    inspected = selectors.get_visible_unit(request.user, inspection, unit_id)
    return inspection, inspected


def _back(request, inspection, inspected, message):
    messages.success(request, message)
    return redirect("inspection-unit", pk=inspection.pk, unit_id=inspected.unit_id)


@login_required
@require_POST
@answers_refusals
def unit_preparation(request, pk: int, unit_id: int):
    inspection, inspected = _unit_action(request, pk, unit_id)
    services.preparation_save(
        actor=request.user,
        inspected=inspected,
        text=request.POST.get("self_report", ""),
        uploads=request.FILES.getlist("files"),
    )
    return _back(request, inspection, inspected, _("Đã lưu báo cáo chuẩn bị kiểm tra."))


def _posted_findings(request, inspection) -> tuple[list, dict]:
    findings, uploads = [], {}
    for item in inspection.checklist.all():
        result = request.POST.get(f"result-{item.pk}", "")
        if not result:
            continue
        findings.append(
            services.FindingIn(
                item=item.pk, result=result, note=request.POST.get(f"note-{item.pk}", "")[:10_000]
            )
        )
        uploads[item.pk] = request.FILES.getlist(f"files-{item.pk}")[: services.MAX_FINDING_FILES]
    return findings, uploads


@login_required
@require_POST
@answers_refusals
def unit_findings(request, pk: int, unit_id: int):
    inspection, inspected = _unit_action(request, pk, unit_id)
    policy.require(inspection.permits(request.user, policy.CHANGE), _(services.MANAGERS_ONLY))
    findings, uploads = _posted_findings(request, inspection)
    services.findings_record(
        actor=request.user,
        inspection=inspection,
        unit=inspected.unit_id,
        findings=findings,
        uploads=uploads,
    )
    return _back(request, inspection, inspected, _("Đã ghi kết quả kiểm tra."))


@login_required
@require_POST
@answers_refusals
def unit_conclusion(request, pk: int, unit_id: int):
    inspection, inspected = _unit_action(request, pk, unit_id)
    policy.require(inspection.permits(request.user, policy.CHANGE), _(services.MANAGERS_ONLY))
    head = ConclusionForm(request.POST)
    rows = RemedyRows(request.POST, prefix="remedies")
    if not head.is_valid():
        return invalid_form(request, head)
    if not rows.is_valid():
        return invalid_form(request, rows)
    remedies = []
    for number, row in enumerate(
        (r.cleaned_data for r in rows.forms if r.cleaned_data.get("text")), 1
    ):
        if not row.get("deadline"):
            return refused(
                request,
                _("Nội dung khắc phục thứ %(number)s: cần hạn.") % {"number": number},
                status=422,
            )
        remedies.append(services.RemedyIn(text=row["text"], deadline=row["deadline"]))
    findings, _uploads = _posted_findings(request, inspection)
    conclusion = services.conclusion_issue(
        actor=request.user,
        inspection=inspection,
        unit=inspected.unit_id,
        date=head.cleaned_data["date"],
        number=head.cleaned_data["number"],
        summary=head.cleaned_data["summary"],
        findings=findings,
        remedies=remedies,
    )
    return _back(
        request,
        inspection,
        inspected,
        _("Đã ban hành kết luận kiểm tra %(number)s và giao %(count)s nhiệm vụ.")
        % {"number": conclusion.number, "count": len(remedies)},
    )


@login_required
@require_GET
def conclusion_document(request, pk: int, unit_id: int):
    inspection, inspected = _unit_action(request, pk, unit_id)
    conclusion = getattr(inspected, "conclusion", None)
    if conclusion is None:
        return refused(request, _("Đơn vị chưa có kết luận kiểm tra."), status=404)
    name = f"ket-luan-kiem-tra-{conclusion.number}"
    return _docx(documents.conclusion_docx(conclusion), name, inspection.synthetic)


@login_required
@require_POST
@answers_refusals
def unit_obstacle(request, pk: int, unit_id: int):
    inspection, inspected = _unit_action(request, pk, unit_id)
    policy.require(
        services.may_prepare(request.user, inspected),
        _("Chỉ đơn vị được kiểm tra hoặc cơ quan thường trực."),
    )
    form = ObstacleForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    services.obstacle_raise(
        actor=request.user, inspection=inspection, unit=inspected.unit_id, **form.cleaned_data
    )
    return _back(
        request, inspection, inspected, _("Đã đưa vào sổ khó khăn, vướng mắc (nêu khi kiểm tra).")
    )


@login_required
@require_GET
def preparation_file(request, pk: int):
    stored = get_object_or_404(PreparationFile.objects.select_related("inspected"), pk=pk)
    inspection = selectors.get_visible_inspection(request.user, stored.inspected.inspection_id)
    selectors.get_visible_unit(request.user, inspection, stored.inspected.unit_id)
    return serve_file(stored)


@login_required
@require_GET
def finding_file(request, pk: int):
    return serve_file(selectors.get_visible_finding_file(request.user, pk))
