import datetime as dt

import pytest

from chidao.accounts.tests.factories import unit_named
from chidao.committees.models import Committee
from chidao.officialdocs import register
from chidao.officialdocs.register import Signature

pytestmark = pytest.mark.django_db
E_GOVERNMENT_2019 = "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"
REFORM_2023 = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
DIGITAL_UNRECORDED = "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội"


def test_abbreviations():
    assert register.abbreviation("Sở Nội vụ") == "SNV"
    assert register.abbreviation("Sở Thông tin và Truyền thông") == "STTTT"
    assert register.abbreviation("Ủy ban nhân dân thành phố Hà Nội") == "UBNDTPHN"
    assert register.abbreviation("Ban Chỉ đạo Đề án 06") == "BCĐĐA"
    assert register.abbreviation("Văn phòng Ủy ban nhân dân thành phố") == "VP"


def test_number_lines():
    assert register.number_line("5", "BC-BCĐ") == "Số: 05/BC-BCĐ"
    assert register.number_line("12", "SNV-CCHC") == "Số: 12/SNV-CCHC"
    assert register.number_line("57/QĐ-BCĐCCHC", "x") == "Số: 57/QĐ-BCĐCCHC"
    assert register.number_line("", "BC-BCĐ") == "Số:       /BC-BCĐ"


def test_a_committees_letterhead_from_the_register():
    committee = Committee.objects.get(name=REFORM_2023)
    head = register.committee_letterhead(committee, on=dt.date(2025, 9, 30), kind="BC")
    assert head.governing_body == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI"
    assert head.issuer == "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số"
    assert head.number.endswith("/BC-BCĐCCHC-CĐS")
    assert head.place_date == "Hà Nội, ngày 30 tháng 9 năm 2025"


def test_a_units_letterhead_names_the_body_above_it():
    committee = Committee.objects.get(name=REFORM_2023)
    head = register.unit_letterhead(
        unit_named("Sở Nội vụ"), committee=committee, on=dt.date(2026, 1, 5), kind="TTr"
    )
    assert head.governing_body == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI"
    assert head.issuer == "Sở Nội vụ"
    assert head.number.endswith("/TTr-SNV")


def test_the_standing_deputy_head_signs_for_the_head():
    committee = Committee.objects.get(name=E_GOVERNMENT_2019)
    assert register.committee_signature(committee, on=dt.date(2021, 1, 1)) == Signature(
        "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Ngô Văn Quý"
    )


def test_a_committee_with_no_recorded_composition_leaves_the_name_blank():
    committee = Committee.objects.get(name=DIGITAL_UNRECORDED)
    signature = register.committee_signature(committee, on=dt.date(2025, 1, 1))
    assert signature.name == "" and not signature.recorded
    assert signature.title == "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"


def test_a_unit_signs_by_its_head_on_the_date():
    home_affairs = unit_named("Sở Nội vụ")
    assert register.unit_signature(home_affairs, on=dt.date(2026, 1, 20)) == Signature(
        "", "Giám đốc", "Nguyễn Minh Long"
    )
    assert register.unit_signature(home_affairs, on=dt.date(2026, 1, 5)).name == ""
    justice = register.unit_signature(unit_named("Sở Tư pháp"), on=dt.date(2026, 1, 5))
    assert justice == Signature("", "GIÁM ĐỐC", "")
