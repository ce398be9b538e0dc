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


def test_examples_naming_a_fixture_are_that_fixtures_findings() -> None:
    text = DOC.read_text()
    fixtures = DOC.parents[1] / "fixtures" / "validate" / "invalid"
    checked = 0
    for name, line in re.findall(r"Example \(`(\w+)`\):\n\n```\n(.*)\n```", text):
        expected = fixtures / f"{name}.expected"
        assert expected.is_file(), name
        assert line in expected.read_text().splitlines(), (name, line)
        checked += 1
    assert checked >= 40
