"""The yearly plan: units and days, the team from the register, the checklist from a criteria
set or written, issuing it (a Decree-30 document signed from the register), the unit's
preparation with evidence, and difficulties raised at an inspection."""

import datetime as dt
import io

import pytest
from docx import Document

from chidao.evaluation.tests import helpers as eh
from chidao.inspections import documents, services, team
from chidao.inspections.models import InspectedUnit, TeamMember
from chidao.inspections.tests.helpers import ISSUED, STARTS, make_world, pdf, plan
from chidao.notifications.models import OutboxMessage
from chidao.obstacles.models import Obstacle
from chidao.officialdocs import register
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_the_team_is_drawn_from_the_register_on_the_first_day():
    world = make_world()
    inspection = plan(world)
    team = list(inspection.team.all())
    leader = [m for m in team if m.role == TeamMember.Role.LEADER]
    assert [(m.person, m.seat_role_label) for m in leader] == [("Hà Minh Hải", "Phó Trưởng ban")]
    members = {m.unit_name for m in team if m.role == TeamMember.Role.MEMBER}
    assert "Sở Nội vụ" in members  # the standing agency's seat


def test_a_chosen_team_needs_one_leader_and_seats_of_the_day():
    world = make_world()
    with pytest.raises(services.InspectionError) as refused:
        plan(world, team=[team.TeamPick("committee", 0, "member")])
    assert refused.value.field == "team"
    with pytest.raises(services.InspectionError) as refused:
        plan(world, team=[team.TeamPick("committee", 999, "leader")])
    assert refused.value.field == "team[0]"


def test_the_checklist_is_built_from_the_criteria_sets_leaves():
    world = make_world()
    criteria = eh.make_set()
    inspection = plan(world, criteria_set=criteria, checklist=())
    assert list(inspection.checklist.values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "3",
    ]
    assert inspection.checklist.get(code="1.2").criterion.title == "Kiểm tra"


def test_a_unit_day_outside_the_plan_is_refused_naming_the_unit():
    world = make_world()
    with pytest.raises(services.InspectionError) as refused:
        services.inspection_create(
            actor=world.staff,
            committee=world.committee,
            year=2025,
            title="x",
            starts_on=STARTS,
            ends_on=STARTS + dt.timedelta(days=5),
            units=[(world.justice, STARTS), (world.finance, dt.date(2025, 12, 1))],
        )
    assert refused.value.field == "units[1]"


def test_issuing_the_plan_tells_the_inspected_units():
    world = make_world()
    plan(world)
    told = set(
        OutboxMessage.objects.filter(kind="inspection.planned").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {world.focal.pk, world.focal_finance.pk}


def test_the_plan_is_a_decree_30_document_signed_from_the_register():
    world = make_world()
    inspection = plan(world)
    inspection.refresh_from_db()
    text = text_of(documents.plan_docx(inspection))
    signature = register.committee_signature(world.committee, on=ISSUED)
    assert "KẾ HOẠCH" in text
    assert "Số: 05/KH-" in text
    assert signature.name and signature.name in text
    assert "Sở Tư pháp" in text and "06/10/2025" in text
    assert "Hà Minh Hải" in text  # the team's leader


def test_the_unit_prepares_with_evidence_and_no_other_unit_may():
    world = make_world()
    inspection = plan(world)
    inspected = InspectedUnit.objects.get(inspection=inspection, unit=world.justice)
    with pytest.raises(services.InspectionError) as refused:
        services.preparation_save(actor=world.focal_finance, inspected=inspected, text="x")
    assert refused.value.status == 403
    services.preparation_save(
        actor=world.focal, inspected=inspected, text="Báo cáo tự kiểm tra", uploads=[pdf()]
    )
    inspected.refresh_from_db()
    assert inspected.status == "prepared"
    assert inspected.files.get().original_name == "minh-chung.pdf"


def test_a_difficulty_raised_at_an_inspection_goes_to_the_register_linked():
    world = make_world()
    inspection = plan(world)
    obstacle = services.obstacle_raise(
        actor=world.focal,
        inspection=inspection,
        unit=world.justice,
        title="Thiếu máy quét",
        raised_on=dt.date(2025, 10, 6),
    )
    assert obstacle.origin == Obstacle.Origin.INSPECTION
    assert inspection.title in obstacle.origin_note
    assert list(InspectedUnit.objects.get(obstacles=obstacle).unit.name.split()) == [
        "Sở",
        "Tư",
        "pháp",
    ]
