"""The main menu: chidao's pages grouped by the work they serve, each shown only to the users
the access policy lets open it.

Each entry names a route and the policy question the route's own view asks
(`chidao.core.policy`), so the menu and the page never disagree: a link in the menu opens.
The context processor `menu` gives templates the groups for the signed-in user (or an
anonymous visitor of a public register); the unread-notification count comes from
`chidao.notifications.context_processors.notifications`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


@dataclass(frozen=True)
class Entry:
    label: str
    route: str
    allowed: Callable[[object], bool]
    # Other routes whose pages belong under this entry (marked as the current entry).
    also: tuple[str, ...] = ()

    def matches(self, view_name: str) -> bool:
        if self.route.endswith(":index"):  # the admin: every page of its namespace
            return view_name.startswith(self.route.split(":")[0] + ":")
        return view_name == self.route or view_name in self.also


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)


GROUPS: tuple[Group, ...] = (
    Group(
        "register",
        _("Sổ đăng ký"),
        (
            Entry(_("Ban Chỉ đạo"), "home", policy.reads_register, ("committee-detail",)),
            Entry(_("Đơn vị"), "unit-list", policy.reads_register, ("unit-detail",)),
            Entry(_("Văn bản"), "decision-list", policy.reads_register, ("decision-detail",)),
            Entry(
                _("Đọc quyết định vào sổ"),
                "ingest-upload",
                policy.edits_register,
                ("ingest-review",),
            ),
        ),
    ),
    Group(
        "direction",
        _("Chỉ đạo, điều hành"),
        (
            Entry(_("Nhiệm vụ của đơn vị"), "my-tasks", policy.is_signed_in),
            Entry(
                _("Bảng nhiệm vụ"),
                "task-board",
                policy.is_signed_in,
                (
                    "task-detail",
                    "task-create",
                    "task-edit",
                    "task-progress",
                    "task-extension-request",
                ),
            ),
            Entry(
                _("Nhập nhiệm vụ từ Excel"),
                "task-import",
                policy.manages_tasks,
                ("task-import-confirm",),
            ),
            Entry(_("Đề nghị gia hạn chờ xử lý"), "task-extensions", policy.manages_tasks),
            Entry(
                _("Phiên họp"),
                "meetings",
                policy.is_signed_in,
                ("committee-meetings", "meeting-detail", "proposed-explanations"),
            ),
            Entry(_("Giấy mời của tôi"), "meeting-invitations-mine", policy.is_signed_in),
            Entry(
                _("Yêu cầu giải trình"),
                "explanations",
                policy.is_signed_in,
                ("explanation-detail",),
            ),
            Entry(_("Nhiệm vụ chưa có đơn vị chủ trì"), "orphaned-tasks", policy.manages_tasks),
            Entry(_("Tổng hợp nhiệm vụ"), "task-dashboard", policy.is_signed_in),
            Entry(
                _("Khó khăn, vướng mắc, kiến nghị"),
                "obstacle-list",
                policy.is_signed_in,
                ("obstacle-detail", "obstacle-create", "obstacle-proposed"),
            ),
            Entry(
                _("Kế hoạch kiểm tra"),
                "inspections",
                policy.oversees_inspections,
                ("committee-inspections", "inspection-detail"),
            ),
            Entry(
                _("Kiểm tra của đơn vị"),
                "inspections-mine",
                policy.acts_for_a_unit,
                ("inspection-unit",),
            ),
        ),
    ),
    Group(
        "reports",
        _("Báo cáo"),
        (
            Entry(
                _("Kỳ báo cáo"),
                "report-periods",
                policy.is_signed_in,
                (
                    "report-period",
                    "report-period-open",
                    "report-submission",
                    "report-submission-version",
                    "report-adhoc",
                ),
            ),
            Entry(
                _("Báo cáo tổng hợp"),
                "consolidated-list",
                policy.reads_consolidated_reports,
                ("consolidated-report", "consolidated-status"),
            ),
            Entry(
                _("Bảng điều hành của lãnh đạo"),
                "leaders-dashboard",
                policy.opens_leaders_dashboard,
                ("tasks-as-of", "program-review"),
            ),
            Entry(_("Chỉ tiêu"), "indicator-list", policy.is_signed_in, ("indicator-detail",)),
            Entry(
                _("Mẫu báo cáo"),
                "report-forms",
                policy.manages_tasks,
                ("report-form-new", "report-form-edit"),
            ),
        ),
    ),
    Group(
        "evaluation",
        _("Đánh giá"),
        (
            Entry(
                _("Đợt đánh giá, xếp hạng"),
                "evaluation-cycles",
                policy.is_signed_in,
                (
                    "evaluation-cycle-create",
                    "evaluation-ranking",
                    "evaluation-settings",
                    "evaluation-unit",
                    "evaluation-self-assessment",
                    "evaluation-appraisal",
                    "evaluation-appraisal-unit",
                    "evaluation-proposals",
                ),
            ),
            Entry(
                _("Bộ tiêu chí"),
                "evaluation-sets",
                policy.manages_tasks,
                ("evaluation-set", "evaluation-set-import"),
            ),
        ),
    ),
    Group(
        "admin",
        _("Quản trị"),
        (Entry(_("Nhập liệu sổ đăng ký"), "admin:index", policy.edits_register),),
    ),
)


def menu_for(user, view_name: str = "") -> list[dict]:
    """The groups `user` may open something in, each with the entries they may open; the
    group and entry of the page at `view_name` are marked current."""
    groups = []
    for group in GROUPS:
        entries = [
            {
                "label": entry.label,
                "href": reverse(entry.route),
                "current": bool(view_name) and entry.matches(view_name),
            }
            for entry in group.entries
            if entry.allowed(user)
        ]
        if entries:
            groups.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "entries": entries,
                    "current": any(e["current"] for e in entries),
                }
            )
    return groups


def menu(request):
    """Context processor: `menu`, the main menu for the request's user (built only when a
    template shows it: htmx fragments and the admin do not)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return {"menu": SimpleLazyObject(lambda: menu_for(user, view_name))}
