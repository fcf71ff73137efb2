"""`chidao ingest FILE [--json]`: read a decision (or an article about one) into a draft.

Prints the draft; nothing is written to the register (review and commit happen on the page
/ingest/ or through POST /api/v1/ingest). With --json the output is the draft as the API gives
it: {document: {number, date, issuer, signer}, action, replaces: [{number, date}],
committee: {name, predecessor}, seats: [{role, person, position, unit}],
standing_agencies: [{domain, unit}], working_group: {seats: [...]}} plus spans, rules, duties
and the matching. Bad input ends with a message in Vietnamese and exit code 1.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chidao.ingest.readers import IngestError, check_size, read_bytes
from chidao.ingest.services import has_committee, read_draft, refusal

ROLE_LABELS = {
    "head": "Trưởng ban",
    "standing_deputy_head": "Phó Trưởng ban thường trực",
    "deputy_head": "Phó Trưởng ban",
    "member": "Ủy viên",
    "leader": "Tổ trưởng",
    "deputy_leader": "Tổ phó",
}
ACTION_LABELS = {
    "establish": "thành lập",
    "reconstitute": "kiện toàn",
    "replace": "thay thế",
    "amend": "bổ sung, thay đổi thành viên",
    "dissolve": "giải thể",
}


class Command(BaseCommand):
    help = "Đọc một quyết định (hoặc bài báo về quyết định) thành bản nháp; không ghi vào sổ."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Tệp .txt, .docx hoặc .pdf (có lớp chữ); '-' để đọc stdin."
        )
        parser.add_argument("--json", action="store_true", help="In bản nháp dạng JSON.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                import sys

                content = sys.stdin.buffer.read()
                name = "stdin"
            else:
                file = Path(path)
                if not file.is_file():
                    raise CommandError(f"Không tìm thấy tệp “{path}”.")
                check_size(file.stat().st_size, file.name)
                content = file.read_bytes()
                name = file.name
            text, _, _ = read_bytes(content, name)
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        draft = read_draft(text)
        if not has_committee(draft):
            raise CommandError(refusal(draft))
        if options["json"]:
            self.stdout.write(json.dumps(draft, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render(draft))


def render(draft: dict) -> str:
    doc = draft["document"]
    lines = [
        f"Quyết định: {doc.get('number') or '?'}"
        + (f" ngày {doc['date']}" if doc.get("date") else " (không nêu ngày)"),
        f"  Cơ quan ban hành: {doc.get('issuer') or '?'}",
        f"  Người ký: {doc.get('signer') or '?'}"
        + (f" ({doc['signer_capacity']})" if doc.get("signer_capacity") else ""),
        f"Hành động: {ACTION_LABELS.get(draft.get('action'), '?')}",
    ]
    for replaced in draft["replaces"]:
        lines.append(f"  thay thế Quyết định {replaced['number']} ngày {replaced['date'] or '?'}")
    committee = draft["committee"]
    lines.append(f"Ban Chỉ đạo: {committee.get('name') or '?'}")
    if committee.get("predecessor"):
        lines.append(f"  trên cơ sở: {committee['predecessor']}")
    for title, seats in (
        ("Thành phần", draft["seats"]),
        ("Tổ công tác giúp việc", draft["working_group"]["seats"]),
    ):
        if seats:
            lines.append(f"{title}:")
        for seat in seats:
            holder = seat.get("label") if seat.get("rule") else None
            holder = holder or " ".join(
                v
                for v in (
                    seat.get("position"),
                    seat.get("unit"),
                    f"phụ trách {seat['portfolio']}" if seat.get("portfolio") else None,
                )
                if v
            )
            person = f"{seat['person']}, " if seat.get("person") else ""
            new = (
                " [đơn vị mới]"
                if (seat.get("match") or {}).get("unit", {}).get("status") == "new"
                else ""
            )
            lines.append(
                f"  - {ROLE_LABELS.get(seat['role'], seat['role'])}: {person}{holder}{new}"
            )
    for agency in draft["standing_agencies"]:
        lines.append(f"Cơ quan thường trực ({agency['domain']}): {agency['unit']}")
    if draft.get("duties"):
        lines.append(f"Nhiệm vụ: {len(draft['duties'])} mục")
    if draft.get("regulation"):
        lines.append(f"Quy chế hoạt động do: {draft['regulation']['issuer']} ban hành")
    return "\n".join(lines)
