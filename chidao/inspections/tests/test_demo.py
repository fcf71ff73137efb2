"""The synthetic inspection round: labelled, consistent with the demo plan, idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command

from chidao.inspections.demo import load_demo_inspections
from chidao.inspections.models import Conclusion, InspectedUnit, Inspection
from chidao.obstacles.models import Obstacle
from chidao.tasks.models import Task

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def test_a_labelled_round_with_two_conclusions_and_their_tasks():
    result = load_demo_inspections(today=TODAY)
    assert (result.conclusions, result.tasks) == (2, 4)
    inspection = Inspection.objects.get()
    assert inspection.synthetic and "[Dữ liệu mô phỏng]" in inspection.title
    assert inspection.committee.name.startswith("Ban Chỉ đạo Cải cách hành chính, chuyển đổi số")
    assert inspection.status == Inspection.Status.ISSUED  # one unit is still to come
    statuses = dict(InspectedUnit.objects.values_list("unit_name", "status"))
    assert statuses == {
        "Sở Tư pháp": "concluded",
        "Phường Hoàn Kiếm": "concluded",
        "Sở Khoa học và Công nghệ": "inspected",
        "Phường Cầu Giấy": "prepared",
    }
    for conclusion in Conclusion.objects.all():
        tasks = Task.objects.filter(source=conclusion.source)
        assert tasks.count() == 2
        assert all(t.synthetic and t.lead_unit_id == conclusion.inspected.unit_id for t in tasks)
    overdue = Task.objects.filter(source__inspection_conclusion__isnull=False, deadline__lt=TODAY)
    assert overdue.count() == 2
    assert Obstacle.objects.filter(origin="inspection", synthetic=True).count() == 1
    names = [f.original_name for u in InspectedUnit.objects.all() for f in u.files.all()]
    assert names and all("mo-phong" in n for n in names)


def test_loading_twice_adds_nothing(capsys):
    call_command("load_demo_inspections")
    call_command("load_demo_inspections")
    assert "đã có" in capsys.readouterr().out
    assert Inspection.objects.count() == 1


def test_the_team_is_drawn_from_the_register_only():
    """A deputy head leads, the standing agency's seat deputises, the People's Committee
    Office and the City Inspectorate are members — each a seat of the register on the plan's
    first day, with its holder as the register has it; no inspected unit sits on the team."""
    from chidao.inspections.team import register_seats

    inspection = load_demo_inspections(today=TODAY).inspection
    team = list(inspection.team.all())
    assert [(m.role, m.unit_name) for m in team] == [
        ("leader", "Ủy ban nhân dân thành phố Hà Nội"),
        ("deputy", "Sở Nội vụ"),
        ("member", "Thanh tra thành phố"),
        ("member", "Văn phòng Ủy ban nhân dân thành phố"),
    ]
    seats = {
        (body, s.role_label, s.position or "", s.unit_id, s.person or "")
        for body, _i, s in register_seats(inspection.committee, inspection.starts_on)
    }
    for member in team:
        key = (member.body, member.seat_role_label, member.position, member.unit_id, member.person)
        assert key in seats
    inspected = set(inspection.units.values_list("unit_id", flat=True))
    assert not inspected & {m.unit_id for m in team}
    assert team[0].person  # the deputy head as the register names them
