"""Official documents sit below the parts that issue them: they read the register
(committees, units, people through committees' selectors) and core, nothing higher."""

import ast
from pathlib import Path

import chidao.officialdocs

ALLOWED = {"chidao.officialdocs", "chidao.committees", "chidao.units", "chidao.core"}


def test_officialdocs_imports_no_higher_app():
    package = Path(chidao.officialdocs.__file__).parent
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    apps = {".".join(name.split(".")[:2]) for name in imported if name.startswith("chidao.")}
    assert apps and apps <= ALLOWED, apps - ALLOWED
