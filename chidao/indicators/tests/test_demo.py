"""The demo's indicator set: labelled synthetic, targets and eight quarters of actuals for the
2023 committee, its public page on, the off-track indicators first; loading twice adds
nothing."""

import pytest
from django.urls import reverse

from chidao.indicators import selectors
from chidao.indicators.demo import QUARTERS, load_demo_indicators
from chidao.indicators.models import Indicator, Value
from chidao.tasks.demo import demo_committee, load_demo_tasks
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_tasks()
    return load_demo_indicators()


def test_a_labelled_synthetic_set_with_eight_quarters(demo):
    committee = demo_committee()
    indicators = Indicator.objects.filter(committee=committee)
    assert demo.created and indicators.count() == 7
    assert all(i.synthetic and i.code.startswith("MP-") for i in indicators)
    entered = indicators.get(code="MP-01")
    periods = set(Value.objects.filter(indicator=entered).values_list("period", flat=True))
    assert len(periods) == QUARTERS
    assert "57-NQ/TW" in entered.legal_basis
    assert selectors.is_published(committee)
    assert not load_demo_indicators().created


def test_the_leaders_dashboard_lists_off_track_indicators_first(client, demo, personas):
    client.force_login(personas.leader)
    response = client.get(reverse("leaders-dashboard"), {"committee": demo_committee().pk})
    panel = response.context["panels"][0]
    states = [s.state for s in panel["standings"]]
    assert states[0] == "off_track"
    assert states == sorted(states, key=lambda s: {"off_track": 0, "at_risk": 1}.get(s, 2))


def test_the_public_page_and_files_say_synthetic(client, demo):
    url = f"/public/committees/{demo_committee().pk}/"
    assert "Dữ liệu mô phỏng" in client.get(url).content.decode()
    assert "mo-phong" in client.get(url + "data.csv")["Content-Disposition"]
