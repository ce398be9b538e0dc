"""Service and check rules (`nomad/structs/services.go`, `validateServices`)."""

from __future__ import annotations

import re
from typing import Any

from nomadqemu.validate.jobview import get_int, get_list, get_str, port_labels
from nomadqemu.validate.reporter import Reporter

_NAME = re.compile(r"(?i:[a-z0-9]|[a-z0-9][a-z0-9\-]{0,61}[a-z0-9])\Z")
_ENV = re.compile(r"\$\{[^}]*\}")
SECOND = 10**9
_CHECK_TYPES = {
    "consul": ["http", "tcp", "script", "grpc"],
    "nomad": ["http", "tcp"],
}


def check_service(service: dict[str, Any], path: str, default_name: str, report: Reporter) -> None:
    name = get_str(service, "Name") or default_name
    stripped = _ENV.sub("ENV-VAR", name)
    if not _NAME.match(stripped):
        report.add(
            "NQ112",
            "Service name must be valid per RFC 1123 and can contain only alphanumeric "
            "characters or dashes and must be no longer than 63 characters: "
            f'"{name}"',
            f"{path}.Name",
        )
    mode = get_str(service, "AddressMode")
    if mode not in ("", "auto", "host", "driver", "alloc", "alloc_ipv6"):
        report.add(
            "NQ112",
            f'Service address_mode must be "auto", "host", or "driver"; not "{mode}"',
            f"{path}.AddressMode",
        )
    provider = get_str(service, "Provider", "consul") or "consul"
    if provider not in ("consul", "nomad"):
        report.add(
            "NQ112",
            f'Service provider must be "consul", or "nomad"; not "{provider}"',
            f"{path}.Provider",
        )
        return
    for i, check in enumerate(get_list(service, "Checks")):
        if isinstance(check, dict):
            _check_check(check, f"{path}.Checks[{i}]", _CHECK_TYPES[provider], report)


def _check_check(check: dict[str, Any], path: str, allowed: list[str], report: Reporter) -> None:
    kind = get_str(check, "Type").lower()
    if kind not in allowed:
        report.add(
            "NQ112",
            f'invalid check type ("{kind}"), must be one of {", ".join(allowed)}',
            f"{path}.Type",
        )
        return
    if kind == "http":
        check_path = get_str(check, "Path")
        if check_path == "":
            report.add("NQ112", "http type must have http path", path)
            return
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", check_path):
            report.add("NQ112", "http type must have relative http path", f"{path}.Path")
            return
    if kind == "script" and get_str(check, "Command") == "":
        report.add("NQ112", "script type must have a valid script path", path)
        return
    interval = get_int(check, "Interval")
    if interval == 0:
        report.add(
            "NQ112", "missing required value interval. Interval cannot be less than 1s", path
        )
        return
    if interval < SECOND:
        report.add("NQ112", f"interval ({interval}ns) cannot be lower than 1s", f"{path}.Interval")
        return
    timeout = get_int(check, "Timeout")
    if timeout == 0:
        report.add("NQ112", "missing required value timeout. Timeout cannot be less than 1s", path)


def check_task_services(
    task: dict[str, Any],
    task_path: str,
    group: dict[str, Any],
    default_prefix: str,
    report: Reporter,
) -> None:
    """`validateServices`: port labels, duplicates, connect only at group level."""
    service_ports: dict[str, tuple[set[str], str]] = {}
    known: set[str] = set()
    task_name = get_str(task, "Name")
    for i, service in enumerate(get_list(task, "Services")):
        if not isinstance(service, dict):
            continue
        spath = f"{task_path}.Services[{i}]"
        name = get_str(service, "Name") or f"{default_prefix}-{task_name}"
        check_service(service, spath, f"{default_prefix}-{task_name}", report)
        label = get_str(service, "PortLabel")
        if name + label in known:
            report.add("NQ112", f'service "{name}" is duplicate', f"{spath}.Name")
        known.add(name + label)
        mode = get_str(service, "AddressMode")
        if mode in ("alloc", "alloc_ipv6"):
            report.add(
                "NQ112",
                f'service "{name}" cannot use address_mode="{mode}", only services defined in '
                'a "group" block can use this mode',
                f"{spath}.AddressMode",
            )
        if label and not (mode == "driver" and label.isdigit()):
            service_ports.setdefault(label, (set(), f"{spath}.PortLabel"))[0].add(name)
        if service.get("Connect") is not None:
            report.add(
                "NQ112",
                f'service "{name}" cannot have "connect" block, only services defined in a '
                '"group" block can',
                f"{spath}.Connect",
            )
        seen_checks: set[str] = set()
        for j, check in enumerate(get_list(service, "Checks")):
            if not isinstance(check, dict):
                continue
            cpath = f"{spath}.Checks[{j}]"
            cname = get_str(check, "Name")
            if cname in seen_checks:
                report.add("NQ112", f'check "{cname}" is duplicate', f"{cpath}.Name")
            seen_checks.add(cname)
            if get_str(check, "Type") not in ("grpc", "http", "tcp"):
                continue
            port = get_str(check, "PortLabel") or label
            if port == "":
                report.add("NQ112", f'check "{cname}" is missing a port', cpath)
                continue
            if re.fullmatch(r"[+-]?[0-9]+", port):
                if get_str(check, "AddressMode") == "driver":
                    if int(port) <= 0:
                        report.add(
                            "NQ112",
                            f'check "{cname}" has invalid numeric port {int(port)}',
                            cpath,
                        )
                    continue
                report.add(
                    "NQ112",
                    f'check "{cname}" cannot use a numeric port {int(port)} without setting '
                    'address_mode="driver"',
                    cpath,
                )
                continue
            service_ports.setdefault(port, (set(), f"{cpath}.PortLabel"))[0].add(name)

    labels: set[str] = set()
    group_networks = get_list(group, "Networks")
    if group_networks:
        labels.update(label for label, _, _ in port_labels(group_networks[0]))
    resources = task.get("Resources")
    for network in get_list(resources, "Networks"):
        labels.update(label for label, _, _ in port_labels(network))
    for port in sorted(service_ports):
        names, where = service_ports[port]
        if port not in labels:
            report.add(
                "NQ112",
                f'port label "{port}" referenced by services {", ".join(sorted(names))} '
                "does not exist",
                where,
            )
