"""The report pages: who may open which page (anonymous, outsider unit, reader, editor), the
unit's report (draft, files, submit, approve, correct, versions), the form editor, opening
a period and ad-hoc requests; every refused POST writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import login_verified
from chidao.reports.models import ReportFormVersion, ReportPeriod, Submission
from chidao.reports.tests.service_world import (  # noqa: F401
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PAST,
    PAST_DEADLINE,
    PDF,
    SECTIONS,
    draft,
    fast_passwords,
    make_form,
    make_period,
    make_regime,
    pdf,
    standing,
    submitted,
    uploads,
    user_of,
)
from chidao.tasks.tests.factories import committee_2023
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


def page_url(period, unit_name, name="report-submission"):
    unit = Unit.objects.get(pk=period.units.get(name=unit_name).pk)
    return reverse(name, args=[period.pk, unit.pk])


def form_data(**overrides):
    data = {f"section_{key}": text for key, text in SECTIONS.items()}
    data |= {"figure_dvc": "12", "figure_ty_le": "80,5", "action": "save"}
    return data | overrides


def login(client, user):
    client.force_login(user)
    return user


# ---- anonymous and outsiders


def test_every_page_needs_login(client):
    period = make_period()
    unit = period.units.first()
    urls = [
        reverse("report-periods"),
        reverse("report-period", args=[period.pk]),
        reverse("report-submission", args=[period.pk, unit.pk]),
        reverse("report-submission-version", args=[period.pk, unit.pk, 1]),
        reverse("report-forms"),
        reverse("report-form-new"),
        reverse("report-form-edit", args=[period.form_version.form_id]),
        reverse("report-period-open"),
        reverse("report-adhoc"),
        reverse("report-attachment", args=[1]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.post(reverse("report-submission-save", args=[period.pk, unit.pk]))
    assert response.status_code == 302
    assert not Submission.objects.exists()


def test_an_outsider_unit_gets_404_for_the_period_and_its_reports(client):
    period = make_period((HOME_AFFAIRS, JUSTICE))
    login(client, user_of(FINANCE))
    assert client.get(reverse("report-period", args=[period.pk])).status_code == 404
    assert client.get(page_url(period, HOME_AFFAIRS)).status_code == 404
    response = client.post(page_url(period, HOME_AFFAIRS, "report-submission-save"), form_data())
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_a_listed_unit_does_not_see_another_units_report(client):
    period = make_period((HOME_AFFAIRS, JUSTICE))
    submitted(period, user_of(HOME_AFFAIRS))
    login(client, user_of(JUSTICE))
    assert client.get(page_url(period, JUSTICE)).status_code == 200
    assert client.get(page_url(period, HOME_AFFAIRS)).status_code == 404
    assert (
        client.get(
            reverse(
                "report-submission-version",
                args=[period.pk, period.units.get(name=HOME_AFFAIRS).pk, 1],
            )
        ).status_code
        == 404
    )


@pytest.mark.parametrize("reader", ["viewer", "leader"])
def test_readers_see_the_report_but_may_not_write(client, personas, reader):
    period = make_period()
    login(client, getattr(personas, reader))
    page = client.get(page_url(period, HOME_AFFAIRS))
    assert page.status_code == 200 and 'id="draft"' not in page.content.decode()

    response = client.post(page_url(period, HOME_AFFAIRS, "report-submission-save"), form_data())

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_standing_staff_read_every_unit_but_do_not_write_for_them(client):
    period = make_period()
    login(client, standing())
    assert client.get(page_url(period, JUSTICE)).status_code == 200
    response = client.post(page_url(period, JUSTICE, "report-submission-save"), form_data())
    assert response.status_code == 403
    assert not Submission.objects.exists()


# ---- the period page


def test_the_period_page_shows_each_unit_with_late_and_missing(client):
    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE), when=PAST)
    on_time = submitted(period, user_of(HOME_AFFAIRS))
    late = submitted(period, user_of(JUSTICE))
    Submission.objects.filter(pk=on_time.pk).update(
        submitted_at=dt.datetime(2026, 3, 17, 3, 0, tzinfo=dt.UTC)
    )
    Submission.objects.filter(pk=late.pk).update(
        submitted_at=dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)
    )
    login(client, standing())

    html = client.get(reverse("report-period", args=[period.pk])).content.decode()

    assert "Quý I/2026" in html and "17/03/2026" in html
    assert "Nộp đúng hạn" in html and "Nộp muộn" in html and "Quá hạn, chưa nộp" in html
    for unit_name in (HOME_AFFAIRS, JUSTICE, FINANCE):
        assert page_url(period, unit_name) in html


def test_the_periods_list_links_the_units_own_report(client):
    period = make_period()
    focal = login(client, user_of(HOME_AFFAIRS))
    html = client.get(reverse("report-periods")).content.decode()
    assert reverse("report-period", args=[period.pk]) in html
    assert reverse("report-submission", args=[period.pk, focal.unit_id]) in html


# ---- the unit's report


def test_a_focal_person_saves_a_draft_then_submits_from_the_page(client):
    period = make_period()
    focal = login(client, user_of(HOME_AFFAIRS))
    save_url = page_url(period, HOME_AFFAIRS, "report-submission-save")

    response = client.post(save_url, form_data())
    assert response.status_code == 302
    saved = Submission.objects.get(period=period)
    assert saved.state == "draft" and saved.figures == {"dvc": 12, "ty_le": 80.5}

    response = client.post(save_url, form_data(section_results="Bản cuối", action="submit"))

    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.state == "submitted" and saved.submitted_at is not None
    assert saved.sections["results"] == "Bản cuối" and saved.author == focal
    page = client.get(page_url(period, HOME_AFFAIRS)).content.decode()
    assert "Đã nộp báo cáo." in page and "Bản cuối" in page


def test_a_bad_figure_is_a_form_error_and_nothing_is_written(client):
    period = make_period()
    login(client, user_of(HOME_AFFAIRS))

    response = client.post(
        page_url(period, HOME_AFFAIRS, "report-submission-save"),
        form_data(figure_dvc="mười hai", action="submit"),
    )

    assert response.status_code == 422
    assert "Phải là số." in response.content.decode()
    assert not Submission.objects.exists()


def test_submitting_an_empty_report_is_refused_and_nothing_is_written(client):
    period = make_period()
    login(client, user_of(HOME_AFFAIRS))
    empty = {f"section_{key}": "" for key in SECTIONS} | {"action": "submit"}

    response = client.post(page_url(period, HOME_AFFAIRS, "report-submission-save"), empty)

    assert response.status_code == 422
    assert not Submission.objects.exists()  # the draft saved in the same request is undone


def test_a_submitted_report_is_read_only_and_cannot_be_saved_over(client):
    period = make_period()
    focal = login(client, user_of(HOME_AFFAIRS))
    report = submitted(period, focal)

    page = client.get(page_url(period, HOME_AFFAIRS)).content.decode()
    assert 'id="draft"' not in page and 'id="correct"' in page

    response = client.post(
        page_url(period, HOME_AFFAIRS, "report-submission-save"),
        form_data(section_results="Sửa lén"),
    )

    assert response.status_code == 409
    report.refresh_from_db()
    assert report.sections == SECTIONS
    assert Submission.objects.filter(period=period).count() == 1


def test_a_correction_from_the_page_is_version_2_and_version_1_stays_readable(client):
    period = make_period()
    focal = login(client, user_of(HOME_AFFAIRS))
    first = submitted(period, focal)

    response = client.post(
        page_url(period, HOME_AFFAIRS, "report-submission-correct"),
        form_data(section_results="Số liệu đã sửa"),
    )

    assert response.status_code == 302
    first.refresh_from_db()
    second = Submission.objects.get(period=period, version=2)
    assert first.state == "superseded" and first.sections == SECTIONS
    assert second.state == "submitted" and second.sections["results"] == "Số liệu đã sửa"
    old = client.get(
        reverse("report-submission-version", args=[period.pk, focal.unit_id, 1])
    ).content.decode()
    assert SECTIONS["results"] in old and "Đã thay bằng bản sửa" in old
    history = client.get(page_url(period, HOME_AFFAIRS)).content.decode()
    assert "Lần 1" in history and "Lần 2" in history


def test_the_unit_leader_approves_from_the_page(client):
    period = make_period(approval=True)
    report = submitted(period, user_of(HOME_AFFAIRS))
    login(client, user_of(HOME_AFFAIRS, Role.LEADER))
    assert "Duyệt và nộp báo cáo" in client.get(page_url(period, HOME_AFFAIRS)).content.decode()

    response = client.post(page_url(period, HOME_AFFAIRS, "report-submission-approve"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


def test_another_units_leader_cannot_approve(client):
    period = make_period(approval=True)
    report = submitted(period, user_of(HOME_AFFAIRS))
    login(client, user_of(JUSTICE, Role.LEADER))
    response = client.post(page_url(period, HOME_AFFAIRS, "report-submission-approve"))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == "awaiting_approval"


def test_files_are_attached_and_served_only_to_readers_of_the_report(client, personas):
    period = make_period()
    login(client, user_of(HOME_AFFAIRS))
    response = client.post(
        page_url(period, HOME_AFFAIRS, "report-submission-save"), form_data(files=[pdf()])
    )
    assert response.status_code == 302
    attachment = Submission.objects.get(period=period).attachments.get()
    url = reverse("report-attachment", args=[attachment.pk])

    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF

    login(client, user_of(JUSTICE))
    assert client.get(url).status_code == 404
    login(client, personas.leader)
    assert client.get(url).status_code == 200


def test_a_rejected_file_is_a_form_error_and_nothing_is_written(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    period = make_period()
    login(client, user_of(HOME_AFFAIRS))
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")

    response = client.post(
        page_url(period, HOME_AFFAIRS, "report-submission-save"), form_data(files=[bad])
    )

    assert response.status_code == 422
    assert not Submission.objects.exists()


# ---- the standing agency's pages


def test_the_form_editor_saves_a_new_version(client):
    form = make_form()
    login(client, standing())
    url = reverse("report-form-edit", args=[form.pk])
    page = client.get(url)
    assert page.status_code == 200 and "results | Kết quả đạt được" in page.content.decode()

    response = client.post(
        url,
        {
            "sections": "results | Kết quả\nkho_khan | Khó khăn, vướng mắc",
            "figures": "dvc | Số dịch vụ công | dịch vụ",
        },
    )

    assert response.status_code == 302
    version = form.versions.get(number=2)
    assert version.sections == [
        {"key": "results", "title": "Kết quả"},
        {"key": "kho_khan", "title": "Khó khăn, vướng mắc"},
    ]
    assert version.figures == [{"key": "dvc", "label": "Số dịch vụ công", "unit": "dịch vụ"}]


@pytest.mark.parametrize(
    "sections",
    ["results Kết quả", "results | Kết quả\nresults | Trùng mã", "Kết quả | Tiêu đề"],
)
def test_a_bad_form_version_is_a_form_error_and_nothing_is_written(client, sections):
    form = make_form()
    login(client, standing())
    response = client.post(
        reverse("report-form-edit", args=[form.pk]), {"sections": sections, "figures": ""}
    )
    assert response.status_code == 422
    assert ReportFormVersion.objects.filter(form=form).count() == 1


@pytest.mark.parametrize("role", [Role.FOCAL, Role.LEADER, Role.VIEWER])
def test_only_the_standing_agency_edits_forms(client, role):
    form = make_form()
    login(client, user_of(HOME_AFFAIRS, role))
    assert client.get(reverse("report-form-edit", args=[form.pk])).status_code == 403
    assert client.get(reverse("report-forms")).status_code == 403
    response = client.post(
        reverse("report-form-edit", args=[form.pk]), {"sections": "results | A", "figures": ""}
    )
    assert response.status_code == 403
    assert ReportFormVersion.objects.filter(form=form).count() == 1


def test_a_new_form_from_the_page(client):
    login(client, standing())
    page = client.get(reverse("report-form-new"))
    assert page.status_code == 200
    response = client.post(
        reverse("report-form-new"),
        {
            "committee": committee_2023().pk,
            "name": "Mẫu báo cáo 6 tháng",
            "sections": "results | Kết quả",
            "figures": "",
        },
    )
    assert response.status_code == 302
    version = ReportFormVersion.objects.get(form__name="Mẫu báo cáo 6 tháng")
    assert version.number == 1 and version.sections == [{"key": "results", "title": "Kết quả"}]


def test_opening_a_period_from_the_page(client):
    regime = make_regime()
    login(client, standing())
    assert client.get(reverse("report-period-open")).status_code == 200

    response = client.post(
        reverse("report-period-open"), {"regime": regime.pk, "year": 2026, "index": 3}
    )
    again = client.post(
        reverse("report-period-open"), {"regime": regime.pk, "year": 2026, "index": 3}, follow=True
    )

    period = ReportPeriod.objects.get(regime=regime)
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-period", args=[period.pk]
    )
    assert period.label == "Quý III/2026"
    assert "đã được mở trước đó" in again.content.decode()


def test_an_index_outside_the_year_is_a_form_error(client):
    regime = make_regime()
    login(client, standing())
    response = client.post(
        reverse("report-period-open"), {"regime": regime.pk, "year": 2026, "index": 7}
    )
    assert response.status_code == 422
    assert not ReportPeriod.objects.filter(regime=regime).exists()


def test_an_adhoc_request_from_the_page(client):
    form = make_form()
    units = [Unit.objects.get(pk=user_of(name).unit_id) for name in (JUSTICE, FINANCE)]
    login(client, standing())
    data = {
        "committee": committee_2023().pk,
        "title": "Báo cáo đột xuất tình hình số hóa hồ sơ",
        "form": form.pk,
        "data_from": "2026-10-01",
        "data_to": "2026-10-31",
        "deadline": "2026-11-06",
        "units": [u.pk for u in units],
    }

    response = client.post(reverse("report-adhoc"), data)

    assert response.status_code == 302
    period = ReportPeriod.objects.get(kind="ad_hoc")
    assert period.deadline == dt.date(2026, 11, 6)
    assert set(period.units.all()) == set(units)


def test_an_adhoc_deadline_before_the_cutoff_is_a_form_error(client):
    form = make_form()
    login(client, standing())
    data = {
        "committee": committee_2023().pk,
        "title": "Đột xuất",
        "form": form.pk,
        "data_from": "2026-10-01",
        "data_to": "2026-10-31",
        "deadline": "2026-10-20",
        "units": [Unit.objects.get(pk=user_of(JUSTICE).unit_id).pk],
    }
    response = client.post(reverse("report-adhoc"), data)
    assert response.status_code == 422
    assert "Hạn nộp phải sau ngày chốt số liệu." in response.content.decode()
    assert not ReportPeriod.objects.filter(kind="ad_hoc").exists()


def test_a_focal_person_may_not_request_adhoc_reports(client):
    login(client, user_of(HOME_AFFAIRS))
    assert client.get(reverse("report-adhoc")).status_code == 403
    assert client.get(reverse("report-period-open")).status_code == 403


# ---- the admin


def test_admin_pages_open_and_a_form_added_there_gets_version_1(client, personas):
    from chidao.reports.models import ReportForm

    period = make_period()
    submitted(period, user_of(HOME_AFFAIRS))
    login_verified(client, personas.admin)
    for name in ("reportform", "reportingregime", "reportperiod", "submission"):
        assert client.get(reverse(f"admin:reports_{name}_changelist")).status_code == 200, name
    submission = Submission.objects.get(period=period)
    assert (
        client.get(reverse("admin:reports_submission_change", args=[submission.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:reports_submission_add")).status_code == 403

    response = client.post(
        reverse("admin:reports_reportform_add"),
        {
            "committee": committee_2023().pk,
            "name": "Mẫu từ trang quản trị",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    form = ReportForm.objects.get(name="Mẫu từ trang quản trị")
    assert form.versions.get().number == 1


def test_the_admin_refuses_a_regime_with_an_impossible_deadline(client, personas):
    login_verified(client, personas.admin)
    form = make_form()
    response = client.post(
        reverse("admin:reports_reportingregime_add"),
        {
            "committee": committee_2023().pk,
            "name": "Chế độ sai",
            "frequency": "quarterly",
            "form": form.pk,
            "units": [Unit.objects.get(pk=user_of(JUSTICE).unit_id).pk],
            "deadline_rule": "fixed_day",
            "deadline_value": "12",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Ngày cố định phải sau ngày chốt số liệu" in response.content.decode()
