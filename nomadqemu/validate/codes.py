"""Every diagnostic code `nomadqemu validate` can report, with its default severity.

The codes are stable: docs/diagnostics.md has one entry per code (a test keeps the two
in step), SARIF output lists them as rules, and `disable` settings name them.
"""

from __future__ import annotations

from nomadqemu.diagnostics.record import Severity
from nomadqemu.records import frozen_record


@frozen_record
class Rule:
    code: str
    name: str
    severity: Severity
    title: str


_E, _W, _N = Severity.ERROR, Severity.WARNING, Severity.NOTE

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("NQ001", "hcl-error", _E, "The job file cannot be parsed or decoded"),
        Rule("NQ002", "unreadable-input", _E, "A file cannot be read"),
        Rule("NQ003", "json-job-schema", _E, "An API JSON job does not match the job schema"),
        Rule("NQ004", "json-syntax", _E, "An API JSON job is not well-formed JSON"),
        Rule("NQ005", "json-decode", _E, "An API JSON job does not decode into Nomad's api.Job"),
        Rule("NQ006", "json-trailing-text", _W, "Text after the API JSON job is ignored"),
        Rule("NQ101", "job-invalid", _E, "Nomad's job-level validation fails"),
        Rule("NQ102", "group-invalid", _E, "Nomad's task group validation fails"),
        Rule("NQ103", "task-invalid", _E, "Nomad's task validation fails"),
        Rule("NQ104", "resources-invalid", _E, "Task resources are invalid"),
        Rule("NQ105", "network-invalid", _E, "Networks or ports are invalid"),
        Rule(
            "NQ106", "restart-reschedule-invalid", _E, "A restart or reschedule policy is invalid"
        ),
        Rule("NQ107", "update-migrate-invalid", _E, "An update or migrate block is invalid"),
        Rule("NQ108", "constraint-invalid", _E, "A constraint is invalid"),
        Rule("NQ109", "affinity-spread-invalid", _E, "An affinity or spread is invalid"),
        Rule("NQ110", "artifact-invalid", _E, "An artifact is invalid"),
        Rule("NQ111", "template-invalid", _E, "A template is invalid"),
        Rule("NQ112", "service-invalid", _E, "A service or check is invalid"),
        Rule("NQ113", "volume-invalid", _E, "A volume or volume_mount is invalid"),
        Rule("NQ114", "periodic-parameterized-invalid", _E, "Periodic or parameterized is invalid"),
        Rule("NQ115", "job-warning", _W, "Nomad accepts the job with a warning"),
        Rule("NQ201", "qemu-config-missing", _E, "A required qemu config argument is missing"),
        Rule("NQ202", "qemu-config-unknown", _E, "An unknown qemu config argument"),
        Rule("NQ203", "qemu-config-type", _E, "A qemu config argument has the wrong type"),
        Rule("NQ204", "qemu-image-path-empty", _E, "image_path is empty"),
        Rule("NQ205", "qemu-drive-interface", _E, "Unsupported drive_interface"),
        Rule("NQ206", "qemu-memory-bounds", _E, "Allocated memory is outside 128–4000000 MB"),
        Rule("NQ207", "qemu-socket-path", _E, "A monitor or agent socket path is too long"),
        Rule("NQ208", "qemu-kvm-platform", _E, "KVM is not available on the platform"),
        Rule("NQ209", "qemu-port-label", _E, "port_map names a port label the task lacks"),
        Rule("NQ210", "qemu-port-map-ignored", _W, "port_map is ignored with group networks"),
        Rule("NQ301", "plugin-image-path", _E, "image_path is not in the allowed paths"),
        Rule("NQ302", "plugin-image-symlink", _W, "A symlink leads image_path outside the paths"),
        Rule("NQ303", "plugin-args-allowlist", _E, "An argument is not in args_allowlist"),
        Rule("NQ304", "plugin-emulator-allowlist", _E, "The emulator is not allowed"),
        Rule("NQ305", "client-config-invalid", _E, "The client agent configuration is invalid"),
        Rule("NQ401", "constraint-unsatisfied", _E, "A constraint fails on the fingerprinted node"),
        Rule("NQ402", "affinity-unmatched", _N, "An affinity does not match the node"),
        Rule("NQ403", "driver-attribute-target", _W, "`${driver.…}` is not a constraint target"),
        Rule(
            "NQ404", "lexical-version-order", _W, "An ordering operator compares versions as text"
        ),
        Rule("NQ405", "qemu-driver-missing", _E, "The node has no healthy qemu driver"),
        Rule(
            "NQ406", "constraint-unknown-target", _N, "The node description cannot answer a target"
        ),
        Rule("NQ407", "cluster-no-feasible-node", _E, "No node of the cluster can take the job"),
        Rule("NQ408", "cluster-constraint-summary", _N, "How many cluster nodes pass a constraint"),
        Rule("NQ409", "cluster-qemu-driver-missing", _W, "Some nodes have no healthy qemu driver"),
        Rule("NQ501", "not-verified", _N, "A check could not run"),
    )
}


def rule(code: str) -> Rule:
    return RULES[code]
