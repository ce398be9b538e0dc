"""The plan diff tree and dry-run text, checked against `nomad job plan`'s layout rules."""

from __future__ import annotations

from typing import Any

from nomadqemu.api.markup import mark, paint
from nomadqemu.api.plandiff import render_job_diff
from nomadqemu.api.planview import format_alloc_metrics, format_dry_run, plan_exit_code


def _field(kind: str, name: str, old: str, new: str, *notes: str) -> dict[str, Any]:
    return {"Type": kind, "Name": name, "Old": old, "New": new, "Annotations": list(notes) or None}


EDITED: dict[str, Any] = {
    "Type": "Edited",
    "ID": "vm",
    "Fields": [_field("Edited", "Priority", "50", "70"), _field("Added", "Meta[a]", "", "b")],
    "Objects": [],
    "TaskGroups": [
        {
            "Type": "Edited",
            "Name": "web",
            "Updates": {"create/destroy update": 1, "ignore": 2},
            "Fields": [_field("Edited", "Count", "3", "4", "forces create")],
            "Objects": [],
            "Tasks": [
                {
                    "Type": "Edited",
                    "Name": "vm",
                    "Annotations": ["forces create/destroy update"],
                    "Fields": [],
                    "Objects": [
                        {
                            "Type": "Edited",
                            "Name": "Config",
                            "Fields": [
                                _field("Edited", "image_path", "a.img", "b.img"),
                                _field("Deleted", "kvm", "true", ""),
                            ],
                            "Objects": [],
                        }
                    ],
                },
                {"Type": "None", "Name": "sidecar", "Fields": [], "Objects": []},
            ],
        },
        {"Type": "Added", "Name": "new", "Updates": {"create": 1}, "Tasks": []},
    ],
}


def test_edited_job_tree_aligns_markers_names_and_values() -> None:
    assert paint(render_job_diff(EDITED), False) == (
        '+/- Job: "vm"\n'
        '+/- Priority: "50" => "70"\n'
        '+   Meta[a]:  "b"\n'
        '+/- Task Group: "web" (1 create/destroy update, 2 ignore)\n'
        '  +/- Count: "3" => "4" (forces create)\n'
        '  +/- Task: "vm" (forces create/destroy update)\n'
        "    +/- Config {\n"
        '      +/- image_path: "a.img" => "b.img"\n'
        '      -   kvm:        "true"\n'
        "        }\n"
        '      Task: "sidecar"\n'
        "\n"
        '+   Task Group: "new" (1 create)\n'
        "\n"
    )


def test_colour_marks_become_ansi_codes_only_on_request() -> None:
    text = render_job_diff({"Type": "Added", "ID": "a[green]b", "TaskGroups": []})
    assert paint(text, False) == '+ Job: "a[green]b"\n'
    coloured = paint(text, True)
    assert coloured.startswith('\x1b[32m+\x1b[0m \x1b[1mJob: "a[green]b"')
    assert paint(f"{mark('bold')}x", True).endswith("\x1b[0m")


def test_values_are_quoted_like_go() -> None:
    diff = {"Type": "Edited", "ID": "j", "Fields": [_field("Edited", "Env", "a\tb", "é\x01")]}
    assert paint(render_job_diff(diff), False) == '+/- Job: "j"\n+/- Env: "a\\tb" => "é\\x01"\n'


def test_exit_code_counts_only_placing_changes() -> None:
    changed = {"Diff": {"Type": "Edited"}, "Annotations": {"DesiredTGUpdates": {"g": {"Place": 1}}}}
    in_place = {
        "Diff": {"Type": "Edited"},
        "Annotations": {"DesiredTGUpdates": {"g": {"InPlaceUpdate": 3, "Ignore": 1}}},
    }
    none = {"Diff": {"Type": "None"}, "Annotations": {"DesiredTGUpdates": {"g": {"Place": 9}}}}
    assert [plan_exit_code(p) for p in (changed, in_place, none)] == [1, 0, 0]


def test_alloc_metrics_lines_in_stable_order() -> None:
    metrics = {
        "NodesEvaluated": 3,
        "NodesAvailable": {"dc2": 0, "dc1": 3},
        "ConstraintFiltered": {"b": 2, "a": 1},
        "NodesExhausted": 1,
        "DimensionExhausted": {"memory": 1},
    }
    assert format_alloc_metrics(metrics, "  ") == (
        '  * No nodes are available in datacenter "dc2"\n'
        '  * Constraint "a": 1 nodes excluded by filter\n'
        '  * Constraint "b": 2 nodes excluded by filter\n'
        "  * Resources exhausted on 1 nodes\n"
        '  * Dimension "memory" exhausted on 1 nodes'
    )
    assert format_alloc_metrics({}, "") == "* No nodes were eligible for evaluation"


def test_dry_run_for_system_jobs_and_rolling_updates() -> None:
    failed = {"FailedTGAllocs": {"g": {"NodesEvaluated": 1, "CoalescedFailures": 0}}}
    system = paint(format_dry_run(failed, {"Type": "system"}), False)
    assert system == (
        "- WARNING: Failed to place allocations on all nodes.\n"
        '  Task Group "g" (failed to place 1 allocation):\n'
    )
    rolling = {"CreatedEvals": [{"TriggeredBy": "rolling-update", "Wait": 30_000_000_000}]}
    assert paint(format_dry_run(rolling, {}), False) == (
        "- All tasks successfully allocated.\n- Rolling update, next evaluation will be in 30s."
    )
