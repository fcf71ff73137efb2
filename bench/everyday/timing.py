"""How a figure is timed and shown: ours and the baseline interleaved, medians, the load.

One place for it so that every section's ratio means the same thing (same warm-up, same
alternation, the machine's load before → after) and prints alike.
"""

import os
import statistics as stats
import time


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def interleaved(ours, baseline, runs: int, tidy=None) -> dict:
    """`tidy`, when given, runs untimed after each of ours (e.g. a VACUUM of what it wrote)."""
    ours(), baseline()  # warm-up, untimed
    tidy and tidy()
    mine, theirs = [], []
    before = load()
    for _ in range(runs):
        mine.append(timed(ours)[0])
        tidy and tidy()
        theirs.append(timed(baseline)[0])
    ours_s, base_s = stats.median(mine), stats.median(theirs)
    return {"ours_ms": ours_s * 1000, "baseline_ms": base_s * 1000, "ratio": ours_s / base_s,
            "load": f"{before} → {load()}"}  # fmt: skip


def show(label: str, result: dict) -> None:
    print(
        f"{label}: ours {result['ours_ms']:.2f} ms, baseline {result['baseline_ms']:.2f} ms, "
        f"ratio {result['ratio']:.2f} ({result['load']})",
        flush=True,
    )
