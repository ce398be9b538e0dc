"""Small builders shared by the API tests."""

from __future__ import annotations

from typing import Any


def api_job(
    job_id: str = "vm", count: int = 2, qemu: str = ">= 8.0", **extra: Any
) -> dict[str, Any]:
    """A job as the client sends it (only the fields the double looks at)."""
    job: dict[str, Any] = {
        "ID": job_id,
        "Name": job_id,
        "Datacenters": ["dc1"],
        "TaskGroups": [
            {
                "Name": "vm",
                "Count": count,
                "Constraints": [
                    {
                        "LTarget": "${attr.driver.qemu.version}",
                        "RTarget": qemu,
                        "Operand": "version",
                    }
                ],
                "Tasks": [
                    {"Name": "vm", "Driver": "qemu", "Config": {"image_path": "local/disk.img"}}
                ],
            }
        ],
    }
    job.update(extra)
    return job
