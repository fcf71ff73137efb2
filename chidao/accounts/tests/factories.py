"""Factories and named personas for tests."""

from types import SimpleNamespace

import factory

from chidao.accounts.models import Role, User
from chidao.units.hanoi_agencies import agency_external_id
from chidao.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def unit_named(name: str) -> Unit:
    return Unit.objects.get(external_id=agency_external_id(name))


def make_personas() -> SimpleNamespace:
    """admin; standing-agency officer at the Office; focal persons of two departments who
    must not see each other's work; a committee leader; a read-only viewer."""
    office = unit_named("Văn phòng Ủy ban nhân dân thành phố")
    home_affairs = unit_named("Sở Nội vụ")
    justice = unit_named("Sở Tư pháp")
    return SimpleNamespace(
        admin=UserFactory(username="admin", role=Role.ADMIN, unit=office, is_staff=True),
        standing=UserFactory(username="thuongtruc", role=Role.STANDING, unit=office, is_staff=True),
        focal_a=UserFactory(username="daumoi_noivu", role=Role.FOCAL, unit=home_affairs),
        focal_b=UserFactory(username="daumoi_tuphap", role=Role.FOCAL, unit=justice),
        leader=UserFactory(username="lanhdao", role=Role.LEADER, unit=office),
        viewer=UserFactory(username="nguoixem", role=Role.VIEWER),
        password=PASSWORD,
    )


def login_verified(client, user) -> None:
    """Sign `user` in on the test client with a confirmed second factor, as the admin needs."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
