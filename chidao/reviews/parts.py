"""Parts of a program review that higher apps give (chidao.indicators: the program's
indicators). An app registers a builder `function(source, start, end) -> Part` in its
AppConfig.ready; the review's JSON carries each part's data under its key, the page and the
Word/PDF draft show its table (a consolidated-report contribution)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from chidao.reports.contributions import Contribution


@dataclass(frozen=True)
class Part:
    key: str  # the key in the review's JSON
    data: list[dict]
    contribution: Contribution | None = None  # the table on the page and in the draft


Builder = Callable[[object, dt.date, dt.date], Part]
_builders: dict[str, Builder] = {}


def register_part(key: str, builder: Builder) -> None:
    _builders[key] = builder


def parts_for(source, start: dt.date, end: dt.date) -> list[Part]:
    return [_builders[key](source, start, end) for key in sorted(_builders)]
