"""Choosing the inspection team through the API: the register's seats on the first day one may
choose, and the team set by the standing agency before the plan is issued, per persona."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.audit.models import ChangeLog
from chidao.inspections.models import TeamMember
from chidao.inspections.tests.helpers import make_world, plan
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def candidates_url(inspection) -> str:
    return f"/api/v1/inspections/{inspection.pk}/team/candidates"


def team_url(inspection) -> str:
    return f"/api/v1/inspections/{inspection.pk}/team"


def put_team(client, inspection, team, user):
    return client.post(
        team_url(inspection), {"team": team}, content_type="application/json", headers=bearer(user)
    )


LEADER_AND_MEMBER = [
    {"body": "committee", "index": 1, "role": "leader"},
    {"body": "committee", "index": 2, "role": "member"},
]


def test_the_candidates_are_the_registers_seats_with_their_role_in_the_team_now(client):
    world = make_world()
    inspection = plan(world, issue=False)
    rows = client.get(candidates_url(inspection), headers=bearer(world.staff)).json()
    by_person = {row["person"]: row for row in rows}
    assert by_person["Hà Minh Hải"]["role"] == "leader"
    assert by_person["Hà Minh Hải"]["seat"] == "Phó Trưởng ban"
    assert by_person["Lê Hồng Sơn"]["role"] is None
    assert {row["body"] for row in rows} <= {"committee", "working_group"}
    assert set(rows[0]) == {"body", "index", "seat", "person", "position", "unit", "role"}


def test_the_candidates_are_seen_by_whoever_sees_the_inspection(client):
    world = make_world()
    inspection = plan(world, issue=False)
    assert client.get(candidates_url(inspection), headers=bearer(world.focal)).status_code == 200
    for user in (world.focal_health, world.other_staff):
        assert client.get(candidates_url(inspection), headers=bearer(user)).status_code == 404


def test_the_candidates_cost_the_same_for_a_team_of_two_or_of_every_seat(client):
    world = make_world()
    inspection = plan(world, issue=False)
    headers = bearer(world.staff)
    put_team(client, inspection, LEADER_AND_MEMBER, world.staff)
    client.get(candidates_url(inspection), headers=headers)
    with CaptureQueriesContext(connection) as two:
        seats = client.get(candidates_url(inspection), headers=headers).json()
    everyone = [{"body": s["body"], "index": s["index"], "role": "member"} for s in seats]
    everyone[0]["role"] = "leader"
    assert put_team(client, inspection, everyone, world.staff).status_code == 200
    with CaptureQueriesContext(connection) as all_seats:
        rows = client.get(candidates_url(inspection), headers=headers).json()
    assert all(row["role"] for row in rows)
    assert len(all_seats) == len(two)


def test_the_standing_agency_sets_the_team_with_the_pages_service(client):
    world = make_world()
    inspection = plan(world, issue=False)
    answer = put_team(client, inspection, LEADER_AND_MEMBER, world.staff)
    assert answer.status_code == 200
    assert [(m["role"], m["person"]) for m in answer.json()["team"]] == [
        ("leader", "Lê Hồng Sơn"),
        ("member", "Hà Minh Hải"),
    ]
    log = ChangeLog.objects.filter(target_type="inspections.inspection").latest("id")
    assert log.action == "update" and len(log.after["team"]) == 2


def test_others_may_not_set_the_team_and_it_stays(client):
    world = make_world()
    inspection = plan(world, issue=False)
    before = list(inspection.team.values_list("person", "role"))
    assert put_team(client, inspection, LEADER_AND_MEMBER, world.focal).status_code == 403
    assert put_team(client, inspection, LEADER_AND_MEMBER, world.viewer).status_code == 403
    assert put_team(client, inspection, LEADER_AND_MEMBER, world.focal_health).status_code == 404
    assert put_team(client, inspection, LEADER_AND_MEMBER, world.other_staff).status_code == 404
    assert list(inspection.team.values_list("person", "role")) == before


def test_the_team_is_not_chosen_again_once_the_plan_is_issued(client):
    world = make_world()
    inspection = plan(world)
    answer = put_team(client, inspection, LEADER_AND_MEMBER, world.staff)
    assert answer.status_code == 409
    assert "trạng thái" in answer.json()["detail"]


def test_a_seat_not_in_the_register_is_a_422_naming_the_member(client):
    world = make_world()
    inspection = plan(world, issue=False)
    team = [*LEADER_AND_MEMBER, {"body": "committee", "index": 999, "role": "member"}]
    answer = put_team(client, inspection, team, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "team[2]"]
    assert "Thành viên đoàn thứ 3" in answer.json()["detail"]


def test_a_seat_chosen_twice_is_a_422_and_nothing_changes(client):
    world = make_world()
    inspection = plan(world, issue=False)
    before = TeamMember.objects.filter(inspection=inspection).count()
    team = [*LEADER_AND_MEMBER, {"body": "committee", "index": 2, "role": "secretary"}]
    answer = put_team(client, inspection, team, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "team[2]"]
    assert TeamMember.objects.filter(inspection=inspection).count() == before


def test_a_team_without_exactly_one_leader_is_a_422(client):
    world = make_world()
    inspection = plan(world, issue=False)
    team = [{**member, "role": "leader"} for member in LEADER_AND_MEMBER]
    answer = put_team(client, inspection, team, world.staff)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "Đoàn kiểm tra cần đúng một Trưởng đoàn."
