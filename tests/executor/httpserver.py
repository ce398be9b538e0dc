"""A real HTTP server on a free port, serving a directory and recording request headers."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class _Handler(http.server.SimpleHTTPRequestHandler):
    seen: list[dict[str, str]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers.items()))
        if self.path.startswith("/status/"):
            self.send_error(int(self.path.rsplit("/", 1)[1]))
            return
        super().do_GET()


@contextmanager
def serve(directory: Path) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Yields the base URL and the list of request headers seen so far."""
    seen: list[dict[str, str]] = []
    handler = functools.partial(
        type("Handler", (_Handler,), {"seen": seen}), directory=str(directory)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
