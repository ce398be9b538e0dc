"""docs/diagnostics.md documents every code, once, with an example."""

from __future__ import annotations

import re
from pathlib import Path

from nomadqemu.validate.codes import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "diagnostics.md"


def test_every_code_has_one_entry_with_an_example() -> None:
    text = DOC.read_text()
    headings = re.findall(r"^### (NQ\d{3})$", text, re.MULTILINE)
    assert sorted(headings) == sorted(RULES)
    for code in RULES:
        section = text.split(f"### {code}\n", 1)[1].split("\n### ", 1)[0]
        assert "Example" in section and "```" in section, code
