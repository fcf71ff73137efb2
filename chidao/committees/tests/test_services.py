"""The register's writes: one service each, audited, keeping the source, safe to repeat."""

import datetime as dt

import pytest

from chidao.audit.models import ChangeLog
from chidao.committees import services
from chidao.committees.models import Committee, CommitteeVersion, Seat
from chidao.core.errors import ActionRefused
from chidao.core.policy import SystemActor
from chidao.people.models import Holding
from chidao.people.services import holding_attest, holding_end, person_record, position_record

pytestmark = pytest.mark.django_db

ACTOR = SystemActor("chidao test")


@pytest.fixture
def version():
    return CommitteeVersion.objects.select_related("committee", "decision", "source").first()


def test_a_new_version_writes_its_row_and_a_change_log_row_with_its_source(version):
    committee = services.committee_record(
        actor=ACTOR, external_id="test:committee", name="Ban Chỉ đạo thử", source=version.source
    )
    created = services.committee_version_record(
        actor=ACTOR,
        committee=committee,
        decision=version.decision,
        action=CommitteeVersion.Action.ESTABLISH,
        effective_from=dt.date(2020, 1, 2),
        effective_from_basis=CommitteeVersion.DateBasis.DECISION_DATE,
        source=version.source,
        external_id="test:version",
    )
    assert created.source == version.source
    log = ChangeLog.objects.get(target_type="committees.committeeversion", target_id=created.pk)
    assert log.action == "create"
    assert log.actor_label == "chidao test"
    assert log.after["effective_from"] == "2020-01-02"


def test_writing_the_same_seat_twice_changes_nothing_and_logs_nothing(version):
    seat = version.seats.first()
    values = {
        "version": version,
        "body": seat.body,
        "order": seat.order,
        "role": seat.role,
        "person": seat.person,
        "position": seat.position,
        "rule": seat.rule,
        "rule_parent": seat.rule_parent,
        "label": seat.label,
        "source": seat.source,
        "source_quote": seat.source_quote,
    }
    logged = ChangeLog.objects.count()
    counts: dict = {}
    again = services.seat_record(actor=ACTOR, counts=counts, **values)
    assert again.pk == seat.pk
    assert counts == {"unchanged": 1}
    assert ChangeLog.objects.count() == logged


def test_a_changed_seat_logs_before_and_after(version):
    seat = version.seats.exclude(holder_kind=Seat.HolderKind.RULE).first()
    services.seat_record(
        actor=ACTOR,
        version=version,
        body=seat.body,
        order=seat.order,
        role=seat.role,
        person=seat.person,
        position=seat.position,
        source=seat.source,
        source_quote="Câu trích đã sửa.",
    )
    log = ChangeLog.objects.filter(target_type="committees.seat", target_id=seat.pk).latest("pk")
    assert (log.action, log.after["source_quote"]) == ("update", "Câu trích đã sửa.")
    assert log.before["source_quote"] == seat.source_quote


def test_a_second_version_on_the_same_day_is_refused_with_409(version):
    with pytest.raises(ActionRefused) as refused:
        services.committee_version_record(
            actor=ACTOR,
            committee=version.committee,
            decision=version.decision,
            action=version.action,
            effective_from=version.effective_from,
            effective_from_basis=version.effective_from_basis,
            source=version.source,
            external_id="test:another-version",
        )
    assert refused.value.status == 409
    assert not CommitteeVersion.objects.filter(external_id="test:another-version").exists()


def test_a_seat_with_neither_person_position_nor_rule_is_refused(version):
    with pytest.raises(ActionRefused):
        services.seat_record(
            actor=ACTOR,
            version=version,
            body=Seat.Body.COMMITTEE,
            order=999,
            role=Seat.Role.MEMBER,
            source=version.source,
            source_quote="Ủy viên.",
        )


def test_an_attested_holding_is_not_added_twice_for_the_same_date(version):
    unit = Committee.objects.exclude(issuing_body=None).first().issuing_body
    person = person_record(actor=ACTOR, full_name="Nguyễn Văn Thử")
    position = position_record(actor=ACTOR, unit=unit, title="Phó Giám đốc thử", rank="deputy")
    first = holding_attest(
        actor=ACTOR,
        person=person,
        position=position,
        attested_on=dt.date(2021, 5, 4),
        source=version.source,
    )
    second = holding_attest(
        actor=ACTOR,
        person=person,
        position=position,
        attested_on=dt.date(2021, 5, 4),
        source=version.source,
    )
    assert first.pk == second.pk
    assert Holding.objects.filter(person=person).count() == 1
    assert first.source == version.source


def test_a_holding_cannot_end_before_it_began(version):
    holding = Holding.objects.exclude(start=None).first()
    with pytest.raises(ActionRefused):
        holding_end(
            actor=ACTOR,
            holding=holding,
            end=holding.start - dt.timedelta(days=1),
            source=version.source,
        )
    ended = holding_end(actor=ACTOR, holding=holding, end=holding.start, source=version.source)
    assert (ended.end, ended.end_source) == (holding.start, version.source)


def test_the_seeds_and_the_reader_write_the_register_through_these_services():
    """Neither loader writes committees, versions, seats or holdings on its own."""
    import inspect

    from chidao.committees import seeds
    from chidao.ingest import services as ingest

    for module in (seeds, ingest):
        text = inspect.getsource(module)
        for model in ("Committee", "CommitteeVersion", "Seat", "StandingAgency", "Duty"):
            assert f"{model}.objects.create(" not in text
            assert f"{model}(" not in text.replace(f"class {model}(", "")
        assert "Holding.objects.create(" not in text
        assert "upsert(\n            Holding" not in text
