"""Go's `regexp.ReplaceAllString` on top of RE2 (the engine Go's regexp follows).

Python's `re2` module speaks Python's replacement syntax and iteration rules, so both
are done here as Go does them: `$1`, `${name}` and `$$` in the replacement, and an
empty match right after a previous match is skipped.
"""

from __future__ import annotations

from typing import Any

from nomadqemu.functions.spec import FunctionError

# RE2's error code texts, and Go's regexp/syntax wording for the same errors.
_GO_ERROR_CODES = {
    "missing )": "missing closing )",
    "missing ]": "missing closing ]",
    "unexpected )": "unexpected )",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid repetition size": "invalid repeat count",
    "invalid escape sequence": "invalid escape sequence",
    "invalid character class range": "invalid character class range",
    "invalid character class": "invalid character class",
    "invalid named capture group": "invalid named capture",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid UTF-8": "invalid UTF-8",
    "pattern too large - compile failed": "expression too large",
}


def _go_error(raw: str) -> str:
    if raw.startswith("trailing \\"):
        return "error parsing regexp: trailing backslash at end of expression: ``"
    code, _, arg = raw.partition(": ")
    code = _GO_ERROR_CODES.get(code, code)
    return f"error parsing regexp: {code}: `{arg}`"


def compile_go(pattern: str) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as err:
        raw = err.args[0] if err.args else str(err)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        raise FunctionError(_go_error(text)) from None


def _expand(template: str, match: Any, names: dict[str, int]) -> str:
    """Go's `Regexp.Expand` for a string template."""
    out: list[str] = []
    i = 0
    while i < len(template):
        ch = template[i]
        if ch != "$" or i + 1 >= len(template):
            out.append(ch)
            i += 1
            continue
        nxt = template[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            close = template.find("}", i + 2)
            name = template[i + 2 : close] if close >= 0 else ""
            end = close + 1
        else:
            j = i + 1
            while j < len(template) and (
                (template[j].isascii() and template[j].isalnum()) or template[j] == "_"
            ):
                j += 1
            name = template[i + 1 : j]
            end = j
        if not name or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
            out.append("$")
            i += 1
            continue
        out.append(_group(match, name, names))
        i = end
    return "".join(out)


def _group(match: Any, name: str, names: dict[str, int]) -> str:
    if name.isdigit():
        index = int(name)
        if index > match.re.groups:
            return ""
    elif name in names:
        index = names[name]
    else:
        return ""
    value = match.group(index)
    return value or ""


def regex_replace(text: str, pattern: str, replacement: str) -> str:
    regexp = compile_go(pattern)
    names: dict[str, int] = dict(regexp.groupindex)
    out: list[str] = []
    last_end = 0
    pos = 0
    while pos <= len(text):
        m = regexp.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        out.append(text[last_end:start])
        if end > last_end or start == 0:
            out.append(_expand(replacement, m, names))
        last_end = end
        pos = pos + 1 if pos + 1 > end else end
    out.append(text[last_end:])
    return "".join(out)
