"""Runs `nomadqemu` as a real process against the double, and writes job files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.clirun import run_nomadqemu

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
    return run_nomadqemu(*args, cwd=cwd or ROOT, env=env, drop=("NOMAD_", "NOMADQEMU_"), timeout=60)
