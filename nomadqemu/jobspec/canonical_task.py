"""`api.Task.Canonicalize` and task-level defaults (`api/tasks.go`, `api/resources.go`)."""

from __future__ import annotations

import copy

from nomadqemu.jobspec.canonical_base import (
    SECOND,
    Struct,
    child,
    default,
    default_blank,
    go_clean_join,
    go_path_base,
    go_upper,
    merge_set,
    nil_if_empty,
    structs,
)

RESTART_KEYS = ("Interval", "Attempts", "Delay", "Mode", "RenderTemplates")


def default_resources() -> Struct:
    return {"CPU": 100, "Cores": 0, "MemoryMB": 300}


def default_log_config() -> Struct:
    return {"MaxFiles": 10, "MaxFileSizeMB": 10, "Disabled": False}


def canonicalize_resources(resources: Struct) -> None:
    if resources.get("Cores") is None:
        resources["Cores"] = 0
        default(resources, "CPU", 100)
    # Asking for whole cores leaves CPU shares at zero rather than the 100 default.
    default(resources, "CPU", 0)
    default(resources, "MemoryMB", 300)
    for device in structs(resources, "Devices"):
        default(device, "Count", 1)
        for affinity in structs(device, "Affinities"):
            default(affinity, "Weight", 50)
    numa = child(resources, "NUMA")
    if numa is not None:
        default_blank(numa, "Affinity", "none")
        nil_if_empty(numa, "Devices")


def canonicalize_log_config(log_config: Struct) -> None:
    default(log_config, "MaxFiles", 10)
    default(log_config, "MaxFileSizeMB", 10)
    default(log_config, "Disabled", False)


def canonicalize_volume_mount(mount: Struct) -> None:
    default(mount, "PropagationMode", "private")
    default(mount, "ReadOnly", False)
    default(mount, "SELinuxLabel", "")


def canonicalize_artifact(artifact: Struct) -> None:
    default(artifact, "GetterMode", "any")
    default(artifact, "GetterInsecure", False)
    default(artifact, "GetterSource", "")
    nil_if_empty(artifact, "GetterOptions", "GetterHeaders")
    if artifact.get("RelativeDest") is None:
        if artifact["GetterMode"] == "file":
            # A single file lands under local/ with the source's last path element.
            base = go_path_base(artifact["GetterSource"])
            artifact["RelativeDest"] = go_clean_join("local", base)
        else:
            artifact["RelativeDest"] = "local/"


def canonicalize_template(template: Struct) -> None:
    default(template, "SourcePath", "")
    default(template, "DestPath", "")
    default(template, "EmbeddedTmpl", "")
    default(template, "ChangeMode", "restart")
    if template.get("ChangeSignal") is None:
        template["ChangeSignal"] = "SIGHUP" if template["ChangeMode"] == "signal" else ""
    else:
        template["ChangeSignal"] = go_upper(template["ChangeSignal"])
    script = child(template, "ChangeScript")
    if script is not None:
        default(script, "Command", "")
        default(script, "Args", [])
        default(script, "Timeout", 5 * SECOND)
        default(script, "FailOnError", False)
        default(script, "RunOnFirstRender", False)
    default(template, "Once", False)
    default(template, "Splay", 5 * SECOND)
    default(template, "Perms", "0644")
    default(template, "LeftDelim", "{{")
    default(template, "RightDelim", "}}")
    default(template, "Envvars", False)
    default(template, "ErrMissingKey", False)
    default(template, "VaultGrace", 0)


def canonicalize_vault(vault: Struct) -> None:
    default(vault, "Env", True)
    default(vault, "DisableFile", False)
    default(vault, "Namespace", "")
    default_blank(vault, "Cluster", "default")
    default(vault, "ChangeMode", "restart")
    default(vault, "ChangeSignal", "SIGHUP")
    default(vault, "AllowTokenExpiration", False)


def canonicalize_csi_plugin(plugin: Struct) -> None:
    default_blank(plugin, "MountDir", "/csi")
    default_blank(plugin, "StagePublishBaseDir", "/local/csi")
    default_blank(plugin, "HealthTimeout", 30 * SECOND)


def canonicalize_task(task: Struct, group: Struct) -> None:
    """Fill a task's defaults (not its services'); the group's restart policy is canonical."""
    resources = child(task, "Resources")
    if resources is None:
        resources = task["Resources"] = {}
    canonicalize_resources(resources)
    default(task, "KillTimeout", 5 * SECOND)
    log_config = child(task, "LogConfig")
    if log_config is None:
        task["LogConfig"] = default_log_config()
    else:
        canonicalize_log_config(log_config)
    for artifact in structs(task, "Artifacts"):
        canonicalize_artifact(artifact)
    vault = child(task, "Vault")
    if vault is not None:
        canonicalize_vault(vault)
    consul = child(task, "Consul")
    if consul is not None:
        default_blank(consul, "Cluster", "default")
    for template in structs(task, "Templates"):
        canonicalize_template(template)
    for secret in structs(task, "Secrets"):
        nil_if_empty(secret, "Config", "Env")
    for affinity in structs(task, "Affinities"):
        default(affinity, "Weight", 50)
    for mount in structs(task, "VolumeMounts"):
        canonicalize_volume_mount(mount)
    plugin = child(task, "CSIPluginConfig")
    if plugin is not None:
        canonicalize_csi_plugin(plugin)
    restart = copy.deepcopy(group["RestartPolicy"])
    merge_set(restart, child(task, "RestartPolicy"), RESTART_KEYS)
    task["RestartPolicy"] = restart
