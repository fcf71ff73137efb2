"""Pages of the register of difficulties and proposals.

- /obstacles/: the items the user may see (a unit its own and those it must answer, the
  standing agency all of its committee's), filtered by committee, state and words;
- /obstacles/new/: a unit raises an item (the standing agency for any unit);
- /obstacles/<id>/: one item with its history; its forms post back to the same address with
  `action` (assign, reply, resolve, forward, close, merge), each refused with 403 for one
  who may not act, before the input is read;
- /obstacles/files/<id>/: a reply document's file, to those who may see its item;
- /obstacles/proposed/: the standing agency takes the difficulties and proposals of a
  period's submitted reports into the register, or merges or dismisses them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chidao.core import policy
from chidao.obstacles import proposals, services
from chidao.obstacles.forms import ACTIONS, AcceptForm, FilterForm, RaiseForm
from chidao.obstacles.models import Obstacle, ReplyFile
from chidao.obstacles.selectors import get_visible_obstacle, obstacles_for
from chidao.reports.models import ReportPeriod
from chidao.storage.serve import serve_file

PAGE_SIZE = 50


def reads_obstacles(user) -> bool:
    """The register's pages: everyone signed in (each sees what the policy lets them)."""
    return policy.is_signed_in(user)


@login_required
def obstacle_list(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    committee = data.get("committee")
    queryset = obstacles_for(
        request.user,
        committee=committee.pk if committee else None,
        state=data.get("state") or None,
        search=data.get("q") or "",
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "paginator": page.paginator,
        "today": timezone.localdate(),
        "manages": policy.manages_any_committee(request.user),
        "raises": policy.manages_any_committee(request.user)
        or bool(policy.acting_unit_ids(request.user)),
    }
    return render(request, "obstacles/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def obstacle_create(request):
    policy.require(
        policy.manages_any_committee(request.user) or bool(policy.acting_unit_ids(request.user)),
        _("Chỉ đầu mối của đơn vị hoặc cơ quan thường trực mới nêu khó khăn, vướng mắc."),
    )
    form = RaiseForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.obstacle_raise(
                    actor=request.user,
                    committee=data["committee"],
                    unit=data["unit"],
                    title=data["title"],
                    content=data["content"],
                    kind=data["kind"],
                    origin=data["origin"],
                    origin_note=data["origin_note"],
                    raised_on=data["raised_on"],
                )
            except services.ObstacleError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = exc.status
            else:
                messages.success(request, _("Đã ghi vào sổ."))
                return redirect("obstacle-detail", pk=item.pk)
    return render(request, "obstacles/create.html", {"form": form}, status=status)


def _allowed(user, action: str, item: Obstacle) -> bool:
    if action == "reply":
        return policy.permits(user, policy.REPORT, item)
    return policy.manages_committee(user, item.committee_id)


def _run(user, action: str, item: Obstacle, data: dict) -> None:
    if action == "assign":
        services.obstacle_assign(
            actor=user, obstacle=item, level=data["level"], resolver=data["resolver"],
            due_on=data["due_on"], note=data["note"],
        )  # fmt: skip
    elif action == "reply":
        services.obstacle_reply(
            actor=user, obstacle=item, text=data["text"], resolved=data["resolved"],
            document=data["document"], replied_on=data["replied_on"], upload=data.get("file"),
        )  # fmt: skip
    elif action == "resolve":
        services.obstacle_resolve(actor=user, obstacle=item)
    elif action == "forward":
        services.obstacle_forward(actor=user, obstacle=item, level=data["level"], note=data["note"])
    elif action == "close":
        services.obstacle_close(actor=user, obstacle=item, reason=data["reason"])
    elif action == "merge":
        into = Obstacle.objects.restrict(user, policy.CHANGE).filter(pk=data["into"]).first()
        if into is None:
            raise services.ObstacleError(_("Không có mục số này trong sổ của bạn."), field="into")
        services.obstacle_merge(actor=user, duplicate=item, into=into)


DONE = {
    "assign": _("Đã giao xử lý."),
    "reply": _("Đã ghi câu trả lời."),
    "resolve": _("Đã ghi nhận giải quyết xong."),
    "forward": _("Đã chuyển cấp trên."),
    "close": _("Đã đóng mục này."),
    "merge": _("Đã gộp vào mục trùng."),
}


@login_required
@require_http_methods(["GET", "POST"])
def obstacle_detail(request, pk: int):
    item = get_visible_obstacle(request.user, pk)
    user = request.user
    bound, error, status = {}, "", 200
    if request.method == "POST":
        # Who may act at all is answered before what was sent.
        policy.require(
            policy.manages_committee(user, item.committee_id)
            or policy.permits(user, policy.REPORT, item)
        )
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return _render(request, item, {}, _("Thao tác không hợp lệ."), 400)
        policy.require(_allowed(user, action, item))
        form = ACTIONS[action](request.POST, request.FILES)
        bound[action] = form
        if not form.is_valid():
            error, status = _("Chưa lưu: hãy sửa các ô được đánh dấu."), 422
        else:
            try:
                _run(user, action, item, form.cleaned_data)
            except services.ObstacleError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                error, status = str(exc), exc.status
            else:
                messages.success(request, DONE[action])
                return redirect("obstacle-detail", pk=item.pk)
    return _render(request, item, bound, error, status)


def _render(request, item, bound, error, status):
    user = request.user
    manages = policy.manages_committee(user, item.committee_id)
    forms = {}
    if item.is_pending:
        if manages:
            for key in ("assign", "forward", "close", "merge"):
                initial = {"level": item.level, "resolver": item.resolver_id, "due_on": item.due_on}
                forms[key] = bound.get(key) or ACTIONS[key](
                    initial=initial if key == "assign" else None
                )
        if policy.permits(user, policy.REPORT, item):
            forms["reply"] = bound.get("reply") or ACTIONS["reply"]()
    context = {
        "item": item,
        "events": item.events.all(),
        "reply_files": item.reply_files.all(),
        "tasks": item.tasks.select_related("lead_unit").order_by("deadline"),
        "duplicates": item.duplicates.all(),
        "forms": forms,
        "can_resolve": manages
        and item.state in (Obstacle.State.ANSWERED, Obstacle.State.FORWARDED),
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "obstacles/detail.html", context, status=status)


@login_required
@require_GET
def reply_file(request, pk: int):
    """A reply document's file, for those who may see its item (404 for anyone else)."""
    return serve_file(policy.get_visible_or_404(ReplyFile.objects, request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def obstacle_proposed(request):
    """A period's report sections proposed for the register (the standing agency's)."""
    user = request.user
    policy.require(
        policy.manages_any_committee(user),
        _("Chỉ cơ quan thường trực mới đưa nội dung báo cáo vào sổ."),
    )
    periods = (
        ReportPeriod.objects.restrict(user, policy.CHANGE)
        .select_related("committee")
        .order_by("-data_to")
    )
    period = None
    raw = request.GET.get("period", "")
    if raw.isdigit():
        period = periods.filter(pk=int(raw)).first()
    elif raw:
        return render(
            request,
            "obstacles/proposed.html",
            {"periods": periods[:40], "error": _("Kỳ báo cáo không hợp lệ.")},
            status=400,
        )
    if period is None:
        period = periods.first()
    error, status = "", 200
    if request.method == "POST" and period is not None:
        form = AcceptForm(request.POST)
        candidate = (
            proposals.candidate(period, form.data.get("key", "")) if form.is_valid() else None
        )
        if candidate is None:
            error, status = (
                _("Nội dung này không còn chờ đưa vào sổ."),
                409 if form.is_valid() else 400,
            )
        else:
            data = form.cleaned_data
            try:
                if data["dismiss"]:
                    services.proposal_dismiss(
                        actor=user, committee=period.committee, candidate=candidate
                    )
                    messages.success(request, _("Đã bỏ qua nội dung này."))
                else:
                    into = None
                    if data["merge_into"]:
                        into = (
                            Obstacle.objects.restrict(user, policy.CHANGE)
                            .filter(pk=data["merge_into"])
                            .first()
                        )
                        if into is None:
                            raise services.ObstacleError(_("Không có mục số này trong sổ của bạn."))
                    item = services.proposal_accept(
                        actor=user, committee=period.committee, candidate=candidate,
                        title=data["title"], merge_into=into,
                    )  # fmt: skip
                    messages.success(request, _("Đã đưa vào sổ: mục số %(id)s.") % {"id": item.pk})
                return redirect(f"{request.path}?period={period.pk}")
            except services.ObstacleError as exc:
                error, status = str(exc), exc.status
    elif request.method == "POST":
        error, status = _("Chưa có kỳ báo cáo nào."), 400
    context = {
        "periods": periods[:40],
        "period": period,
        "candidates": proposals.candidates(period) if period is not None else [],
        "error": error,
    }
    return render(request, "obstacles/proposed.html", context, status=status)
