"""Properties: encoder output is valid JSON carrying the same data; canonicalize is idempotent."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.gojson import encode, encode_job, format_float
from nomadqemu.jobspec.api_json import decode_api_json
from nomadqemu.jobspec.canonical import canonicalize

finite_floats = st.floats(allow_nan=False, allow_infinity=False)
scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**64) | finite_floats | st.text()
plain_data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal data, where Go prints an integral float like an int (`1.0` reads back as `1`).

    Large floats print their shortest digits padded with zeros, so the integer read back
    equals the float only once converted back to float64.
    """
    if isinstance(a, float) and not isinstance(b, bool) and isinstance(b, int | float):
        return a == float(b)
    numbers = (a, b)
    if (
        all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
        and max(map(abs, numbers)) > 2**53
    ):
        # One side went through float64 (Go's free-form numbers): equal as float64.
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


@given(plain_data)
def test_encode_round_trips_through_a_json_parser(value: Any) -> None:
    assert same(value, json.loads(encode(value)))


@given(finite_floats)
def test_float_text_reads_back_as_the_same_float(value: float) -> None:
    text = format_float(value)
    assert float(text) == value
    assert math.copysign(1.0, float(text)) == math.copysign(1.0, value)


@given(st.text())
def test_strings_are_ascii_safe_for_html(text: str) -> None:
    printed = encode(text)
    assert not any(char in printed for char in "<>&\u2028\u2029")
    assert json.loads(printed) == text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


names = st.text(alphabet="abcdefghij-", min_size=1, max_size=8)
durations = st.integers(0, 10**12)
restart = st.fixed_dictionaries(
    {},
    optional={
        "Attempts": st.integers(0, 10),
        "Delay": durations,
        "Mode": st.sampled_from(["fail", "delay"]),
    },
)
update = st.fixed_dictionaries(
    {},
    optional={"MaxParallel": st.integers(0, 5), "Canary": st.integers(0, 3), "Stagger": durations},
)
task = st.fixed_dictionaries(
    {"Name": names},
    optional={
        "RestartPolicy": restart,
        "Resources": st.fixed_dictionaries({}, optional={"Cores": st.integers(0, 4)}),
        "Services": st.lists(st.fixed_dictionaries({}, optional={"Name": names}), max_size=2),
        "Templates": st.lists(
            st.fixed_dictionaries({}, optional={"ChangeSignal": st.sampled_from(["sighup", "x"])}),
            max_size=2,
        ),
    },
)
group = st.fixed_dictionaries(
    {"Name": names, "Tasks": st.lists(task, min_size=1, max_size=2)},
    optional={
        "Count": st.integers(0, 5),
        "RestartPolicy": restart,
        "Update": update,
        "ReschedulePolicy": st.fixed_dictionaries({}, optional={"Attempts": st.integers(0, 5)}),
        "Scaling": st.fixed_dictionaries(
            {"Max": st.integers(1, 9)}, optional={"Min": st.integers(0, 9)}
        ),
    },
)
jobs = st.fixed_dictionaries(
    {"ID": names, "TaskGroups": st.lists(group, max_size=2)},
    optional={
        "Type": st.sampled_from(["service", "batch", "system", "sysbatch"]),
        "Update": update,
        "Reschedule": st.fixed_dictionaries({}, optional={"Delay": durations}),
        "Migrate": st.fixed_dictionaries({}, optional={"MaxParallel": st.integers(0, 3)}),
    },
)


@settings(max_examples=60)
@given(jobs)
def test_canonicalize_is_idempotent(job: dict[str, Any]) -> None:
    once = canonicalize(job)
    assert canonicalize(once) == once


@settings(max_examples=60)
@given(jobs)
def test_canonical_job_encodes_to_its_own_data(job: dict[str, Any]) -> None:
    once = canonicalize(job)
    printed = json.loads(encode_job(once))["Job"]
    for printed_group, canonical_group in zip(
        printed["TaskGroups"] or [], once["TaskGroups"] or [], strict=True
    ):
        for printed_task, canonical_task in zip(
            printed_group["Tasks"], canonical_group["Tasks"], strict=True
        ):
            assert canonical_task.pop("CSIPluginConfig") is None
            assert "CSIPluginConfig" not in printed_task
    assert same(once, printed)


@settings(max_examples=60)
@given(jobs, st.dictionaries(st.text(max_size=5), plain_data, max_size=3))
def test_printed_jobs_read_back_to_the_same_text(job: dict[str, Any], config: Any) -> None:
    for group in job["TaskGroups"]:
        for task in group["Tasks"]:
            task["Config"] = config
    first = encode_job(job)
    read = decode_api_json(first, "job.json")
    assert not read.diagnostics
    second = encode_job(read.job)
    # Free-form integers beyond float64's exact range come back as floats, as in Go;
    # from then on the text is stable.
    assert encode_job(decode_api_json(second, "job.json").job) == second
    assert same(json.loads(second), json.loads(first))


def test_big_free_form_integers_compare_through_float64() -> None:
    job = {"TaskGroups": [{"Tasks": [{"Config": {"n": 2**60 + 1}}]}]}
    again = encode_job(decode_api_json(encode_job(job), "job.json").job)
    assert '"n": 1152921504606847000' in again
    assert same(json.loads(again), json.loads(encode_job(job)))
