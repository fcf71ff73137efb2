"""Matching a draft to the register: units, positions, people and committees.

Units are compared by their folded names (case, diacritics and spacing ignored) after the
abbreviations are expanded ("Sở TT&TT" -> "Sở Thông tin và Truyền thông", "UBND TP." ->
"Ủy ban nhân dân thành phố"), with and without the city ("Sở Nội vụ Hà Nội" is the register's
"Sở Nội vụ"). Only units of the document's province are candidates, and units valid on the
document's date come first, so a 2019 decision finds Sở Thông tin và Truyền thông and not its
2025 successor. People match on the folded full name. What does not match is proposed as new
(status "new"); nothing here writes to the database.
"""

import datetime as dt
import re

from chidao.committees.models import Committee
from chidao.core.text import fold
from chidao.ingest.reader import expand_abbreviations
from chidao.people.models import Person, Position
from chidao.units.models import Unit

LOCALITY_PREFIXES = ("thanh pho ", "tinh ", "tp ")


class Register:
    """The register as matching sees it on one date, for one province: loaded once."""

    def __init__(self, as_of: dt.date, locality: dict | None):
        self.as_of = as_of
        self.locality = locality
        self.province = self._province(locality)
        self.units: list[Unit] = []
        if self.province is not None:
            self.units = list(
                Unit.objects.filter(province=self.province).exclude(kind__in=["commune"])
            )
        self.locality_keys = self._locality_keys()

    @staticmethod
    def _province(locality: dict | None) -> Unit | None:
        if not locality:
            return None
        key = fold(locality["name"])
        candidates = [
            u
            for u in Unit.objects.filter(kind=Unit.Kind.PROVINCE, name_key__endswith=key)
            if u.name_key.endswith(" " + key) or u.name_key == key
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _locality_keys(self) -> list[str]:
        if not self.locality:
            return []
        name = fold(self.locality["name"])
        return [f"thanh pho {name}", f"tinh {name}", f"tp {name}", name]

    def variants(self, name: str) -> list[str]:
        """Folded forms a unit name may be registered under."""
        key = fold(expand_abbreviations(name))
        out = [key]
        for loc in self.locality_keys:
            if key.endswith(" " + loc):
                out.append(key[: -len(loc) - 1].strip())
        for loc in self.locality_keys[:2]:
            for base in list(out):
                if base.endswith((" thanh pho", " tinh")):
                    out.append(f"{base.rsplit(' ', 1)[0]} {loc}".strip())
                    out.append(f"{base} {fold(self.locality['name'])}")
        if self.locality:
            out.append(f"{key} {fold(self.locality['name'])}")
            out.append(f"{key} thanh pho {fold(self.locality['name'])}")
        seen, unique = set(), []
        for v in out:
            v = re.sub(r"\s+", " ", v).strip()
            if v and v not in seen:
                seen.add(v)
                unique.append(v)
        return unique

    def match_unit(self, name: str | None) -> dict:
        if not name:
            return {"status": None, "id": None, "name": None}
        keys = self.variants(name)
        found = [u for u in self.units if u.name_key in keys]
        if not found:
            return {"status": "new", "id": None, "name": name}
        valid = [u for u in found if u.is_valid_on(self.as_of)]
        if valid:
            best = min(valid, key=lambda u: keys.index(u.name_key))
            return {"status": "matched", "id": best.pk, "name": best.name}
        best = min(found, key=lambda u: keys.index(u.name_key))
        return {
            "status": "not_valid_on_date",
            "id": best.pk,
            "name": best.name,
            "note": f"Đơn vị không còn (hoặc chưa) tồn tại vào ngày {self.as_of:%d/%m/%Y}.",
        }

    @staticmethod
    def match_person(name: str | None) -> dict:
        if not name:
            return {"status": None, "id": None, "name": None}
        person = Person.objects.filter(name_key=fold(name)).order_by("pk").first()
        if person is None:
            return {"status": "new", "id": None, "name": name}
        return {"status": "matched", "id": person.pk, "name": person.full_name}

    @staticmethod
    def match_position(unit_id: int | None, title: str | None, portfolio: str | None) -> dict:
        if not unit_id or not title:
            return {"status": "new" if title else None, "id": None}
        for position in Position.objects.filter(unit_id=unit_id):
            if fold(position.title) == fold(title) and fold(position.portfolio) == fold(
                portfolio or ""
            ):
                return {"status": "matched", "id": position.pk}
        return {"status": "new", "id": None}

    @staticmethod
    def match_committee(name: str | None) -> dict:
        if not name:
            return {"status": None, "id": None, "name": None}
        committee = Committee.objects.filter(name_key=fold(name)).order_by("pk").first()
        if committee is None:
            return {"status": "new", "id": None, "name": name}
        return {"status": "matched", "id": committee.pk, "name": committee.name}


def draft_date(draft: dict) -> dt.date | None:
    """The date the draft is resolved on: the decision's, else the source's."""
    for value in (draft["document"].get("date"), (draft.get("source") or {}).get("date")):
        if value:
            return dt.date.fromisoformat(value)
    return None


def apply_matching(draft: dict, *, today: dt.date | None = None) -> dict:
    """Fills `match` in the draft and renames matched units to their register names.

    Idempotent: matching a matched draft again gives the same draft (reviewers' corrections
    are re-matched the same way before commit)."""
    as_of = draft_date(draft) or today or dt.date.today()
    register = Register(as_of, draft.get("locality"))
    document = draft["document"]
    issuer = register.match_unit(document.get("issuer"))
    signer = register.match_person(document.get("signer"))
    if issuer["status"] in ("matched", "not_valid_on_date"):
        document["issuer"] = issuer["name"]
    document["match"] = {"issuer": issuer, "signer": signer}
    for seat in draft["seats"] + draft["working_group"]["seats"]:
        _match_seat(seat, register)
    for agency in draft["standing_agencies"]:
        unit = register.match_unit(agency.get("unit"))
        if unit["status"] in ("matched", "not_valid_on_date"):
            agency["unit"] = unit["name"]
        agency["match"] = {"unit": unit}
    wg = draft["working_group"]
    if wg.get("seated_at"):
        seated = register.match_unit(wg["seated_at"])
        if seated["status"] in ("matched", "not_valid_on_date"):
            wg["seated_at"] = seated["name"]
        wg["match"] = {"seated_at": seated}
    committee = draft["committee"]
    committee["match"] = {
        "name": register.match_committee(committee.get("name")),
        "predecessor": register.match_committee(committee.get("predecessor")),
    }
    draft["resolved_on"] = as_of.isoformat()
    draft["province_matched"] = register.province is not None
    return draft


def _match_seat(seat: dict, register: Register) -> None:
    unit = register.match_unit(seat.get("unit"))
    if unit["status"] in ("matched", "not_valid_on_date"):
        seat["unit"] = unit["name"]
    person = register.match_person(seat.get("person"))
    position = register.match_position(unit.get("id"), seat.get("position"), seat.get("portfolio"))
    rule_parent = register.match_unit(seat.get("rule_parent")) if seat.get("rule") else None
    if rule_parent and rule_parent["status"] == "matched":
        seat["rule_parent"] = rule_parent["name"]
    seat["match"] = {"unit": unit, "person": person, "position": position}
    if rule_parent:
        seat["match"]["rule_parent"] = rule_parent
