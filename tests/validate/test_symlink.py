"""A symlink that makes the lexical image_path check pass for a file outside the paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_symlink_escape_is_a_warning(tmp_path: Path) -> None:
    images, outside = tmp_path / "images", tmp_path / "outside"
    images.mkdir()
    outside.mkdir()
    (outside / "secret.img").write_bytes(b"x")
    (images / "disk.img").symlink_to(outside / "secret.img")
    (images / "real.img").write_bytes(b"x")
    client = tmp_path / "client.json"
    client.write_text(
        json.dumps(
            {
                "data_dir": "/opt/nomad/data",
                "plugin": {"qemu": {"config": {"image_paths": [str(images)]}}},
            }
        )
    )
    findings = {}
    for name in ("disk.img", "real.img"):
        job = tmp_path / f"{name}.json"
        job.write_text(
            json.dumps(
                {
                    "ID": "vm",
                    "Name": "vm",
                    "Type": "service",
                    "Datacenters": ["dc1"],
                    "TaskGroups": [
                        {
                            "Name": "g",
                            "Tasks": [
                                {
                                    "Name": "vm",
                                    "Driver": "qemu",
                                    "Config": {"image_path": str(images / name)},
                                    "Resources": {"MemoryMB": 512},
                                }
                            ],
                        }
                    ],
                }
            )
        )
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "nomadqemu",
                "validate",
                "--format=json",
                "--fingerprint=none",
                f"--client-config={client}",
                str(job),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        findings[name] = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert findings == {"disk.img": ["NQ302"], "real.img": []}
