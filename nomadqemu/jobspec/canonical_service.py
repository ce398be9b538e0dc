"""`api.Service.Canonicalize` and Consul Connect defaults (`api/services.go`, `api/consul.go`)."""

from __future__ import annotations

from nomadqemu.jobspec.canonical_base import (
    SECOND,
    Struct,
    child,
    default,
    default_blank,
    nil_if_empty,
    structs,
)
from nomadqemu.jobspec.canonical_task import (
    canonicalize_log_config,
    canonicalize_resources,
    canonicalize_volume_mount,
    default_log_config,
    default_resources,
)

# Consul's defaults that the API client fills in (`defaultGatewayConnectTimeout`,
# `defaultIngressListenerProtocol`).
GATEWAY_CONNECT_TIMEOUT = 5 * SECOND
INGRESS_LISTENER_PROTOCOL = "tcp"


def canonicalize_service(service: Struct, task: Struct | None, group: Struct, job: Struct) -> None:
    """Fill a service's defaults; `task` is None for a group-level service."""
    if not service.get("Name"):
        if task is not None:
            service["Name"] = f"{job['Name']}-{group['Name']}-{task.get('Name', '')}"
        else:
            service["Name"] = f"{job['Name']}-{group['Name']}"
    default_blank(service, "AddressMode", "auto")
    default_blank(service, "OnUpdate", "require_healthy")
    default_blank(service, "Provider", "consul")
    default_blank(service, "Cluster", "default")
    nil_if_empty(service, "Meta", "CanaryMeta", "TaggedAddresses")
    connect = child(service, "Connect")
    if connect is not None:
        canonicalize_connect(connect)
    weights = child(service, "Weights")
    if weights is not None:
        # Weights of zero or less would take the service out of rotation; Nomad uses 1.
        for key in ("Passing", "Warning"):
            if (weights.get(key) or 0) <= 0:
                weights[key] = 1
    service_restart = child(service, "CheckRestart")
    for check in service.get("Checks") or ():
        check["CheckRestart"] = merge_check_restart(service_restart, child(check, "CheckRestart"))
        if check["CheckRestart"] is not None:
            default(check["CheckRestart"], "Grace", SECOND)
        for key in ("SuccessBeforePassing", "FailuresBeforeCritical", "FailuresBeforeWarning"):
            if (check.get(key) or 0) < 0:
                check[key] = 0
        if not check.get("OnUpdate"):
            check["OnUpdate"] = service["OnUpdate"]


def merge_check_restart(service: Struct | None, check: Struct | None) -> Struct | None:
    """`CheckRestart.Merge`: the service's settings, overridden by what the check sets."""
    if service is None:
        return check
    merged = {
        "Limit": service.get("Limit") or 0,
        "Grace": service.get("Grace"),
        "IgnoreWarnings": service.get("IgnoreWarnings") or False,
    }
    if check is None:
        return merged
    if (check.get("Limit") or 0) > 0:
        merged["Limit"] = check["Limit"]
    if check.get("Grace") is not None:
        merged["Grace"] = check["Grace"]
    if check.get("IgnoreWarnings"):
        merged["IgnoreWarnings"] = True
    return merged


def canonicalize_connect(connect: Struct) -> None:
    sidecar = child(connect, "SidecarService")
    if sidecar is not None:
        nil_if_empty(sidecar, "Tags", "Meta")
        proxy = child(sidecar, "Proxy")
        if proxy is not None:
            canonicalize_proxy(proxy)
    sidecar_task = child(connect, "SidecarTask")
    if sidecar_task is not None:
        canonicalize_sidecar_task(sidecar_task)
    gateway = child(connect, "Gateway")
    if gateway is not None:
        canonicalize_gateway(gateway)


def canonicalize_sidecar_task(task: Struct) -> None:
    nil_if_empty(task, "Config", "Env")
    resources = child(task, "Resources")
    if resources is None:
        task["Resources"] = default_resources()
    else:
        canonicalize_resources(resources)
    log_config = child(task, "LogConfig")
    if log_config is None:
        task["LogConfig"] = default_log_config()
    else:
        canonicalize_log_config(log_config)
    nil_if_empty(task, "Meta")
    default(task, "KillTimeout", 5 * SECOND)
    default(task, "ShutdownDelay", 0)
    for mount in structs(task, "VolumeMounts"):
        canonicalize_volume_mount(mount)


def canonicalize_proxy(proxy: Struct) -> None:
    expose = child(proxy, "Expose")
    if expose is not None:
        nil_if_empty(expose, "Paths", "Path")
    nil_if_empty(proxy, "Upstreams")
    transparent = child(proxy, "TransparentProxy")
    if transparent is not None:
        nil_if_empty(
            transparent,
            "ExcludeInboundPorts",
            "ExcludeOutboundCIDRs",
            "ExcludeOutboundPorts",
            "ExcludeUIDs",
        )
    for upstream in structs(proxy, "Upstreams"):
        nil_if_empty(upstream, "Config")
    nil_if_empty(proxy, "Config")


def canonicalize_gateway(gateway: Struct) -> None:
    proxy = child(gateway, "Proxy")
    if proxy is not None:
        default(proxy, "ConnectTimeout", GATEWAY_CONNECT_TIMEOUT)
        nil_if_empty(proxy, "EnvoyGatewayBindAddresses", "Config")
    ingress = child(gateway, "Ingress")
    if ingress is not None:
        nil_if_empty(ingress, "Listeners")
        for listener in structs(ingress, "Listeners"):
            # The listener's services are not canonicalized: Nomad's API skips them.
            default_blank(listener, "Protocol", INGRESS_LISTENER_PROTOCOL)
            nil_if_empty(listener, "Services")
    terminating = child(gateway, "Terminating")
    if terminating is not None:
        nil_if_empty(terminating, "Services")
