"""Runs `nomadqemu` as a real process against the double, and writes job files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

JOB = """job "vm" {
  datacenters = ["dc1"]

  group "vm" {
    count = 2

    constraint {
      attribute = "${attr.driver.qemu.version}"
      operator  = "version"
      value     = ">= 8.0"
    }

    task "vm" {
      driver = "qemu"

      config {
        image_path  = "local/disk.img"
        accelerator = "tcg"
        args        = ["-smp", "${var.cpus}"]
      }

      resources {
        memory = 512
      }
    }
  }
}

variable "cpus" {
  type    = string
  default = "1"
}
"""


def write_job(directory: Path, text: str = JOB, name: str = "vm.nomad") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def nomadqemu(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NOMAD_", "NOMADQEMU_"))}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "nomadqemu", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=environ,
        check=False,
        timeout=60,
    )
