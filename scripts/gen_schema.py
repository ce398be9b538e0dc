#!/usr/bin/env python3
"""Write `schemas/job.schema.json` from the committed struct model.

usage: scripts/gen_schema.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nomadqemu.jobspec.schema import job_schema_text  # noqa: E402  # needs the path set above


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "schemas" / "job.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(job_schema_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
