"""The inspection team from the register: the seats of the committee and its working group
on the plan's first day (each with its role in the team now, for choosing it again), the team
proposed by default, and the rows a chosen team becomes."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chidao.committees.models import Seat, StandingAgency
from chidao.committees.selectors import composition_on
from chidao.core.dates import vn_date
from chidao.inspections.errors import InspectionError
from chidao.inspections.models import Inspection, TeamMember

TEAM_ROLES = {"leader", "deputy", "member", "secretary"}


@dataclass
class TeamPick:
    """A seat chosen for the team: its body ("committee" or "working_group"), its index in
    that body's seats on the plan's first day, and its role in the team."""

    body: str
    index: int
    role: str = TeamMember.Role.MEMBER


def register_seats(committee, on: dt.date) -> list[tuple[str, int, object]]:
    """(body, index, seat) of the composition and its working group on the date."""
    composition = composition_on(committee, on)
    seats = [("committee", i, s) for i, s in enumerate(composition.seats)]
    seats += [
        ("working_group", i, s) for i, s in enumerate(composition.working_group.get("seats", []))
    ]
    return seats


@dataclass
class Candidate:
    """A seat of the register on the plan's first day that may be chosen for the team, with
    its role in the team now ("" if none)."""

    body: str
    index: int
    seat: object
    role: str = ""

    @property
    def key(self) -> str:
        return f"seat-{self.body}-{self.index}"


def candidates(inspection: Inspection) -> list[Candidate]:
    """Every seat of the committee and its working group on the plan's first day, in the
    register's order; a seat is in the team now when a member keeps its body, position,
    holder and unit."""
    chosen = {(m.body, m.position, m.person, m.unit_name): m.role for m in inspection.team.all()}
    rows = []
    for body, index, seat in register_seats(inspection.committee, inspection.starts_on):
        key = (
            body,
            (seat.position or "")[:300],
            (seat.person or "")[:200],
            (seat.unit or "")[:300],
        )
        rows.append(Candidate(body, index, seat, chosen.get(key, "")))
    return rows


def default_team(committee, on: dt.date) -> list[TeamPick]:
    """A deputy head leads; the standing agencies' seats and the working group are members."""
    seats = register_seats(committee, on)
    versions = StandingAgency.objects.filter(
        version__committee=committee, version__effective_from__lte=on
    ).order_by("-version__effective_from")
    latest = versions.values_list("version_id", flat=True).first()
    agencies = set(versions.filter(version_id=latest).values_list("unit_id", flat=True))
    picks, leader = [], None
    for role in (Seat.Role.DEPUTY_HEAD, Seat.Role.STANDING_DEPUTY_HEAD, Seat.Role.HEAD):
        leader = next((p for p in seats if p[0] == "committee" and p[2].role == role), None)
        if leader is not None:
            picks.append(TeamPick(leader[0], leader[1], TeamMember.Role.LEADER))
            break
    for body, index, seat in seats:
        if leader is not None and (body, index) == leader[:2]:
            continue
        if body == "working_group" or (seat.unit_id and seat.unit_id in agencies):
            picks.append(TeamPick(body, index, TeamMember.Role.MEMBER))
    return picks


def team_rows(inspection: Inspection, picks: list[TeamPick]) -> list[TeamMember]:
    seats = {
        (body, index): seat
        for body, index, seat in register_seats(inspection.committee, inspection.starts_on)
    }
    rows, leaders, seen = [], 0, set()
    for order, pick in enumerate(picks, start=1):
        seat = seats.get((pick.body, pick.index))
        if (pick.body, pick.index) in seen:
            raise InspectionError(
                _("Thành viên đoàn thứ %(n)s đã được chọn ở trên.") % {"n": order},
                field=f"team[{order - 1}]",
            )
        seen.add((pick.body, pick.index))
        if seat is None:
            raise InspectionError(
                _("Thành viên đoàn thứ %(n)s không có trong thành phần Ban vào ngày %(date)s.")
                % {"n": order, "date": vn_date(inspection.starts_on)},
                field=f"team[{order - 1}]",
            )
        if pick.role not in TEAM_ROLES:
            raise InspectionError(
                _("Nhiệm vụ trong đoàn không hợp lệ: %(role)s.") % {"role": pick.role},
                field=f"team[{order - 1}]",
            )
        leaders += pick.role == TeamMember.Role.LEADER
        rows.append(
            TeamMember(
                inspection=inspection,
                order=order,
                role=pick.role,
                body=pick.body,
                seat_role_label=seat.role_label,
                position=(seat.position or "")[:300],
                unit_id=seat.unit_id,
                unit_name=(seat.unit or "")[:300],
                person=(seat.person or "")[:200],
            )
        )
    if rows and leaders != 1:
        raise InspectionError(_("Đoàn kiểm tra cần đúng một Trưởng đoàn."), field="team")
    return rows
