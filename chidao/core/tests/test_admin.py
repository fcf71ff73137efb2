"""The admin is the register's data-entry tool: by role only, and every change audited."""

import datetime as dt

import pytest
from django.urls import reverse

from chidao.audit.models import ChangeLog
from chidao.people.models import Holding

pytestmark = pytest.mark.django_db


def holding():
    return Holding.objects.get(person__full_name="Nguyễn Ngọc Kỳ")


def holding_form(h, **changes):
    data = {
        "person": h.person_id,
        "position": h.position_id,
        "start": h.start or "",
        "end": h.end or "",
        "attested_on": h.attested_on or "",
        "capacity": h.capacity,
        "evidence": h.evidence,
        "source": h.source_id,
        "end_source": h.end_source_id or "",
        "external_id": h.external_id,
        "note": h.note,
    }
    data.update(changes)
    return data


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:people_holding_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["focal_a", "viewer", "leader"])
def test_readers_cannot_enter_the_admin(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("admin:people_holding_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_standing_staff_change_is_saved_and_audited_with_before_and_after(client, personas):
    client.force_login(personas.standing)
    h = holding()
    url = reverse("admin:people_holding_change", args=[h.pk])
    response = client.post(url, holding_form(h, end="2020-12-31"))
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.end == dt.date(2020, 12, 31)
    log = ChangeLog.objects.get(target_type="people.holding", target_id=str(h.pk))
    assert log.actor == personas.standing
    assert log.action == "update"
    assert log.before["end"] is None
    assert log.after["end"] == "2020-12-31"


def test_an_end_before_the_start_is_a_form_error_and_changes_nothing(client, personas):
    client.force_login(personas.standing)
    h = holding()
    url = reverse("admin:people_holding_change", args=[h.pk])
    response = client.post(url, holding_form(h, start="2020-01-01", end="2019-01-01"))
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    h.refresh_from_db()
    assert h.start is None and h.end is None
    assert not ChangeLog.objects.filter(target_type="people.holding").exists()


def test_deleting_is_audited(client, personas):
    client.force_login(personas.standing)
    h = holding()
    url = reverse("admin:people_holding_delete", args=[h.pk])
    client.post(url, {"post": "yes"})
    assert not Holding.objects.filter(pk=h.pk).exists()
    log = ChangeLog.objects.get(target_type="people.holding", action="delete")
    assert log.before["attested_on"] == "2019-11-25"


def test_only_administrators_manage_accounts(client, personas):
    url = reverse("admin:accounts_user_changelist")
    client.force_login(personas.standing)
    assert client.get(url).status_code == 403
    client.force_login(personas.admin)
    assert client.get(url).status_code == 200


def test_the_change_log_cannot_be_edited_from_the_admin(client, personas):
    client.force_login(personas.admin)
    log = ChangeLog.objects.first()
    assert client.get(reverse("admin:audit_changelog_change", args=[log.pk])).status_code == 200
    response = client.post(reverse("admin:audit_changelog_delete", args=[log.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ChangeLog.objects.filter(pk=log.pk).exists()


def test_tasks_are_read_only_in_the_admin(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("admin:tasks_task_changelist")).status_code == 200
    assert client.get(reverse("admin:tasks_task_add")).status_code == 403


def test_standing_staff_add_a_domain_and_it_is_audited(client, personas):
    client.force_login(personas.standing)
    response = client.post(
        reverse("admin:tasks_domain_add"),
        {"code": "dx-data", "name": "Dữ liệu số", "area": "digital_transformation", "order": 5},
    )
    assert response.status_code == 302
    assert ChangeLog.objects.filter(target_type="tasks.domain", action="create").exists()
