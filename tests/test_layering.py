"""The apps import one way only (STYLE.md): core ← contacts, salespeople ← campaigns ← interactions ← segments ←
tasks ← opportunities, with pricing beside tasks (it reads segments; nothing reads it). Read from the source with
ast, so an import added anywhere (also inside a function) that points up the layering fails here. Salespeople sit
just below contacts (a contact's Salesperson Code), as they always have."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app and the apps it may import (besides itself).
ALLOWED = {
    "core": set(),
    "salespeople": {"core"},
    "contacts": {"core", "salespeople"},  # a contact's Salesperson Code: salespeople sits just below contacts
    "campaigns": {"core", "contacts", "salespeople"},
    "interactions": {"core", "contacts", "salespeople", "campaigns"},
    "segments": {"core", "contacts", "salespeople", "campaigns", "interactions"},
    "tasks": {"core", "contacts", "salespeople", "campaigns", "interactions", "segments"},
    "pricing": {"core", "contacts", "salespeople", "campaigns", "interactions", "segments"},
    "opportunities": {"core", "contacts", "salespeople", "campaigns", "interactions", "segments", "tasks"},
    # The role centres (the home page) read every app; nothing reads them.
    "rolecentres": {
        "core",
        "contacts",
        "salespeople",
        "campaigns",
        "interactions",
        "segments",
        "tasks",
        "pricing",
        "opportunities",
    },
    # The navigation bar's search reads the lists of every app; nothing reads it.
    "search": {"core", "contacts", "salespeople", "campaigns", "interactions", "segments", "tasks", "opportunities"},
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_no_app_imports_an_app_above_it():
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, module in imported_modules(path):
                top = module.split(".")[0]
                if top in ALLOWED and top != app and top not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not wrong, "Imports against the layering of STYLE.md:\n" + "\n".join(wrong)


def test_core_tasks_does_not_import_core_services():
    """core.services starts jobs through core.tasks; the run itself (core.tasks) needs only core.job_runs."""
    modules = {module for _line, module in imported_modules(ROOT / "core" / "tasks.py")}
    assert "core.services" not in modules


def test_the_layering_test_sees_a_wrong_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from opportunities.models import Opportunity\n", encoding="utf-8")
    assert imported_modules(sample) == [(2, "opportunities.models")]
