"""Saved views of the indicators page (chidao.indicators.saved): a user saves the current
filters under a name and opens them again; the standing agency may share one with the
committee; others' private views stay private; the filters (layer, units, quarters) apply;
bad input is refused in Vietnamese."""

import pytest
from django.urls import reverse

from chidao.accounts.tests.factories import unit_named
from chidao.audit.models import ChangeLog
from chidao.core.errors import ActionRefused
from chidao.indicators import saved
from chidao.indicators.models import SavedView
from chidao.indicators.tests.helpers import FINANCE, JUSTICE, enter_value, make_indicator
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db


def test_a_user_saves_a_view_and_opens_it_from_the_indicators_page(client, personas):
    make_indicator()
    client.force_login(personas.viewer)
    url = reverse("indicator-view-new", args=[committee_2023().pk])
    data = {"name": "Chương trình số hóa", "layer": "outcome", "from": "2026-Q1", "to": "2026-Q2"}
    response = client.post(url, data | {"unit": [unit_named(JUSTICE).pk]})
    view = SavedView.objects.get()
    assert response.status_code == 302 and response["Location"] == saved.url_of(view)
    assert (view.owner, view.layer, view.period_to) == (personas.viewer, "outcome", "2026-Q2")
    assert ChangeLog.objects.filter(action="create", target_id=str(view.pk)).exists()
    page = client.get(response["Location"])
    assert page.context["current_view"] == view
    assert page.context["filters"]["unit_ids"] == [unit_named(JUSTICE).pk]


def test_a_private_view_is_not_shown_to_others_and_a_shared_one_is(client, personas):
    make_indicator()
    committee = committee_2023()
    saved.saved_view_create(actor=personas.viewer, committee=committee, name="Riêng")
    saved.saved_view_create(
        actor=standing_home_affairs(), committee=committee, name="Chung", shared=True
    )
    client.force_login(personas.leader)
    page = client.get(reverse("indicator-list"), {"committee": committee.pk})
    assert [s["view"].name for s in page.context["saved_views"]] == ["Chung"]


def test_only_the_standing_agency_shares_a_view():
    make_indicator()
    with pytest.raises(ActionRefused) as caught:
        saved.saved_view_create(
            actor=focal_of(unit_named(JUSTICE)),
            committee=committee_2023(),
            name="Chung",
            shared=True,
        )
    assert caught.value.status == 403 and not SavedView.objects.exists()


def test_a_name_already_used_and_a_range_upside_down_are_refused(client, personas):
    make_indicator()
    committee = committee_2023()
    saved.saved_view_create(actor=personas.viewer, committee=committee, name="Quý")
    with pytest.raises(ActionRefused, match="đã có dạng xem"):
        saved.saved_view_create(actor=personas.viewer, committee=committee, name="quý")
    client.force_login(personas.viewer)
    url = reverse("indicator-view-new", args=[committee.pk])
    response = client.post(url, {"name": "Ngược", "from": "2026-Q3", "to": "2026-Q1"})
    assert response.status_code == 422 and "Quý bắt đầu" in response.content.decode()


def test_the_owner_deletes_a_view_and_another_user_cannot(client, personas):
    make_indicator()
    view = saved.saved_view_create(actor=personas.viewer, committee=committee_2023(), name="A")
    url = reverse("indicator-view-delete", args=[view.pk])
    client.force_login(personas.leader)
    assert client.post(url).status_code == 404  # a private view is not seen
    client.force_login(personas.viewer)
    assert client.post(url).status_code == 302 and not SavedView.objects.exists()


def test_the_filters_keep_the_chosen_units_and_quarters(client, personas):
    indicator = make_indicator()
    enter_value(indicator, JUSTICE, "2026-Q1", 80)
    enter_value(indicator, FINANCE, "2026-Q1", 40)
    enter_value(indicator, JUSTICE, "2026-Q2", 80)
    client.force_login(personas.viewer)
    params = {"committee": committee_2023().pk, "unit": unit_named(JUSTICE).pk, "to": "2026-Q1"}
    page = client.get(reverse("indicator-list"), params)
    standing = page.context["layers"][0]["standings"][0]
    assert (standing.period, standing.actual, standing.state) == ("2026-Q1", 80, "on_track")


def test_a_nonsense_filter_is_404(client, personas):
    make_indicator()
    client.force_login(personas.viewer)
    for params in ({"layer": "x"}, {"unit": "x"}, {"from": "2026-Q9"}):
        response = client.get(reverse("indicator-list"), params)
        assert response.status_code == 404


def test_the_excel_export_keeps_the_pages_filters(client, personas):
    import io

    import openpyxl

    indicator = make_indicator()
    enter_value(indicator, JUSTICE, "2026-Q1", 80)
    enter_value(indicator, FINANCE, "2026-Q1", 40)
    client.force_login(personas.viewer)
    params = {"committee": committee_2023().pk, "unit": unit_named(JUSTICE).pk}
    page = client.get(reverse("indicator-list"), params).content.decode()
    assert f"unit={unit_named(JUSTICE).pk}" in page.split("export.xlsx?")[1].split('"')[0]
    response = client.get(reverse("indicator-export"), params)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    units = [row[1] for row in book["Giá trị"].iter_rows(min_row=2, values_only=True)]
    assert units == [JUSTICE]
