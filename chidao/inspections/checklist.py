"""The checklist's services: an item written for the inspection, changed or removed.

The checklist may change while nothing has been recorded against it: an item is refused a
change or its removal (409) once a unit has a finding on it, once a unit has its conclusion,
and once the inspection is concluded. Each function is one user action: one transaction and
its change-log row."""

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.inspections.errors import InspectionError, _locked, require_manager, require_state
from chidao.inspections.models import ChecklistItem, Conclusion, Inspection


def _require_open(inspection: Inspection) -> None:
    require_state(inspection, Inspection.Status.DRAFT, Inspection.Status.ISSUED)
    if Conclusion.objects.filter(inspected__inspection=inspection).exists():
        raise InspectionError(_("Đã có kết luận: không sửa danh mục kiểm tra."), status=409)


def changeable(inspection: Inspection) -> set[int]:
    """The ids of the items that may still change or go: none once the inspection or one of
    its units is concluded, else those no unit has a finding on."""
    if inspection.status not in (Inspection.Status.DRAFT, Inspection.Status.ISSUED):
        return set()
    if Conclusion.objects.filter(inspected__inspection=inspection).exists():
        return set()
    return set(inspection.checklist.filter(findings__isnull=True).values_list("pk", flat=True))


def _locked_item(actor, item: ChecklistItem) -> ChecklistItem:
    """The item, its inspection locked, if it may still change: else a 403 or a 409."""
    inspection = _locked(item.inspection)
    require_manager(actor, inspection.committee_id)
    _require_open(inspection)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk, inspection=inspection)
    item.inspection = inspection
    units = item.findings.count()
    if units:
        raise InspectionError(
            _("Mục %(code)s đã có kết quả kiểm tra tại %(count)s đơn vị: không sửa, không bỏ.")
            % {"code": item.code, "count": units},
            status=409,
        )
    return item


def _free_code(inspection: Inspection, code: str, item: ChecklistItem | None = None) -> str:
    taken = inspection.checklist.filter(code=code)
    if item is not None:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise InspectionError(_("Mã mục “%(code)s” đã có.") % {"code": code}, field="code")
    return code


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InspectionError(_("Thiếu nội dung mục kiểm tra."), field="text")
    return text[:500]


@transaction.atomic
def checklist_add(*, actor, inspection: Inspection, text: str, code: str = "", guidance: str = ""):
    """An item written for the inspection (before its first conclusion); without a code it
    takes the next free "K<n>"."""
    inspection = _locked(inspection)
    require_manager(actor, inspection.committee_id)
    _require_open(inspection)
    text = _text(text)
    codes = set(inspection.checklist.values_list("code", flat=True))
    code = (code or "").strip()[:20]
    if not code:
        number = len(codes) + 1
        while f"K{number}" in codes:
            number += 1
        code = f"K{number}"
    last = inspection.checklist.order_by("-order").values_list("order", flat=True).first()
    item = ChecklistItem.objects.create(
        inspection=inspection,
        order=(last or 0) + 1,
        code=_free_code(inspection, code),
        text=text,
        guidance=(guidance or "").strip(),
    )
    record_change(actor=actor, action="create", target=item, after=snapshot(item))
    return item


@transaction.atomic
def checklist_change(
    *,
    actor,
    item: ChecklistItem,
    text: str | None = None,
    code: str | None = None,
    guidance: str | None = None,
) -> ChecklistItem:
    """Change an item's text, code or guidance (None, or a blank code: unchanged) while no
    unit has a finding on it and no unit has its conclusion."""
    item = _locked_item(actor, item)
    before = snapshot(item)
    if text is not None:
        item.text = _text(text)
    if code is not None and code.strip():
        item.code = _free_code(item.inspection, code.strip()[:20], item)
    if guidance is not None:
        item.guidance = guidance.strip()
    item.save(update_fields=["text", "code", "guidance"])
    record_change(actor=actor, action="update", target=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def checklist_remove(*, actor, item: ChecklistItem) -> None:
    """Remove an item while no unit has a finding on it and no unit has its conclusion."""
    item = _locked_item(actor, item)
    record_change(actor=actor, action="delete", target=item, before=snapshot(item))
    item.delete()
