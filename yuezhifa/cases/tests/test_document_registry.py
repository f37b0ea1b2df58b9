"""The generic document module reads no act: the builders that do live with the procedures and register by document
type (docs/decisions/0030)."""

import ast
from pathlib import Path

import pytest

from .. import documents
from ..procedures import PROCEDURES


def test_the_generic_document_module_holds_no_act_code():
    codes = {spec.code for procedure in PROCEDURES.values() for spec in procedure.acts}
    tree = ast.parse(Path(documents.__file__).read_text(encoding="utf-8"))
    found = sorted({node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in codes})
    assert found == []


def test_every_procedure_registers_its_base_and_a_document_type_has_one_builder():
    assert set(documents.BASES) == set(PROCEDURES)
    with pytest.raises(ValueError, match="penalty_decision"):
        documents.register_builder("penalty_decision", lambda log, act, ctx: None)
    documents.register_builder("penalty_decision", documents.BUILDERS["penalty_decision"])  # the same one again: fine
