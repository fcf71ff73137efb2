"""Pages: the leaders' dashboard (query budget pinned), the consolidated report page with its
htmx download buttons, the drill-down to the tasks behind a figure, program reviews."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from chidao.reports import statistics as st
from chidao.reports.models import ConsolidatedDocument
from chidao.reports.tests import history as h
from chidao.reports.tests import reporting as r
from chidao.tasks.models import TaskEvent
from chidao.tasks.tests.factories import (  # noqa: F401
    HOME_AFFAIRS,
    fast_passwords,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db

# session + user, committees, busiest committee, today's rows by unit and domain, unit and
# domain names, 8 closed cut-offs with the kept cut-offs read, the event mark and the 8 kept
# (today's point is summed from today's rows, no query of its own), current period, its
# units and submissions, unread notifications, and the panels of higher parts
# (chidao.reports.hooks): the indicators' one query when the committee has none (three when
# it has: indicators, targets, values).
# On PostgreSQL today's rows are read without parallel workers (chidao.core.plans): a SET
# LOCAL and its restoring in the test's transaction, in a savepoint (4 statements; in
# production SET LOCAL and COMMIT).
SERIAL_PLAN = 4 if connection.vendor == "postgresql" else 0
DASHBOARD_MAX_QUERIES = 23 + SERIAL_PLAN
# the same once the closed cut-offs are kept: read and checked (2 queries), nothing to
# compute or keep (11 queries and the 2 of the serial plan at 100k, without a current
# period's submissions).
DASHBOARD_KEPT_MAX_QUERIES = DASHBOARD_MAX_QUERIES - 9


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def data():
    h.build_named_history()
    h.build_random_history(count=15)
    return r.build_reporting()


def login(client, user):
    client.force_login(user)
    return client


# ---- the dashboard


def test_dashboard_for_a_leader(client, data, personas):
    login(client, personas.leader)
    committee = h.committee()
    response = client.get(reverse("leaders-dashboard"), {"committee": committee.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert committee.name in html
    assert '<svg class="rate-svg"' in html  # rates over time, drawn on the server
    assert 'class="bar-svg"' in html  # bars by unit and domain
    context = response.context
    today = timezone.localdate()
    expected = st.statistics_as_of(as_of=today, committee=committee, group_by=None)
    assert context["totals"] == expected["totals"]
    assert [p["as_of"] for p in context["points"]] == st.quarter_cutoffs(today, 8)
    # today's point is summed from the rows by unit and domain: the same as counted alone
    assert {k: context["points"][-1][k] for k in expected["totals"]} == expected["totals"]
    # every unit row links to the task board filtered by committee, unit and status
    row = context["units_page"].object_list[0]
    assert row["href"] == f"/tasks/?committee={committee.pk}&unit={row['id']}&lead_only=1"
    overdue = next(s for s in row["segments"] if s["status"] == "overdue")
    assert overdue["href"].endswith("&status=overdue")
    assert f"/tasks/?committee={committee.pk}&amp;unit={row['id']}" in html
    # submission status of the current period (Q3/2025 is the latest one opened)
    submissions = context["submissions"]
    assert submissions["period"] == data.period
    assert submissions["counts"]["missing"] == 1 and submissions["counts"]["late"] == 1


def test_dashboard_query_budget(client, data, personas, django_assert_max_num_queries):
    login(client, personas.leader)
    url = reverse("leaders-dashboard")
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        assert client.get(url).status_code == 200
    # more tasks and units do not add queries
    h.build_random_history(seed=99, count=30)
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_a_second_visit_reads_the_kept_cutoffs(
    client, data, personas, django_assert_max_num_queries
):
    TaskEvent.objects.update(created_at=F("created_at") - dt.timedelta(hours=1))
    login(client, personas.leader)
    url = reverse("leaders-dashboard")
    first = client.get(url).context["points"]

    with django_assert_max_num_queries(DASHBOARD_KEPT_MAX_QUERIES):
        second = client.get(url).context["points"]

    assert [p["total"] for p in second] == [p["total"] for p in first]


def test_worst_and_best_units(client, data, personas):
    login(client, personas.leader)
    context = client.get(reverse("leaders-dashboard")).context
    worst, best = context["worst"], context["best"]
    assert worst
    rates = [w["overdue_rate"] for w in worst]
    assert rates == sorted(rates, reverse=True)
    assert all(b["total"] >= 3 for b in best)
    assert not {w["name"] for w in worst} & {b["name"] for b in best}


def test_a_page_of_units_keeps_the_bars_of_all_units(client, data, personas, monkeypatch):
    """Only the units shown get their links built; their bars keep the scale of all units."""
    from chidao.reports import views_dashboard

    monkeypatch.setattr(views_dashboard, "UNITS_PAGE_SIZE", 2)
    login(client, personas.leader)
    committee = h.committee()
    units = st.statistics_as_of(as_of=timezone.localdate(), committee=committee)["units"]
    assert len(units) > 2
    url = reverse("leaders-dashboard")
    page = client.get(url, {"committee": committee.pk, "page": 2}).context["units_page"]
    assert [row["id"] for row in page.object_list] == [u["unit"]["id"] for u in units[2:4]]
    assert {row["scale"] for row in page.object_list} == {max(u["total"] for u in units)}
    assert all(len(row["segments"]) == len(st.COLUMNS) for row in page.object_list)


def _row(name, on_time=0, late=0, overdue=0, open_=0):
    total = on_time + late + overdue + open_
    done = on_time + late
    return {
        "name": name,
        "total": total,
        st.DONE_ON_TIME: on_time,
        st.DONE_LATE: late,
        st.OVERDUE: overdue,
        "completion_rate": round(100 * done / total, 1) if total else None,
        "overdue_rate": round(100 * overdue / total, 1) if total else None,
        "on_time_rate": round(100 * on_time / done, 1) if done else None,
    }


def test_units_with_nothing_due_are_not_ranked():
    from chidao.reports.views_dashboard import _ranked

    worst, best = _ranked([_row("Chưa đến hạn", open_=5), _row("Đúng hạn", on_time=3)])
    assert [r["name"] for r in best] == ["Đúng hạn"]
    assert worst == []


def test_no_unit_is_both_best_and_worst():
    from chidao.reports.views_dashboard import _ranked

    rows = [_row(f"Đơn vị {n}", on_time=n, overdue=1, open_=1) for n in range(1, 4)]
    worst, best = _ranked(rows)
    assert worst
    assert not {r["name"] for r in worst} & {r["name"] for r in best}


def test_a_unit_that_completed_nothing_is_never_best():
    from chidao.reports.views_dashboard import RANKED, _ranked

    rows = [_row(f"Quá hạn {n}", overdue=3 + n) for n in range(RANKED + 2)]
    _, best = _ranked(rows)
    assert best == []


def test_the_chart_leaves_a_gap_where_there_is_no_figure():
    from chidao.reports.views_dashboard import rate_chart

    def point(day, rate):
        return {
            "as_of": dt.date(2025, day, 14),
            "completion_rate": rate,
            "overdue_rate": rate,
            "hrefs": {"completion_rate": "/a", "overdue_rate": "/b"},
        }

    svg = str(rate_chart([point(3, 50.0), point(6, None), point(9, 40.0), point(12, 60.0)]))
    lines = re.findall(r'<polyline points="([^"]*)"', svg)
    assert [len(line.split()) for line in lines] == [1, 2, 1, 2]  # two series, each cut
    assert svg.count("<circle") == 6  # no dot drawn at 0 % for the missing figure
    assert "—" not in svg


def test_dashboard_refuses_focal_persons_and_anonymous(client, personas):
    response = client.get(reverse("leaders-dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, personas.focal_a)
    assert client.get(reverse("leaders-dashboard")).status_code == 403


def test_standing_staff_see_only_committees_they_serve(client, data):
    manager = standing_home_affairs()
    login(client, manager)
    response = client.get(reverse("leaders-dashboard"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["committees"]] == [h.committee().pk]
    egov = h.committee_egov()
    assert client.get(reverse("leaders-dashboard"), {"committee": egov.pk}).status_code == 404


# ---- drill-down


def test_tasks_as_of_lists_exactly_the_tasks_behind_a_figure(client, data, personas):
    login(client, personas.leader)
    committee = h.committee()
    stats = st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by="unit")
    row = stats["units"][0]
    for column in st.COLUMNS:
        response = client.get(
            reverse("tasks-as-of"),
            {
                "committee": committee.pk,
                "as_of": "2025-09-14",
                "unit": row["unit"]["id"],
                "status": column,
            },
        )
        assert response.status_code == 200
        assert response.context["paginator"].count == row[column], column


def test_tasks_as_of_shows_a_focal_person_only_their_tasks(client, data, personas):
    login(client, personas.focal_a)  # Sở Nội vụ
    response = client.get(
        reverse("tasks-as-of"), {"committee": h.committee().pk, "as_of": "2025-09-14"}
    )
    assert response.status_code == 200
    home = data.units[HOME_AFFAIRS]
    for task in response.context["tasks"]:
        assert task.lead_unit_id == home.pk or task.coordinations.filter(unit=home).exists()


def test_tasks_as_of_rejects_a_bad_date(client, personas):
    login(client, personas.leader)
    assert client.get(reverse("tasks-as-of"), {"as_of": "31/09/2025"}).status_code == 400


# ---- the consolidated report page


def test_consolidated_page(client, data, personas):
    login(client, personas.leader)
    url = reverse("consolidated-report", args=[data.period.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thiếu biên chế chuyên trách CCHC." in html  # a difficulty
    assert "Đề nghị kéo dài thời hạn nhiệm vụ số 7." in html  # a proposal
    assert "Bản cũ" not in html
    report = response.context["report"]
    assert [u.unit_name for u in report.missing_units][0] in html
    assert [e["format"] for e in response.context["documents"]] == ["docx", "xlsx", "pdf"]
    assert 'hx-post="' + reverse("consolidated-request", args=[data.period.pk, "docx"]) in html


def test_consolidated_page_is_refused_to_focal_persons(client, data, personas):
    login(client, personas.focal_a)
    url = reverse("consolidated-report", args=[data.period.pk])
    assert client.get(url).status_code == 403
    request_url = reverse("consolidated-request", args=[data.period.pk, "docx"])
    assert client.post(request_url).status_code == 403


def test_download_button_builds_then_offers_the_file(client, data, personas):
    login(client, personas.leader)
    url = reverse("consolidated-request", args=[data.period.pk, "xlsx"])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    document = ConsolidatedDocument.objects.get()
    download = reverse("consolidated-download", args=[document.pk])
    assert download in response.content.decode()
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment")
    # without htmx: straight to the file
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == download


def test_the_page_download_is_in_the_change_log(client, data, personas):
    from chidao.audit.models import ChangeLog

    login(client, personas.leader)
    client.post(reverse("consolidated-request", args=[data.period.pk, "docx"]))
    document = ConsolidatedDocument.objects.get()

    client.get(reverse("consolidated-download", args=[document.pk]))

    row = ChangeLog.objects.get(action="download", target_id=str(document.pk))
    assert row.actor == personas.leader and row.after["format"] == "docx"


def test_another_sites_link_to_the_download_goes_to_the_report_page(client, data, personas):
    from chidao.audit.models import ChangeLog

    login(client, personas.leader)
    client.post(reverse("consolidated-request", args=[data.period.pk, "docx"]))
    document = ConsolidatedDocument.objects.get()

    response = client.get(
        reverse("consolidated-download", args=[document.pk]),
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("consolidated-report", args=[data.period.pk])
    assert not ChangeLog.objects.filter(action="download").exists()


def test_background_build_shows_progress_polled_by_htmx(
    client, data, personas, settings, django_capture_on_commit_callbacks
):
    settings.CHIDAO_CONSOLIDATED_SYNC_MAX_UNITS = 2
    login(client, personas.leader)
    url = reverse("consolidated-request", args=[data.period.pk, "docx"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, headers={"HX-Request": "true"})
    document = ConsolidatedDocument.objects.get()
    status_url = reverse("consolidated-status", args=[document.pk])
    html = response.content.decode()
    assert f'hx-get="{status_url}"' in html and 'hx-trigger="every 1s"' in html
    ConsolidatedDocument.objects.filter(pk=document.pk).update(state="running", progress=60)
    polled = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-valuenow="60"' in polled and "hx-trigger" in polled
    from chidao.reports import jobs

    ConsolidatedDocument.objects.filter(pk=document.pk).update(state="pending", progress=0)
    jobs.build_consolidated.call(document.pk)
    polled = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in polled  # stops polling
    assert reverse("consolidated-download", args=[document.pk]) in polled
