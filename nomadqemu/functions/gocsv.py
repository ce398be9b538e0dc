"""Go's `encoding/csv` reader (RFC 4180, strict quotes, fixed field count)."""

from __future__ import annotations


class CSVError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _error(line: int, what: str) -> CSVError:
    return CSVError(f"CSV parse error on line {line}: {what}")


def read_records(text: str) -> list[list[str]]:
    """All records; every record must have as many fields as the first."""
    lines = [part + "\n" for part in text.split("\n")]
    if text.endswith("\n") or not text:
        lines.pop()
    records: list[list[str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        start_line = i
        if line in ("\n", "\r\n"):
            continue  # Go skips empty lines
        fields: list[str] = []
        line = _normalize(line)
        pos = 0
        while True:
            if line.startswith('"', pos):
                value: list[str] = []
                pos += 1
                while True:
                    q = line.find('"', pos)
                    if q < 0:
                        value.append(line[pos:])
                        if i >= len(lines):
                            raise _error(start_line, 'extraneous or missing " in quoted-field')
                        line = _normalize(lines[i])
                        i += 1
                        pos = 0
                        continue
                    value.append(line[pos:q])
                    pos = q + 1
                    nxt = line[pos : pos + 1]
                    if nxt == '"':
                        value.append('"')
                        pos += 1
                        continue
                    if nxt in (",", "\n", ""):
                        break
                    raise _error(i, 'extraneous or missing " in quoted-field')
                fields.append("".join(value))
            else:
                end = len(line)
                for stop in (",", "\n"):
                    k = line.find(stop, pos)
                    if k >= 0:
                        end = min(end, k)
                field = line[pos:end]
                if '"' in field:
                    raise _error(i, 'bare " in non-quoted-field')
                fields.append(field)
                pos = end
            if line[pos : pos + 1] == ",":
                pos += 1
                continue
            break
        if records and len(fields) != len(records[0]):
            raise _error(start_line, "wrong number of fields")
        records.append(fields)
    return records


def _normalize(line: str) -> str:
    """Go turns a trailing `\\r\\n` into `\\n`."""
    if line.endswith("\r\n"):
        return line[:-2] + "\n"
    return line
