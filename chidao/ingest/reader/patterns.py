"""Patterns shared by the reader: titles, unit heads, honorifics, places, roles."""

import re

from chidao.core.text import fold
from chidao.ingest import vocab
from chidao.ingest.reader.text import I, alt

# ---------------------------------------------------------------- patterns

TITLE_RE = re.compile(r"(?<!\w)(?:" + alt(t for t, _, _ in vocab.TITLES) + r")(?!\w)", I)
UNIT_HEAD_RE = re.compile(r"(?<!\w)(?:" + alt(vocab.UNIT_HEADS) + r")(?!\w)")
HONORIFIC_RE = re.compile(r"(?<!\w)" + vocab.HONORIFICS + r"(?!\w)\.?\s*", I)
PLACE_RE = re.compile(r"(?<!\w)(?:" + alt(vocab.PLACES) + r")(?!\w)")
LOCALITY_RE = re.compile(
    r"(?<!\w)(?P<kind>thành\s+phố|tỉnh|TP\.?|Tp\.?|quận|huyện|thị\s+xã)\s*(?P<name>"
    + alt(vocab.PLACES)
    + r")(?!\w)",
    I,
)

ROLE_CORE = (
    r"(?:Phó\s+trưởng\s+ban(?:\s+chỉ\s+đạo)?\s+thường\s+trực"
    r"|Phó\s+trưởng\s+ban(?:\s+chỉ\s+đạo)?"
    r"|Trưởng\s+ban(?:\s+chỉ\s+đạo)?"
    r"|Ủy\s+viên(?:\s+thường\s+trực)?"
    r"|Thành\s+viên"
    # "Lãnh đạo bốn doanh nghiệp tham gia Ủy ban là ông A, …": the members
    r"|tham\s+gia(?=\s+(?:Ủy\s+ban|Ban\s+chỉ\s+đạo|BCĐ)\s+(?:là|gồm)\s)"
    # "Thư ký Ban Chỉ đạo: Ông A – Phó Giám đốc Sở X": a member who keeps its records
    r"|(?<!Tổng\s)Thư\s+ký(?=\s+(?:Ban\s+chỉ\s+đạo|BCĐ)(?:\s*:|\s+(?:là|gồm)\s)|\s*:)"
    r"|Tổ\s+trưởng"
    r"|Tổ\s+phó(?:\s+thường\s+trực)?"
    r"|Phó\s+Ban\s+chỉ\s+đạo(?=\s+(?:gồm|là|:))"
    # "các Phó ban gồm …", "Phó ban thường trực là …": the press's short form
    r"|Phó\s+ban(?:\s+thường\s+trực)?(?=\s+(?:gồm|là)\s|\s*:)"
    r"|Phó\s+trưởng\s+Tiểu\s+ban(?:\s+thường\s+trực)?|Trưởng\s+Tiểu\s+ban"
    # national committees: "Chủ tịch Ủy ban Quốc gia", "Phó Chủ tịch Thường trực Ủy ban"
    r"|(?:Phó\s+)?Chủ\s+tịch(?:\s+Thường\s+trực)?(?=\s+Ủy\s+ban\s+Quốc\s+gia|\s+Ủy\s+ban\s*(?:[.,;:)]|$)|\s+Ủy\s+ban\s+(?:là|gồm)\s"
    r"|\s*[):]|\s*$)"
    # "Phó Thủ tướng A làm Phó Chủ tịch Thường trực." (a national committee's seats)
    r"|(?<=làm\s)(?:Phó\s+)?Chủ\s+tịch(?:\s+Thường\s+trực)?(?=\s*[.;,]|\s*$))"
)
ROLE_RE = re.compile(
    r"(?<!\w)(?:(?:các|hai|ba|bốn|năm|\d+)\s+)?(?P<role>" + ROLE_CORE + r")(?!\w)", I
)
COMMITTEE_REF = (
    r"(?:\s+(?:khác|còn\s+lại))?(?:\s+(?:của\s+)?(?:Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban\s+Quốc\s+gia|Tổ\s+(?:công\s+tác|giúp\s+việc)|Ủy\s+ban(?=\s*[:.,;]|\s+(?:là|gồm)\s))"
    r"(?:[^;:.()]{0,110}?)?)?"
)
INTRO_RE = re.compile(
    COMMITTEE_REF
    + r"(?P<intro>\s*:|\s+(?:là|gồm\s+có|gồm|bao\s+gồm)(?:\s+các\s+(?:đồng\s+chí|ông,?\s*bà|ông|bà|"
    r"thành\s+viên)(?:\s+sau)?)?\s*:?)",
    I,
)
VERB_BEFORE_ROLE = re.compile(
    r"(?:\s|,)(?P<verb>(?:đảm\s+(?:nhận|nhiệm)\s+)?là|làm|được\s+(?:giao|phân\s+công|cử|bổ\s+sung|bổ\s+nhiệm|chỉ\s+định)\s+"
    r"(?:làm|giữ(?:\s+chức)?|đảm\s+nhiệm)|tiếp\s+tục\s+(?:làm|giữ(?:\s+chức)?)|giữ\s+chức|"
    r"(?:sẽ\s+)?(?:đảm\s+nhiệm|đảm\s+nhận|giữ)(?:\s+(?:vai\s+trò|vị\s+trí|cương\s+vị|chức\s+vụ|"
    r"nhiệm\s+vụ))?|"
    r"tham\s+gia\s+làm|làm)\s+(?P<mention>(?:1|một)\s+trong(?:\s+(?:\d+|hai|ba|bốn|năm|các))?\s+)?"
    r"(?:(?:các|hai|ba|bốn|năm|\d+)\s+)?$",
    I,
)
ROLE_CHUNK_RE = re.compile(
    r"^\s*(?:(?:là|làm)\s+)?(?P<role>"
    + ROLE_CORE
    + r")(?:\s+(?:Ban\s+chỉ\s+đạo(?:\s+[^,;.()]{0,150})?|BCĐ|Tổ\s+công\s+tác"
    r"(?:\s+giúp\s+việc)?|Ủy\s+ban(?:\s+Quốc\s+gia(?:\s+[^,;.()]{0,80})?)?)"
    # "Trưởng Ban Chỉ đạo chuyển đổi số tỉnh X": the role took "Ban Chỉ đạo", the name goes on
    r"|(?<=[đĐ][ạẠ][oO])\s+[^,;.()]{1,150}?)?(?:\s+thường\s+trực)?"
    # "… - Ủy viên thường trực và 14 ủy viên": a count after the role is not a holder
    r"(?:\s+và\s+(?:\d+|hai|ba|bốn|năm|các)\s+(?:ủy\s+viên|thành\s+viên)(?:\s+khác)?)?\s*[.;,]?\s*$",
    I,
)


def role_code(phrase: str) -> str:
    key = fold(phrase)
    if key.startswith("pho chu tich"):
        return "standing_deputy_head" if "thuong truc" in key else "deputy_head"
    if key.startswith("chu tich"):
        return "head"
    key = key.replace("truong tieu ban", "truong ban")
    if key.startswith("pho truong ban") or key.startswith("pho ban"):
        return "standing_deputy_head" if "thuong truc" in key else "deputy_head"
    if key.startswith("truong ban"):
        return "head"
    if key.startswith("to truong"):
        return "leader"
    if key.startswith("to pho"):
        return "deputy_leader"
    return "member"


WORKING_GROUP_ROLES = {"leader", "deputy_leader"}
ROLE_ORDER = {
    "head": 0,
    "standing_deputy_head": 1,
    "deputy_head": 2,
    "member": 3,
    "leader": 0,
    "deputy_leader": 1,
}
