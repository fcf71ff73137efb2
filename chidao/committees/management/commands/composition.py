"""`chidao composition COMMITTEE --as-of YYYY-MM-DD [--json]`: who sits on a committee.

COMMITTEE is an id or part of the name (case and diacritics ignored). With --json the
output is exactly the answer of GET /api/v1/committees/{id}/composition.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chidao.committees.models import Committee
from chidao.committees.selectors import composition_on, search_committees
from chidao.committees.serializers import composition_payload
from chidao.core.dates import parse_iso_date, vn_date
from chidao.core.text import fold


def find_committee(text: str) -> Committee:
    """The one committee an id or a name fragment designates; CommandError otherwise."""
    text = text.strip()
    if text.isdigit():
        committee = Committee.objects.filter(pk=int(text)).first()
        if committee is None:
            raise CommandError(
                f"Không có Ban Chỉ đạo mã {text}. Các Ban hiện có:\n{_listing(Committee.objects)}"
            )
        return committee
    matches = list(search_committees(text))
    if len(matches) > 1:
        exact = [c for c in matches if c.name_key == fold(text)]
        matches = exact or matches
    if not matches:
        raise CommandError(
            f"Không tìm thấy Ban Chỉ đạo nào có tên chứa “{text}”. Các Ban hiện có:\n"
            f"{_listing(Committee.objects)}"
        )
    if len(matches) > 1:
        raise CommandError(
            f"“{text}” khớp {len(matches)} Ban Chỉ đạo; hãy ghi mã (id) hoặc tên đầy đủ hơn:\n"
            f"{_listing(matches)}"
        )
    return matches[0]


def _listing(committees) -> str:
    if hasattr(committees, "order_by"):
        committees = committees.order_by("name")
    lines = [f"  {c.pk}: {c.name}" for c in committees]
    return "\n".join(lines) or "  (chưa có Ban Chỉ đạo nào)"


class Command(BaseCommand):
    help = "In thành phần một Ban Chỉ đạo vào một ngày (bảng, hoặc JSON như API với --json)."

    def add_arguments(self, parser):
        parser.add_argument("committee", help="Mã (id) hoặc một phần tên Ban Chỉ đạo.")
        parser.add_argument(
            "--as-of", dest="as_of", default=None, help="Ngày YYYY-MM-DD (mặc định: hôm nay)."
        )
        parser.add_argument(
            "--json", action="store_true", help="In JSON giống hệt API /composition."
        )

    def handle(self, *args, **options):
        if options["as_of"]:
            try:
                as_of = parse_iso_date(options["as_of"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        else:
            as_of = timezone.localdate()
        committee = find_committee(options["committee"])
        payload = composition_payload(composition_on(committee, as_of))
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(payload))


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        lines.append("  " + "  ".join([*cells, str(row[-1])]).rstrip())
    return lines


def _seat_rows(seats: list[dict]) -> list[tuple[str, ...]]:
    rows = []
    for seat in seats:
        note = "; ".join(f["message"] for f in seat["flags"])
        rows.append(
            (
                seat["role_label"],
                seat["person"] or "—",
                (seat["position"] or seat["unit"] or "") + (f"  [{note}]" if note else ""),
            )
        )
    return rows


def render_table(payload: dict) -> str:
    committee = payload["committee"]
    as_of = parse_iso_date(payload["as_of"])
    lines = [f"{committee['name']} (mã {committee['id']}) — ngày {vn_date(as_of)}"]
    for basis in payload["basis"]:
        replaced = ", ".join(r["number"] for r in basis["replaces"])
        lines.append(
            f"Căn cứ: Quyết định {basis['number']}"
            + (f" ngày {vn_date(parse_iso_date(basis['date']))}" if basis["date"] else "")
            + (f" (thay thế {replaced})" if replaced else "")
            + f" — {basis['title']}"
        )
    if payload["message"]:
        lines.append(payload["message"])
    if payload["seats"]:
        lines += ["", "Thành phần Ban Chỉ đạo:"]
        lines += _table(_seat_rows(payload["seats"]), ("Vai trò", "Người", "Chức vụ"))
    if payload["standing_agencies"]:
        lines += ["", "Cơ quan thường trực:"]
        for agency in payload["standing_agencies"]:
            note = f" ({agency['note']})" if agency["note"] else ""
            lines.append(f"  {agency['domain_label']}: {agency['unit']}{note}")
    group = payload["working_group"]
    if group["seats"]:
        title = group["name"] or "Tổ công tác giúp việc"
        lines += ["", f"{title}:"]
        lines += _table(_seat_rows(group["seats"]), ("Vai trò", "Người", "Chức vụ"))
    for key, label in (("predecessors", "Tiền thân"), ("successors", "Kế tục")):
        if payload[key]:
            names = "; ".join(f"{c['name']} (mã {c['id']})" for c in payload[key])
            lines += ["", f"{label}: {names}"]
    return "\n".join(lines)
