"""Settle one label convention over every label file of the real corpus, mechanically.

A seat that one of the project's rules describes ("lãnh đạo các sở, ban, ngành tỉnh":
`department_heads`, `agency_leader_representatives`, `division_leaders_of_member_units`) has no
`unit` in the register (the rule names the units) nor in the project's own set
(tests/ingest_set/*.json); the real corpus had labelled the phrase as its unit. This script
moves that phrase to the seat's `unit_as_written` (which quality.py does not score) and leaves
`unit` null, in every seat list of every label file (dev and held-out alike), without printing
any label: it reports only how many seats it changed. Seats of `rule: "group"` keep their unit.

Run once from the repository's root: python data/ingest_corpus/settle_rule_units.py
Running it again changes nothing.
"""

import json
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "ingest_set" / "real"
PROJECT_RULES = {
    "department_heads",
    "agency_leader_representatives",
    "division_leaders_of_member_units",
}


def _seat_lists(label: dict):
    for key in ("seats", "removed_seats"):
        yield label.get(key) or []
    yield (label.get("working_group") or {}).get("seats") or []


def settle(label: dict) -> int:
    changed = 0
    for seats in _seat_lists(label):
        for seat in seats:
            if seat.get("rule") in PROJECT_RULES and seat.get("unit") is not None:
                seat["unit_as_written"] = seat["unit"]
                seat["unit"] = None
                changed += 1
    return changed


def main() -> None:
    changed = files = 0
    for path in sorted(REAL_DIR.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        n = settle(label)
        if n:
            path.write_text(json.dumps(label, ensure_ascii=False, indent=2) + "\n", "utf-8")
            changed += n
            files += 1
    print(f"{changed} seats in {files} label files")


if __name__ == "__main__":
    main()
