"""Criteria sets in Excel: an exported set imports back as the same tree; mistakes in a file
are named by row and nothing is created."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from chidao.evaluation import services
from chidao.evaluation.demo import DEPARTMENT_CRITERIA, demo_sets
from chidao.evaluation.models import CriteriaSet, Criterion
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.tests import helpers as h
from chidao.tasks.tests.factories import committee_2023, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def tree(criteria_set):
    return [
        (
            c.code,
            c.title,
            c.max_points,
            c.method,
            c.formula_key,
            c.parent.code if c.parent else None,
        )
        for c in criteria_set.criteria.select_related("parent").order_by("order")
    ]


def workbook(rows, header=("Mã", "Nội dung", "Điểm tối đa", "Cách chấm", "Công thức")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_export_then_import_gives_the_same_tree():
    original = demo_sets(committee_2023())[0]

    content = services.criteria_set_export_xlsx(original)
    copy = services.criteria_set_import_xlsx(actor=h.SYSTEM, content=content, parent=original)

    assert tree(copy) == tree(original)
    assert (copy.name, copy.unit_group, copy.version, copy.parent) == (
        original.name,
        original.unit_group,
        2,
        original,
    )
    assert len(tree(copy)) == len(DEPARTMENT_CRITERIA)
    fields = copy.criteria.filter(parent__isnull=True)
    assert sum(f.max_points for f in fields) == Decimal(100)


def test_the_export_has_the_documented_columns():
    sheet = load_workbook(io.BytesIO(services.criteria_set_export_xlsx(h.make_set()))).active
    assert [c.value for c in sheet[1]] == services.COLUMNS
    assert [c.value for c in sheet[3]][:5] == ["1.1", "Kế hoạch năm", 6, "self_assessed", None]


def test_a_file_with_mistakes_is_refused_row_by_row():
    content = workbook(
        [
            ("1", "Lĩnh vực", 10, "", ""),
            ("1.1", "Tự chấm", 6, "self_assessed", ""),
            ("1.2", "Tính", 3, "computed", "khong_co"),
            ("2.1", "Mồ côi", 2, "self_assessed", ""),
            ("3", "Lá chưa ghi cách chấm", 5, "", ""),
        ]
    )

    with pytest.raises(EvaluationError) as caught:
        services.criteria_set_import_xlsx(
            actor=h.SYSTEM, content=content, name="Sai", unit_group="departments"
        )

    message = str(caught.value)
    assert "Dòng 2 (1): điểm tối đa 10 khác tổng điểm các tiêu chí con (9)" in message
    assert "Dòng 4 (1.2): công thức “khong_co” không có" in message
    assert "Dòng 5 (2.1): chưa có tiêu chí cha “2”" in message
    assert "Dòng 6 (3): tiêu chí lá phải ghi cách chấm" in message
    assert not CriteriaSet.objects.filter(name="Sai").exists()
    assert not Criterion.objects.filter(title="Mồ côi").exists()


def test_numbers_typed_as_numbers_still_make_codes():
    content = workbook(
        [(1, "Lĩnh vực", 10, "external", None), (2, "Khác", 5.5, "self_assessed", None)]
    )
    imported = services.criteria_set_import_xlsx(
        actor=h.SYSTEM, content=content, name="Số", unit_group="communes"
    )
    assert [c[0] for c in tree(imported)] == ["1", "2"]
    assert imported.criteria.get(code="2").max_points == Decimal("5.50")


def test_only_standing_staff_or_administrators_import(personas):
    content = services.criteria_set_export_xlsx(h.make_set())
    with pytest.raises(EvaluationError) as caught:
        services.criteria_set_import_xlsx(
            actor=personas.focal_a,
            content=content,
            name="Bộ của đơn vị",
            committee=committee_2023(),
        )
    assert caught.value.status == 403
    assert services.criteria_set_import_xlsx(actor=personas.admin, content=content).version == 2


def test_an_unreadable_file_is_refused():
    with pytest.raises(EvaluationError, match="Không đọc được"):
        services.criteria_set_import_xlsx(actor=h.SYSTEM, content=b"not excel")


def test_a_criterion_title_that_looks_like_a_formula_is_exported_as_text():
    rows = [{**row} for row in h.ROWS]
    rows[1]["title"] = '=HYPERLINK("http://x.example","Kế hoạch")'

    content = services.criteria_set_export_xlsx(h.make_set(rows=rows))

    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=3, column=2)
    assert cell.value == rows[1]["title"]
    assert cell.data_type == "s"
