"""A function that locks rows (select_for_update) runs in a transaction of its own.

Tests run inside a transaction, so a public function missing its `atomic` passes them all on
both databases, and on PostgreSQL in production fails at once ("select_for_update cannot be
used outside of a transaction", a 500). This reads the code instead: every public module-level
function whose body locks rows must be decorated with an `atomic` or open one itself.
"""

import ast
from pathlib import Path

CHIDAO = Path(__file__).resolve().parents[2]


def unguarded_lockers(source: str) -> list[str]:
    tree = ast.parse(source)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        body = ast.get_source_segment(source, node) or ""
        if "select_for_update" not in body:
            continue
        decorators = [ast.get_source_segment(source, d) or "" for d in node.decorator_list]
        if any("atomic" in d for d in decorators) or "atomic(" in body:
            continue
        found.append(node.name)
    return found


def test_every_function_that_locks_rows_opens_a_transaction():
    problems = []
    for path in sorted(CHIDAO.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(CHIDAO).parts):
            continue
        source = path.read_text(encoding="utf-8")
        if "select_for_update" in source:
            problems += [
                f"{path.relative_to(CHIDAO.parent)}: {name}" for name in unguarded_lockers(source)
            ]
    assert problems == [], "add @transaction.atomic to: " + ", ".join(problems)


def test_a_locking_function_without_a_transaction_is_found():
    source = (
        "@transaction.atomic\n"
        "def guarded(x):\n    return X.objects.select_for_update().get(pk=x)\n"
        "def unguarded(x):\n    return X.objects.select_for_update().get(pk=x)\n"
    )
    assert unguarded_lockers(source) == ["unguarded"]
