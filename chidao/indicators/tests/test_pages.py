"""Pages of indicators and what they add to the lower parts: the list by layer (off track
first) and its query budget, the detail page's entry form, the Excel export, the public
page's switch, the leaders' dashboard panel, the consolidated report's table and off-track
list, and figures of a counted quarterly report becoming actuals."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.accounts.tests.factories import unit_named
from chidao.core.navigation import menu_for
from chidao.indicators import hooks, services
from chidao.indicators.models import Publication, Value
from chidao.indicators.tests.helpers import FINANCE, JUSTICE, SYSTEM, TODAY, make_indicator
from chidao.reports import contributions
from chidao.reports import services as reports
from chidao.reports.errors import ReportError
from chidao.reports.tests.service_world import PAST, SECTIONS, make_period
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db


def enter(indicator, unit, actual, period="2026-Q3", note="Giải trình."):
    return services.value_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=unit_named(unit),
        period=period,
        actual=actual,
        note=note,
        today=TODAY,
    )


@pytest.fixture
def two():
    good, bad = make_indicator("A-01"), make_indicator("Z-99")
    enter(good, JUSTICE, 90)
    enter(bad, JUSTICE, 40)
    return good, bad


def test_the_list_puts_off_track_first(client, personas, two):
    good, bad = two
    client.force_login(personas.viewer)
    response = client.get(reverse("indicator-list"), {"committee": committee_2023().pk})
    assert response.status_code == 200
    assert [s.indicator for s in response.context["off_track"]] == [bad]
    html = response.content.decode()
    assert html.index("Z-99") < html.index("A-01")


def test_the_list_query_budget_does_not_grow_with_indicators(client, personas, two):
    client.force_login(personas.viewer)
    params = {"committee": committee_2023().pk}
    client.get(reverse("indicator-list"), params)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("indicator-list"), params)
    for n in range(2, 6):
        enter(make_indicator(f"B-0{n}"), FINANCE, 80)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("indicator-list"), params)
    assert len(many) == len(few)


def test_a_bad_committee_in_the_query_is_404(client, personas, two):
    client.force_login(personas.viewer)
    assert client.get(reverse("indicator-list"), {"committee": "x"}).status_code == 404


def test_the_focal_person_enters_a_value_on_the_page(client, two):
    good = two[0]
    focal = focal_of(unit_named(FINANCE))
    client.force_login(focal)
    url = reverse("indicator-detail", args=[good.pk])
    assert "Nhập giá trị thực hiện" in client.get(url).content.decode()
    data = {"unit": unit_named(FINANCE).pk, "period": "2026-Q3", "actual": "30", "note": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "cần ghi giải trình" in refused.content.decode()
    response = client.post(url, data | {"note": "Thiếu nhân lực."})
    assert response.status_code == 302
    assert Value.objects.get(indicator=good, unit=unit_named(FINANCE)).note == "Thiếu nhân lực."
    page = client.get(response["Location"]).content.decode()
    assert "Thiếu nhân lực." in page and "Chậm tiến độ" in page


def test_a_viewer_gets_no_form_and_a_post_is_403(client, personas, two):
    client.force_login(personas.viewer)
    url = reverse("indicator-detail", args=[two[0].pk])
    assert "Nhập giá trị thực hiện" not in client.get(url).content.decode()
    assert client.post(url, {"actual": "1"}).status_code == 403


def test_excel_export_has_the_indicators_and_their_values(client, personas, two):
    client.force_login(personas.leader)
    response = client.get(reverse("indicator-export"), {"committee": committee_2023().pk})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in book["Chỉ tiêu"].iter_rows(min_row=3, values_only=True)]
    assert codes == ["Z-99", "A-01"]
    assert book["Giá trị"].max_row == 3


def test_the_public_switch_is_the_standing_agencys(client, personas):
    committee = committee_2023()
    url = reverse("indicator-publication", args=[committee.pk])
    client.force_login(personas.leader)
    assert client.post(url, {"enabled": "on"}).status_code == 403
    client.force_login(standing_home_affairs())
    assert client.post(url, {"enabled": "on"}).status_code == 302
    assert Publication.objects.get(committee=committee).enabled


def test_the_menu_offers_indicators_to_everyone_signed_in(personas):
    for user in (personas.focal_a, personas.leader, personas.viewer):
        entries = [e["href"] for g in menu_for(user) for e in g["entries"]]
        assert reverse("indicator-list") in entries


def test_the_leaders_dashboard_shows_off_track_indicators_first(client, personas, two):
    client.force_login(personas.leader)
    response = client.get(reverse("leaders-dashboard"), {"committee": committee_2023().pk})
    html = response.content.decode()
    assert 'id="indicators-heading"' in html
    assert html.index("Z-99") < html.index("A-01") < html.index('id="over-time"')


def test_the_consolidated_report_gets_the_table_and_the_off_track_list(two):
    scope = contributions.Scope(committee=committee_2023(), data_from=None, as_of=TODAY)
    parts = {c.key: c for c in hooks.report_contributions(scope)}
    assert [row[0] for row in parts["indicators.table"].rows] == ["Z-99", "A-01"]
    late = parts["indicators.off_track"]
    assert late.place == contributions.SHORTCOMINGS
    assert late.rows[0][0] == "Z-99" and late.rows[0][-1] == "Giải trình."


def test_a_counted_quarterly_report_gives_its_figure_as_the_units_actual():
    indicator = make_indicator("R-01", units=("Sở Nội vụ",))
    period = make_period(when=PAST)
    focal = focal_of(unit_named("Sở Nội vụ"))
    draft = reports.submission_save_draft(
        actor=focal, period=period, sections=SECTIONS, figures={"dvc": 3, "ty_le": 80.5}
    )
    reports.submission_submit(actor=focal, submission=draft)
    value = Value.objects.get(indicator=indicator)
    assert (value.period, value.actual, value.source, value.submission) == (
        "2026-Q1",
        80.5,
        "report",
        draft,
    )


def test_a_figure_out_of_range_refuses_the_report():
    make_indicator("R-02", units=("Sở Nội vụ",))
    period = make_period(when=PAST)
    focal = focal_of(unit_named("Sở Nội vụ"))
    draft = reports.submission_save_draft(
        actor=focal, period=period, sections=SECTIONS, figures={"ty_le": 180}
    )
    with pytest.raises(ReportError) as caught:
        reports.submission_submit(actor=focal, submission=draft)
    assert "ngoài khoảng" in str(caught.value) and caught.value.status == 422
    draft.refresh_from_db()
    assert draft.state == "draft" and not Value.objects.exists()


def test_a_figure_in_another_unit_of_measure_refuses_the_report():
    make_indicator("R-03", units=("Sở Nội vụ",), figure_key="dvc")  # in %, the figure in dịch vụ
    period = make_period(when=PAST)
    focal = focal_of(unit_named("Sở Nội vụ"))
    draft = reports.submission_save_draft(
        actor=focal, period=period, sections=SECTIONS, figures={"dvc": 3}
    )
    with pytest.raises(ReportError) as caught:
        reports.submission_submit(actor=focal, submission=draft)
    assert "“dịch vụ”" in str(caught.value) and caught.value.status == 422
    assert caught.value.field == "figures"
    draft.refresh_from_db()
    assert draft.state == "draft" and not Value.objects.exists()


def test_the_dashboard_panel_query_count_does_not_grow_with_indicators(client, personas, two):
    client.force_login(personas.leader)
    url, params = reverse("leaders-dashboard"), {"committee": committee_2023().pk}
    client.get(url, params)
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for n in range(2, 6):
        enter(make_indicator(f"D-0{n}"), FINANCE, 80)
    with CaptureQueriesContext(connection) as many:
        client.get(url, params)
    assert len(many) == len(few)
