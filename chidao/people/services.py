"""Writing people, positions and who held them: the register's services.

Every write is keyword-only, runs in one transaction, logs its change-log row
(chidao.audit) and keeps the source the fact came from. Writing the same fact twice
changes nothing and logs nothing, so loaders can run again. `actor` is a user or a
chidao.core.policy.SystemActor (a command, a job), never a string.
"""

import datetime as dt
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, record_upsert, snapshot
from chidao.core.dates import vn_date
from chidao.core.errors import ActionRefused
from chidao.core.text import compact_key
from chidao.documents.models import Source
from chidao.people.models import Holding, Person, Position
from chidao.units.models import Evidence, Unit


def person_external_id(full_name: str) -> str:
    return f"person:{compact_key(full_name)}"


@transaction.atomic
def person_record(*, actor, full_name: str, counts: dict | None = None) -> Person:
    """The person of that name (one row per spelling, keyed by the folded name)."""
    return record_upsert(
        Person,
        {"external_id": person_external_id(full_name)},
        {"full_name": full_name[:200]},
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def position_record(
    *,
    actor,
    unit: Unit,
    title: str,
    rank: str,
    portfolio: str = "",
    counts: dict | None = None,
) -> Position:
    """The post `title` (with its portfolio) in `unit`; its rank is set or corrected."""
    return record_upsert(
        Position,
        {"unit": unit, "title": title[:200], "portfolio": portfolio[:200]},
        {"rank": rank},
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def holding_record(
    *,
    actor,
    external_id: str,
    person: Person,
    position: Position,
    source: Source,
    start: dt.date | None = None,
    end: dt.date | None = None,
    attested_on: dt.date | None = None,
    capacity: str = "",
    evidence: str = Evidence.STATED,
    end_source: Source | None = None,
    note: str = "",
    counts: dict | None = None,
) -> Holding:
    """A holding as a dataset states it (dates, capacity), keyed by the dataset's own id."""
    return record_upsert(
        Holding,
        {"external_id": external_id},
        {
            "person": person,
            "position": position,
            "start": start,
            "end": end,
            "attested_on": attested_on,
            "capacity": capacity,
            "evidence": evidence,
            "source": source,
            "end_source": end_source,
            "note": note,
        },
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def holding_attest(
    *,
    actor,
    person: Person,
    position: Position,
    attested_on: dt.date,
    source: Source,
    note: str = "",
    external_id: str | None = None,
    counts: dict | None = None,
) -> Holding:
    """A source attests that `person` held `position` on `attested_on`.

    With `external_id` (a loader's stable key) the holding is written or corrected under it.
    Without, nothing is written when the register already puts the person in the post on
    that date; otherwise a new attested holding is added.
    """
    values = {
        "person": person,
        "position": position,
        "attested_on": attested_on,
        "evidence": Evidence.ATTESTED,
        "source": source,
        "note": note[:500],
    }
    if external_id is not None:
        return record_upsert(
            Holding, {"external_id": external_id}, values, actor=actor, counts=counts
        )
    existing = [
        h for h in Holding.objects.filter(person=person, position=position) if h.covers(attested_on)
    ]
    if existing:
        if counts is not None:
            counts["unchanged"] = counts.get("unchanged", 0) + 1
        return existing[0]
    key = f"{source.key}:holding:{person.external_id}:{uuid.uuid4().hex[:8]}"
    return record_upsert(Holding, {"external_id": key[:200]}, values, actor=actor, counts=counts)


@transaction.atomic
def holding_end(
    *, actor, holding: Holding, end: dt.date, source: Source, note: str = ""
) -> Holding:
    """The person left the post on `end` (inclusive), as `source` states."""
    if holding.start is not None and end < holding.start:
        raise ActionRefused(
            _("Ngày kết thúc phải sau ngày bắt đầu (%(start)s).")
            % {"start": vn_date(holding.start)}
        )
    before = snapshot(holding)
    holding.end = end
    holding.end_source = source
    if note:
        holding.note = f"{holding.note}\n{note}".strip()
    holding.save(update_fields=["end", "end_source", "note"])
    record_change(actor=actor, action="end", target=holding, before=before, after=snapshot(holding))
    return holding
