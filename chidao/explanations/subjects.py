"""What an explanation request can be about: the subject kinds the parts above register.

A request names its subject by a (kind, id) pair. The part that owns the subject registers its
kind from its `AppConfig.ready()` (the tasks part registers "task"; an indicator part can
register "indicator_value"), saying how to find an object the user may see, what to call it,
where it lives, which committee it belongs to and which unit answers for it. This app never
imports the part above; it asks the registry.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class SubjectKind:
    """How one kind of subject is found and named.

    - `visible(user, pk)`: the object if `user` may see it, else Http404 (the owner's policy);
    - `title(obj)`: how pages, letters and notices name it; `url(pk)`: its page;
    - `committee_id(obj)`: the committee whose standing agency asks for the explanation;
    - `unit_id(obj)`: the unit that answers for it (a task's lead unit);
    - `history(obj)`: lines that tell its story to a meeting (deadline, reminders, …).
    """

    key: str
    label: str
    model: type[models.Model]
    visible: Callable
    title: Callable[[models.Model], str]
    url: Callable[[int], str]
    committee_id: Callable[[models.Model], int]
    unit_id: Callable[[models.Model], int]
    history: Callable[[models.Model], list[str]] = lambda obj: []


_kinds: dict[str, SubjectKind] = {}


def register_subject(kind: SubjectKind) -> None:
    _kinds[kind.key] = kind


def subject_kind(key: str) -> SubjectKind | None:
    return _kinds.get(key)


def subject_kinds() -> dict[str, SubjectKind]:
    return dict(_kinds)


def subject_url(kind_key: str, pk: int) -> str:
    kind = _kinds.get(kind_key)
    return kind.url(pk) if kind else ""


def kind_of(obj: models.Model) -> SubjectKind | None:
    for kind in _kinds.values():
        if isinstance(obj, kind.model):
            return kind
    return None
