"""`Task.Validate`, `Resources.Validate`, artifacts, templates, logs, volume mounts."""

from __future__ import annotations

import posixpath
from typing import Any

from nomadqemu.validate.jobrules.defaults import job_type, update_strategy
from nomadqemu.validate.jobrules.placement_rules import check_affinities, check_constraints
from nomadqemu.validate.jobrules.services import check_task_services
from nomadqemu.validate.jobview import get_bool, get_dict, get_int, get_list, get_str, go_duration
from nomadqemu.validate.reporter import Reporter

SECOND = 10**9


def _escapes(dest: str) -> bool:
    """`escapingfs.PathEscapesAllocViaRelative("task", dest)`."""
    alloc = "/alloc"  # any absolute root: only the relative shape matters
    joined = posixpath.normpath(posixpath.join(alloc, "task", dest))
    return not (joined == alloc or joined.startswith(alloc + "/"))


def check_resources(resources: dict[str, Any], rpath: str, report: Reporter) -> None:
    cores = get_int(resources, "Cores")
    cpu_set = resources.get("CPU") is not None
    cpu = get_int(resources, "CPU") if cpu_set else (0 if cores > 0 else 100)
    memory = get_int(resources, "MemoryMB") if resources.get("MemoryMB") is not None else 300
    if cores > 0 and cpu > 0:
        report.add(
            "NQ104", "Task can only ask for 'cpu' or 'cores' resource, not both.", f"{rpath}.Cores"
        )
    if cores < 0:
        report.add("NQ104", f"cores value ({cores}) cannot be negative", f"{rpath}.Cores")
    if cpu < 1 and cores == 0:
        report.add("NQ104", f"minimum CPU value is 1; got {cpu}", f"{rpath}.CPU")
    if memory < 10:
        report.add("NQ104", f"minimum MemoryMB value is 10; got {memory}", f"{rpath}.MemoryMB")
    if get_int(resources, "DiskMB") > 0:
        report.add(
            "NQ104",
            "Task can't ask for disk resources, they have to be specified at the task group level.",
            f"{rpath}.DiskMB",
        )
    memory_max = get_int(resources, "MemoryMaxMB")
    if memory_max not in (0, -1) and memory_max < memory:
        report.add(
            "NQ104",
            f"MemoryMaxMB value ({memory_max}) should be larger than MemoryMB value ({memory})",
            f"{rpath}.MemoryMaxMB",
        )
    secrets = get_int(resources, "SecretsMB")
    if secrets > memory:
        report.add(
            "NQ104",
            f"SecretsMB value ({secrets}) cannot be larger than MemoryMB value ({memory})",
            f"{rpath}.SecretsMB",
        )


def check_task(
    job: dict[str, Any],
    group: dict[str, Any],
    gpath: str,
    task: dict[str, Any],
    tpath: str,
    *,
    check_attr: bool,
    report: Reporter,
) -> None:
    kind = job_type(job)
    name = get_str(task, "Name")
    if name == "alloc":
        report.add("NQ103", 'Task cannot be named "alloc"', f"{tpath}.Name")
    if "/" in name or "\\" in name:
        report.add("NQ103", "Task name cannot include slashes", f"{tpath}.Name")
    if get_str(task, "Driver") == "":
        # At `driver = ""` when it is written, else at the task block.
        report.add("NQ103", "Missing task driver", f"{tpath}.Driver")
    kill = (
        get_int(task, "KillTimeout", 5 * SECOND)
        if task.get("KillTimeout") is not None
        else (5 * SECOND)
    )
    if kill < 0:
        report.add("NQ103", "KillTimeout must be a positive value", f"{tpath}.KillTimeout")
    elif kind == "service":
        update = update_strategy(job, group)
        progress = get_int(update, "ProgressDeadline") if update else 0
        if progress > 0 and kill > progress:
            report.add(
                "NQ103",
                f"KillTimout ({go_duration(kill)}) longer than the group's ProgressDeadline "
                f"({go_duration(progress)})",
                f"{tpath}.KillTimeout",
            )
    if get_int(task, "ShutdownDelay") < 0:
        report.add("NQ103", "ShutdownDelay must be a positive value", f"{tpath}.ShutdownDelay")
    check_resources(get_dict(task, "Resources") or {}, f"{tpath}.Resources", report)
    _check_logs(group, gpath, task, tpath, report)
    check_constraints(task, tpath, check_attr, report, task=True)
    check_affinities(task, tpath, kind == "system", report)
    prefix = f"{get_str(job, 'Name') or get_str(job, 'ID')}-{get_str(group, 'Name')}"
    check_task_services(task, tpath, group, prefix, report)
    _check_artifacts(task, tpath, report)
    _check_templates(task, tpath, report)
    volumes = get_dict(group, "Volumes") or {}
    for i, mount in enumerate(get_list(task, "VolumeMounts")):
        volume = get_str(mount, "Volume")
        if volume not in volumes:
            report.add(
                "NQ113",
                f"Volume Mount ({i}) references undefined volume {volume}",
                f"{tpath}.VolumeMounts[{i}].Volume",
            )
    lifecycle = get_dict(task, "Lifecycle")
    if lifecycle is not None:
        hook = get_str(lifecycle, "Hook")
        if hook not in ("prestart", "poststart", "poststop"):
            report.add(
                "NQ103",
                "Lifecycle validation failed: invalid hook: " + hook,
                f"{tpath}.Lifecycle.Hook",
            )


def _check_logs(
    group: dict[str, Any], gpath: str, task: dict[str, Any], tpath: str, report: Reporter
) -> None:
    logs = get_dict(task, "LogConfig") or {}
    files = get_int(logs, "MaxFiles", 10) if logs.get("MaxFiles") is not None else 10
    size = get_int(logs, "MaxFileSizeMB", 10) if logs.get("MaxFileSizeMB") is not None else 10
    if files < 1:
        report.add(
            "NQ103", f"minimum number of files is 1; got {files}", f"{tpath}.LogConfig.MaxFiles"
        )
    if size < 1:
        report.add(
            "NQ103", f"minimum file size is 1MB; got {size}", f"{tpath}.LogConfig.MaxFileSizeMB"
        )
    disk = get_dict(group, "EphemeralDisk") or {}
    disk_size = get_int(disk, "SizeMB", 300) if disk.get("SizeMB") is not None else 300
    if disk_size <= files * size:
        report.add(
            "NQ103",
            f"log storage ({files * size} MB) must be less than requested disk capacity "
            f"({disk_size} MB)",
            f"{tpath}.LogConfig" if "LogConfig" in task else f"{gpath}.EphemeralDisk.SizeMB",
        )


def _check_artifacts(task: dict[str, Any], tpath: str, report: Reporter) -> None:
    for i, artifact in enumerate(get_list(task, "Artifacts")):
        apath = f"{tpath}.Artifacts[{i}]"
        if get_str(artifact, "GetterSource") == "":
            report.add("NQ110", "source must be specified", apath)
        mode = get_str(artifact, "GetterMode")
        if mode not in ("", "any", "file", "dir"):
            report.add(
                "NQ110",
                f'invalid artifact mode "{mode}"; must be one of: any, file, dir',
                f"{apath}.GetterMode",
            )
        dest = (
            get_str(artifact, "RelativeDest", "local/")
            if artifact.get("RelativeDest") is not None
            else "local/"
        )
        if _escapes(dest):
            report.add("NQ110", "destination escapes allocation directory", f"{apath}.RelativeDest")
        options = get_dict(artifact, "GetterOptions") or {}
        checksum = options.get("checksum")
        if isinstance(checksum, str) and "${" not in checksum:
            value = checksum.strip()
            if value == "":
                report.add("NQ110", "checksum value cannot be empty", f"{apath}.GetterOptions")
            elif len(value.split(":")) != 2:
                report.add(
                    "NQ110",
                    f'checksum "{value}" must be given as type:value; for example "md5:abc"'
                    if False
                    else f'checksum "{value}" must be given as "type:value"',
                    f"{apath}.GetterOptions",
                )


def _check_templates(task: dict[str, Any], tpath: str, report: Reporter) -> None:
    destinations: dict[str, int] = {}
    for i, template in enumerate(get_list(task, "Templates")):
        ipath = f"{tpath}.Templates[{i}]"
        if get_str(template, "SourcePath") == "" and get_str(template, "EmbeddedTmpl") == "":
            report.add("NQ111", "Must specify a source path or have an embedded template", ipath)
        dest = get_str(template, "DestPath")
        if dest == "":
            report.add("NQ111", "Must specify a destination for the template", ipath)
        elif _escapes(dest):
            report.add("NQ111", "destination escapes allocation directory", f"{ipath}.DestPath")
        mode = get_str(template, "ChangeMode", "restart") or "restart"
        if mode == "signal":
            if get_str(template, "ChangeSignal") == "":
                report.add(
                    "NQ111",
                    "Must specify signal value when change mode is signal",
                    f"{ipath}.ChangeMode",
                )
            if get_bool(template, "Envvars"):
                report.add(
                    "NQ111", "cannot use signals with env var templates", f"{ipath}.ChangeMode"
                )
        elif mode == "script":
            if template.get("ChangeScript") is None:
                report.add(
                    "NQ111",
                    "must specify change script configuration value when change mode is script",
                    f"{ipath}.ChangeMode",
                )
        elif mode not in ("noop", "restart"):
            report.add(
                "NQ111",
                "change mode must be one of: 'noop', 'signal', 'restart', or 'script'",
                f"{ipath}.ChangeMode",
            )
        if get_int(template, "Splay") < 0:
            report.add("NQ111", "Must specify positive splay value", f"{ipath}.Splay")
        perms = get_str(template, "Perms")
        if perms and not (all(c in "01234567" for c in perms) and int(perms, 8) < 4096):
            report.add(
                "NQ111",
                f'Failed to parse "{perms}" as octal: strconv.ParseUint: parsing "{perms}": '
                + ("value out of range" if perms.isdigit() else "invalid syntax"),
                f"{ipath}.Perms",
            )
        if dest in destinations:
            report.add(
                "NQ111",
                f"Template {i + 1} has same destination as {destinations[dest]}",
                f"{ipath}.DestPath",
            )
        else:
            destinations[dest] = i + 1
