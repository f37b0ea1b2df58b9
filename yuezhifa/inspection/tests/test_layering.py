"""The inspection base data sits below the case platform (docs/decisions/0037): nothing here imports ``cases``,
``supervision`` or ``disclosure``; an inspection's case reaches the register through this app's services."""

import ast
from pathlib import Path

import yuezhifa

APP = Path(yuezhifa.__file__).parent / "inspection"
ABOVE = ("yuezhifa.cases", "yuezhifa.supervision", "yuezhifa.disclosure", "yuezhifa.seals")


def test_inspection_imports_nothing_above_it():
    found = []
    for path in APP.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [(path.name, n) for n in names if n.startswith(ABOVE)]
    assert found == []
