"""`python -m nomadqemu.testguest [--flavour F] [--no-iso] [--cache-dir D] [--port P]`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from nomadqemu.testguest.build import build_guest
from nomadqemu.testguest.kernel import GuestBuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build-test-guest", description=__doc__)
    parser.add_argument("--flavour", default="cloud-amd64", help="cloud-amd64 (default) or amd64")
    parser.add_argument("--no-iso", action="store_true", help="build only the raw images")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--port", type=int, default=80, help="the guest's HTTP port")
    parser.add_argument("--json", action="store_true", help="print the paths as JSON")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        images = build_guest(
            args.cache_dir, flavour=args.flavour, iso=not args.no_iso, port=args.port
        )
    except GuestBuildError as exc:
        print(f"build-test-guest: {exc}", file=sys.stderr)
        return 1
    paths = {
        "img": images.img,
        "img_ignore": images.img_ignore,
        "iso": images.iso,
        "iso_ignore": images.iso_ignore,
    }
    if args.json:
        print(json.dumps({k: str(v) if v else None for k, v in paths.items()}, indent=2))
    else:
        for name, path in paths.items():
            if path is not None:
                print(f"{name}\t{path}")
        print(f"ready in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
