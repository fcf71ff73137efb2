"""The register's pages: each unit sees its own items, the standing agency its committee's;
forms act through the services; bad input is a 4xx with a message, never a 500."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.obstacles.models import Obstacle
from chidao.obstacles.tests.world import assigned, raised
from chidao.reports.tests import reporting as r

pytestmark = pytest.mark.django_db


def detail(item):
    return reverse("obstacle-detail", args=[item.pk])


def test_the_list_shows_a_unit_its_own_items_only(client, w):
    mine = raised(w)
    other = raised(w, title="Vướng mắc khác").__class__.objects.create(
        committee=w.committee, title="Của Sở Tài chính", title_key="cua so tai chinh",
        raised_by=w.finance, raised_by_name=w.finance.name, raised_on=dt.date(2025, 7, 1),
        origin="direct",
    )  # fmt: skip
    client.force_login(w.focal_commune)
    page = client.get(reverse("obstacle-list")).content.decode()
    assert mine.title in page and other.title not in page


def test_the_list_query_count_does_not_grow(client, w):
    client.force_login(w.staff)
    for n in range(3):
        assigned(w, raised(w, title=f"Vướng mắc {n}"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("obstacle-list"))
    for n in range(10):
        assigned(w, raised(w, title=f"Vướng mắc thêm {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("obstacle-list"))
    assert len(many) == len(few)


def test_a_focal_person_raises_an_item_on_the_page(client, w):
    client.force_login(w.focal_commune)
    response = client.post(
        reverse("obstacle-create"),
        {"committee": w.committee.pk, "unit": w.commune.pk, "kind": "difficulty",
         "title": "Thiếu máy quét tài liệu", "origin": "direct", "raised_on": "01/09/2025"},
    )  # fmt: skip
    item = Obstacle.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(item)
    assert item.raised_on == dt.date(2025, 9, 1)


def test_a_bad_date_is_a_422_with_a_message(client, w):
    client.force_login(w.focal_commune)
    response = client.post(
        reverse("obstacle-create"),
        {"committee": w.committee.pk, "unit": w.commune.pk, "kind": "difficulty",
         "title": "X", "origin": "direct", "raised_on": "31/13/2025"},
    )  # fmt: skip
    assert response.status_code == 422
    assert not Obstacle.objects.exists()


def test_the_standing_agency_assigns_and_the_resolver_answers_on_the_page(client, w):
    item = raised(w)
    client.force_login(w.staff)
    response = client.post(
        detail(item),
        {
            "action": "assign",
            "level": "department",
            "resolver": w.justice.pk,
            "due_on": "15/08/2025",
        },
    )
    assert response.status_code == 302
    client.force_login(w.focal_justice)
    page = client.get(detail(item)).content.decode()
    assert 'value="reply"' in page and 'value="assign"' not in page
    client.post(detail(item), {"action": "reply", "text": "Đã hướng dẫn", "resolved": "on"})
    item.refresh_from_db()
    assert item.state == "resolved"


def test_the_unit_that_raised_it_cannot_assign_it(client, w):
    item = raised(w)
    client.force_login(w.focal_commune)
    response = client.post(detail(item), {"action": "assign"})
    assert response.status_code == 403


def test_an_unknown_action_is_a_400(client, w):
    client.force_login(w.staff)
    assert client.post(detail(raised(w)), {"action": "explode"}).status_code == 400


def test_an_outsider_gets_a_404(client, w):
    client.force_login(w.focal_finance)
    assert client.get(detail(raised(w))).status_code == 404


def test_the_proposed_page_takes_a_report_section_in(client, w):
    period = r.make_period(units=[w.commune])
    r.submit(
        period, w.commune, sections={"difficulties": "Thiếu kinh phí"}, day=dt.date(2025, 9, 16)
    )
    client.force_login(w.staff)
    page = client.get(reverse("obstacle-proposed"), {"period": period.pk}).content.decode()
    assert "Thiếu kinh phí" in page
    submission = period.submissions.get()
    response = client.post(
        f"{reverse('obstacle-proposed')}?period={period.pk}",
        {"key": f"{submission.pk}:difficulties", "title": ""},
    )
    assert response.status_code == 302
    assert Obstacle.objects.get().origin == "report"


def test_the_proposed_page_is_the_standing_agencys(client, w):
    client.force_login(w.focal_commune)
    assert client.get(reverse("obstacle-proposed")).status_code == 403
    client.force_login(w.staff)
    assert client.get(reverse("obstacle-proposed"), {"period": "abc"}).status_code == 400
