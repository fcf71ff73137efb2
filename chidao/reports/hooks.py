"""What higher parts attach to reports: listeners told when a unit's report counts, and
panels shown first on the leaders' dashboard.

The reports app cannot import the parts above it, so they register here from their
AppConfig.ready():
- `register_counted(name, listener)`: `listener(submission, actor)` runs in the transaction
  that makes a submission count (submitted, approved, or a correction); raising a
  `ReportError` refuses the submission with its message (e.g. a figure out of range);
- `register_dashboard_panel(name, builder)`: `builder(user, committee, today)` returns None or
  {"template": ..., **context}; the dashboard renders the panels, in name order, before its
  own tables.
"""

import datetime as dt
from collections.abc import Callable

_counted: dict[str, Callable] = {}
_panels: dict[str, Callable] = {}


def register_counted(name: str, listener: Callable) -> None:
    _counted[name] = listener


def submission_counted(submission, actor) -> None:
    for name in sorted(_counted):
        _counted[name](submission, actor)


def register_dashboard_panel(name: str, builder: Callable) -> None:
    _panels[name] = builder


def unregister_dashboard_panel(name: str) -> None:
    _panels.pop(name, None)


def dashboard_panels(user, committee, today: dt.date) -> list[dict]:
    panels = []
    for name in sorted(_panels):
        panel = _panels[name](user, committee, today)
        if panel:
            panels.append(panel)
    return panels
