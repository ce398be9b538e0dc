"""Properties: formatting is idempotent, changes only spacing, and never changes the job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomadqemu.fmt import format_source, format_text
from nomadqemu.fmt.scanner import scan
from tests.fmt.helpers import FIXTURES, rule_names
from tests.fmt.strategies import BODIES, disturbed

_FIXTURE_TEXTS = [(FIXTURES / f"{rule}.in").read_text("utf-8") for rule in rule_names()]


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(token.kind.name, token.text) for token in scan(text).tokens]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    base = draw(st.one_of(BODIES, st.sampled_from(_FIXTURE_TEXTS)))
    return draw(disturbed(base))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_formatting_twice_changes_nothing(text: str) -> None:
    once = format_text(text)
    assert format_text(once) == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_formatting_changes_only_spacing(text: str) -> None:
    assert _tokens(format_text(text)) == _tokens(text)


def test_disturbed_fixtures_format_to_the_fixture_output() -> None:
    # The same input with different spacing has one canonical form.
    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from(rule_names()), st.data())
    def check(rule: str, data: st.DataObject) -> None:
        source = (FIXTURES / f"{rule}.in").read_text("utf-8")
        expected = (FIXTURES / f"{rule}.out").read_text("utf-8")
        assert format_text(data.draw(disturbed(source))) == expected

    check()


def _inspect(path: Path) -> Any:
    jobspec = pytest.importorskip("nomadqemu.jobspec")
    gojson = pytest.importorskip("nomadqemu.gojson")
    if not hasattr(jobspec, "load_job"):
        pytest.skip("nomadqemu.jobspec.load_job is not available yet")
    # The job calls merge() and upper(), which need the jobspec function library.
    pytest.importorskip("nomadqemu.functions.library")
    return json.loads(gojson.encode_job(jobspec.load_job(str(path)).job))


def _write_messy_and_tidy(folder: Path, messy: str) -> tuple[Path, Path]:
    messy_path = folder / "messy.nomad"
    messy_path.write_text(messy, "utf-8")
    formatted, diagnostics = format_source(messy.encode(), str(messy_path))
    assert diagnostics == []
    assert formatted is not None
    tidy_path = folder / "tidy.nomad"
    tidy_path.write_bytes(formatted)
    return messy_path, tidy_path


def test_formatting_never_changes_the_parsed_job(tmp_path: Path) -> None:
    job_text = (FIXTURES / "property_job.nomad").read_text("utf-8")
    expected = _inspect(FIXTURES / "property_job.nomad")

    # Spacing inside `${…}` stays: Nomad keeps a runtime reference such as
    # `${NOMAD_JOB_NAME}` as its source text, so spaces there are part of the job.
    @settings(max_examples=20, deadline=None)
    @given(disturbed(job_text, inside_interpolations=False))
    def check(messy: str) -> None:
        messy_path, tidy_path = _write_messy_and_tidy(tmp_path, messy)
        assert _inspect(messy_path) == expected
        assert _inspect(tidy_path) == expected

    check()


def test_formatting_restores_the_job_of_the_canonical_file(tmp_path: Path) -> None:
    # With spaces inside interpolations too, the formatted file is the canonical job again.
    job_text = (FIXTURES / "property_job.nomad").read_text("utf-8")
    expected = _inspect(FIXTURES / "property_job.nomad")

    @settings(max_examples=10, deadline=None)
    @given(disturbed(job_text))
    def check(messy: str) -> None:
        _, tidy_path = _write_messy_and_tidy(tmp_path, messy)
        assert _inspect(tidy_path) == expected

    check()
