"""Defining indicators and targets (chidao.indicators.definitions), by service, API and page:
the standing agency creates and changes an indicator and sets a year's target with its
quarterly milestones, each write logged; others are refused 403; bad input is a 422 in
Vietnamese (a code already used, a milestone against the direction, past the year's target);
the contract's list keeps its fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chidao.accounts.tests.factories import unit_named
from chidao.audit.models import ChangeLog
from chidao.core.errors import ActionRefused
from chidao.indicators import definitions
from chidao.indicators.models import Indicator, Target
from chidao.indicators.tests.helpers import JUSTICE, make_indicator
from chidao.indicators.tests.test_api import bearer
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db
DEFINITION = {
    "code": "N-01",
    "name": "Tỷ lệ hồ sơ được số hóa",
    "unit_of_measure": "%",
    "direction": "higher",
    "layer": "outcome",
    "legal_basis": "Quyết định 766/QĐ-TTg",
}


def create(actor, **extra):
    return definitions.indicator_create(
        actor=actor, committee=committee_2023(), **(DEFINITION | extra)
    )


def test_the_standing_agency_creates_an_indicator_and_it_is_logged():
    staff = standing_home_affairs()
    indicator = create(staff, formula="Số hồ sơ số hóa / tổng số hồ sơ")
    assert (indicator.code, indicator.unit_of_measure, indicator.minimum) == ("N-01", "%", 0)
    assert ChangeLog.objects.filter(
        action="create", target_type="indicators.indicator", target_id=str(indicator.pk)
    ).exists()


def test_a_focal_person_cannot_create_an_indicator():
    with pytest.raises(ActionRefused) as caught:
        create(focal_of(unit_named(JUSTICE)))
    assert caught.value.status == 403 and not Indicator.objects.exists()


def test_a_code_already_used_in_the_committee_is_refused_422():
    staff = standing_home_affairs()
    create(staff)
    with pytest.raises(ActionRefused) as caught:
        create(staff, code="n-01", name="Khác")
    assert caught.value.status == 422 and caught.value.field == "code"
    assert "đã dùng" in str(caught.value)


def test_a_range_upside_down_is_refused():
    with pytest.raises(ActionRefused) as caught:
        create(standing_home_affairs(), minimum="100", maximum="0")
    assert caught.value.field == "maximum" and not Indicator.objects.exists()


def test_an_update_changes_only_the_given_fields_and_is_logged():
    staff = standing_home_affairs()
    indicator = create(staff)
    definitions.indicator_update(actor=staff, indicator=indicator, name="Tên mới", published=True)
    indicator.refresh_from_db()
    assert (indicator.name, indicator.published, indicator.layer) == ("Tên mới", True, "outcome")
    assert ChangeLog.objects.filter(action="update", target_id=str(indicator.pk)).count() == 1


def test_targets_set_the_year_and_its_milestones_and_replace_earlier_ones():
    staff = standing_home_affairs()
    indicator, justice = create(staff), unit_named(JUSTICE)
    milestones = {1: "50", 2: "55", 3: "60", 4: "70"}
    definitions.targets_set(
        actor=staff, indicator=indicator, unit=justice, year=2027, target=70, milestones=milestones
    )
    definitions.targets_set(
        actor=staff, indicator=indicator, unit=justice, year=2027, target=75, milestones={2: 60}
    )
    got = dict(Target.objects.filter(indicator=indicator).values_list("period", "value"))
    assert got == {"2027": Decimal(75), "2027-Q2": Decimal(60)}
    assert ChangeLog.objects.filter(action="update", target_id=str(indicator.pk)).count() == 2


def test_a_milestone_falling_back_against_the_direction_is_refused():
    staff = standing_home_affairs()
    indicator = create(staff)
    with pytest.raises(ActionRefused) as caught:
        definitions.targets_set(
            actor=staff, indicator=indicator, year=2027, target=80, milestones={1: 60, 2: 50}
        )
    assert caught.value.field == "q2" and "không được lùi" in str(caught.value)
    assert not Target.objects.exists()


def test_falling_milestones_suit_an_indicator_where_lower_is_better():
    staff = standing_home_affairs()
    indicator = create(staff, direction="lower", unit_of_measure="ngày")
    targets = definitions.targets_set(
        actor=staff, indicator=indicator, year=2027, target=5, milestones={1: 9, 2: 8, 4: 5}
    )
    assert [t.period for t in targets] == ["2027", "2027-Q1", "2027-Q2", "2027-Q4"]


def test_a_milestone_past_the_years_target_is_refused():
    staff = standing_home_affairs()
    indicator = create(staff)
    with pytest.raises(ActionRefused, match="vượt chỉ tiêu cả năm"):
        definitions.targets_set(
            actor=staff, indicator=indicator, year=2027, target=70, milestones={"Q4": 75}
        )


# API


def test_api_creates_an_indicator_for_the_standing_agency(client):
    response = client.post(
        f"/api/v1/committees/{committee_2023().pk}/indicators",
        DEFINITION,
        content_type="application/json",
        headers=bearer(standing_home_affairs()),
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["source_kind"], body["program"]) == ("N-01", "entered", None)


def test_api_refuses_a_focal_person_403(client):
    response = client.post(
        f"/api/v1/committees/{committee_2023().pk}/indicators",
        DEFINITION,
        content_type="application/json",
        headers=bearer(focal_of(unit_named(JUSTICE))),
    )
    assert response.status_code == 403 and not Indicator.objects.exists()


def test_api_answers_a_duplicate_code_with_a_vietnamese_422(client):
    staff = standing_home_affairs()
    create(staff)
    response = client.post(
        f"/api/v1/committees/{committee_2023().pk}/indicators",
        DEFINITION,
        content_type="application/json",
        headers=bearer(staff),
    )
    assert response.status_code == 422 and "đã dùng" in response.json()["detail"]


def test_api_patch_changes_one_field_and_put_needs_them_all(client):
    indicator = make_indicator()
    headers = bearer(standing_home_affairs())
    url = f"/api/v1/indicators/{indicator.pk}"
    patched = client.patch(
        url, {"name": "Tên mới"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 200 and patched.json()["name"] == "Tên mới"
    assert patched.json()["figure_key"] == "ty_le"
    partial = client.put(url, {"name": "X"}, content_type="application/json", headers=headers)
    assert partial.status_code == 422


def test_api_sets_targets_and_lists_them(client):
    indicator = make_indicator(units=())
    headers = bearer(standing_home_affairs())
    url = f"/api/v1/indicators/{indicator.pk}/targets"
    body = {"unit": unit_named(JUSTICE).pk, "year": 2027, "target": 80, "milestones": {"Q1": 60}}
    response = client.post(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 201
    assert [(t["period"], t["value"]) for t in response.json()] == [("2027", 80), ("2027-Q1", 60)]
    listed = client.get(url, headers=bearer(focal_of(unit_named(JUSTICE)))).json()
    assert listed[0]["unit"]["name"] == JUSTICE


def test_api_refuses_milestones_against_the_direction_with_422(client):
    indicator = make_indicator(units=())
    body = {"year": 2027, "target": 80, "milestones": {"Q1": 70, "Q2": 60}}
    response = client.post(
        f"/api/v1/indicators/{indicator.pk}/targets",
        body,
        content_type="application/json",
        headers=bearer(standing_home_affairs()),
    )
    assert response.status_code == 422 and "không được lùi" in response.json()["detail"]


def test_the_contracts_list_keeps_its_fields(client):
    create(standing_home_affairs())
    rows = client.get(
        f"/api/v1/committees/{committee_2023().pk}/indicators",
        headers=bearer(focal_of(unit_named(JUSTICE))),
    ).json()
    assert set(rows[0]) == {"id", "code", "name", "unit_of_measure", "direction", "layer"}


# Pages


def test_the_list_offers_a_new_indicator_to_the_standing_agency_only(client):
    make_indicator()
    url = reverse("indicator-list")
    new = reverse("indicator-new", args=[committee_2023().pk])
    client.force_login(standing_home_affairs())
    assert new in client.get(url).content.decode()
    client.force_login(focal_of(unit_named(JUSTICE)))
    assert new not in client.get(url).content.decode()


def test_the_page_creates_an_indicator_and_leads_to_its_targets(client):
    client.force_login(standing_home_affairs())
    data = DEFINITION | {"source_kind": "entered", "minimum": "0", "maximum": "100"}
    data["margin_percent"] = "5"
    response = client.post(reverse("indicator-new", args=[committee_2023().pk]), data)
    indicator = Indicator.objects.get(code="N-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator-targets", args=[indicator.pk])


def test_the_targets_page_shows_a_refusal_beside_its_field(client):
    indicator = make_indicator(units=())
    client.force_login(standing_home_affairs())
    data = {"unit": "", "year": "2027", "target": "80", "q1": "70", "q2": "60"}
    response = client.post(reverse("indicator-targets", args=[indicator.pk]), data)
    assert response.status_code == 400
    assert "không được lùi" in response.content.decode() and not Target.objects.exists()


def test_a_focal_person_gets_403_on_the_definition_pages(client):
    indicator = make_indicator()
    client.force_login(focal_of(unit_named(JUSTICE)))
    assert client.get(reverse("indicator-edit", args=[indicator.pk])).status_code == 403
    assert client.get(reverse("indicator-targets", args=[indicator.pk])).status_code == 403


def test_the_targets_page_sets_a_units_year_and_lists_it(client):
    indicator = make_indicator()  # Sở Tư pháp already has the 2026 targets
    client.force_login(standing_home_affairs())
    url = reverse("indicator-targets", args=[indicator.pk])
    data = {"unit": unit_named(JUSTICE).pk, "year": "2027", "target": "85", "q1": "62"}
    assert client.post(url, data).status_code == 302
    page = client.get(url)
    rows = [(r["year"], r["unit"], r["target"]) for r in page.context["table"]]
    assert ("2027", unit_named(JUSTICE), Decimal(85)) in rows
