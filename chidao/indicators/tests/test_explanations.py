"""An off-track value asks for an explanation (chidao.explanations, subject "indicator_value"):
the standing agency issues the request from the indicator's page, the unit answers it, and
the answer is shown with the value."""

import pytest
from django.urls import reverse

from chidao.accounts.tests.factories import unit_named
from chidao.explanations import services as explanations
from chidao.explanations.models import ExplanationRequest
from chidao.indicators import services
from chidao.indicators.explanations import KIND
from chidao.indicators.tests.helpers import JUSTICE, SYSTEM, TODAY, make_indicator
from chidao.tasks.tests.factories import (  # noqa: F401
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def off_track():
    indicator = make_indicator("X-01")
    value = services.value_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=unit_named(JUSTICE),
        period="2026-Q3",
        actual=40,  # the milestone is 70
        note="Hệ thống chưa kết nối.",
        today=TODAY,
    )
    return indicator, value


def ask(client, value):
    return client.post(
        reverse("explanation-issue"),
        {"subject_kind": KIND, "subject_id": value.pk, "reason": "Không đạt mốc quý III."},
    )


def test_the_standing_agency_is_offered_a_request_on_an_off_track_value(client, off_track):
    indicator, value = off_track
    client.force_login(standing_home_affairs())
    page = client.get(reverse("indicator-detail", args=[indicator.pk])).content.decode()
    assert f'name="subject_id" value="{value.pk}"' in page


def test_the_unit_itself_is_not_offered_the_request(client, off_track):
    indicator, value = off_track
    client.force_login(focal_of(unit_named(JUSTICE)))
    page = client.get(reverse("indicator-detail", args=[indicator.pk])).content.decode()
    assert f'name="subject_id" value="{value.pk}"' not in page


def test_a_request_reaches_the_unit_and_its_answer_shows_with_the_value(client, off_track):
    indicator, value = off_track
    client.force_login(standing_home_affairs())
    assert ask(client, value).status_code == 302
    request = ExplanationRequest.objects.get(subject_kind=KIND, subject_id=value.pk)
    assert request.unit == unit_named(JUSTICE)
    assert "X-01" in request.subject_title

    focal = focal_of(unit_named(JUSTICE))
    explanations.explanation_answer(
        actor=focal, request=request, reasons="Nhà cung cấp giao chậm.", plan="Xong trong quý IV."
    )
    client.force_login(focal)
    page = client.get(reverse("indicator-detail", args=[indicator.pk])).content.decode()
    assert "Nhà cung cấp giao chậm." in page and "Xong trong quý IV." in page


def test_an_open_request_is_not_offered_twice(client, off_track):
    indicator, value = off_track
    client.force_login(standing_home_affairs())
    ask(client, value)
    page = client.get(reverse("indicator-detail", args=[indicator.pk])).content.decode()
    assert f'name="subject_id" value="{value.pk}"' not in page


def test_a_request_links_to_the_value_on_its_indicators_page(client, off_track):
    indicator, value = off_track
    client.force_login(focal_of(unit_named(JUSTICE)))
    response = client.get(reverse("indicator-value", args=[value.pk]))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('indicator-detail', args=[indicator.pk])}?unit={value.unit_id}#value-{value.pk}"
    )


def test_an_unknown_value_is_404(client, personas):
    client.force_login(personas.viewer)
    assert client.get(reverse("indicator-value", args=[999999])).status_code == 404
