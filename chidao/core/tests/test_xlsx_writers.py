"""Every .xlsx chidao writes goes through chidao.core.xlsx, so typed text never runs as a
formula: a module that builds an openpyxl Workbook hands it to `xlsx.save` (or, write-only,
builds its rows with `xlsx.safe_row`) and never saves it itself."""

from pathlib import Path

CHIDAO = Path(__file__).resolve().parents[2]


def writers_outside_the_helper() -> list[str]:
    problems = []
    for path in sorted(CHIDAO.rglob("*.py")):
        parts = set(path.relative_to(CHIDAO).parts)
        if {"tests", "migrations"} & parts or path == CHIDAO / "core" / "xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "Workbook(" not in source:
            continue
        through_helper = "xlsx.save(" in source or "xlsx.safe_row(" in source
        if not through_helper or "workbook.save(" in source:
            problems.append(str(path.relative_to(CHIDAO.parent)))
    return problems


def test_every_workbook_is_written_through_the_helper():
    assert writers_outside_the_helper() == []
