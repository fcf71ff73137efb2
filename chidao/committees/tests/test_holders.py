"""Who held the head and standing deputy head seats, and a unit's head post, on a date: what
official documents print as their signer."""

import datetime as dt

import pytest

from chidao.accounts.tests.factories import unit_named
from chidao.committees.models import Committee, Seat
from chidao.committees.selectors import Holder, holder_on, unit_head_on

pytestmark = pytest.mark.django_db
E_GOVERNMENT_2019 = "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"


def test_the_head_seat_is_held_by_whoever_chaired_the_peoples_committee_then():
    committee = Committee.objects.get(name=E_GOVERNMENT_2019)
    head = holder_on(committee=committee, role=Seat.Role.HEAD, on=dt.date(2021, 1, 1))
    assert head == Holder(title="Trưởng ban", name="Chu Ngọc Anh")
    before = holder_on(committee=committee, role=Seat.Role.HEAD, on=dt.date(2020, 1, 1))
    assert before.name == "Nguyễn Đức Chung"


def test_the_standing_deputy_head_named_in_the_decision():
    committee = Committee.objects.get(name=E_GOVERNMENT_2019)
    deputy = holder_on(
        committee=committee, role=Seat.Role.STANDING_DEPUTY_HEAD, on=dt.date(2021, 1, 1)
    )
    assert deputy.name == "Ngô Văn Quý"


def test_no_seat_before_the_committee_records_its_composition():
    committee = Committee.objects.get(name=E_GOVERNMENT_2019)
    assert holder_on(committee=committee, role=Seat.Role.HEAD, on=dt.date(2018, 1, 1)) is None


def test_a_units_head_on_a_date_or_nobody_when_the_register_records_none_then():
    home_affairs = unit_named("Sở Nội vụ")
    assert unit_head_on(unit=home_affairs, on=dt.date(2026, 1, 20)) == Holder(
        title="Giám đốc", name="Nguyễn Minh Long"
    )
    assert unit_head_on(unit=home_affairs, on=dt.date(2026, 1, 5)) == Holder(
        title="Giám đốc", name=None
    )
    assert unit_head_on(unit=unit_named("Sở Tư pháp"), on=dt.date(2026, 1, 5)) is None
