"""What higher parts add to the consolidated report and to program reviews.

The reports app sits below the parts that know about obstacles, indicators or meetings, so
it cannot ask them; instead each of them registers a builder here (in its AppConfig.ready),
and `consolidate` / `program_review` collect what the builders return for the report's scope.
A contribution is plain data (a heading, paragraphs, a table) placed in one of the report's
parts; the Word and Excel documents lay it out, and its content enters the report's
fingerprint, so a cached document is rebuilt when a contribution changes.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

# Where a contribution goes in the report (Decree-30 report outline).
RESULTS = "results"  # I. Kết quả đạt được, after the units' narratives
SHORTCOMINGS = "shortcomings"  # II. Tồn tại, hạn chế
PROPOSALS = "proposals"  # IV. Kiến nghị, đề xuất
PLACES = (RESULTS, SHORTCOMINGS, PROPOSALS)


@dataclass(frozen=True)
class Scope:
    """What the report covers: the committee, the data window, and either the reporting
    period (a periodic report) or the program (a review)."""

    committee: object
    data_from: dt.date | None
    as_of: dt.date
    period: object = None
    source: object = None


@dataclass(frozen=True)
class Contribution:
    key: str  # stable and unique, e.g. "obstacles.resolved"
    place: str  # one of PLACES
    title: str  # the heading, in the document's words
    paragraphs: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()  # a table when given, with these column headers
    rows: tuple[tuple, ...] = ()
    widths_mm: tuple[int, ...] = ()  # column widths in the Word table (total ~165 mm)

    def __post_init__(self):
        if self.place not in PLACES:
            raise ValueError(f"unknown place {self.place!r}; one of {PLACES}")
        if self.rows and not self.headers:
            raise ValueError("a table needs its headers")

    def fingerprint_part(self) -> dict:
        return asdict(self)


Builder = Callable[[Scope], Iterable[Contribution]]
_builders: dict[str, Builder] = {}


def register_contribution(name: str, builder: Builder) -> None:
    """Register (or replace) the builder `name`; called from an app's ready()."""
    _builders[name] = builder


def unregister_contribution(name: str) -> None:
    _builders.pop(name, None)


def contributions_for(scope: Scope) -> list[Contribution]:
    """Every registered builder's contributions for the scope, in the builders' name order."""
    found = []
    for name in sorted(_builders):
        found.extend(_builders[name](scope))
    keys = [c.key for c in found]
    duplicated = {k for k in keys if keys.count(k) > 1}
    if duplicated:
        raise ValueError(f"contribution keys must be unique: {sorted(duplicated)}")
    return found
