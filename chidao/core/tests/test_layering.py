"""No app imports a higher one.

The apps stand in layers, lowest first, as LAYERS says: an app may import the apps below it
and itself, never one above, at module level or inside a function. What spans every part
(the URLs, the API, the settings, the daily jobs) lives at the project level (chidao/*.py),
which may import anything; apps import it only from their management commands.

Tests are exempt (a test builds its world from every layer), and so are migrations.
A new app must be placed in LAYERS: add it to the list below, above every app it imports.
"""

import ast
from pathlib import Path

import pytest

CHIDAO = Path(__file__).resolve().parents[2]
THIS_FILE = "chidao/core/tests/test_layering.py"

# Lowest first. Derived from the imports: each app imports only apps listed before it.
LAYERS = [
    "core",  # policy, errors, dates, text, the worker's heartbeat: everyone's ground
    "audit",  # the change log (and the audited admin base)
    "storage",  # stored files
    "notifications",  # the outbox
    "documents",  # sources and legal documents
    "units",  # the administrative register
    "accounts",  # users, roles, tokens, sign-in (a user belongs to a unit)
    "people",  # persons, positions, holdings (a position is in a unit)
    "committees",  # steering committees, versions, seats
    "officialdocs",  # letterheads and signature blocks from the register
    "explanations",  # explanation requests about any registered subject (tasks, indicators)
    "tasks",
    "urging",
    "reports",
    "meetings",  # meetings, invitations from the register, conclusions that give tasks
    "evaluation",
    "obstacles",  # difficulties, obstacles and proposals (reports propose, contributions)
    "reviews",  # program reviews: figures, obstacles, units' contributions
    "inspections",  # inspection plans, findings, conclusions that give tasks; a criterion
    "indicators",  # indicators, actuals, warnings, the public page
    "ingest",
    "synth",  # the synthetic workload builder writes into every part
]
PROJECT_MODULES = {"api", "backup", "cli", "jobs", "settings", "urls", "wsgi"}


def apps_on_disk() -> list[str]:
    return sorted(
        path.parent.name
        for path in CHIDAO.glob("*/apps.py")
        if (path.parent / "__init__.py").exists()
    )


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """Every module an import statement names, anywhere in the file (functions included),
    with relative imports resolved against `module` (the importing module's dotted name)."""
    found = []
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name == "chidao":  # `from chidao import tasks` names the app among the names
                found += [(node.lineno, f"chidao.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, name))
    return found


def upward_imports(app: str, path: str, source: str) -> list[str]:
    """The imports of `source` (a module of `app`) that break the layering, as messages."""
    rank = {name: index for index, name in enumerate(LAYERS)}
    module = path.removesuffix(".py").replace("/", ".")
    is_command = "/management/commands/" in path
    problems = []
    for line, name in imported_modules(source, module):
        parts = name.split(".")
        if len(parts) < 2 or parts[0] != "chidao":
            continue
        target = parts[1]
        if target in rank and rank[target] > rank[app]:
            problems.append(
                f"{path}:{line} imports {name}: {target} is above {app} in LAYERS "
                f"({THIS_FILE}); move the code to the layer that owns it"
            )
        elif target in PROJECT_MODULES and not is_command:
            problems.append(
                f"{path}:{line} imports the project-level chidao.{target}: only the project "
                "level and management commands may"
            )
    return problems


def app_modules(app: str):
    root = CHIDAO / app
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).parts
        if relative[0] in ("tests", "migrations"):
            continue
        yield path.relative_to(CHIDAO.parent).as_posix(), path.read_text(encoding="utf-8")


def test_every_app_has_its_place_in_the_layers():
    missing = [app for app in apps_on_disk() if app not in LAYERS]
    assert missing == [], (
        f"chidao/{missing[0]} has no place in LAYERS ({THIS_FILE}): add it above every app it "
        "imports and below every app that imports it"
    )


@pytest.mark.parametrize("app", [app for app in LAYERS if (CHIDAO / app).is_dir()])
def test_no_app_imports_a_higher_one(app):
    problems = [p for path, source in app_modules(app) for p in upward_imports(app, path, source)]
    assert problems == [], "\n".join(problems)


def test_an_upward_import_is_found_in_a_function_too():
    source = (
        "from chidao.core import policy\n"
        "from chidao.units.models import Unit\n"
        "def f():\n"
        "    from chidao.tasks.models import Task\n"
        "    from chidao import reports\n"
        "    from . import models\n"
    )
    problems = upward_imports("committees", "chidao/committees/x.py", source)
    assert [p.split(" imports ")[1].split(":")[0] for p in problems] == [
        "chidao.tasks.models",
        "chidao.reports",
    ]


def test_the_project_level_is_for_commands_only():
    source = "from chidao.jobs import urge\n"
    assert upward_imports("urging", "chidao/urging/views.py", source)
    assert not upward_imports("urging", "chidao/urging/management/commands/urge.py", source)
