"""Saved views of a committee's indicators: a name for a filter of the indicators page (a
program, a layer, some units, a range of quarters) that its owner opens again from that page;
the committee's standing agency may share one with everyone. Services (keyword-only, one
transaction, a change-log row) and the reads the page needs."""

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.indicators import rules
from chidao.indicators.models import Layer, SavedView
from chidao.indicators.services import IndicatorError


def saved_views_for(user, committee) -> list[SavedView]:
    """The user's own views of the committee and those shared with it, by name (two
    queries, the units included)."""
    return list(
        policy.restrict(SavedView, user)
        .filter(committee=committee)
        .select_related("program__document")
        .prefetch_related("units")
        .order_by("name", "id")
    )


def query_of(view: SavedView) -> dict:
    """The indicators page's query for `view` (its filters and its id)."""
    query = {"committee": view.committee_id, "view": view.pk}
    if view.program_id:
        query["program"] = view.program_id
    if view.layer:
        query["layer"] = view.layer
    if view.period_from:
        query["from"] = view.period_from
    if view.period_to:
        query["to"] = view.period_to
    return query


def url_of(view: SavedView) -> str:
    query = list(query_of(view).items()) + [("unit", u.pk) for u in view.units.all()]
    return f"{reverse('indicator-list')}?{urlencode(query)}"


def check_range(period_from: str, period_to: str) -> tuple[str, str]:
    """Both quarters valid ("2025-Q2") or empty, and the first not after the second."""
    keys = []
    for period, field in ((period_from, "period_from"), (period_to, "period_to")):
        period = (period or "").strip()
        if period:
            try:
                period = rules.quarter_key(*rules.parse_quarter(period))
            except ActionRefused as exc:
                raise IndicatorError(str(exc), field=field) from exc
        keys.append(period)
    if all(keys) and rules.parse_quarter(keys[0]) > rules.parse_quarter(keys[1]):
        raise IndicatorError(_("Quý bắt đầu phải trước quý kết thúc."), field="period_from")
    return keys[0], keys[1]


@transaction.atomic
def saved_view_create(
    *,
    actor,
    committee,
    name: str,
    program=None,
    layer: str = "",
    units=(),
    period_from: str = "",
    period_to: str = "",
    shared: bool = False,
) -> SavedView:
    """Save a named view for `actor` (shared with the committee only by its managers)."""
    if not policy.is_signed_in(actor):
        raise IndicatorError(_("Cần đăng nhập để lưu dạng xem."), status=403)
    if shared and not policy.manages_committee(actor, committee.pk):
        raise IndicatorError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới dùng chung được dạng xem."),
            status=403,
        )
    name = " ".join(str(name or "").split())
    if not name:
        raise IndicatorError(_("Cần đặt tên cho dạng xem."), field="name")
    if len(name) > 100:
        raise IndicatorError(_("Tên dạng xem dài quá 100 ký tự."), field="name")
    if SavedView.objects.filter(owner=actor, committee=committee, name__iexact=name).exists():
        raise IndicatorError(_("Bạn đã có dạng xem tên “%(name)s”.") % {"name": name}, field="name")
    if layer and layer not in Layer.values:
        raise IndicatorError(_("Tầng không hợp lệ."), field="layer")
    if program is not None and program.committee_id != committee.pk:
        raise IndicatorError(
            _("Chương trình, kế hoạch không thuộc Ban Chỉ đạo này."), field="program"
        )
    period_from, period_to = check_range(period_from, period_to)
    view = SavedView.objects.create(
        committee=committee,
        owner=actor,
        name=name,
        program=program,
        layer=layer or "",
        period_from=period_from,
        period_to=period_to,
        shared=bool(shared),
    )
    view.units.set(list(units))
    after = snapshot(view)
    record_change(actor=actor, action="create", target=view, after=after)
    return view


@transaction.atomic
def saved_view_delete(*, actor, view: SavedView) -> None:
    """Delete a view: its owner, or for a shared one the committee's managers."""
    if not policy.restrict(SavedView, actor, policy.DELETE).filter(pk=view.pk).exists():
        raise IndicatorError(_("Bạn không xóa được dạng xem này."), status=403)
    before = snapshot(view)
    record_change(actor=actor, action="delete", target=view, before=before)
    view.delete()
