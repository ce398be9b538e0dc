"""Go's template parsing (`parseTemplateParts` + `templateParser`), for diagnostics only."""

from __future__ import annotations

from nomadqemu.hcl.goparse_base import Diags, GoDiag, Rng
from nomadqemu.hcl.goparse_expr import ExprParser
from nomadqemu.hcl.scanner import Token
from nomadqemu.records import frozen_record

_UNBALANCED = "The control directives within this template are unbalanced."


@frozen_record
class _Part:
    kind: str  # "lit", "interp", "if", "for", "else", "endif", "endfor", "end"
    rng: Rng


class TemplateChecker:
    def __init__(self, parser: ExprParser, end: str, quoted: bool) -> None:
        self.p = parser
        self.end = end
        self.quoted = quoted
        self.parts: list[_Part] = []
        self.diags: Diags = []

    def run(self) -> tuple[Rng, Diags]:
        p = self.p
        start = p.peek()
        end_rng: Rng = (start[1], start[2])
        while True:
            nxt = p.read()
            kind = nxt[0]
            if kind == self.end:
                end_rng = (nxt[1], nxt[2])
                break
            if kind in ("QuotedLit", "StringLit"):
                self.diags += p.string_literal(nxt, kind == "QuotedLit")
                self.parts.append(_Part("lit", (nxt[1], nxt[2])))
            elif kind == "TemplateInterp":
                self.interpolation(nxt, start)
            elif kind == "TemplateControl":
                self.directive(nxt, start)
            else:
                if not p.recovery:
                    detail = "No closing marker was found for the string."
                    self.diags.append(p.diag("Unterminated template string", detail, nxt))
                final = p.recover(self.end)
                end_rng = (final[1], final[2])
                break
        self.parts.append(_Part("end", end_rng))
        self.check_balance()
        return (start[1], end_rng[1]), self.diags

    def interpolation(self, opener: Token, start: Token) -> None:
        p = self.p
        p.push_newlines(False)
        rng, expr_diags = p.expression()
        self.diags += expr_diags
        close = p.peek()
        if close[0] != "TemplateSeqEnd":
            if not p.recovery:
                self.diags.append(self.unclosed(close, start))
            p.recover("TemplateSeqEnd")
        else:
            p.read()
        p.pop_newlines()
        self.parts.append(_Part("interp", (opener[1], close[2])))
        del rng

    def unclosed(self, close: Token, start: Token) -> GoDiag:
        p = self.p
        extra = "Extra characters after interpolation expression"
        if close[0] == "EOF":
            detail = (
                "There is no closing brace for this interpolation sequence before the end of the "
                "file. This might be caused by incorrect nesting inside the given expression."
            )
            return p.diag("Unclosed template interpolation sequence", detail, start)
        if close[0] == ":":
            detail = (
                "Template interpolation doesn't expect a colon at this location. Did you intend "
                "this to be a literal sequence to be processed as part of another language? If "
                'so, you can escape it by starting with "$${" instead of just "${".'
            )
            return p.diag(extra, detail, close)
        if close[0] in ("CQuote", "OQuote") and self.end == "CQuote":
            detail = (
                "There is no closing brace for this interpolation sequence before the end of the "
                "quoted template. This might be caused by incorrect nesting inside the given "
                "expression."
            )
            return p.diag("Unclosed template interpolation sequence", detail, start)
        detail = (
            "Expected a closing brace to end the interpolation expression, but found extra "
            "characters.\n\nThis can happen when you include interpolation syntax for another "
            "language, such as shell scripting, but forget to escape the interpolation start "
            "token. If this is an embedded sequence for another language, escape it by starting "
            'with "$${" instead of just "${".'
        )
        return p.diag(extra, detail, close)

    def directive(self, opener: Token, start: Token) -> None:
        p = self.p
        p.push_newlines(False)
        try:
            self._directive(opener, start)
        finally:
            p.pop_newlines()

    def _directive(self, opener: Token, start: Token) -> None:
        p = self.p
        keyword = p.peek()
        if keyword[0] != "Ident":
            if not p.recovery:
                detail = (
                    'A template directive keyword ("if", "for", etc) is expected at the '
                    "beginning of a %{ sequence."
                )
                self.diags.append(p.diag("Invalid template directive", detail, keyword))
            p.recover("TemplateSeqEnd")
            return
        p.read()
        word = p.text(keyword)
        if word == "if":
            _, cond_diags = p.expression()
            self.diags += cond_diags
        elif word == "for":
            if not self._for_header():
                return
        elif word not in ("else", "endif", "endfor"):
            if not p.recovery:
                detail = f'"{word}" is not a valid template control keyword.'
                detail += p.keyword_suggestion(word)
                self.diags.append(p.diag("Invalid template control keyword", detail, keyword))
            p.recover("TemplateSeqEnd")
            return
        self.parts.append(_Part(word, (opener[1], p.peek()[2])))
        close = p.peek()
        if close[0] != "TemplateSeqEnd":
            if not p.recovery:
                detail = "Expected a closing brace to end the sequence, but found extra characters."
                self.diags.append(p.diag(f"Extra characters in {word} marker", detail, close))
            p.recover("TemplateSeqEnd")
        else:
            p.read()

    def _for_header(self) -> bool:
        p = self.p
        problems = (
            "For directive requires variable name after 'for'.",
            "For directive requires value variable name after comma.",
            "For directive requires 'in' keyword after names.",
        )
        ok = p.peek()[0] == "Ident"
        problem = problems[0]
        if ok:
            p.read()
            if p.peek()[0] == ",":
                p.read()
                ok = p.peek()[0] == "Ident"
                problem = problems[1]
                if ok:
                    p.read()
        if ok:
            ok = p.is_keyword(p.peek(), "in")
            problem = problems[2]
        if not ok:
            if not p.recovery:
                self.diags.append(p.diag("Invalid 'for' directive", problem, p.peek()))
            p.recover("TemplateSeqEnd")
            return False
        p.read()
        _, coll_diags = p.expression()
        self.diags += coll_diags
        return True

    # --- Go's templateParser: directive balance ----------------------------------------

    def check_balance(self) -> None:
        self.pos = 0
        while self.parts[self.pos].kind != "end":
            self._expr()

    def _read(self) -> _Part:
        part = self.parts[self.pos]
        if part.kind != "end":
            self.pos += 1
        return part

    def _expr(self) -> None:
        part = self.parts[self.pos]
        if part.kind in ("lit", "interp"):
            self._read()
        elif part.kind == "if":
            self._block("if", "endif")
        elif part.kind == "for":
            self._block("for", "endfor")
        elif part.kind == "end":
            self._read()
            detail = "The control directives within this template are unbalanced."
            self.diags.append(self.p.diag("Unexpected end of template", detail, part.rng))
        else:
            self._read()
            self.diags.append(
                self.p.diag(f"Unexpected {part.kind} directive", _UNBALANCED, part.rng)
            )

    def _block(self, name: str, closer: str) -> None:
        p = self.p
        opener = self._read()
        where = p.describe(opener.rng)
        in_else = False
        while True:
            nxt = self.parts[self.pos]
            if nxt.kind == "end":
                detail = (
                    f"The {name} directive at {where} is missing its corresponding {closer} "
                    "directive."
                )
                self.diags.append(p.diag("Unexpected end of template", detail, nxt.rng))
                return
            if nxt.kind in ("else", "endif", "endfor"):
                self._read()
                if nxt.kind == "else" and name == "if" and not in_else:
                    in_else = True
                    continue
                if nxt.kind == closer:
                    return
                if nxt.kind == "else":
                    detail = (
                        f"Already in the else clause for the if started at {where}."
                        if name == "if"
                        else "An else clause is not expected for a for directive."
                    )
                elif name == "if":
                    detail = f"Expecting an endif directive for the if started at {where}."
                else:
                    detail = (
                        f"Expecting an endfor directive corresponding to the for directive at "
                        f"{where}."
                    )
                self.diags.append(p.diag(f"Unexpected {nxt.kind} directive", detail, nxt.rng))
                return
            self._expr()
