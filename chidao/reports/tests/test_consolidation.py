"""Consolidation of a period: statistics as of the cut-off, narratives of the current
submissions by section, difficulties and proposals with their units, late and missing units;
reviews of a program."""

import datetime as dt

import pytest
from django.db.models import Q

from chidao.reports import consolidation as c
from chidao.reports import statistics as st
from chidao.reports.models import Submission
from chidao.reports.tests import history as h
from chidao.reports.tests import reporting as r
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import (  # noqa: F401
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    SCIENCE,
    fast_passwords,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 30)


@pytest.fixture
def data():
    h.build_named_history()
    h.build_random_history(count=15)
    return r.build_reporting()


@pytest.fixture
def report(data):
    return c.consolidate(data.period, today=TODAY)


def test_statistics_are_as_of_the_cutoff_by_unit_domain_and_source(data, report):
    assert report.as_of == h.Q3_2025 == data.period.data_to
    committee = data.period.committee
    for group, entries in (
        ("unit", report.by_unit),
        ("domain", report.by_domain),
        ("source", report.by_source),
    ):
        expected = st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by=group)
        assert report.totals == expected["totals"]
        assert [
            {"id": e["id"], "name": e["name"], **{k: e[k] for k in ("total", *st.COLUMNS)}}
            for e in entries
        ] == [
            {**row[group], **{k: row[k] for k in ("total", *st.COLUMNS)}}
            for row in expected[f"{group}s"]
        ]
        # ...and they agree with the independent recomputation.
        recomputed = {k: v for k, v in h.recompute(h.Q3_2025, committee, group).items() if v}
        assert h.flat(expected, group) == recomputed


def test_narratives_come_from_current_submissions_grouped_by_section(data, report):
    keys = [s.key for s in report.sections]
    assert keys == ["results", "difficulties", "proposals", "next_period", "communication"]
    results = {(e.unit_name, e.text) for e in report.results}
    assert results == {
        (data.units[HOME_AFFAIRS].name, "Hoàn thành rà soát 120 thủ tục hành chính."),
        (data.units[JUSTICE].name, "Ban hành 05 văn bản quy phạm pháp luật.\nRà soát 30 văn bản."),
        (data.units[FINANCE].name, "Giải ngân 80% vốn chuyển đổi số."),
    }
    everything = " ".join(e.text for s in report.sections for e in s.entries)
    assert "Bản cũ" not in everything  # superseded version
    assert "Dự thảo chưa nộp" not in everything  # a draft does not count
    home = [e for e in report.results if e.unit_id == data.units[HOME_AFFAIRS].pk][0]
    assert (home.submission_id, home.version) == (data.home.pk, 2)
    other = report.other_sections
    assert [s.title for s in other] == ["Công tác thông tin, tuyên truyền"]
    assert [e.text for e in other[0].entries] == ["Tổ chức 03 hội nghị tuyên truyền."]


def test_difficulties_and_proposals_are_listed_with_their_units(data, report):
    assert [(e.unit_name, e.text) for e in report.difficulties] == [
        (data.units[HOME_AFFAIRS].name, "Thiếu biên chế chuyên trách CCHC."),
        (data.units[FINANCE].name, "Chậm phân bổ."),
    ]  # Justice left it empty: not listed
    assert {(e.unit_name, e.text) for e in report.proposals} == {
        (data.units[HOME_AFFAIRS].name, "Đề nghị bổ sung 02 biên chế."),
        (data.units[JUSTICE].name, "Đề nghị kéo dài thời hạn nhiệm vụ số 7."),
    }
    assert [e.text for e in report.next_period] == ["Tiếp tục rà soát thủ tục."]


def test_late_and_missing_units(data, report):
    assert report.required_units == 4
    assert [u.unit_id for u in report.late_units] == [data.units[FINANCE].pk]
    assert [u.unit_id for u in report.missing_units] == [data.units[SCIENCE].pk]
    # Home Affairs first counted on 16/09, before the deadline: its later correction is on time.
    on_time = {u.unit_id for u in report.on_time_units}
    assert on_time == {data.units[HOME_AFFAIRS].pk, data.units[JUSTICE].pk}


def test_figures_are_summed_over_the_units_that_reported_them(report):
    (figure,) = report.figures
    assert (figure.key, figure.total, figure.units_reporting) == ("procedures_cut", 15.5, 2)


def test_fingerprint_ignores_changes_after_the_cutoff_but_not_new_submissions(data, report):
    fingerprint = report.fingerprint()
    overdue = Task.objects.get(title="overdue")
    h.complete(overdue, dt.date(2025, 10, 5))
    h.cancel(Task.objects.get(title="in_progress"), dt.date(2025, 10, 5))
    again = c.consolidate(data.period, today=TODAY)
    assert again.totals == report.totals
    assert again.by_unit == report.by_unit
    assert again.fingerprint() == fingerprint
    # Science submits (late): the report and its fingerprint change.
    Submission.objects.filter(unit=data.units[SCIENCE]).update(
        state=Submission.State.SUBMITTED, submitted_at=r.at(dt.date(2025, 9, 29))
    )
    changed = c.consolidate(data.period, today=TODAY)
    assert changed.fingerprint() != fingerprint
    assert [u.unit_id for u in changed.missing_units] == []
    assert len(changed.late_units) == 2


def test_consolidation_query_count_does_not_grow_with_units_or_tasks(
    data, django_assert_max_num_queries
):
    # period, statistics, 3 names, period units, submissions (selectors.submission_status),
    # one for the register of difficulties (chidao.obstacles.contributions), and two for
    # meetings (the meetings held, the explanation requests: chidao.meetings.contributions),
    # and up to two for inspections (the inspected units, the remedies' tasks when there are
    # conclusions: chidao.inspections.contributions)
    with django_assert_max_num_queries(13):
        c.consolidate(data.period, today=TODAY)
    h.build_random_history(seed=7, count=30)
    r.submit(
        data.period,
        data.units[SCIENCE],
        sections={"results": "Đã nộp."},
        day=dt.date(2025, 9, 20),
        version=2,
    )
    with django_assert_max_num_queries(13):
        c.consolidate(data.period, today=TODAY)


def test_program_review_counts_the_programs_tasks_as_of_the_end(data):
    source = Task.objects.filter(committee=h.committee(), source__isnull=False).first().source
    start, end = dt.date(2025, 7, 1), h.Q4_2025
    review = c.program_review(source, start, end, final=False, today=TODAY)
    expected = st.statistics_as_of(
        as_of=end, committee=source.committee, task_filter=Q(source=source), group_by="unit"
    )
    assert review.totals == expected["totals"]
    assert review.kind == "interim_review"
    assert review.summary.startswith("Sơ kết việc thực hiện Kế hoạch số ")
    assert {e["id"] for e in review.by_source} == {source.pk}
    baseline = st.statistics_as_of(
        as_of=start - dt.timedelta(days=1),
        committee=source.committee,
        task_filter=Q(source=source),
        group_by=None,
    )
    assert review.baseline == baseline["totals"]
    final = c.program_review(source, start, end, final=True, today=TODAY)
    assert final.kind == "final_review" and final.summary.startswith("Tổng kết")


@pytest.mark.parametrize(
    ("key", "title", "role"),
    [
        ("results", "Bất kỳ", "results"),
        ("s1", "Khó khăn, vướng mắc", "difficulties"),
        ("s2", "Tồn tại, hạn chế", "difficulties"),
        ("s3", "Kiến nghị", "proposals"),
        ("s4", "Phương hướng kỳ tới", "next_period"),
        ("s5", "Kết quả thực hiện", "results"),
        ("s6", "Công tác tuyên truyền", "other"),
    ],
)
def test_section_roles(key, title, role):
    assert c.section_role(key, title) == role


def test_a_review_asked_for_in_english_names_its_program_in_vietnamese(data):
    from django.utils import translation

    source = Task.objects.filter(committee=h.committee(), source__isnull=False).first().source
    start, end = dt.date(2025, 7, 1), h.Q4_2025
    with translation.override("en"):
        review = c.program_review(source, start, end, final=False, today=TODAY)
    assert review.summary.startswith("Sơ kết việc thực hiện Kế hoạch số ")
