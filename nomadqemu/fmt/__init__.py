"""`nomad fmt`'s formatting: HCL's canonical layout, byte for byte, without Nomad.

`format_source` is the whole pipeline for one file: refuse a file HCL cannot parse
(as `nomad fmt` does), otherwise scan it into HCL's tokens, lay them out and write
them back. No I/O here; the command line reads and writes the files.
"""

from __future__ import annotations

from nomadqemu.diagnostics import Diagnostic, Severity
from nomadqemu.fmt.layout import lay_out, render
from nomadqemu.fmt.scanner import scan
from nomadqemu.span import Pos, Span

__all__ = ["format_source", "format_text"]


def format_text(text: str) -> str:
    """Lay out text that is known to scan cleanly (see `format_source` for checks)."""
    tokens = scan(text).tokens
    lay_out(tokens)
    return render(tokens)


def _position(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    byte = len(text[:offset].encode("utf-8", "surrogateescape"))
    return Pos(line, offset - line_start + 1, byte)


def format_source(source: bytes, filename: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The formatted bytes of a whole file, or None and the reasons it cannot be formatted.

    Like `nomad fmt`, a file with a syntax error is refused rather than guessed at.
    """
    from nomadqemu.hcl import parse_file

    _, parse_diagnostics = parse_file(source, filename)
    errors = [d for d in parse_diagnostics if d.is_error]
    if errors:
        return None, errors
    text = source.decode("utf-8", "surrogateescape")
    result = scan(text)
    if result.problems:
        diagnostics = []
        for offset, summary in result.problems:
            # Offsets count from after a byte-order mark, which the scanner drops.
            shift = 1 if text.startswith("\ufeff") else 0
            pos = _position(text, offset + shift)
            diagnostics.append(
                # NQ001 is the code of every HCL syntax error (docs/diagnostics.md).
                Diagnostic(Severity.ERROR, summary, span=Span(filename, pos, pos), code="NQ001")
            )
        return None, diagnostics
    lay_out(result.tokens)
    return render(result.tokens).encode("utf-8", "surrogateescape"), []
