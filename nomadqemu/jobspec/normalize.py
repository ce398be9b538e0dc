"""Nomad's `normalizeJob` (`jobspec2/parse_job.go`): the only post-processing step."""

from __future__ import annotations

from typing import Any

_FIVE_SECONDS = 5_000_000_000


def normalize_job(
    job: dict[str, Any],
    job_id: str,
    tasks: list[dict[str, Any]],
    vault: dict[str, Any] | None,
    secrets: list[dict[str, Any]] | None,
) -> None:
    if job.get("Name") is None:
        job["Name"] = job_id
    if job.get("ID") is None:
        job["ID"] = job_id
    periodic = job.get("Periodic")
    if periodic is not None and (
        periodic.get("Spec") is not None or periodic.get("Specs") is not None
    ):
        periodic["SpecType"] = "cron"
    normalize_vault(vault)
    if tasks:
        alone = [{"Name": t.get("Name", ""), "Tasks": [t]} for t in tasks]
        job["TaskGroups"] = alone + (job.get("TaskGroups") or [])
    for group in job.get("TaskGroups") or []:
        normalize_ports(group.get("Networks"))
        for task in group.get("Tasks") or []:
            resources = task.get("Resources")
            if resources is not None:
                normalize_ports(resources.get("Networks"))
            normalize_templates(task.get("Templates"))
            normalize_vault(task.get("Vault"))
            if task.get("Vault") is None:
                task["Vault"] = vault
            own = task.get("Secrets") or []
            task["Secrets"] = secrets if not own else own + list(secrets or [])
            _move_default_identity(task)


def _move_default_identity(task: dict[str, Any]) -> None:
    """Pre-1.7 compatibility: the unnamed or "default" identity moves to `Identity`."""
    identities = task.get("Identities") or []
    for i, wid in enumerate(identities):
        if wid.get("Name", "") in ("", "default"):
            task["Identity"] = wid
            task["Identities"] = identities[:i] + identities[i + 1 :]
            return


def normalize_vault(vault: dict[str, Any] | None) -> None:
    if vault is None:
        return
    if vault.get("Env") is None:
        vault["Env"] = True
    if vault.get("DisableFile") is None:
        vault["DisableFile"] = False
    if vault.get("ChangeMode") is None:
        vault["ChangeMode"] = "restart"


def normalize_ports(networks: list[dict[str, Any]] | None) -> None:
    """Ports with a static value move from `DynamicPorts` to `ReservedPorts`."""
    for network in networks or []:
        ports = network.get("DynamicPorts") or []
        if not ports:
            continue
        dynamic = [p for p in ports if p.get("Value", 0) <= 0]
        reserved = [p for p in ports if p.get("Value", 0) > 0]
        network["DynamicPorts"] = dynamic or None
        network["ReservedPorts"] = reserved or None


def normalize_templates(templates: list[dict[str, Any]] | None) -> None:
    for template in templates or []:
        if template.get("ChangeMode") is None:
            template["ChangeMode"] = "restart"
        if template.get("Perms") is None:
            template["Perms"] = "0644"
        if template.get("Splay") is None:
            template["Splay"] = _FIVE_SECONDS
        if template.get("ErrMissingKey") is None:
            template["ErrMissingKey"] = False
        script = template.get("ChangeScript")
        if script is not None:
            if script.get("Args") is None:
                script["Args"] = []
            if script.get("Timeout") is None:
                script["Timeout"] = _FIVE_SECONDS
            if script.get("FailOnError") is None:
                script["FailOnError"] = False
            if script.get("RunOnFirstRender") is None:
                script["RunOnFirstRender"] = False
