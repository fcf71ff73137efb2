"""The letterhead and the signature block, built from the register on the document's date.

The letterhead names the issuing body (with the body it belongs to), the number and symbol,
the place and the date (Decree 30/2020, Annex I). The signature block names whoever the
register records in the post on that date: for a committee, the standing deputy head
signing for the head (KT. TRƯỞNG BAN), else the head; for a unit, the head of the unit.
Where the register records nobody, the block says so and leaves the name to be filled in:
a name is never invented.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from chidao.committees.models import Committee, Seat, StandingAgency
from chidao.committees.selectors import holder_on, unit_head_on
from chidao.core.text import fold
from chidao.officialdocs.text import official_text, vn_long_date
from chidao.units.models import Unit

# The field an official letter's symbol names after the issuer ("12/SNV-CCHC").
DOMAIN_FIELD = {
    StandingAgency.Domain.ADMINISTRATIVE_REFORM: "CCHC",
    StandingAgency.Domain.DIGITAL_TRANSFORMATION: "CĐS",
    StandingAgency.Domain.ALL: "",
}
# Words left out of an abbreviation ("Sở Thông tin và Truyền thông" → "STTTT").
_SKIPPED_WORDS = {"và", "của"}
# Shown where the register records nobody in the post on the document's date.
UNRECORDED_NAME = "…………………………"
UNRECORDED_NOTE = "(chưa ghi nhận trong sổ đăng ký)"


@dataclass(frozen=True)
class Letterhead:
    governing_body: str  # "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", or ""
    issuer: str  # "SỞ NỘI VỤ"
    number: str  # "Số: 12/SNV-CCHC", or "Số:       /BC-BCĐCCHC-CĐS" left for the clerk
    place: str
    date: dt.date
    summary: str = ""  # an official letter's "V/v …"

    @property
    def place_date(self) -> str:
        return vn_long_date(self.place, self.date)

    @property
    def number_symbol(self) -> str:
        """'12/SNV-CCHC' (without "Số: ")."""
        return self.number.removeprefix("Số:").strip()

    def context(self) -> dict:
        return {
            "governing_body": official_text(self.governing_body).upper(),
            "issuer": official_text(self.issuer).upper(),
            "number": official_text(self.number),
            "place_date": self.place_date,
            "summary": official_text(self.summary),
        }


@dataclass(frozen=True)
class Signature:
    authority: str  # "KT. TRƯỞNG BAN", or "" when the head signs
    title: str  # "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"
    name: str  # from the register; "" when it records nobody

    @property
    def recorded(self) -> bool:
        return bool(self.name)

    def context(self) -> dict:
        return {
            "authority": self.authority.upper(),
            "title": self.title.upper(),
            "name": official_text(self.name),
            "unrecorded_name": UNRECORDED_NAME,
            "unrecorded_note": UNRECORDED_NOTE,
        }


# ---- names, places, symbols


def abbreviation(name: str) -> str:
    """Initials in capitals, as Vietnamese issuers abbreviate: 'Sở Nội vụ' → 'SNV',
    'Ủy ban nhân dân' → 'UBND', 'Ban Chỉ đạo' → 'BCĐ'; an Office ('Văn phòng …') is 'VP'."""
    name = official_text(name)
    if fold(name).startswith("van phong"):
        return "VP"
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in _SKIPPED_WORDS]
    # The initial without its tone and vowel marks (Ủ → U); Đ is a letter of its own.
    initials = [unicodedata.normalize("NFD", w[0].upper())[0] for w in words if w[0].isalpha()]
    return "".join(initials)


def place_of(unit: Unit | None) -> str:
    """'Hà Nội' for any unit of Thành phố Hà Nội (the place in the date line)."""
    province = unit.province if unit is not None and unit.province_id else unit
    name = official_text(province.name) if province is not None else ""
    for prefix in ("Thành phố ", "Tỉnh ", "thành phố ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name or "Hà Nội"


def governing_body_lines(unit: Unit | None) -> str:
    """'ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI': the body the issuer belongs to, on two lines."""
    if unit is None:
        return ""
    name = official_text(unit.name).upper()
    for marker in (" THÀNH PHỐ ", " TỈNH ", " QUẬN ", " HUYỆN ", " XÃ ", " PHƯỜNG "):
        if marker in name:
            head, tail = name.split(marker, 1)
            return f"{head}\n{marker.strip()} {tail}"
    return name


def committee_symbol(committee: Committee) -> str:
    """The committee as issuer in a symbol: its short name without spaces, else BCĐ."""
    return official_text(committee.short_name or "").replace(" ", "") or "BCĐ"


def committee_issuer_name(committee: Committee) -> str:
    """The committee's name without the place already in the governing body's line."""
    name = official_text(committee.name)
    body = committee.issuing_body
    if body is not None:
        place = place_of(body)
        for prefix in ("thành phố ", "tỉnh ", "Thành phố ", "Tỉnh "):
            suffix = f" {prefix}{place}"
            if place and name.endswith(suffix):
                return name[: -len(suffix)]
    return name


def number_line(number: str, symbol: str) -> str:
    """'Số: 05/BC-BCĐ' (a leading zero below 10); a whole '12/SNV-CCHC' as given; no number
    leaves room for the clerk to fill in when the document is registered."""
    number = (number or "").strip()
    if "/" in number:
        return f"Số: {number}"
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    return f"Số: {number or ' ' * 6}/{symbol}"


def standing_agency_for(committee: Committee, on: dt.date, preferred_unit: Unit | None = None):
    """The standing agency issuing in the committee's name: the preferred unit when it is one
    (the user's own unit), else the current version's (whole remit first, then reform)."""
    agencies = list(
        StandingAgency.objects.filter(version__committee=committee, version__effective_from__lte=on)
        .select_related("unit__parent", "unit__province", "version")
        .order_by("-version__effective_from", "domain")
    )
    if not agencies:
        agencies = list(
            StandingAgency.objects.filter(version__committee=committee)
            .select_related("unit__parent", "unit__province", "version")
            .order_by("version__effective_from", "domain")
        )
    if preferred_unit is not None:
        for agency in agencies:
            if agency.unit_id == preferred_unit.pk:
                return agency
    if not agencies:
        return None
    latest = [a for a in agencies if a.version_id == agencies[0].version_id]
    order = [
        StandingAgency.Domain.ALL,
        StandingAgency.Domain.ADMINISTRATIVE_REFORM,
        StandingAgency.Domain.DIGITAL_TRANSFORMATION,
    ]
    return sorted(latest, key=lambda a: order.index(a.domain) if a.domain in order else 9)[0]


# ---- letterheads


def committee_letterhead(
    committee: Committee, *, on: dt.date, kind: str, number: str = ""
) -> Letterhead:
    """A document the committee issues in its own name ("Số:   /BC-BCĐCCHC-CĐS")."""
    body = committee.issuing_body
    return Letterhead(
        governing_body=governing_body_lines(body),
        issuer=committee_issuer_name(committee),
        number=number_line(number, f"{kind}-{committee_symbol(committee)}"),
        place=place_of(body),
        date=on,
    )


def unit_letterhead(
    unit: Unit,
    *,
    committee: Committee,
    on: dt.date,
    kind: str = "",
    field: str = "",
    number: str = "",
    summary: str = "",
) -> Letterhead:
    """A document a unit issues (the standing agency): a type abbreviation ("TTr-SNV"), or
    for an official letter none, the issuer and the field instead ("SNV-CCHC")."""
    parent = unit.parent if unit.parent_id else committee.issuing_body
    if parent is not None and parent.pk == unit.pk:
        parent = None
    symbol = abbreviation(unit.name)
    if kind:
        symbol = f"{kind}-{symbol}"
    if field:
        symbol = f"{symbol}-{field}"
    return Letterhead(
        governing_body=governing_body_lines(parent),
        issuer=unit.name,
        number=number_line(number, symbol),
        place=place_of(unit),
        date=on,
        summary=summary,
    )


# ---- signatures


def committee_signature(committee: Committee, *, on: dt.date) -> Signature:
    """The standing deputy head signs for the head (KT. TRƯỞNG BAN) when the register names
    one on the date, else the head; when it names neither, the block is left to fill in."""
    deputy = holder_on(committee=committee, role=Seat.Role.STANDING_DEPUTY_HEAD, on=on)
    if deputy is not None and deputy.name:
        return Signature("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", deputy.name)
    head = holder_on(committee=committee, role=Seat.Role.HEAD, on=on)
    if head is not None and head.name:
        return Signature("", "TRƯỞNG BAN", head.name)
    if deputy is None and head is not None:
        return Signature("", "TRƯỞNG BAN", "")
    return Signature("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "")


# The usual title of a unit's head by how its name starts, for a post the register lacks.
HEAD_TITLES = (
    ("van phong", "CHÁNH VĂN PHÒNG"),
    ("so ", "GIÁM ĐỐC"),
    ("ban ", "TRƯỞNG BAN"),
    ("uy ban nhan dan", "CHỦ TỊCH"),
)


def head_title(unit: Unit) -> str:
    key = fold(unit.name)
    return next((title for start, title in HEAD_TITLES if key.startswith(start)), "THỦ TRƯỞNG")


def unit_signature(unit: Unit, *, on: dt.date) -> Signature:
    """The head of the issuing unit on the date, by the register of holdings; the title of
    the post with the name left to fill in when nobody is recorded in it then."""
    head = unit_head_on(unit=unit, on=on)
    if head is None:
        return Signature("", head_title(unit), "")
    return Signature("", head.title, head.name or "")
