"""A report returned for correction: POST /api/v1/reports/submissions/{id}/return by the
standing agency, with a reason; the unit's focal persons are told in-app and by e-mail (a real
SMTP server on loopback); others may not return it."""

import pytest

from chidao.notifications.models import Notification
from chidao.notifications.tasks import deliver
from chidao.reports.models import Submission
from chidao.reports.notices import RETURNED
from chidao.reports.tests.service_world import (  # noqa: F401
    HOME_AFFAIRS,
    PAST,
    fast_passwords,
    make_period,
    standing,
    submitted,
    user_of,
)
from chidao.reports.tests.test_api import bearer

pytestmark = pytest.mark.django_db
REASON = "Số liệu mục 2 chưa khớp với biểu mẫu."


def url(submission) -> str:
    return f"/api/v1/reports/submissions/{submission.pk}/return"


def test_the_standing_agency_returns_a_report_and_the_units_focal_person_is_told(
    client, smtp, django_capture_on_commit_callbacks
):
    period = make_period(when=PAST)
    focal = user_of(HOME_AFFAIRS, username="daumoi_tralai", email="daumoi_tralai@hanoi.gov.vn")
    report = submitted(period, focal)
    officer = standing()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(report),
            {"reason": REASON},
            content_type="application/json",
            headers=bearer(officer),
        )
    deliver.call()

    assert response.status_code == 200, response.content
    assert response.json()["return_reason"] == REASON
    assert response.json()["returned_at"]
    report.refresh_from_db()
    assert report.state == Submission.State.SUBMITTED  # it stands until corrected
    mine = client.get("/api/v1/notifications", headers=bearer(focal)).json()
    returned = [n for n in mine if n["kind"] == RETURNED]
    assert len(returned) == 1
    assert returned[0]["url"] == f"/reports/periods/{period.pk}/units/{focal.unit_id}/"
    [mail] = smtp.to(focal.email)
    assert "được trả lại để sửa" in mail["subject"]
    assert REASON in mail["body"]
    client.force_login(focal)  # the link shows why
    assert REASON in client.get(returned[0]["url"]).content.decode()


def test_a_focal_person_may_not_return_a_report(client):
    period = make_period(when=PAST)
    focal = user_of(HOME_AFFAIRS, username="daumoi_khongtralai")
    report = submitted(period, focal)
    response = client.post(
        url(report), {"reason": REASON}, content_type="application/json", headers=bearer(focal)
    )
    assert response.status_code == 403
    assert not Notification.objects.filter(kind=RETURNED).exists()


def test_a_return_needs_a_reason_and_a_submitted_report(client):
    period = make_period(when=PAST)
    focal = user_of(HOME_AFFAIRS, username="daumoi_lydo")
    report = submitted(period, focal)
    officer = standing()
    blank = client.post(
        url(report), {"reason": "  "}, content_type="application/json", headers=bearer(officer)
    )
    assert blank.status_code == 422
    Submission.objects.filter(pk=report.pk).update(state=Submission.State.SUPERSEDED)
    again = client.post(
        url(report), {"reason": REASON}, content_type="application/json", headers=bearer(officer)
    )
    assert again.status_code == 409
