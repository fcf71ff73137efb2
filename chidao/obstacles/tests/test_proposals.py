"""Difficulties and proposals in submitted reports are proposed for the register, never
copied silently: taken in as new items, merged into a similar one, or dismissed."""

import datetime as dt

import pytest

from chidao.core.errors import ActionRefused
from chidao.obstacles import proposals, services
from chidao.obstacles.tests.world import raised
from chidao.reports.tests import reporting as r

pytestmark = pytest.mark.django_db
TEXT = "Thiếu hướng dẫn số hóa hồ sơ đất đai\nĐề nghị Sở hướng dẫn."


@pytest.fixture
def period(w):
    period = r.make_period(units=[w.commune, w.justice])
    r.submit(
        period,
        w.commune,
        sections={"results": "Tốt", "difficulties": TEXT},
        day=dt.date(2025, 9, 16),
    )
    r.submit(
        period, w.justice, sections={"proposals": "Bổ sung biên chế"}, day=dt.date(2025, 9, 16)
    )
    return period


def test_difficulty_and_proposal_sections_are_proposed_and_nothing_is_written(w, period):
    found = proposals.candidates(period)
    assert sorted((c.submission.unit_id, c.section_key) for c in found) == sorted(
        [(w.commune.pk, "difficulties"), (w.justice.pk, "proposals")]
    )
    assert not w.committee.obstacles.exists()


def test_accepting_takes_the_section_in_once(w, period):
    candidate = next(c for c in proposals.candidates(period) if c.section_key == "difficulties")
    item = services.proposal_accept(actor=w.staff, committee=w.committee, candidate=candidate)
    assert (item.origin, item.raised_by, item.title) == (
        "report", w.commune, "Thiếu hướng dẫn số hóa hồ sơ đất đai",
    )  # fmt: skip
    assert item.raised_on == dt.date(2025, 9, 16)
    assert [c.section_key for c in proposals.candidates(period)] == ["proposals"]
    with pytest.raises(ActionRefused) as refused:
        services.proposal_accept(actor=w.staff, committee=w.committee, candidate=candidate)
    assert refused.value.status == 409


def test_a_candidate_names_a_similar_item_and_merges_into_it(w, period):
    existing = raised(w, title="Thiếu hướng dẫn số hoá hồ sơ đất đai")
    candidate = next(c for c in proposals.candidates(period) if c.section_key == "difficulties")
    assert candidate.similar == [existing]
    item = services.proposal_accept(
        actor=w.staff, committee=w.committee, candidate=candidate, merge_into=existing
    )
    assert (item.state, item.merged_into) == ("closed", existing)


def test_a_dismissed_section_is_no_longer_proposed(w, period):
    candidate = next(c for c in proposals.candidates(period) if c.section_key == "proposals")
    services.proposal_dismiss(actor=w.staff, committee=w.committee, candidate=candidate)
    assert [c.section_key for c in proposals.candidates(period)] == ["difficulties"]


def test_only_the_standing_agency_takes_sections_in(w, period):
    candidate = proposals.candidates(period)[0]
    with pytest.raises(ActionRefused) as refused:
        services.proposal_accept(actor=w.focal_commune, committee=w.committee, candidate=candidate)
    assert refused.value.status == 403
