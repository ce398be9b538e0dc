"""Go's body grammar (`ParseBody` and friends), for diagnostics only (see `goparse_base`).

`go_diagnostics` returns what Go's `hclsyntax.ParseConfig` reports for a file, in Go's
order: the token-level problems first, then the parser's, as Go appends them.
"""

from __future__ import annotations

from collections.abc import Callable

from nomadqemu.hcl.goparse_base import Diags, GoDiag, Rng
from nomadqemu.hcl.goparse_expr import ExprParser
from nomadqemu.hcl.scanner import Token, scan, token_problems

_NEEDS_ITEM = "An argument or block definition is required here."
_NEEDS_EQUALS = (
    _NEEDS_ITEM + ' To set an argument, use the equals sign "=" to introduce the argument value.'
)


class BodyParser(ExprParser):
    def body(self, end: str) -> Diags:
        diags: Diags = []
        seen: dict[bytes, Rng] = {}
        start = self.prev_range()
        while True:
            nxt = self.peek()
            if nxt[0] == end:
                self.read()
                return diags
            if nxt[0] == "Newline":
                self.read()
                continue
            if nxt[0] == "Ident":
                kind, ident, item_diags = self.body_item()
                diags += item_diags
                if kind == "attribute":
                    name = self.src[ident[1] : ident[2]]
                    first = seen.get(name)
                    if first is not None:
                        detail = (
                            f'The argument "{name.decode("utf-8", "replace")}" was already set '
                            f"at {self.describe(first)}. Each argument may be set only once."
                        )
                        diags.append(self.diag("Attribute redefined", detail, ident))
                    else:
                        seen[name] = (ident[1], ident[2])
                continue
            bad = self.read()
            if not self.recovery:
                if bad[0] == "OQuote":
                    detail = "Argument names must not be quoted."
                    diags.append(self.diag("Invalid argument name", detail, bad))
                elif bad[0] == "EOF" and end == "CBrace":
                    detail = (
                        "There is no closing brace for this block before the end of the file. "
                        "This may be caused by incorrect brace nesting elsewhere in this file."
                    )
                    diags.append(self.diag("Unclosed configuration block", detail, start))
                elif bad[0] == "EOF":
                    detail = "Found end of file before the end of this configuration body."
                    diags.append(self.diag("Unclosed configuration body", detail, start))
                else:
                    summary = "Argument or block definition required"
                    diags.append(self.diag(summary, _NEEDS_ITEM, bad))
            self.recover(end)
            return diags

    def body_item(self) -> tuple[str, Token, Diags]:
        ident = self.read()
        nxt = self.peek()
        if nxt[0] == "=":
            return "attribute", ident, self.attribute(ident, single_line=False)
        if nxt[0] in ("OQuote", "OBrace", "Ident"):
            return "block", ident, self.block(ident)
        self.recover_after_body_item()
        summary = "Argument or block definition required"
        return "", ident, [self.diag(summary, _NEEDS_EQUALS, ident)]

    def attribute(self, ident: Token, single_line: bool) -> Diags:
        self.read()  # "="
        _, diags = self.expression()
        if self.recovery and diags:
            self.recover_after_body_item()
            return diags
        if single_line:
            return diags
        end = self.peek()
        if end[0] in ("Newline", "EOF"):
            self.read()
            return diags
        if not self.recovery:
            summary = "Missing newline after argument"
            detail = "An argument definition must end with a newline."
            if end[0] == ",":
                summary = "Unexpected comma after argument"
                detail = "Argument definitions must be separated by newlines, not commas. " + detail
            diags.append(self.diag(summary, detail, end))
        self.recover_after_body_item()
        return diags

    def block(self, ident: Token) -> Diags:
        diags: Diags = []
        while True:
            tok = self.peek()
            if tok[0] == "OBrace":
                open_tok = self.read()
                break
            if tok[0] == "OQuote":
                diags += self.quoted_label()
                continue
            if tok[0] == "Ident":
                self.read()
                continue
            summary = "Invalid block definition"
            if tok[0] == "=":
                detail = (
                    'The equals sign "=" indicates an argument definition, and must not be used '
                    "when defining a block."
                )
                diags.append(self.diag(summary, detail, tok))
            elif tok[0] == "Newline":
                detail = (
                    'A block definition must have block content delimited by "{" and "}", '
                    "starting on the same line as the block header."
                )
                diags.append(self.diag(summary, detail, tok))
            elif not self.recovery:
                detail = (
                    'Either a quoted string block label or an opening brace ("{") is expected here.'
                )
                diags.append(self.diag(summary, detail, tok))
            self.recover_after_body_item()
            return diags
        if self.peek()[0] in ("Newline", "EOF", "CBrace"):
            diags += self.body("CBrace")
        else:
            diags += self.single_line_body(open_tok)
        eol = self.peek()
        if eol[0] in ("Newline", "EOF"):
            self.read()
        else:
            if not self.recovery:
                detail = "A block definition must end with a newline."
                diags.append(self.diag("Missing newline after block definition", detail, eol))
            self.recover_after_body_item()
        return diags

    def single_line_body(self, open_tok: Token) -> Diags:
        body_diags = self._single_attribute()
        diags: Diags = []
        nxt = self.peek()
        summary = "Invalid single-argument block definition"
        if nxt[0] == "CBrace":
            self.read()
        elif nxt[0] == ",":
            detail = (
                "Single-line block syntax can include only one argument definition. To define "
                "multiple arguments, use the multi-line block syntax with one argument definition "
                "per line."
            )
            diags.append(self.diag(summary, detail, nxt))
            self.recover("CBrace")
        elif nxt[0] == "Newline":
            detail = (
                "An argument definition on the same line as its containing block creates a "
                "single-line block definition, which must also be closed on the same line. Place "
                "the block's closing brace immediately after the argument definition."
            )
            diags.append(self.diag(summary, detail, nxt))
            self.recover("CBrace")
        else:
            if not self.recovery:
                if nxt[0] == "EOF":
                    detail = (
                        "There is no closing brace for this block before the end of the file. "
                        "This may be caused by incorrect brace nesting elsewhere in this file."
                    )
                    diags.append(self.diag("Unclosed configuration block", detail, open_tok))
                else:
                    detail = (
                        "A single-line block definition must end with a closing brace "
                        "immediately after its single argument definition."
                    )
                    diags.append(self.diag(summary, detail, nxt))
            self.recover("CBrace")
        return diags + body_diags

    def _single_attribute(self) -> Diags:
        ident = self.read()
        if ident[0] != "Ident":
            self.recover_after_body_item()
            return [self.diag("Argument or block definition required", _NEEDS_ITEM, ident)]
        nxt = self.peek()
        if nxt[0] == "=":
            return self.attribute(ident, single_line=True)
        self.recover_after_body_item()
        if nxt[0] in ("OQuote", "OBrace", "Ident"):
            name = self.text(ident)
            detail = (
                "A single-line block definition can contain only a single argument. If you "
                f'meant to define argument "{name}", use an equals sign to assign it a value. '
                "To define a nested block, place it on a line of its own within its parent block."
            )
            return [self.diag("Argument definition required", detail, (ident[1], nxt[2]))]
        return [self.diag("Argument or block definition required", _NEEDS_EQUALS, ident)]

    def quoted_label(self) -> Diags:
        """Go's `parseQuotedStringLiteral` for a block label."""
        self.read()  # the opening quote
        diags: Diags = []
        while True:
            tok = self.read()
            kind = tok[0]
            if kind == "CQuote":
                return diags
            if kind == "QuotedLit":
                diags += self.string_literal(tok, quoted=True)
            elif kind in ("TemplateControl", "TemplateInterp"):
                which = "%" if kind == "TemplateControl" else "$"
                detail = (
                    "Template sequences are not allowed in this string. To include a literal "
                    f'"{which}", double it (as "{which}{which}") to escape it.'
                )
                diags.append(self.diag("Invalid string literal", detail, tok))
                self.recover("TemplateSeqEnd")
            elif kind == "EOF":
                detail = "Unable to find the closing quote mark before the end of the file."
                diags.append(self.diag("Unterminated string literal", detail, tok))
                return diags
            else:
                detail = "This item is not valid in a string literal."
                diags.append(self.diag("Invalid string literal", detail, tok))
                self.recover("CQuote")
                return diags


def go_diagnostics(
    source: bytes, describe: Callable[[Rng], str], mode: str = "config", start: int = 0
) -> list[GoDiag]:
    """Go's diagnostics for `source` from byte `start`, parsed as Go's `ParseConfig`
    (`mode` "config"), `ParseExpression` ("expression") or `ParseTemplate` ("template")."""
    tokens = scan(source, start, template=mode == "template")
    diags = [GoDiag(p.summary, p.detail, p.start, p.end) for p in token_problems(source, tokens)]
    parser = BodyParser(source, tokens)
    parser.describe = describe
    if mode == "config":
        diags += parser.body("EOF")
        return diags
    if mode == "template":
        _, template_diags = parser.template("EOF", quoted=False)
        return diags + template_diags
    parser.push_newlines(False)
    _, expr_diags = parser.expression()
    diags += expr_diags
    nxt = parser.peek()
    if nxt[0] != "EOF" and not parser.recovery:
        detail = "An expression was successfully parsed, but extra characters were found after it."
        diags.append(GoDiag("Extra characters after expression", detail, nxt[1], nxt[2]))
    return diags
