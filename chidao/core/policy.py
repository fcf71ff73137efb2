"""Who may do what: the one access policy of chidao.

Pages, API, exports, jobs and the admin ask here; nobody re-derives a rule from roles.

The primitives answer questions about a user:
- `reads_everything`: administrators, committee leaders and viewers read every task, report
  and published result;
- `served_committee_ids`: the committees the user's unit serves as standing agency (only
  standing-agency staff and administrators act on them);
- `manages_committee`: administrators, and standing-agency staff of that committee;
- `acting_unit_ids`: the units the user acts for (reports on, submits for): a focal person's,
  a standing officer's or an administrator's own unit.

Each model that pages read has a queryset with `restrict(user, action)` (built on
`PolicyQuerySet`) written in its own app from these primitives, so a higher app's rules never
leak into a lower one. Actions are the constants below.

Answers, decided once for pages and API alike:
- an object the user may not view answers 404, as if it did not exist
  (`get_visible_or_404`);
- a visible object whose action is forbidden answers 403 (`require` raises `Forbidden`,
  both an `ActionRefused(status=403)` for the API's one handler and a `PermissionDenied`
  for pages).

Jobs and commands act as a `SystemActor`: the policy lets it act on purpose (`is_system`),
it never skips a check silently because an actor is "not a user".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chidao.core.errors import ActionRefused

# ---- actions

VIEW = "view"  # see the object (lists, pages, API reads, downloads)
CHANGE = "change"  # edit it (the admin; managing tasks, periods, cycles of a committee)
DELETE = "delete"  # remove it (the admin)
REPORT = "report"  # report on it for one's own unit (progress, submissions, self-assessment)
APPROVE = "approve"  # approve or lock it (leaders)
ACTIONS = (VIEW, CHANGE, DELETE, REPORT, APPROVE)


# ---- the system as an actor


@dataclass(frozen=True)
class SystemActor:
    """A command or background job acting on its own behalf, not a person.

    `job` names it in the change log and timelines ("chidao load-demo-tasks"); its display
    name is "Hệ thống". Services accept it wherever they accept a user, and the policy allows
    it everything on purpose (`is_system`), since only code run by an operator acts as one.
    A bare string or None is not an actor: `actor_label` refuses it.
    """

    job: str = "system"

    display_name = _("Hệ thống")
    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None
    id = None
    unit_id = None
    role = None

    def __str__(self) -> str:
        return f"{self.display_name} ({self.job})"

    def get_username(self) -> str:
        """The change log's actor label: stable, untranslated."""
        return self.job


SYSTEM = SystemActor()

# How pages name the jobs that act as the system (timelines keep the job's label).
SYSTEM_JOBS = {
    "system": _("Hệ thống"),
    "chidao load-demo": _("Hệ thống (nạp dữ liệu mẫu)"),
    "chidao load-demo-tasks": _("Hệ thống (nạp nhiệm vụ mẫu)"),
    "chidao load-demo-reports": _("Hệ thống (nạp báo cáo mẫu)"),
    "chidao load-demo-evaluation": _("Hệ thống (nạp đợt đánh giá mẫu)"),
    "chidao load-demo-history": _("Hệ thống (nạp lịch sử mô phỏng)"),
    "chidao load-demo-meetings": _("Hệ thống (nạp phiên họp mẫu)"),
    "chidao load-demo-obstacles": _("Hệ thống (nạp sổ khó khăn mẫu)"),
    "chidao load-demo-indicators": _("Hệ thống (nạp chỉ tiêu mẫu)"),
    "chidao compute-indicators": _("Hệ thống (tính chỉ tiêu từ dữ liệu)"),
    "chidao reports": _("Hệ thống (số liệu từ báo cáo định kỳ)"),
    "chidao load-units": _("Hệ thống (nạp danh mục đơn vị)"),
    "chidao restructuring": _("Hệ thống (sắp xếp lại đơn vị)"),
    "chidao synth": _("Hệ thống (dữ liệu mô phỏng)"),
    "chidao token": _("Hệ thống (cấp khóa API)"),
    "chidao urge": _("Hệ thống (đôn đốc tự động)"),
    "sso": _("Hệ thống (đăng nhập một lần)"),
    "login": _("Hệ thống (đăng nhập)"),
}


def actor_title(label: str) -> str:
    """How a page names the actor stored as `label`: a system job in Vietnamese ("Hệ thống
    (nạp nhiệm vụ mẫu)"), any other command as "Hệ thống", a person by their username."""
    if label in SYSTEM_JOBS:
        return str(SYSTEM_JOBS[label])
    if label.startswith("chidao "):
        return str(SYSTEM_JOBS["system"])
    return label


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def as_user(actor):
    """The user behind `actor`, or None for the system (for `created_by`-style columns)."""
    return None if is_system(actor) else actor


def actor_label(actor) -> str:
    """How the change log and timelines name `actor`: the username, or the system job."""
    if is_system(actor):
        return actor.get_username()
    if actor is None or isinstance(actor, str) or not hasattr(actor, "get_username"):
        raise TypeError(f"An actor is a user or a SystemActor, not {actor!r}.")
    return actor.get_username()


# ---- primitives about a user


def _role(user) -> str | None:
    return getattr(user, "role", None)


def is_signed_in(user) -> bool:
    """An active, signed-in person (the system is not a person)."""
    return bool(
        user is not None
        and not is_system(user)
        and user.is_authenticated
        and getattr(user, "is_active", False)
    )


def is_administrator(user) -> bool:
    return is_signed_in(user) and (user.is_superuser or _role(user) == "admin")


def is_leader(user) -> bool:
    return is_signed_in(user) and _role(user) == "leader"


def is_standing_staff(user) -> bool:
    return is_signed_in(user) and _role(user) == "standing"


def is_viewer(user) -> bool:
    return is_signed_in(user) and _role(user) == "viewer"


def is_focal(user) -> bool:
    return is_signed_in(user) and _role(user) == "focal"


def reads_everything(user) -> bool:
    """Administrators, committee leaders and viewers read every task, period and report."""
    return is_administrator(user) or (is_signed_in(user) and _role(user) in ("leader", "viewer"))


def approves(user) -> bool:
    """Approves and locks what the standing agency prepared: leaders, administrators, the
    system."""
    return is_system(user) or is_administrator(user) or is_leader(user)


def edits_register(user) -> bool:
    """May enter the admin and edit the shared register (units, people, decisions)."""
    return is_administrator(user) or is_standing_staff(user)


# Which committees a unit serves is the committees app's fact; it registers the lookup at
# start-up (CommitteesConfig.ready), so this low module needs no import of a higher app.
_served_lookup: Callable[[int], Iterable[int]] | None = None


def register_served_committees(lookup: Callable[[int], Iterable[int]]) -> None:
    global _served_lookup
    _served_lookup = lookup


_SERVED_CACHE = "_policy_served_committee_ids"


def served_committee_ids(user) -> frozenset[int]:
    """Committees for which the user's unit is (or was) a standing agency, read once per user
    object (a page asks several times). Empty for anonymous users and for the system."""
    if not is_signed_in(user) or not user.unit_id:
        return frozenset()
    cached = getattr(user, _SERVED_CACHE, None)
    if cached is None or cached[0] != user.unit_id:
        if _served_lookup is None:
            raise RuntimeError("The committees app has not registered its lookup.")
        cached = (user.unit_id, frozenset(_served_lookup(user.unit_id)))
        setattr(user, _SERVED_CACHE, cached)
    return cached[1]


def managed_committee_ids(user) -> frozenset[int] | None:
    """The committees the user manages: None for all of them (administrators, the system)."""
    if is_system(user) or is_administrator(user):
        return None
    if is_standing_staff(user):
        return served_committee_ids(user)
    return frozenset()


def manages_committee(user, committee_id: int | None) -> bool:
    """Administrators, the system, and standing-agency staff of that committee."""
    ids = managed_committee_ids(user)
    return ids is None or (committee_id is not None and committee_id in ids)


def manages_any_committee(user) -> bool:
    ids = managed_committee_ids(user)
    return ids is None or bool(ids)


def issuing_unit(user, committee_id: int):
    """The user's unit when it serves the committee as standing agency (it issues the
    committee's letters and documents), else None."""
    if committee_id in served_committee_ids(user):
        return user.unit
    return None


def acting_unit_ids(user) -> frozenset[int]:
    """The units the user acts for: reports progress, submits reports, for."""
    if not is_signed_in(user) or not user.unit_id:
        return frozenset()
    if _role(user) in ("focal", "standing", "admin") or user.is_superuser:
        return frozenset({user.unit_id})
    return frozenset()


# ---- pages a user may open (the views and the menu ask the same questions)


def reads_register(user) -> bool:
    """The register (committees, units, decisions): everybody signed in, and anonymous
    visitors when the register is public (`CHIDAO_PUBLIC_REGISTER`)."""
    return is_signed_in(user) or bool(getattr(settings, "CHIDAO_PUBLIC_REGISTER", False))


def manages_tasks(user) -> bool:
    """Assigns, imports and edits tasks, decides extension requests, opens report periods
    and evaluation cycles: the managers of at least one committee."""
    return manages_any_committee(user)


def opens_leaders_dashboard(user) -> bool:
    """The leaders' dashboard: those who read everything, and the standing agency (for the
    committees it serves)."""
    return reads_everything(user) or manages_any_committee(user)


def oversees_inspections(user) -> bool:
    """The committees' inspection plans: those who read everything, and the standing agency
    (for the committees it serves)."""
    return reads_everything(user) or manages_any_committee(user)


def acts_for_a_unit(user) -> bool:
    """Has a unit to act for (its inspections, its reports): focal persons, standing officers
    and administrators with a unit."""
    return bool(acting_unit_ids(user))


def reads_consolidated_reports(user) -> bool:
    """Consolidated reports of some committee: its managers and the committee leaders (a
    committee's own rule is `reports.models.may_consolidate`)."""
    return is_leader(user) or manages_any_committee(user)


# ---- querysets that know who may do what


class PolicyQuerySet(models.QuerySet):
    """A queryset whose rows each app restricts by the policy. Subclasses implement
    `restrict(user, action)`: the rows `user` may `action`; an unknown action is an error."""

    def restrict(self, user, action: str = VIEW) -> models.QuerySet:
        raise NotImplementedError(f"{self.model.__name__} has no access rule for {action!r}")

    def unknown(self, action: str):
        return ValueError(f"{self.model.__name__}: no access rule for {action!r}")


class RegisterQuerySet(PolicyQuerySet):
    """The shared register (units, people, decisions, sources): everybody who may read the
    register views it; administrators and standing-agency staff edit it."""

    def restrict(self, user, action: str = VIEW) -> models.QuerySet:
        if action == VIEW:
            return self
        if action in (CHANGE, DELETE):
            return self if is_system(user) or edits_register(user) else self.none()
        raise self.unknown(action)


class CommitteeScopedQuerySet(PolicyQuerySet):
    """Rows that belong to one committee (reached through `committee_path`): everybody who may
    read the register views them; the committee's managers change and delete them."""

    committee_path = "committee"

    def managed_by(self, user) -> models.QuerySet:
        ids = managed_committee_ids(user)
        if ids is None:
            return self
        return self.filter(**{f"{self.committee_path}__in": ids})

    def restrict(self, user, action: str = VIEW) -> models.QuerySet:
        if action == VIEW:
            return self
        if action in (CHANGE, DELETE):
            return self.managed_by(user)
        raise self.unknown(action)


def restrict(queryset, user, action: str = VIEW):
    """`restrict(user, action)` of a queryset, a manager, or a model's default manager."""
    if isinstance(queryset, models.Manager):
        queryset = queryset.all()
    elif not isinstance(queryset, models.QuerySet):
        queryset = queryset._default_manager.all()
    return queryset.restrict(user, action)


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No object matches the given query.") from None


def get_visible_or_404(queryset, user, pk):
    """The object with `pk` if `user` may view it; otherwise Http404, exactly as if it did not
    exist (pages and API answer 404 the same way)."""
    obj = restrict(queryset, user, VIEW).filter(pk=_pk(pk)).first()
    if obj is None:
        raise Http404("No object matches the given query.")
    return obj


def permits(user, action: str, obj) -> bool:
    """May `user` do `action` with `obj`? Asks the model's own `permits` when it has one (no
    query), else its queryset's `restrict`."""
    own = getattr(obj, "permits", None)
    if callable(own):
        return own(user, action)
    return restrict(type(obj), user, action).filter(pk=obj.pk).exists()


class Forbidden(ActionRefused, PermissionDenied):
    """A visible object, a forbidden action: 403 on the API (the ActionRefused handler) and on
    pages (Django's PermissionDenied) alike."""

    def __init__(self, message=None):
        super().__init__(str(message or _("Bạn không có quyền thực hiện thao tác này.")), 403)


def require(allowed: bool, message=None) -> None:
    """Refuse with 403 when an action on a visible object is not allowed."""
    if not allowed:
        raise Forbidden(message)


def require_permits(user, action: str, obj, message=None) -> None:
    require(permits(user, action, obj), message)
