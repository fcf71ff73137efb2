"""What an input must be before it reaches a service or the database, shared by every API.

A value the database cannot hold must be refused with a 422 where it enters, not turn into a
500 deep inside a query: SQLite and PostgreSQL keep integers in 64 bits, PostgreSQL refuses a
NUL character in text, and an unbounded text lets one client make every later answer huge.
The types below carry these limits into the OpenAPI document (`maximum`, `maxLength`,
`pattern`), so a client can read them there:

- `Id` — a row id in a path, a filter or a body: 1 … 2⁶³−1.
- `text(n)` — text of at most `n` characters without NUL; `Short` (100: a code, a number),
  `Line` (500: a name, a title), `Note` (10,000: a reason, an explanation, a progress note)
  and `LongText` (100,000: a report section, a task's content) are the limits used across
  the API.
- `IsoDate` — a date written YYYY-MM-DD between 1900 and 2200; a number (`deadline_to=0`,
  which pydantic would read as 1 January 1970) or a datetime is refused.
- `Score` — a finite non-negative number.

`chidao.core.middleware.InputGuardMiddleware` refuses NUL in query strings, forms and JSON
bodies of any shape (using `has_nul`), and bodies over the limit, before any view runs.
"""

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

MAX_DB_INT = 2**63 - 1
# Characters: a name or title; a reason or note; a report section or a task's content.
LINE = 500
NOTE = 10_000
LONG_TEXT = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2200
# Any character but NUL, which PostgreSQL cannot store in text.
NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
Score = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]


def text(max_length: int, min_length: int = 0) -> Any:
    """A text field of at most `max_length` characters with no NUL."""
    return Annotated[str, Field(max_length=max_length, min_length=min_length, pattern=NO_NUL)]


Short = text(100)  # a code, a number ("818/QĐ-UBND"), a clause
Line = text(LINE)
Note = text(NOTE)
LongText = text(LONG_TEXT)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("phải là ngày dạng YYYY-MM-DD")
    if isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("không phải ngày có thật (YYYY-MM-DD)") from None
    else:
        raise ValueError("phải là ngày dạng YYYY-MM-DD")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"phải nằm trong các năm {MIN_YEAR}–{MAX_YEAR}")
    return parsed


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def has_nul(value: Any) -> bool:
    """Whether a decoded JSON value (or any nesting of dicts, lists and strings) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False
