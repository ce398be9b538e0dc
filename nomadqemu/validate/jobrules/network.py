"""`TaskGroup.validateNetworks`: port labels, static ports, mapped ports."""

from __future__ import annotations

from typing import Any

from nomadqemu.validate.jobview import get_bool, get_int, get_list, get_str
from nomadqemu.validate.reporter import Reporter

MAX_PORT = 65535


def _ports(network: Any, path: str) -> list[tuple[dict[str, Any], str]]:
    result = []
    for kind in ("ReservedPorts", "DynamicPorts"):
        for i, port in enumerate(get_list(network, kind)):
            if isinstance(port, dict):
                result.append((port, f"{path}.{kind}[{i}]"))
    return result


def check_networks(group: dict[str, Any], gpath: str, report: Reporter) -> None:
    labels: dict[str, str] = {}
    static: dict[str, dict[int, str]] = {}
    for n, network in enumerate(get_list(group, "Networks")):
        npath = f"{gpath}.Networks[{n}]"
        mode = get_str(network, "Mode")
        for port, ppath in _ports(network, npath):
            label = get_str(port, "Label")
            if label in labels:
                report.add("NQ105", f"Port label {label} already in use by {labels[label]}", ppath)
            else:
                labels[label] = "taskgroup network"
            value = get_int(port, "Value")
            if value != 0:
                host = get_str(port, "HostNetwork") or "default"
                ports = static.setdefault(host, {})
                if value in ports:
                    if not get_bool(port, "IgnoreCollision"):
                        report.add(
                            "NQ105",
                            f"Static port {value} already reserved by {ports[value]}",
                            f"{ppath}.Value",
                        )
                elif value > MAX_PORT:
                    report.add(
                        "NQ105",
                        f"Port {label} ({value}) cannot be greater than {MAX_PORT}",
                        f"{ppath}.Value",
                    )
                else:
                    ports[value] = f"taskgroup network:{label}"
            to = get_int(port, "To")
            if to < -1:
                report.add(
                    "NQ105",
                    f'Port "{label}" cannot be mapped to negative value {to}',
                    f"{ppath}.To",
                )
            elif to > MAX_PORT:
                report.add(
                    "NQ105",
                    f'Port "{label}" cannot be mapped to a port ({to}) greater than {MAX_PORT}',
                    f"{ppath}.To",
                )
            if get_bool(port, "IgnoreCollision") and mode not in ("", "host"):
                report.add(
                    "NQ105",
                    f'Port "{label}" collision may not be ignored on non-host network mode '
                    f'"{mode}"',
                    ppath,
                )
    for t, task in enumerate(get_list(group, "Tasks")):
        resources = task.get("Resources") if isinstance(task, dict) else None
        for n, network in enumerate(get_list(resources, "Networks")):
            npath = f"{gpath}.Tasks[{t}].Resources.Networks[{n}]"
            for port, ppath in _ports(network, npath):
                label = get_str(port, "Label")
                if label in labels:
                    report.add(
                        "NQ105", f"Port label {label} already in use by {labels[label]}", ppath
                    )
                else:
                    labels[label] = get_str(task, "Name")
                value = get_int(port, "Value")
                if value != 0:
                    host = get_str(port, "HostNetwork") or "default"
                    ports = static.setdefault(host, {})
                    if value in ports:
                        report.add(
                            "NQ105",
                            f"Static port {value} already reserved by {ports[value]}",
                            f"{ppath}.Value",
                        )
                    elif value > MAX_PORT:
                        report.add(
                            "NQ105",
                            f"Port {label} ({value}) cannot be greater than {MAX_PORT}",
                            f"{ppath}.Value",
                        )
                    else:
                        ports[value] = f"{get_str(task, 'Name')}:{label}"
