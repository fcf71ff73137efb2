"""Report forms and their versions: cleaning the outline (sections and figures) and the two
writes, creating a form and adding a version. Re-exported by `chidao.reports.services`."""

import decimal
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.reports.errors import ReportError, _require_manager
from chidao.reports.models import ReportForm, ReportFormVersion

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
FIGURE_LIMIT = decimal.Decimal("1e15")

# The default outline of a periodic report (Decree 09/2019, usual outline).
DEFAULT_SECTIONS = [
    {"key": "results", "title": "Kết quả đạt được"},
    {"key": "difficulties", "title": "Khó khăn, vướng mắc"},
    {"key": "proposals", "title": "Kiến nghị, đề xuất"},
    {"key": "next_period", "title": "Nhiệm vụ, giải pháp kỳ tới"},
]


def _clean_key(value, field: str, what: str) -> str:
    key = str(value or "").strip()
    if not KEY_PATTERN.fullmatch(key):
        raise ReportError(
            _(
                "Mã %(what)s “%(key)s” không hợp lệ: chỉ chữ thường không dấu, số, “-” và “_”, "
                "tối đa 50 ký tự."
            )
            % {"what": what, "key": key},
            field=field,
        )
    return key


def _items(value, field: str) -> list:
    if value is None:
        return []
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise ReportError(_("Danh sách không hợp lệ."), field=field)
    return list(value)


def _as_mapping(item, names: tuple[str, ...], field: str) -> dict:
    if isinstance(item, dict):
        return item
    if isinstance(item, list | tuple) and 1 <= len(item) <= len(names):
        return dict(zip(names, item, strict=False))
    if hasattr(item, "model_dump"):  # a pydantic model from the API
        return item.model_dump()
    raise ReportError(_("Danh sách không hợp lệ."), field=field)


def clean_sections(sections) -> list[dict]:
    """[{"key", "title"}]: keys unique slugs, titles not empty; at least one section."""
    result, seen = [], set()
    for item in _items(sections, "sections"):
        data = _as_mapping(item, ("key", "title"), "sections")
        key = _clean_key(data.get("key"), "sections", _("phần"))
        title = str(data.get("title") or "").strip()
        if not title:
            raise ReportError(_("Phần “%(key)s” chưa có tiêu đề.") % {"key": key}, field="sections")
        if len(title) > 300:
            raise ReportError(_("Tiêu đề phần quá dài (tối đa 300 ký tự)."), field="sections")
        if key in seen:
            raise ReportError(_("Mã phần “%(key)s” bị trùng.") % {"key": key}, field="sections")
        seen.add(key)
        result.append({"key": key, "title": title})
    if not result:
        raise ReportError(_("Mẫu báo cáo cần ít nhất một phần."), field="sections")
    return result


def clean_figures(figures) -> list[dict]:
    """[{"key", "label", "unit"}]: keys unique slugs, labels not empty, unit optional."""
    result, seen = [], set()
    for item in _items(figures, "figures"):
        data = _as_mapping(item, ("key", "label", "unit"), "figures")
        key = _clean_key(data.get("key"), "figures", _("chỉ tiêu"))
        label = str(data.get("label") or "").strip()
        unit = str(data.get("unit") or "").strip()
        if not label:
            raise ReportError(_("Chỉ tiêu “%(key)s” chưa có tên.") % {"key": key}, field="figures")
        if len(label) > 300 or len(unit) > 50:
            raise ReportError(
                _("Tên chỉ tiêu (tối đa 300 ký tự) hoặc đơn vị tính (tối đa 50) quá dài."),
                field="figures",
            )
        if key in seen:
            raise ReportError(_("Mã chỉ tiêu “%(key)s” bị trùng.") % {"key": key}, field="figures")
        seen.add(key)
        result.append({"key": key, "label": label, "unit": unit})
    return result


def latest_version(form: ReportForm) -> ReportFormVersion | None:
    return form.versions.order_by("-number").first()


@transaction.atomic
def form_create(*, actor, committee, name: str, sections=None, figures=()) -> ReportForm:
    """A new form with its version 1; `sections` None gives the four default sections."""
    _require_manager(actor, committee.pk)
    name = (name or "").strip()
    if not name:
        raise ReportError(_("Thiếu tên mẫu báo cáo."), field="name")
    if len(name) > 300:
        raise ReportError(_("Tên mẫu báo cáo quá dài (tối đa 300 ký tự)."), field="name")
    cleaned_sections = clean_sections(DEFAULT_SECTIONS if sections is None else sections)
    cleaned_figures = clean_figures(figures)
    form = ReportForm.objects.create(committee=committee, name=name)
    record_change(actor=actor, action="create", target=form, after=snapshot(form))
    version = ReportFormVersion.objects.create(
        form=form,
        number=1,
        sections=cleaned_sections,
        figures=cleaned_figures,
        created_by=policy.as_user(actor),
    )
    record_change(actor=actor, action="create", target=version, after=snapshot(version))
    return form


@transaction.atomic
def form_new_version(*, actor, form: ReportForm, sections, figures=()) -> ReportFormVersion:
    """The form's next version. Periods already opened and reports already written keep the
    version they point at."""
    form = ReportForm.objects.select_for_update().get(pk=form.pk)
    _require_manager(actor, form.committee_id)
    cleaned_sections = clean_sections(sections)
    cleaned_figures = clean_figures(figures)
    number = (form.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportFormVersion.objects.create(
        form=form,
        number=number,
        sections=cleaned_sections,
        figures=cleaned_figures,
        created_by=policy.as_user(actor),
    )
    record_change(actor=actor, action="create", target=version, after=snapshot(version))
    return version
