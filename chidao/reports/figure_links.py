"""Links behind the figures of the consolidated report and the leaders' dashboard.

Every number on those pages opens the tasks behind it: today's board for live figures,
the as-of list for figures at a cut-off. The rows handed to the templates carry a bar
segment and a link per status column, built here once for both pages.
"""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _lazy

from chidao.reports import statistics as st
from chidao.tasks.status import Status

STATUS_LABELS = {c: Status(c).label for c in st.COLUMNS}
# Table headers: short, with the full label as the abbreviation's title.
SHORT_LABELS = {
    st.DONE_ON_TIME: _lazy("HT đúng hạn"),
    st.DONE_LATE: _lazy("HT quá hạn"),
    st.OVERDUE: _lazy("Quá hạn"),
    st.IN_PROGRESS: _lazy("Đang TH"),
    st.NOT_STARTED: _lazy("Chưa TH"),
}
COLUMN_HEADERS = [(c, SHORT_LABELS[c], STATUS_LABELS[c]) for c in st.COLUMNS]


# ---- links ---------------------------------------------------------------------------------


def _path(name: str) -> str:
    """reverse(name) of a route without arguments, kept: a page links hundreds of figures."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    path = _PATHS.get(key)
    if path is None:
        path = _PATHS[key] = reverse(name)
    return path


_PATHS: dict = {}


def board_url(**params) -> str:
    """The task board filtered: /tasks/?committee=..&unit=..&status=.."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{_path('task-board')}?{query}" if query else _path("task-board")


def as_of_url(**params) -> str:
    """The tasks behind a figure as of a date. source=None means "no source document"."""
    if "source" in params and params["source"] is None:
        params["source"] = "None"
    query = urlencode(
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items() if v}
    )
    return f"{_path('tasks-as-of')}?{query}"


def figure_columns(entry: dict, link) -> list[dict]:
    """The five columns of a row as bar segments (status, label, count, href)."""
    return [
        {"status": c, "label": STATUS_LABELS[c], "count": entry[c], "href": link(c)}
        for c in st.COLUMNS
    ]


def decorate_rows(entries: list[dict], key: str, link, *, scale: int | None = None) -> list[dict]:
    """Rows for the templates: segments and hrefs for every number; scale for the bars (the
    largest total of `entries` unless given, e.g. of all the rows when `entries` is a page)."""
    if scale is None:
        scale = max((e["total"] for e in entries), default=0)
    return [
        {
            **entry,
            "scale": scale,
            "href": link(key, entry["id"], None),
            "segments": figure_columns(entry, lambda c, e=entry: link(key, e["id"], c)),
        }
        for entry in entries
    ]
