"""The composition on a date, read through the selector every interface shares."""

import datetime as dt

import pytest

from chidao.committees.models import Committee, CommitteeVersion, Seat
from chidao.committees.selectors import composition_on, search_committees
from chidao.people.models import Holding, Person, Position
from chidao.units.hanoi_agencies import agency_external_id
from chidao.units.models import Unit, valid_on_q

pytestmark = pytest.mark.django_db

EGOV = "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"
PAR_DX = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"


def committee(name):
    return Committee.objects.get(name=name)


def unit(name):
    return Unit.objects.get(external_id=agency_external_id(name))


def seats_with_role(composition, role):
    return [s for s in composition.seats if s.role == role]


def test_search_ignores_case_and_diacritics():
    assert [c.name for c in search_committees("CHINH QUYEN dien tu")] == [EGOV]


def test_before_the_first_decision_the_committee_is_not_yet_established():
    composition = composition_on(committee(EGOV), dt.date(2019, 1, 1))
    assert composition.established is False
    assert composition.status == "not_yet_established"
    assert "699" in composition.message
    assert composition.seats == []


def test_a_committee_known_only_as_predecessor_is_not_recorded():
    composition = composition_on(
        committee("Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội"), dt.date(2023, 1, 1)
    )
    assert composition.status == "not_recorded"
    assert composition.successors[0]["name"] == PAR_DX


def test_under_699_the_committee_exists_but_its_seats_are_not_stated():
    composition = composition_on(committee(EGOV), dt.date(2019, 6, 1))
    assert composition.established is True
    assert composition.basis[0]["number"] == "699"
    assert composition.seats == []
    assert composition.message


def test_6218_replaces_699_and_grounds_the_composition_of_25_november_2019():
    composition = composition_on(committee(EGOV), dt.date(2019, 11, 25))
    assert composition.basis[0]["number"] == "6218"
    assert composition.basis[0]["replaces"] == [{"number": "699", "date": dt.date(2019, 2, 4)}]
    assert {s.basis["number"] for s in composition.seats} == {"6218"}


def test_head_seat_held_by_position_resolves_to_the_chairman_on_each_date():
    egov = committee(EGOV)
    on_2019 = seats_with_role(composition_on(egov, dt.date(2019, 11, 25)), "head")
    on_2021 = seats_with_role(composition_on(egov, dt.date(2021, 1, 1)), "head")
    assert [s.person for s in on_2019] == ["Nguyễn Đức Chung"]
    assert [s.person for s in on_2021] == ["Chu Ngọc Anh"]
    assert on_2021[0].holder_kind == "position"


def test_three_deputy_heads_with_the_information_director_named_on_the_date():
    deputies = seats_with_role(
        composition_on(committee(EGOV), dt.date(2019, 11, 25)), "deputy_head"
    )
    assert [s.unit for s in deputies] == [
        "Văn phòng Ủy ban nhân dân thành phố",
        "Sở Thông tin và Truyền thông",
        "Sở Nội vụ",
    ]
    assert deputies[1].person == "Nguyễn Ngọc Kỳ"


def test_rule_seat_expands_to_every_department_existing_on_the_date_once():
    date = dt.date(2019, 11, 25)
    composition = composition_on(committee(EGOV), date)
    expanded = {s.unit for s in composition.seats if s.rule == Seat.Rule.DEPARTMENT_HEADS}
    departments = set(
        Unit.objects.filter(
            kind=Unit.Kind.DEPARTMENT, parent=unit("Ủy ban nhân dân thành phố Hà Nội")
        )
        .filter(valid_on_q(date))
        .values_list("name", flat=True)
    )
    seated_as_deputies = {"Sở Thông tin và Truyền thông", "Sở Nội vụ"}
    assert expanded == departments - seated_as_deputies
    agency_units = [s.unit for s in composition.seats if s.role in ("deputy_head", "member")]
    assert len(agency_units) == len(set(agency_units))


def test_rule_expansion_follows_the_2025_mergers():
    before = composition_on(committee(PAR_DX), dt.date(2025, 2, 28))
    after = composition_on(committee(PAR_DX), dt.date(2025, 3, 1))
    rule = Seat.Rule.AGENCY_LEADER_REPRESENTATIVES
    units_before = {s.unit for s in before.seats if s.rule == rule}
    units_after = {s.unit for s in after.seats if s.rule == rule}
    assert "Sở Kế hoạch và Đầu tư" in units_before
    assert "Sở Kế hoạch và Đầu tư" not in units_after
    assert "Sở Nông nghiệp và Môi trường" in units_after


def test_every_member_group_of_the_2019_article_is_seated():
    units = {s.unit for s in composition_on(committee(EGOV), dt.date(2019, 11, 25)).seats}
    for name in [
        "Công an thành phố Hà Nội",
        "Bộ Tư lệnh Thủ đô Hà Nội",
        "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
        "Cục Thuế thành phố Hà Nội",
        "Cục Thống kê thành phố Hà Nội",
        "Cục Hải quan thành phố Hà Nội",
        "Bảo hiểm xã hội thành phố Hà Nội",
    ]:
        assert name in units
    assert sum(1 for u in units if u.startswith("Ban Quản lý dự án")) == 4


def test_working_group_has_leader_three_deputies_and_member_rule_seats():
    group = composition_on(committee(EGOV), dt.date(2019, 11, 25)).working_group
    roles = [s.role for s in group["seats"]]
    assert roles.count("leader") == 1
    assert roles.count("deputy_leader") == 3
    members = [s for s in group["seats"] if s.role == "member"]
    assert members and all(s.rule == Seat.Rule.DIVISION_LEADERS_OF_MEMBER_UNITS for s in members)
    assert group["seated_at"] == "Văn phòng Ủy ban nhân dân thành phố"


def test_standing_agency_shows_its_successor_after_the_merger():
    agencies = composition_on(committee(PAR_DX), dt.date(2025, 6, 1)).standing_agencies
    digital = next(a for a in agencies if a["domain"] == "digital_transformation")
    assert digital["unit"] == "Sở Khoa học và Công nghệ"
    assert digital["named_unit"] == "Sở Thông tin và Truyền thông"
    assert digital["successor_since"] == dt.date(2025, 3, 1)


def test_seat_of_a_merged_unit_shows_the_successor_and_is_flagged():
    composition = composition_on(committee(EGOV), dt.date(2025, 6, 1))
    seat = next(s for s in composition.seats if s.named_unit == "Sở Thông tin và Truyền thông")
    assert seat.unit == "Sở Khoa học và Công nghệ"
    assert seat.flags[0]["kind"] == "unit_succeeded"
    assert seat in composition.flagged_seats


def test_named_person_who_left_the_post_is_shown_with_the_holder_and_flagged():
    composition = composition_on(committee(PAR_DX), dt.date(2025, 12, 1))
    head = seats_with_role(composition, "head")[0]
    assert head.person == "Trần Sỹ Thanh"
    assert head.position_holder == "Vũ Đại Thắng"
    assert [f["kind"] for f in head.flags] == ["needs_reconstitution"]


def test_named_person_still_in_post_is_not_flagged():
    composition = composition_on(committee(PAR_DX), dt.date(2023, 2, 14))
    assert composition.flagged_seats == []


def test_a_shared_post_does_not_report_another_holder():
    # Several Vice Chairmen serve at once: Hà Minh Hải holding the post says nothing of Quý.
    composition = composition_on(committee(EGOV), dt.date(2023, 2, 14))
    deputy = seats_with_role(composition, "standing_deputy_head")[0]
    assert deputy.person == "Ngô Văn Quý"
    assert deputy.position_holder is None
    assert deputy.flags == []


def test_a_later_version_replaces_the_seats_of_the_earlier_one():
    egov = committee(EGOV)
    first = egov.versions.order_by("effective_from").first()
    later = CommitteeVersion.objects.create(
        committee=egov,
        decision=first.decision,
        action=CommitteeVersion.Action.RECONSTITUTE,
        effective_from=dt.date(2024, 1, 1),
        effective_from_basis=CommitteeVersion.DateBasis.DECISION_DATE,
        source=first.source,
        external_id="test:later-version",
    )
    chairman = Position.objects.get(unit=unit("Ủy ban nhân dân thành phố Hà Nội"), title="Chủ tịch")
    Seat.objects.create(
        version=later,
        body=Seat.Body.COMMITTEE,
        role=Seat.Role.HEAD,
        holder_kind=Seat.HolderKind.POSITION,
        position=chairman,
        source=first.source,
        source_quote="(test)",
    )
    composition = composition_on(egov, dt.date(2024, 6, 1))
    assert [s.role for s in composition.seats] == ["head"]
    assert composition.seats[0].person == "Trần Sỹ Thanh"


def test_composition_runs_a_bounded_number_of_queries(django_assert_max_num_queries):
    egov = committee(EGOV)
    with django_assert_max_num_queries(30):
        composition_on(egov, dt.date(2019, 11, 25))


def test_holding_known_only_by_attestation_covers_only_that_day():
    person = Person.objects.get(full_name="Nguyễn Ngọc Kỳ")
    holding = Holding.objects.get(person=person)
    assert holding.covers(dt.date(2019, 11, 25))
    assert not holding.covers(dt.date(2019, 11, 26))
