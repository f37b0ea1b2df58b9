"""Every stylesheet of the project has balanced braces outside comments and strings.

An unbalanced ``{`` in a media block makes every rule after it apply only inside that block (on phones), which no page
test at one width notices; merges of appended blocks are where it happens."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHEETS = sorted(p for p in ROOT.rglob("static/**/*.css") if "vendor" not in p.parts and ".min." not in p.name)


def _depths(text: str):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", "''", text)
    depth = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                return line_no, depth
    return None, depth


def test_there_are_stylesheets():
    assert SHEETS


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_braces_balance(sheet):
    line, depth = _depths(sheet.read_text(encoding="utf-8"))
    assert line is None, f"{sheet.name}: 第 {line} 行多出一个 }}"
    assert depth == 0, f"{sheet.name}: 少了 {depth} 个 }}，其后的规则会被包进前面的块里"
