"""committee_version_amend carries the version in force over, less the seats it drops;
committee_dissolve ends a committee once, audited, and no version follows it."""

import datetime as dt

import pytest

from chidao.audit.models import ChangeLog
from chidao.committees import services
from chidao.committees.models import CommitteeVersion
from chidao.core.errors import ActionRefused
from chidao.core.policy import SystemActor

pytestmark = pytest.mark.django_db

ACTOR = SystemActor("chidao test")


@pytest.fixture
def last():
    """The seeded committee's last version (seats, standing agencies and duties)."""
    return (
        CommitteeVersion.objects.filter(seats__isnull=False)
        .select_related("committee", "decision", "source")
        .order_by("-effective_from")
        .first()
    )


def amend(last, *, drop=(), on=None, external_id="test:amend"):
    return services.committee_version_amend(
        actor=ACTOR,
        committee=last.committee,
        decision=last.decision,
        effective_from=on or last.effective_from + dt.timedelta(days=30),
        effective_from_basis=CommitteeVersion.DateBasis.DECISION_DATE,
        source=last.source,
        external_id=external_id,
        drop_seats=list(drop),
    )


def test_an_amend_carries_every_part_over_but_the_dropped_seat(last):
    seats = list(last.seats.order_by("body", "order"))

    version = amend(last, drop=[seats[1]])

    assert version.action == "amend"
    assert version.seats.count() == len(seats) - 1
    assert seats[1].pk not in version.seats.values_list("pk", flat=True)
    assert set(version.seats.values_list("source_quote", flat=True)) == {
        s.source_quote for s in seats if s.pk != seats[1].pk
    }
    assert version.standing_agencies.count() == last.standing_agencies.count()
    assert version.duties.count() == last.duties.count()
    assert last.seats.count() == len(seats)  # the earlier version is untouched


def test_an_amend_before_a_later_version_is_refused_409(last):
    with pytest.raises(ActionRefused) as refused:
        amend(last, on=last.effective_from - dt.timedelta(days=1))

    assert refused.value.status in (409, 422)
    assert not CommitteeVersion.objects.filter(external_id="test:amend").exists()


def test_a_dissolution_is_written_once_and_audited(last):
    on = last.effective_from + dt.timedelta(days=10)
    kwargs = dict(
        actor=ACTOR,
        committee=last.committee,
        decision=last.decision,
        dissolved_on=on,
        source=last.source,
        source_quote="giải thể",
    )

    services.committee_dissolve(**kwargs)
    services.committee_dissolve(**kwargs)  # the same fact again: nothing more

    last.committee.refresh_from_db()
    assert last.committee.dissolved_on == on
    logs = ChangeLog.objects.filter(action="dissolve", target_id=str(last.committee.pk))
    assert logs.count() == 1
    assert logs.get().before["dissolved_on"] is None
    with pytest.raises(ActionRefused) as again:
        services.committee_dissolve(**{**kwargs, "dissolved_on": on + dt.timedelta(days=1)})
    assert again.value.status == 409


def test_no_version_follows_a_dissolution_and_none_precedes_its_last_version(last):
    with pytest.raises(ActionRefused) as early:
        services.committee_dissolve(
            actor=ACTOR,
            committee=last.committee,
            decision=last.decision,
            dissolved_on=last.effective_from,
            source=last.source,
        )
    assert early.value.status == 422

    services.committee_dissolve(
        actor=ACTOR,
        committee=last.committee,
        decision=last.decision,
        dissolved_on=last.effective_from + dt.timedelta(days=1),
        source=last.source,
    )
    last.committee.refresh_from_db()
    with pytest.raises(ActionRefused) as after:
        amend(last, on=last.effective_from + dt.timedelta(days=5))
    assert after.value.status == 409
