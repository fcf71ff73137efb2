"""Setting up reporting through the services: forms and their versions, regimes, periods and
ad-hoc requests; who may do each; what the database holds afterwards (and that a refusal
writes nothing). Drafts, submission, approval and corrections are in test_submissions.py.
"""

import datetime as dt

import pytest

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import unit_named
from chidao.reports import services
from chidao.reports.models import (
    Frequency,
    ReportForm,
    ReportFormVersion,
    ReportingRegime,
    ReportPeriod,
)
from chidao.reports.services import ReportError
from chidao.reports.tests.service_world import (
    FIGURES,
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PAST_DEADLINE,
    SECTIONS,
    SYSTEM,
    changes,
    make_form,
    make_period,
    make_regime,
    standing,
    submitted,
    uploads,  # noqa: F401  (autouse fixture)
    user_of,
)
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    committee_egov,
    fast_passwords,
)

pytestmark = pytest.mark.django_db


# ---- forms ---------------------------------------------------------------------------------


def test_a_new_form_gets_version_1_with_the_four_default_sections():
    manager = standing()

    form = services.form_create(
        actor=manager, committee=committee_2023(), name="Mẫu quý", figures=FIGURES
    )

    version = form.versions.get()
    assert version.number == 1
    assert [s["key"] for s in version.sections] == [
        "results",
        "difficulties",
        "proposals",
        "next_period",
    ]
    assert all(s["title"] for s in version.sections)
    assert version.figures == FIGURES
    assert version.created_by == manager
    assert changes(form) == ["create"] and changes(version) == ["create"]


@pytest.mark.parametrize(
    ("sections", "figures"),
    [
        ([{"key": "results", "title": "A"}, {"key": "results", "title": "B"}], []),
        ([{"key": "Kết quả", "title": "A"}], []),
        ([{"key": "results", "title": "  "}], []),
        ([], []),
        (None, [{"key": "dvc", "label": "A"}, {"key": "dvc", "label": "B"}]),
        (None, [{"key": "dvc", "label": ""}]),
        (None, [{"key": "", "label": "A"}]),
    ],
)
def test_a_form_with_bad_keys_or_titles_is_refused_and_nothing_written(sections, figures):
    before = ReportForm.objects.count(), ReportFormVersion.objects.count()

    with pytest.raises(ReportError) as refused:
        services.form_create(
            actor=standing(),
            committee=committee_2023(),
            name="Mẫu lỗi",
            sections=sections,
            figures=figures,
        )

    assert refused.value.status == 422
    assert (ReportForm.objects.count(), ReportFormVersion.objects.count()) == before


@pytest.mark.parametrize("role", [Role.FOCAL, Role.LEADER, Role.VIEWER])
def test_only_the_standing_agency_creates_forms(role):
    with pytest.raises(ReportError) as refused:
        services.form_create(
            actor=user_of(HOME_AFFAIRS, role), committee=committee_2023(), name="X"
        )
    assert refused.value.status == 403
    assert not ReportForm.objects.filter(name="X").exists()


def test_standing_staff_of_another_committee_may_not_change_its_forms(personas):
    # personas.standing works at the Office: standing agency of the e-Government committee.
    with pytest.raises(ReportError) as refused:
        services.form_create(actor=personas.standing, committee=committee_2023(), name="X")
    assert refused.value.status == 403
    form = services.form_create(actor=personas.standing, committee=committee_egov(), name="Y")
    assert form.committee == committee_egov()


def test_a_new_form_version_is_numbered_after_the_last():
    form = make_form()

    version = services.form_new_version(
        actor=standing(), form=form, sections=[("results", "Kết quả")], figures=[]
    )

    assert version.number == 2
    assert version.sections == [{"key": "results", "title": "Kết quả"}]
    assert list(form.versions.values_list("number", flat=True)) == [1, 2]


def test_changing_the_form_after_submission_leaves_the_submitted_report_on_its_version():
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    report = submitted(period, focal)
    old_version = report.form_version

    services.form_new_version(
        actor=standing(),
        form=period.form_version.form,
        sections=[{"key": "results", "title": "Chỉ một phần"}],
        figures=[],
    )

    report.refresh_from_db()
    period.refresh_from_db()
    assert report.form_version == old_version and old_version.number == 1
    assert period.form_version == old_version
    assert [s["key"] for s in report.form_version.sections][:2] == ["results", "difficulties"]
    assert report.sections == SECTIONS


# ---- regimes and periods -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": Frequency.AD_HOC}, "frequency"),
        ({"deadline_rule": "fixed_day", "deadline_value": 10}, "deadline_value"),
        ({"deadline_rule": "working_days", "deadline_value": 0}, "deadline_value"),
        ({"units": []}, "units"),
    ],
)
def test_a_regime_that_cannot_work_is_refused(fields, field):
    arguments = {
        "actor": standing(),
        "committee": committee_2023(),
        "name": "Chế độ thử",
        "frequency": Frequency.QUARTERLY,
        "form": make_form(),
        "units": [unit_named(HOME_AFFAIRS)],
        **fields,
    }
    with pytest.raises(ReportError) as refused:
        services.regime_create(**arguments)
    assert refused.value.field == field
    assert not ReportingRegime.objects.filter(name="Chế độ thử").exists()


def test_a_regime_may_not_use_another_committees_form():
    with pytest.raises(ReportError) as refused:
        make_regime(form=make_form(committee=committee_egov()))
    assert refused.value.field == "form"


def test_opening_a_period_computes_window_and_deadline_and_copies_units_and_form_version():
    regime = make_regime((HOME_AFFAIRS, JUSTICE, FINANCE))
    services.form_new_version(
        actor=SYSTEM, form=regime.form, sections=[("results", "Kết quả")], figures=[]
    )

    period = services.period_open(actor=standing(), regime=regime, year=2026, index=1)

    assert (period.data_from, period.data_to) == (dt.date(2025, 12, 15), dt.date(2026, 3, 14))
    assert period.deadline == PAST_DEADLINE
    assert period.label == "Quý I/2026" and period.kind == Frequency.QUARTERLY
    assert period.committee == committee_2023()
    assert set(period.units.values_list("name", flat=True)) == {HOME_AFFAIRS, JUSTICE, FINANCE}
    assert period.form_version.number == 2
    assert changes(period) == ["create"]


def test_opening_the_same_period_twice_gives_one_period():
    regime = make_regime()

    first = services.period_open(actor=SYSTEM, regime=regime, year=2026, index=2)
    second = services.period_open(actor=standing(), regime=regime, year=2026, index=2)

    assert first.pk == second.pk
    assert ReportPeriod.objects.filter(regime=regime).count() == 1
    assert changes(first) == ["create"]


def test_a_holiday_moves_the_deadline(settings):
    settings.CHIDAO_HOLIDAYS = ["2026-03-16", "2026-03-17"]
    period = services.period_open(actor=SYSTEM, regime=make_regime(), year=2026, index=1)
    assert period.deadline == dt.date(2026, 3, 19)


def test_a_fixed_day_regime_gets_that_day_of_the_cutoff_month():
    regime = make_regime(rule="fixed_day", value=18)
    period = services.period_open(actor=SYSTEM, regime=regime, year=2026, index=2)
    assert period.deadline == dt.date(2026, 6, 18)


def test_a_focal_person_may_not_open_a_period():
    regime = make_regime()
    with pytest.raises(ReportError) as refused:
        services.period_open(actor=user_of(HOME_AFFAIRS), regime=regime, year=2026, index=1)
    assert refused.value.status == 403
    assert not ReportPeriod.objects.filter(regime=regime).exists()


def test_an_adhoc_request_has_the_deadline_the_requester_set():
    form = make_form()

    period = services.adhoc_request(
        actor=standing(),
        committee=committee_2023(),
        title="Báo cáo đột xuất về số hóa hồ sơ",
        data_from=dt.date(2026, 10, 1),
        data_to=dt.date(2026, 10, 31),
        deadline=dt.date(2026, 11, 5),
        units=[unit_named(JUSTICE)],
        form_version=form.versions.get(),
    )

    assert period.kind == Frequency.AD_HOC and period.regime is None
    assert period.deadline == dt.date(2026, 11, 5)
    assert period.title == period.label == "Báo cáo đột xuất về số hóa hồ sơ"
    assert list(period.units.values_list("name", flat=True)) == [JUSTICE]


def test_an_adhoc_deadline_on_or_before_the_cutoff_is_refused():
    form = make_form()
    with pytest.raises(ReportError) as refused:
        services.adhoc_request(
            actor=standing(),
            committee=committee_2023(),
            title="Đột xuất",
            data_from=dt.date(2026, 10, 1),
            data_to=dt.date(2026, 10, 31),
            deadline=dt.date(2026, 10, 31),
            units=[unit_named(JUSTICE)],
            form_version=form.versions.get(),
        )
    assert refused.value.field == "deadline"
    assert not ReportPeriod.objects.filter(label="Đột xuất").exists()
