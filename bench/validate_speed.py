"""Validation throughput over 500 generated job files in one process, and cold start.

Run: `python -m bench.validate_speed`. Targets: 500 files of about 2 KB ≤ 1 s; one file
cold (a fresh interpreter running `nomadqemu validate`) ≤ 150 ms on a 2-core machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

JOB = """job "vm-{n}" {{
  datacenters = ["dc1", "dc2"]
  type        = "service"

  constraint {{
    attribute = "${{attr.kernel.name}}"
    value     = "linux"
  }}

  constraint {{
    attribute = "${{attr.driver.qemu.version}}"
    operator  = "version"
    value     = ">= 7.0, < 11"
  }}

  update {{
    max_parallel     = 1
    min_healthy_time = "30s"
    healthy_deadline = "5m"
  }}

  meta {{
    team  = "platform"
    image = "image-{n}"
  }}

  group "vms" {{
    count = {count}

    network {{
      port "ssh" {{ to = 22 }}
      port "http" {{ to = 80 }}
    }}

    service {{
      name     = "vm-{n}-ssh"
      port     = "ssh"
      provider = "nomad"

      check {{
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
      }}
    }}

    service {{
      name     = "vm-{n}-http"
      port     = "http"
      provider = "nomad"
      tags     = ["web", "vm-{n}"]

      check {{
        type     = "http"
        path     = "/healthz"
        interval = "15s"
        timeout  = "3s"
      }}
    }}

    ephemeral_disk {{
      size = 2048
    }}

    restart {{
      attempts = 3
      interval = "10m"
      delay    = "30s"
      mode     = "fail"
    }}

    task "vm" {{
      driver = "qemu"

      config {{
        image_path        = "local/image-{n}.qcow2"
        accelerator       = "kvm"
        graceful_shutdown = true
        drive_interface   = "virtio"
        args              = ["-nodefaults", "-smp", "2", "-device", "virtio-rng-pci"]
      }}

      artifact {{
        source      = "https://example.com/images/image-{n}.qcow2"
        destination = "local"
      }}

      env {{
        VM_INDEX = "{n}"
      }}

      template {{
        destination = "local/cloud-init.yaml"
        data        = <<-EOF
          hostname: vm-{n}
          ssh_port: {{{{ env "NOMAD_PORT_ssh" }}}}
        EOF
      }}

      logs {{
        max_files     = 3
        max_file_size = 10
      }}

      kill_timeout = "45s"

      resources {{
        cpu    = 1000
        memory = {memory}
      }}
    }}
  }}
}}
"""


def write_jobs(directory: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = directory / f"vm-{n}.nomad"
        path.write_text(JOB.format(n=n, count=1 + n % 3, memory=512 + n))
        paths.append(str(path))
    return paths


def throughput(paths: list[str]) -> float:
    from nomadqemu.validate.context import ValidationContext
    from nomadqemu.validate.session import Session

    session = Session(ValidationContext())
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        session.validate_file(path, Path(path).read_bytes())
    elapsed = time.perf_counter() - start
    print(f"  (CPU time {time.process_time() - cpu:.3f} s)")
    errors = [d for d in session.diagnostics if d.is_error]
    assert not errors, errors[:3]
    return elapsed


def cold_start(path: str, runs: int = 7) -> tuple[float, float]:
    from bench.coldstart import median_times

    argv = [sys.executable, "-m", "nomadqemu", "validate", "--fingerprint=none", path]
    return median_times(argv, runs)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_jobs(Path(tmp), 500)
        size = statistics.mean(Path(p).stat().st_size for p in paths)
        elapsed = throughput(paths)
        print(
            f"500 files of {size / 1024:.1f} KB in one process: {elapsed:.3f} s "
            f"({500 / elapsed:.0f} files/s)"
        )
        wall, cpu = cold_start(paths[0])
        print(
            f"one file, cold (median of 7 fresh processes): {wall * 1000:.0f} ms wall, "
            f"{cpu * 1000:.0f} ms CPU"
        )


if __name__ == "__main__":
    main()
