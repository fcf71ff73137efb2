"""How the parts above declare what they notify: kinds, daily planners, and notices.

A part registers, from its `AppConfig.ready()`:
- each kind it sends (`register_kind`), with two optional hooks the sender calls on a batch
  of claimed rows of that kind: `still_wanted(rows, today) -> ids` (rows left out are no
  longer wanted, e.g. the task was completed since, and are dropped unsent), and
  `on_sent(rows, today)` (e.g. the task's timeline records each reminder sent), called in
  the transaction that marks the rows sent;
- its daily planner (`register_planner`): `planner(today=...) -> Iterable[Notice]`, the
  reminders due that day; the daily job (chidao.jobs) queues them, then runs the sender. A
  part whose reminders are too many for one Python object each also gives `queue(today=...)
  -> int`, which writes the same rows into the outbox itself (one statement) and is what
  the daily job calls instead.
Events are emitted from the parts' services with `chidao.notifications.services.emit`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    still_wanted: Callable[[list, dt.date], set[int]] | None = None
    on_sent: Callable[[list, dt.date], None] | None = None


@dataclass
class Notice:
    """One notice for one recipient; the outbox makes one row per channel of it.

    `subject` is a model instance (linked by content type and id, keyed
    "app_label.model:pk") or a string key for a subject that is no single row.
    """

    kind: str
    subject: models.Model | str
    step: str
    recipient: models.Model
    title: str
    body: str = ""
    url: str = ""
    data: dict = field(default_factory=dict)


_kinds: dict[str, Kind] = {}
_planners: dict[str, Callable[..., Iterable[Notice]]] = {}
_queues: dict[str, Callable[..., int]] = {}


def register_kind(key: str, label, *, still_wanted=None, on_sent=None) -> Kind:
    kind = Kind(key=key, label=label, still_wanted=still_wanted, on_sent=on_sent)
    _kinds[key] = kind
    return kind


def register_planner(
    name: str, planner: Callable[..., Iterable[Notice]], *, queue: Callable[..., int] | None = None
) -> None:
    _planners[name] = planner
    if queue is not None:
        _queues[name] = queue


def kind(key: str) -> Kind | None:
    return _kinds.get(key)


def kinds() -> dict[str, Kind]:
    return dict(_kinds)


def planners() -> dict[str, Callable[..., Iterable[Notice]]]:
    return dict(_planners)


def queue(name: str) -> Callable[..., int] | None:
    """The planner's own writer of its rows, when it has one."""
    return _queues.get(name)


def subject_key(subject: models.Model | str) -> str:
    if isinstance(subject, str):
        return subject
    return f"{subject._meta.label_lower}:{subject.pk}"
