"""Assigns newly added texts of tests/ingest_set/real/ to the dev or held-out split.

Append-only: a text already in SPLIT.toml keeps its split. The texts not yet assigned form a
new batch; within it, each kind (meta.kind of the label: establish, reconstitute, replace,
amend, dissolve, not_a_decision) is shuffled with a seeded generator and about 40% of it
(randomised rounding, same seed) goes to held-out. Run it once per batch, before any reader
is run on the new texts:  python3 data/ingest_corpus/split.py
"""

import json
import random
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "ingest_set" / "real"
SPLIT = REAL / "SPLIT.toml"
SEED = 20261202
HELD_OUT_SHARE = 0.4


def main() -> int:
    done = tomllib.loads(SPLIT.read_text(encoding="utf-8")) if SPLIT.exists() else {}
    assigned = {name for batch in done.get("batch", []) for name in batch["dev"] + batch["heldout"]}
    number = len(done.get("batch", [])) + 1
    new = defaultdict(list)
    for label in sorted(REAL.glob("*.json")):
        if label.stem not in assigned and label.with_suffix(".txt").exists():
            kind = json.loads(label.read_text(encoding="utf-8"))["meta"]["kind"]
            new[kind].append(label.stem)
    if not new:
        print("nothing new to assign")
        return 0
    dev, heldout = [], []
    for kind in sorted(new):
        names = sorted(new[kind])
        rng = random.Random(f"{SEED}-{number}-{kind}")  # noqa: S311 (a reproducible draw, not a secret)
        rng.shuffle(names)
        k = int(len(names) * HELD_OUT_SHARE + rng.random())
        heldout += names[:k]
        dev += names[k:]

    def listing(names: list[str]) -> str:
        return "".join(f"  {json.dumps(n, ensure_ascii=False)},\n" for n in sorted(names))

    with SPLIT.open("a", encoding="utf-8") as out:
        if not SPLIT.stat().st_size:
            out.write(
                "# Dev / held-out split of the real corpus (see data/ingest_corpus/README.md).\n"
                "# Written by data/ingest_corpus/split.py before any reader ran on the texts.\n"
                "# Held-out texts must not be read to write or tune rules.\n"
            )
        out.write(f'\n[[batch]]\nnumber = {number}\nseed = "{SEED}-{number}-<kind>"\n')
        out.write(f"dev = [\n{listing(dev)}]\n")
        out.write(f"heldout = [\n{listing(heldout)}]\n")
    print(f"batch {number}: {len(dev)} dev, {len(heldout)} held-out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
