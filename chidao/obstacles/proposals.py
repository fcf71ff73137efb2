"""Difficulties and proposals found in submitted reports, proposed for the register.

A unit's text in a section whose role is difficulties or proposals
(`chidao.reports.consolidation.section_role`) in its current submitted report of a period is a
candidate until the standing agency takes it in (a new item, or merged into a similar one) or
dismisses it: nothing enters the register silently. Candidates name the pending items of the
committee whose summary reads alike, to merge duplicates.
"""

import difflib
from dataclasses import dataclass, field

from chidao.core.text import fold
from chidao.obstacles.models import DismissedProposal, Obstacle
from chidao.reports import selectors as report_selectors
from chidao.reports.consolidation import DIFFICULTIES, PROPOSALS, section_role
from chidao.reports.models import Submission

ALIKE = 0.75  # how alike two folded summaries must be to be offered as duplicates


@dataclass
class Candidate:
    submission: Submission
    section_key: str
    section_title: str
    role: str
    text: str
    similar: list[Obstacle] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.submission.pk}:{self.section_key}"


def title_of(text: str) -> str:
    """A summary from a unit's text: its first line, at most 300 characters."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first[:300].rstrip() + ("…" if len(first) > 300 else "")


def alike(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= ALIKE


def candidates(period, *, today=None) -> list[Candidate]:
    """The period's report sections not yet in the register nor dismissed (a few queries,
    whatever the number of units)."""
    sections = {item["key"]: item["title"] for item in period.form_version.sections}
    roles = {key: section_role(key, title) for key, title in sections.items()}
    wanted = {key for key, role in roles.items() if role in (DIFFICULTIES, PROPOSALS)}
    if not wanted:
        return []
    counted = [
        row.current
        for row in report_selectors.submission_status(period, today)
        if row.current is not None and row.current.state == Submission.State.SUBMITTED
    ]
    taken = set(
        Obstacle.objects.filter(submission__period=period).values_list(
            "submission__unit_id", "section_key"
        )
    ) | set(
        DismissedProposal.objects.filter(submission__period=period).values_list(
            "submission__unit_id", "section_key"
        )
    )
    pending = list(
        Obstacle.objects.filter(committee_id=period.committee_id, state__in=Obstacle.PENDING).only(
            "pk", "title", "title_key", "raised_by_name", "state"
        )
    )
    found = []
    for submission in counted:
        for key, text in (submission.sections or {}).items():
            text = (text or "").strip()
            if key not in wanted or not text or (submission.unit_id, key) in taken:
                continue
            folded = fold(title_of(text))
            found.append(
                Candidate(
                    submission=submission,
                    section_key=key,
                    section_title=sections[key],
                    role=roles[key],
                    text=text,
                    similar=[o for o in pending if alike(folded, o.title_key)][:5],
                )
            )
    return found


def candidate(period, key: str) -> Candidate | None:
    for item in candidates(period):
        if item.key == key:
            return item
    return None
