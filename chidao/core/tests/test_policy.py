"""The access policy's primitives, its answers (404 hidden, 403 forbidden) and the system
actor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.audit.services import record_change
from chidao.committees.models import Committee, StandingAgency
from chidao.core import policy
from chidao.core.errors import ActionRefused

pytestmark = pytest.mark.django_db


def served_by(unit_name: str) -> set[int]:
    return set(
        StandingAgency.objects.filter(unit__name=unit_name).values_list(
            "version__committee_id", flat=True
        )
    )


def test_standing_staff_serve_the_committees_of_their_unit(personas):
    office = served_by("Văn phòng Ủy ban nhân dân thành phố")

    assert policy.served_committee_ids(personas.standing) == office
    assert all(policy.manages_committee(personas.standing, pk) for pk in office)
    others = Committee.objects.exclude(pk__in=office).values_list("pk", flat=True)
    assert others and not any(policy.manages_committee(personas.standing, pk) for pk in others)


def test_a_focal_person_of_a_standing_agency_manages_nothing(personas):
    focal_at_home_affairs = personas.focal_a  # Sở Nội vụ serves a committee as standing agency

    assert served_by("Sở Nội vụ")
    assert policy.managed_committee_ids(focal_at_home_affairs) == frozenset()
    assert not policy.manages_any_committee(focal_at_home_affairs)


def test_administrators_and_the_system_manage_every_committee(personas):
    assert policy.managed_committee_ids(personas.admin) is None
    assert policy.managed_committee_ids(policy.SYSTEM) is None


@pytest.mark.parametrize("persona", ["admin", "leader", "viewer"])
def test_who_reads_everything(personas, persona):
    assert policy.reads_everything(getattr(personas, persona))


@pytest.mark.parametrize("persona", ["standing", "focal_a"])
def test_who_does_not_read_everything(personas, persona):
    assert not policy.reads_everything(getattr(personas, persona))


def test_an_inactive_or_anonymous_user_has_no_rights(personas):
    personas.admin.is_active = False

    for user in (personas.admin, AnonymousUser()):
        assert not policy.reads_everything(user)
        assert not policy.manages_any_committee(user)
        assert policy.acting_unit_ids(user) == frozenset()


def test_focal_persons_act_for_their_unit_and_readers_for_none(personas):
    assert policy.acting_unit_ids(personas.focal_a) == {unit_named("Sở Nội vụ").pk}
    leader_with_unit = UserFactory(role=Role.LEADER, unit=unit_named("Sở Nội vụ"))
    assert policy.acting_unit_ids(leader_with_unit) == frozenset()


def test_a_hidden_object_is_404_and_a_forbidden_action_403(personas):
    committee = Committee.objects.first()

    with pytest.raises(Http404):
        policy.get_visible_or_404(Committee.objects, personas.viewer, 0)
    with pytest.raises(Http404):
        policy.get_visible_or_404(Committee.objects, personas.viewer, "abc")
    assert policy.get_visible_or_404(Committee.objects, personas.viewer, committee.pk) == committee
    with pytest.raises(policy.Forbidden) as refused:
        policy.require_permits(personas.viewer, policy.CHANGE, committee)
    # one exception, answered 403 by the API's ActionRefused handler and by Django's pages
    assert isinstance(refused.value, ActionRefused) and refused.value.status == 403
    assert isinstance(refused.value, PermissionDenied)


def test_an_unknown_action_is_an_error_not_a_silent_answer(personas):
    with pytest.raises(ValueError):
        Committee.objects.restrict(personas.admin, "publish")


def test_the_system_actor_is_named_in_the_log_and_has_no_user(personas):
    job = policy.SystemActor("chidao load-demo-tasks")
    committee = Committee.objects.first()

    row = record_change(actor=job, action="update", target=committee)

    assert (row.actor, row.actor_label) == (None, "chidao load-demo-tasks")
    assert str(job.display_name) == "Hệ thống"
    assert policy.is_system(job) and policy.manages_committee(job, committee.pk)


@pytest.mark.parametrize("actor", ["chidao load-demo", None])
def test_a_string_or_nothing_is_not_an_actor(actor):
    committee = Committee.objects.first()

    with pytest.raises(TypeError):
        record_change(actor=actor, action="update", target=committee)
