"""Writing the acts that change a committee without setting it up anew: an amend (add,
remove or replace members) becomes a version that carries the other seats over; a
dissolution ends the committee. Part of the commit's writer (chidao.ingest.writer), inside
its transaction, through the register's write services."""

from chidao.committees import services as register
from chidao.committees.models import Committee, CommitteeVersion, Seat
from chidao.core import policy
from chidao.core.text import fold
from chidao.documents.models import LegalDocument
from chidao.ingest.readers import IngestError


def span_quote(text: str, spans: dict | None, key: str = "seat") -> str:
    """The text under a draft's span, or "" when the span is missing or out of the text."""
    span = (spans or {}).get(key)
    if span and isinstance(span, list | tuple) and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text):
            return text[start:end]
    return ""


def _seat_matches(seat: Seat, entry: dict) -> bool:
    """Whether the register's seat is the one a draft's entry names: by the person, else by
    the position and its unit."""
    person = entry.get("person")
    if person:
        return seat.person_id is not None and fold(seat.person.full_name) == fold(person)
    if entry.get("position") and entry.get("unit") and seat.position_id is not None:
        return fold(seat.position.title) == fold(entry["position"]) and fold(
            seat.position.unit.name
        ) == fold(entry["unit"])
    return False


class ChangesMixin:
    """The amend and dissolve halves of chidao.ingest.writer._Writer."""

    def known_committee(self, name: str | None, match: dict | None = None) -> Committee:
        """The register's committee an amend or a dissolution acts on; refused when the
        register does not know it (there is nothing to change) or the actor does not
        manage it."""
        committee = None
        if match and match.get("id"):
            committee = Committee.objects.filter(pk=match["id"]).first()
        if committee is None and name:
            committee = Committee.objects.filter(name_key=fold(name)).first()
        if committee is None:
            raise IngestError(
                f"Ban Chỉ đạo “{name}” chưa có trong sổ đăng ký: quyết định bổ sung, thay thế "
                "thành viên hay giải thể chỉ ghi được cho một Ban đã có trong sổ.",
                status=422,
            )
        if not policy.manages_committee(self.actor, committee.pk):
            raise IngestError(
                "Ban Chỉ đạo này đã có trong sổ và do cơ quan thường trực khác quản lý: "
                "chỉ cán bộ của cơ quan đó hoặc quản trị viên được ghi văn bản này vào sổ.",
                status=403,
            )
        return committee

    def amend(self, document: LegalDocument) -> CommitteeVersion:
        """A new version: the seats in force carried over, less those the draft removes and
        those whose holder the draft seats anew; the draft's seats added after them."""
        info = self.data["committee"]
        committee = self.known_committee(info.get("name"), (info.get("match") or {}).get("name"))
        previous = register.version_before(committee, self.date)
        seats = list(
            previous.seats.select_related("person", "position", "position__unit")
            if previous is not None
            else []
        )
        drop: list[Seat] = []
        # with no earlier version there is nothing to match: the service refuses it
        for entry in (self.data.get("removed_seats") or []) if previous is not None else []:
            found = [s for s in seats if _seat_matches(s, entry) and s not in drop]
            if not found:
                who = entry.get("person") or " ".join(
                    v for v in (entry.get("position"), entry.get("unit")) if v
                )
                raise IngestError(
                    f"Không tìm thấy ghế của “{who}” trong thành phần đang áp dụng của "
                    f"{committee.name}: hãy sửa danh sách ghế bị thay trước khi ghi.",
                    status=422,
                )
            drop.extend(found)
        added = self.data["seats"] + self.data["working_group"]["seats"]
        for seat in seats:
            if seat not in drop and any(_seat_matches(seat, entry) for entry in added):
                drop.append(seat)  # the same holder seated anew (a changed post or role)
        version = register.committee_version_amend(
            actor=self.actor,
            committee=committee,
            decision=document,
            effective_from=self.date,
            effective_from_basis=self.basis,
            source=self.source,
            external_id=f"ingest-version:{self.draft.pk}",
            drop_seats=drop,
            note=self.date_note(),
        )
        self.counts["seats_removed"] = len(drop)
        self.counts["seats_carried"] = len(seats) - len(drop)
        return version

    def dissolve(self, document: LegalDocument) -> list[Committee]:
        """Ends each committee the draft names (`ends`, else the committee)."""
        info = self.data["committee"]
        names = self.data.get("ends") or [info.get("name")]
        ended = []
        for n, name in enumerate(names):
            match = (info.get("match") or {}).get("name") if n == 0 else None
            committee = self.known_committee(name, match)
            quote = span_quote(self.text, info.get("spans"), "name") if n == 0 else ""
            ended.append(
                register.committee_dissolve(
                    actor=self.actor,
                    committee=committee,
                    decision=document,
                    dissolved_on=self.date,
                    source=self.source,
                    source_quote=quote or name,
                )
            )
        return ended
