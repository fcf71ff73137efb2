"""Entering actuals and switching the public page through the services: who may, what is
refused (422 in Vietnamese, nothing written), versions, warnings and the change log."""

import pytest

from chidao.accounts.tests.factories import unit_named
from chidao.audit.models import ChangeLog
from chidao.indicators import selectors, services
from chidao.indicators.models import Publication, Value
from chidao.indicators.tests.helpers import FINANCE, JUSTICE, SYSTEM, TODAY, make_indicator
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db


def record(actor, indicator, unit=JUSTICE, period="2026-Q3", actual="72", note="", **extra):
    return services.value_record(
        actor=actor,
        indicator=indicator,
        unit=unit_named(unit),
        period=period,
        actual=actual,
        note=note,
        today=TODAY,
        **extra,
    )


def refused(status, *args, **kwargs):
    before = Value.objects.count()
    with pytest.raises(services.IndicatorError) as caught:
        record(*args, **kwargs)
    assert caught.value.status == status
    assert Value.objects.count() == before
    return str(caught.value)


def test_the_units_focal_person_enters_an_actual_with_its_source_and_author():
    indicator = make_indicator()
    focal = focal_of(unit_named(JUSTICE))
    value = record(focal, indicator, actual="72,5")
    assert (value.actual, value.source, value.entered_by, value.version) == (
        72.5,
        "entered",
        focal,
        1,
    )
    assert value.period_end.isoformat() == "2026-09-14"
    assert ChangeLog.objects.filter(target_type="indicators.value", action="create").exists()


def test_a_focal_person_of_another_unit_is_refused_403():
    indicator = make_indicator()
    refused(403, focal_of(unit_named(FINANCE)), indicator, unit=JUSTICE)


def test_a_value_out_of_the_indicators_range_is_refused_422():
    message = refused(422, SYSTEM, make_indicator(), actual="140")
    assert "ngoài khoảng" in message


def test_a_quarter_not_begun_is_refused():
    assert "chưa bắt đầu" in refused(422, SYSTEM, make_indicator(), period="2027-Q1")


def test_a_unit_without_the_indicator_is_refused():
    assert "không được giao" in refused(422, SYSTEM, make_indicator(), unit="Sở Nội vụ")


def test_a_value_below_its_milestone_needs_an_explanation():
    indicator = make_indicator()
    assert "giải trình" in refused(422, SYSTEM, indicator, actual="50")
    value = record(SYSTEM, indicator, actual="50", note="Hệ thống gián đoạn.")
    assert selectors.value_rows(indicator)[-1].state == "off_track"
    assert value.note == "Hệ thống gián đoạn."


def test_a_value_worse_than_last_quarter_needs_an_explanation_even_above_the_milestone():
    indicator = make_indicator()
    record(SYSTEM, indicator, period="2026-Q2", actual="90")
    refused(422, SYSTEM, indicator, period="2026-Q3", actual="80")


def test_off_track_warns_the_units_focal_person_and_the_standing_agency_once():
    indicator = make_indicator()
    focal, staff = focal_of(unit_named(JUSTICE)), standing_home_affairs()
    record(focal, indicator, actual="50", note="Chậm.")
    warned = set(
        OutboxMessage.objects.filter(kind="indicators.off_track").values_list(
            "recipient_id", flat=True
        )
    )
    assert {focal.pk, staff.pk} <= warned
    record(focal, indicator, actual="75")  # back on track: no new warning
    assert OutboxMessage.objects.filter(kind="indicators.off_track", recipient=focal).count() == 1


def test_a_correction_is_a_new_version_and_the_old_one_is_kept():
    indicator = make_indicator()
    first = record(SYSTEM, indicator, actual="71")
    second = record(SYSTEM, indicator, actual="74")
    first.refresh_from_db()
    assert (first.current, second.current, second.version) == (False, True, 2)
    assert [r.value.pk for r in selectors.value_rows(indicator)] == [second.pk]


def test_computed_indicators_take_no_typed_value():
    indicator = make_indicator(source_kind="task_completion", figure_key="")
    refused(409, SYSTEM, indicator)


def test_only_the_standing_agency_switches_the_public_page_and_it_is_logged():
    committee = committee_2023()
    with pytest.raises(services.IndicatorError) as caught:
        services.publication_set(
            actor=focal_of(unit_named(JUSTICE)), committee=committee, enabled=True
        )
    assert caught.value.status == 403
    assert not Publication.objects.filter(committee=committee, enabled=True).exists()
    services.publication_set(actor=standing_home_affairs(), committee=committee, enabled=True)
    assert selectors.is_published(committee)
    log = ChangeLog.objects.filter(target_type="indicators.publication").latest("id")
    assert (log.before["enabled"], log.after["enabled"]) == (False, True)
