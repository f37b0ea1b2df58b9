"""Layering (docs/decisions/0031): ``cases`` imports nothing from the apps above it; supervision and disclosure read
cases through its public modules only. The 第三十七条 grant reaches ``cases.permissions`` through a hook the
supervision app registers."""

import ast
from pathlib import Path

import yuezhifa

ROOT = Path(yuezhifa.__file__).parent
UPPER = ("yuezhifa.supervision", "yuezhifa.disclosure")
PUBLIC = {"models", "selectors", "services", "events", "procedures", "interface"}
HOOKS = {("permissions", "register_grant_hooks")}  # where supervision registers its grants


def _imports(path: Path):
    """(module imported, names imported) of every import in ``path``, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            yield module, tuple(a.name for a in node.names)


def _sources(app: str):
    return [p for p in (ROOT / app).rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def test_cases_imports_no_supervision_or_disclosure_module():
    """办法 第三十七条 grants reach cases.permissions through register_grant_hooks, not an import."""
    found = [(str(p.relative_to(ROOT)), m) for p in _sources("cases") for m, _names in _imports(p)
             if m.startswith(UPPER)]
    assert found == []


def test_supervision_and_disclosure_read_cases_through_its_public_modules_only():
    found = []
    for app in ("supervision", "disclosure", "themes"):
        for path in _sources(app):
            for module, names in _imports(path):
                if module == "yuezhifa.cases":
                    parts = list(names)
                elif module.startswith("yuezhifa.cases."):
                    parts = [module.split(".")[2]]
                else:
                    continue
                if path.name == "demo.py" and parts == ["demo"]:
                    continue  # another app's demo data follow the demo story's clock (cases.demo.at, recorded)
                private = [n for n in names if n.startswith("_")]
                hooks = all((p, n) in HOOKS for p in parts for n in names) and names
                if (any(p not in PUBLIC for p in parts) and not hooks) or private:
                    found.append((str(path.relative_to(ROOT)), module, names))
    assert found == []


def test_a_supervisor_grant_is_registered_with_cases_permissions():
    from yuezhifa.cases import permissions
    from yuezhifa.supervision import access

    hooks = permissions._GRANT_HOOKS
    assert hooks["granted_cases_q"] is access.granted_cases_q and hooks["holds_grant"] is access.holds_grant


def _act_codes() -> set[str]:
    from yuezhifa.cases.procedures import PROCEDURES

    return {a.code for p in PROCEDURES.values() for a in p.acts}


def _literals(path: Path):
    """The string constants of ``path``, leaving out URL paths (``url_path=…``: an address, not an act)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(k.value) for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords
            if k.arg == "url_path"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def test_supervision_and_disclosure_name_no_act():
    """They read procedure attributes (stages, milestones, kind, publishes …) and cases.interface instead."""
    codes = _act_codes()
    found = [(str(p.relative_to(ROOT)), line, value) for app in ("supervision", "disclosure")
             for p in _sources(app) for line, value in _literals(p) if value in codes]
    assert found == []
