"""Hanoi's agencies over time, from hanoi-agencies.json, with sources and evidence kept."""

import datetime as dt
import json

import pytest

from chidao.people.models import Holding
from chidao.units.hanoi_agencies import DATA_FILE, agency_external_id, hanoi_peoples_committee
from chidao.units.models import Unit, UnitAttestation, UnitEvent, valid_on_q

pytestmark = pytest.mark.django_db


def agencies_on(date):
    return Unit.objects.filter(parent=hanoi_peoples_committee()).filter(valid_on_q(date))


def specialised_agency_names_on(date):
    kinds = [Unit.Kind.DEPARTMENT, Unit.Kind.SPECIALISED_AGENCY]
    return set(agencies_on(date).filter(kind__in=kinds).values_list("name", flat=True))


def test_before_march_2025_the_register_has_the_21_specialised_agencies_of_2023():
    data = json.loads(DATA_FILE.read_text())
    expected = {a["name"] for a in data["agencies_2023"]}
    assert specialised_agency_names_on(dt.date(2025, 2, 28)) == expected


def test_from_march_2025_the_register_has_the_15_agencies():
    data = json.loads(DATA_FILE.read_text())
    expected = {a["name"] for a in data["agencies_2025"]}
    assert specialised_agency_names_on(dt.date(2025, 3, 1)) == expected


def test_information_and_communications_merged_into_science_and_technology():
    old = Unit.objects.get(external_id=agency_external_id("Sở Thông tin và Truyền thông"))
    event = UnitEvent.objects.get(predecessors=old)
    assert event.effective_date == dt.date(2025, 3, 1)
    assert [u.name for u in event.successors.all()] == ["Sở Khoa học và Công nghệ"]
    assert "kỳ họp thứ 21" in event.legal_basis
    assert old.valid_to == dt.date(2025, 2, 28)


def test_evidence_levels_are_kept_per_snapshot():
    tourism = Unit.objects.get(external_id=agency_external_id("Sở Du lịch"))
    levels = dict(UnitAttestation.objects.filter(unit=tourism).values_list("snapshot", "evidence"))
    assert levels == {"2019": "inferred", "2023": "inferred", "2025": "attested"}


def test_office_holders_keep_their_sources_and_dates():
    chung = Holding.objects.filter(person__full_name="Nguyễn Đức Chung").order_by("start")
    assert [(h.start, h.end) for h in chung] == [
        (dt.date(2015, 12, 4), dt.date(2016, 6, 14)),
        (dt.date(2016, 6, 14), dt.date(2020, 9, 25)),
    ]
    assert all(h.source.url for h in chung)
