"""Go's expression grammar, followed for its diagnostics only (see `goparse_base`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from nomadqemu.hcl.escapes import unescape_quoted
from nomadqemu.hcl.goparse_base import Diags, GoDiag, Peeker, Rng
from nomadqemu.hcl.goparse_collections import object_cons, tuple_cons
from nomadqemu.hcl.scanner import Token
from nomadqemu.namesuggest import first_suggestion

_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"||"}),
    frozenset({"&&"}),
    frozenset({"==", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%"}),
)
_LEVEL_OF = {op: level for level, ops in enumerate(_LEVELS) for op in ops}
# What `cty.ParseNumberVal` (big.ParseFloat, base 10) accepts from a number token.
_NUMBER = re.compile(rb"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")
_KEYWORDS = ("if", "for", "else", "endif", "endfor")

_NO_EXPRESSION = "Expected the start of an expression, but found an invalid expression token."


class ExprParser(Peeker):
    """Go's `parseExpression` and friends; each returns (range, diagnostics)."""

    describe: Callable[[Rng], str] = staticmethod(lambda rng: f"{rng}")

    def diag(self, summary: str, detail: str, rng: Rng | Token) -> GoDiag:
        if len(rng) == 3:
            return GoDiag(summary, detail, rng[1], rng[2])
        return GoDiag(summary, detail, rng[0], rng[1])

    def expression(self) -> tuple[Rng, Diags]:
        start = self.peek()
        cond, diags = self.binary(0)
        if self.recovery and diags:
            return cond, diags
        if self.peek()[0] != "?":
            return cond, diags
        self.read()
        _, true_diags = self.expression()
        diags += true_diags
        if self.recovery and true_diags:
            return cond, diags
        colon = self.peek()
        if colon[0] != ":":
            diags.append(
                self.diag(
                    "Missing false expression in conditional",
                    "The conditional operator (...?...:...) requires a false expression, "
                    "delimited by a colon.",
                    colon,
                )
            )
            return cond, diags
        self.read()
        false_rng, false_diags = self.expression()
        diags += false_diags
        if self.recovery and false_diags:
            return cond, diags
        return (start[1], false_rng[1]), diags

    def binary(self, min_level: int) -> tuple[Rng, Diags]:
        """Go's `parseBinaryOps` (one recursion per precedence level), as precedence
        climbing: the same operands, left associativity and stops on errors, fewer calls."""
        rng, diags = self.with_traversals()
        if self.recovery and diags:
            return rng, diags
        while True:
            level = _LEVEL_OF.get(self.peek()[0])
            if level is None or level < min_level:
                return rng, diags
            self.read()
            rhs, rhs_diags = self.binary(level + 1)
            diags += rhs_diags
            rng = (rng[0], rhs[1])
            if self.recovery and rhs_diags:
                return rng, diags

    def with_traversals(self) -> tuple[Rng, Diags]:
        term, diags = self.term()
        rng, more = self.traversals(term)
        return rng, diags + more

    # --- terms -------------------------------------------------------------------------

    def term(self) -> tuple[Rng, Diags]:
        start = self.peek()
        kind = start[0]
        if kind == "OParen":
            return self.parens()
        if kind == "Number":
            self.read()
            return (start[1], start[2]), self.number(start)
        if kind == "Ident":
            self.read()
            if self.peek()[0] in ("OParen", "::"):
                return self.function_call(start)
            return (start[1], start[2]), []
        if kind in ("OQuote", "OHeredoc"):
            self.read()
            closer = "CQuote" if kind == "OQuote" else "CHeredoc"
            _, diags = self.template(closer, quoted=kind == "OQuote")
            return (start[1], self.prev_range()[1]), diags
        if kind in ("-", "!"):
            self.read()
            operand, diags = self.with_traversals()
            return (start[1], operand[1]), diags
        if kind == "OBrack":
            return tuple_cons(self)
        if kind == "OBrace":
            return object_cons(self)
        problems: Diags = []
        if not self.recovery:
            if kind == "EOF":
                detail = "Expected the start of an expression, but found the end of the file."
                problems.append(self.diag("Missing expression", detail, start))
            else:
                problems.append(self.diag("Invalid expression", _NO_EXPRESSION, start))
        self.recovery = True
        return (start[1], start[2]), problems

    def number(self, tok: Token) -> Diags:
        if _NUMBER.fullmatch(self.src, tok[1], tok[2]):
            return []
        detail = "Failed to recognize the value of this number literal."
        return [self.diag("Invalid number literal", detail, tok)]

    def parens(self) -> tuple[Rng, Diags]:
        open_tok = self.read()
        self.push_newlines(False)
        _, diags = self.expression()
        if diags:
            self.recover("CParen")
            self.pop_newlines()
            return (open_tok[1], self.prev_range()[1]), diags
        close = self.peek()
        if close[0] != "CParen":
            detail = "Expected a closing parenthesis to terminate the expression."
            diags.append(self.diag("Unbalanced parentheses", detail, close))
            self.recovery = True
        close = self.read()
        self.pop_newlines()
        return (open_tok[1], close[2]), diags

    def function_call(self, name: Token) -> tuple[Rng, Diags]:
        diags: Diags = []
        open_tok = self.read()
        while open_tok[0] == "::":
            next_name = self.read()
            if next_name[0] != "Ident":
                detail = (
                    "Function scope resolution symbol :: must be followed by a function name "
                    "in this scope."
                )
                diags.append(self.diag("Missing function name", detail, next_name))
                self.recover_over("OParen")
                return (name[1], next_name[2]), diags
            open_tok = self.read()
        if open_tok[0] != "OParen":
            detail = (
                "Function selector must be followed by an open parenthesis to begin the "
                "function call."
            )
            diags.append(self.diag("Missing open parenthesis", detail, open_tok))
            self.recover_over("OParen")
            return (name[1], open_tok[2]), diags
        close: Token = open_tok
        self.push_newlines(False)
        while True:
            if self.peek()[0] == "CParen":
                close = self.read()
                break
            _, arg_diags = self.expression()
            diags += arg_diags
            if self.recovery and arg_diags:
                recovered = self.recover("CParen")
                if recovered[0] == "CParen":
                    close = recovered
                break
            sep = self.read()
            if sep[0] == "CParen":
                close = sep
                break
            if sep[0] == "...":
                if self.peek()[0] != "CParen":
                    if not self.recovery:
                        detail = (
                            "An expanded function argument (with ...) must be immediately "
                            "followed by closing parentheses."
                        )
                        diags.append(self.diag("Missing closing parenthesis", detail, sep))
                    close = self.recover("CParen")
                else:
                    close = self.read()
                break
            if sep[0] != ",":
                if sep[0] == "EOF":
                    detail = (
                        "There is no closing parenthesis for this function call before the end "
                        "of the file. This may be caused by incorrect parenthesis nesting "
                        "elsewhere in this file."
                    )
                    rng = (name[1], open_tok[2])
                    diags.append(self.diag("Unterminated function call", detail, rng))
                else:
                    detail = "A comma is required to separate each function argument from the next."
                    diags.append(self.diag("Missing argument separator", detail, sep))
                close = self.recover("CParen")
                break
            if self.peek()[0] == "CParen":
                close = self.read()
                break
        self.pop_newlines()
        return (name[1], close[2]), diags

    def is_keyword(self, tok: Token, word: str) -> bool:
        return tok[0] == "Ident" and self.src[tok[1] : tok[2]] == word.encode()

    def traversals(self, start: Rng) -> tuple[Rng, Diags]:
        diags: Diags = []
        rng = start
        while True:
            kind = self.peek()[0]
            if kind == ".":
                rng = self._dot(start, rng, diags)
            elif kind == "OBrack":
                rng = self._bracket(start, rng, diags)
            else:
                return rng, diags

    def _legacy_index(self, num: Token, subject: Token, diags: Diags, splat: bool) -> None:
        text = self.text(num)
        if "." in text:
            first, _, second = text.partition(".")
            proper = (
                "the proper index syntax with a full splat expression [*]"
                if splat
                else ("the proper index syntax")
            )
            detail = (
                "When using the legacy index syntax, chaining two indexes together is not "
                f"permitted. Use {proper} instead, like [{first}][{second}]."
            )
            diags.append(self.diag("Invalid legacy index syntax", detail, subject))
        else:
            diags += self.number(num)

    def _dot(self, start: Rng, rng: Rng, diags: Diags) -> Rng:
        self.read()
        attr = self.peek()
        if attr[0] == "Ident":
            self.read()
            return rng[0], attr[2]
        if attr[0] == "Number":
            self.read()
            self._legacy_index(attr, attr, diags, splat=False)
            return rng[0], attr[2]
        if attr[0] == "*":
            star = self.read()
            last = star[2]
            while self.peek()[0] == ".":
                self.read()
                nxt = self.peek()
                if nxt[0] == "Number":
                    self.read()
                    # Go names the star token here, not the number.
                    self._legacy_index(nxt, attr, diags, splat=True)
                    last = nxt[2]
                    continue
                if nxt[0] != "Ident":
                    if not self.recovery:
                        if nxt[0] == "*":
                            detail = (
                                "A splat expression (*) cannot be used inside another "
                                "attribute-only splat expression."
                            )
                            diags.append(
                                self.diag("Nested splat expression not allowed", detail, nxt)
                            )
                        else:
                            detail = "An attribute name is required after a dot."
                            diags.append(self.diag("Invalid attribute name", detail, attr))
                    self.recovery = True
                    return start[0], last
                self.read()
                last = nxt[2]
            return start[0], last
        diags.append(
            self.diag("Invalid attribute name", "An attribute name is required after a dot.", attr)
        )
        self.recovery = True
        return rng

    def _bracket(self, start: Rng, rng: Rng, diags: Diags) -> Rng:
        open_tok = self.read()
        if self.peek()[0] == "*":
            self.read()
            close = self.read()
            if close[0] != "CBrack" and not self.recovery:
                detail = (
                    "The star for a full splat operator must be immediately followed by a "
                    'closing bracket ("]").'
                )
                diags.append(self.diag("Missing close bracket on splat index", detail, close))
                close = self.recover("CBrack")
            each, more = self.traversals((open_tok[1], close[2]))
            diags += more
            return start[0], each[1]
        self.push_newlines(False)
        _, key_diags = self.expression()
        diags += key_diags
        if self.recovery and key_diags:
            close = self.recover("CBrack")
        else:
            close = self.read()
            if close[0] != "CBrack" and not self.recovery:
                detail = 'The index operator must end with a closing bracket ("]").'
                diags.append(self.diag("Missing close bracket on index", detail, close))
                close = self.recover("CBrack")
        self.pop_newlines()
        return rng[0], close[2]

    # --- templates -----------------------------------------------------------------------

    def template(self, end: str, quoted: bool) -> tuple[Rng, Diags]:
        """Go's `parseTemplateParts` then the `templateParser` balance checks."""
        from nomadqemu.hcl.goparse_template import TemplateChecker

        return TemplateChecker(self, end, quoted).run()

    def string_literal(self, tok: Token, quoted: bool) -> Diags:
        """Go's `ParseStringLiteralToken` diagnostics (escape sequences)."""
        if not quoted:
            return []
        text = self.text(tok)
        if "\\" not in text:
            return []
        diags: Diags = []

        def report(detail: str, begin: int, stop: int) -> None:
            b0 = tok[1] + len(text[:begin].encode())
            b1 = tok[1] + len(text[:stop].encode())
            diags.append(GoDiag("Invalid escape sequence", detail, b0, b1))

        unescape_quoted(text, report)
        return diags

    def keyword_suggestion(self, given: str) -> str:
        word = first_suggestion(given, _KEYWORDS)
        return f' Did you mean "{word}"?' if word else ""
