"""The admin is the register's data-entry tool: by role only, and every change audited."""

import datetime as dt

import pytest
from django.urls import reverse

from chidao.accounts.tests.factories import login_verified
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
    login_verified(client, personas.standing)
    h = holding()
    url = reverse("admin:people_holding_change", args=[h.pk])
    response = client.post(url, holding_form(h, end="2020-12-31"))
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.end == dt.date(2020, 12, 31)
    log = ChangeLog.objects.filter(target_type="people.holding", target_id=str(h.pk)).latest("pk")
    assert log.actor == personas.standing
    assert log.action == "update"
    assert log.before["end"] is None
    assert log.after["end"] == "2020-12-31"


def test_an_end_before_the_start_is_a_form_error_and_changes_nothing(client, personas):
    login_verified(client, personas.standing)
    h = holding()
    url = reverse("admin:people_holding_change", args=[h.pk])
    logged = ChangeLog.objects.filter(target_type="people.holding").count()
    response = client.post(url, holding_form(h, start="2020-01-01", end="2019-01-01"))
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    h.refresh_from_db()
    assert h.start is None and h.end is None
    assert ChangeLog.objects.filter(target_type="people.holding").count() == logged


def test_deleting_is_audited(client, personas):
    login_verified(client, personas.standing)
    h = holding()
    url = reverse("admin:people_holding_delete", args=[h.pk])
    client.post(url, {"post": "yes"})
    assert not Holding.objects.filter(pk=h.pk).exists()
    log = ChangeLog.objects.get(target_type="people.holding", action="delete")
    assert log.before["attested_on"] == "2019-11-25"


def test_only_administrators_manage_accounts(client, personas):
    url = reverse("admin:accounts_user_changelist")
    login_verified(client, personas.standing)
    assert client.get(url).status_code == 403
    login_verified(client, personas.admin)
    assert client.get(url).status_code == 200


def test_the_change_log_cannot_be_edited_from_the_admin(client, personas):
    login_verified(client, personas.admin)
    log = ChangeLog.objects.first()
    assert client.get(reverse("admin:audit_changelog_change", args=[log.pk])).status_code == 200
    response = client.post(reverse("admin:audit_changelog_delete", args=[log.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ChangeLog.objects.filter(pk=log.pk).exists()


def test_tasks_are_read_only_in_the_admin(client, personas):
    login_verified(client, personas.admin)
    assert client.get(reverse("admin:tasks_task_changelist")).status_code == 200
    assert client.get(reverse("admin:tasks_task_add")).status_code == 403


def test_standing_staff_add_a_domain_and_it_is_audited(client, personas):
    login_verified(client, personas.standing)
    response = client.post(
        reverse("admin:tasks_domain_add"),
        {"code": "dx-data", "name": "Dữ liệu số", "area": "digital_transformation", "order": 5},
    )
    assert response.status_code == 302
    assert ChangeLog.objects.filter(target_type="tasks.domain", action="create").exists()


def committee_served_by(persona_unit_name: str):
    from chidao.committees.models import StandingAgency

    agency = StandingAgency.objects.filter(unit__name=persona_unit_name).select_related("version")
    return agency.first().version.committee


@pytest.fixture
def other_standing():
    """Standing-agency staff at Sở Nội vụ, which serves another committee than the Office."""
    from chidao.accounts.models import Role
    from chidao.accounts.tests.factories import UserFactory, unit_named

    return UserFactory(
        username="thuongtruc_noivu", role=Role.STANDING, unit=unit_named("Sở Nội vụ")
    )


def committee_form(committee, **changes):
    data = {
        "name": committee.name,
        "short_name": committee.short_name,
        "issuing_body": committee.issuing_body_id or "",
        "external_id": committee.external_id,
        "source": committee.source_id,
        "note": committee.note,
        "predecessor_links-TOTAL_FORMS": 0,
        "predecessor_links-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_standing_staff_of_another_committee_cannot_open_or_change_it(
    client, personas, other_standing
):
    office_committee = committee_served_by("Văn phòng Ủy ban nhân dân thành phố")
    login_verified(client, other_standing)
    url = reverse("admin:committees_committee_change", args=[office_committee.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, committee_form(office_committee, note="Sửa trái phép"))

    assert response.status_code == 403
    office_committee.refresh_from_db()
    assert office_committee.note != "Sửa trái phép"
    assert not ChangeLog.objects.filter(actor=other_standing).exists()


def test_standing_staff_list_and_edit_only_the_committees_they_serve(client, personas):
    office_committee = committee_served_by("Văn phòng Ủy ban nhân dân thành phố")
    login_verified(client, personas.standing)

    listed = client.get(reverse("admin:committees_committee_changelist"))
    response = client.post(
        reverse("admin:committees_committee_change", args=[office_committee.pk]),
        committee_form(office_committee, note="Ghi chú mới"),
    )

    assert list(listed.context["cl"].queryset) == [office_committee]
    assert response.status_code == 302
    office_committee.refresh_from_db()
    assert office_committee.note == "Ghi chú mới"


def test_another_committees_version_is_refused_in_the_admin(client, personas, other_standing):
    from chidao.committees.models import CommitteeVersion

    office_committee = committee_served_by("Văn phòng Ủy ban nhân dân thành phố")
    version = CommitteeVersion.objects.filter(committee=office_committee).first()
    login_verified(client, other_standing)

    url = reverse("admin:committees_committeeversion_change", args=[version.pk])
    listed = client.get(reverse("admin:committees_committeeversion_changelist"))

    assert client.get(url).status_code == 403
    assert version not in listed.context["cl"].queryset


def test_the_admin_says_nothing_in_english_in_vietnamese_mode(client, personas):
    """App and model names are translated, and so are the admin's own captions that Django's
    Vietnamese catalogue lacks (chidao/locale/vi)."""
    import html
    import re

    login_verified(client, personas.admin)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = html.unescape(re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S))
    for english in ("Model name", "Add link", "Toggle theme", "ACCOUNTS", "Accounts",
                    "Task results", "Database backend", "Authentication and Authorization",
                    "Recent actions", "Users", "Groups"):  # fmt: skip
        assert english not in text, english
    assert "Tên loại dữ liệu" in text
    assert "Nhật ký thay đổi" in text


def test_the_change_log_names_system_jobs_in_vietnamese(client, personas):
    from chidao.audit.services import record_change
    from chidao.core.policy import SystemActor

    record_change(
        actor=SystemActor("chidao load-demo-tasks"),
        action="load",
        target_type="tasks.task",
        target_repr="Kế hoạch mô phỏng",
    )
    login_verified(client, personas.admin)
    page = client.get(reverse("admin:audit_changelog_changelist")).content.decode()
    assert "Hệ thống (nạp nhiệm vụ mẫu)" in page
    assert "chidao load-demo-tasks" not in page
