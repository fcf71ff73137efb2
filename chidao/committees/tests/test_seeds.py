"""The demo register says only what the seed articles say, each fact with its words."""

import pytest
from django.core.management import call_command

from chidao.audit.models import ChangeLog
from chidao.committees.models import Seat, StandingAgency
from chidao.committees.seeds import read_register_file, source_text
from chidao.documents.models import LegalDocument

pytestmark = pytest.mark.django_db


def iter_quotes(data):
    for key in ("units", "holdings", "documents", "lineage"):
        for entry in data[key]:
            yield entry["source"], entry["quote"]
    for version in data["versions"]:
        for key in ("seats", "working_group", "standing_agencies", "approvals"):
            for entry in version.get(key, []):
                yield version["source"], entry["quote"]
        for duty in version.get("duties", []):
            yield version["source"], duty["text"]
        if version.get("regulation_quote"):
            yield version["source"], version["regulation_quote"]


def test_every_quote_appears_verbatim_in_its_source():
    data = read_register_file()
    texts = {entry["key"]: source_text(entry) for entry in data["sources"]}
    missing = [(src, q) for src, q in iter_quotes(data) if q not in texts[src]]
    assert missing == []


def test_every_seat_and_standing_agency_keeps_its_source_quote():
    assert not Seat.objects.filter(source_quote="").exists()
    assert not StandingAgency.objects.filter(source_quote="").exists()


def test_undated_decisions_stay_undated():
    assert LegalDocument.objects.get(number="6218").date is None
    assert LegalDocument.objects.get(number="818/QĐ-UBND").date is None


def test_loading_the_demo_again_changes_nothing():
    before = ChangeLog.objects.count()
    seats = list(Seat.objects.values_list("pk", "source_quote").order_by("pk"))
    call_command("load_demo", "--no-accounts", verbosity=0)
    assert ChangeLog.objects.count() == before
    assert list(Seat.objects.values_list("pk", "source_quote").order_by("pk")) == seats
