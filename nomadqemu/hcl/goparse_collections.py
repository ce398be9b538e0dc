"""Go's tuple, object and `for` constructors, followed for their diagnostics only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nomadqemu.hcl.goparse_base import Diags, Rng
from nomadqemu.hcl.scanner import Token

if TYPE_CHECKING:
    from nomadqemu.hcl.goparse_expr import ExprParser


def tuple_cons(p: ExprParser) -> tuple[Rng, Diags]:
    open_tok = p.read()
    p.push_newlines(False)
    try:
        if p.is_keyword(p.peek(), "for"):
            return for_expr(p, open_tok)
        diags: Diags = []
        close: Token
        while True:
            if p.peek()[0] == "CBrack":
                close = p.read()
                break
            _, item_diags = p.expression()
            diags += item_diags
            if p.recovery and item_diags:
                close = p.recover("CBrack")
                break
            nxt = p.peek()
            if nxt[0] == "CBrack":
                close = p.read()
                break
            if nxt[0] != ",":
                if not p.recovery:
                    if nxt[0] == "EOF":
                        detail = (
                            "There is no corresponding closing bracket before the end of the "
                            "file. This may be caused by incorrect bracket nesting elsewhere "
                            "in this file."
                        )
                        summary = "Unterminated tuple constructor expression"
                        diags.append(p.diag(summary, detail, open_tok))
                    else:
                        detail = "Expected a comma to mark the beginning of the next item."
                        diags.append(p.diag("Missing item separator", detail, nxt))
                close = p.recover("CBrack")
                break
            p.read()
        return (open_tok[1], close[2]), diags
    finally:
        p.pop_newlines()


def object_cons(p: ExprParser) -> tuple[Rng, Diags]:
    open_tok = p.read()
    p.push_newlines(False)
    is_for = p.is_keyword(p.peek(), "for")
    p.pop_newlines()
    if is_for:
        return for_expr(p, open_tok)
    p.push_newlines(True)
    try:
        return _object_items(p, open_tok)
    finally:
        p.pop_newlines()


def _object_items(p: ExprParser, open_tok: Token) -> tuple[Rng, Diags]:
    diags: Diags = []
    unterminated = (
        "There is no corresponding closing brace before the end of the file. This may be "
        "caused by incorrect brace nesting elsewhere in this file."
    )
    close: Token
    while True:
        nxt = p.peek()
        if nxt[0] == "Newline":
            p.read()
            continue
        if nxt[0] == "CBrace":
            close = p.read()
            break
        _, key_diags = p.expression()
        diags += key_diags
        if p.recovery and key_diags:
            close = p.recover("CBrace")
            break
        nxt = p.peek()
        if nxt[0] not in ("=", ":"):
            if not p.recovery:
                if nxt[0] in ("Newline", ","):
                    detail = 'Expected an attribute value, introduced by an equals sign ("=").'
                    diags.append(p.diag("Missing attribute value", detail, nxt))
                elif nxt[0] == "EOF":
                    summary = "Unterminated object constructor expression"
                    diags.append(p.diag(summary, unterminated, open_tok))
                else:
                    detail = (
                        'Expected an equals sign ("=") to mark the beginning of the '
                        "attribute value."
                    )
                    if nxt[0] == "Ident":
                        detail += (
                            " If you intended to given an attribute name containing periods "
                            "or spaces, write the name in quotes to create a string literal."
                        )
                    diags.append(p.diag("Missing key/value separator", detail, nxt))
            close = p.recover("CBrace")
            break
        p.read()
        _, value_diags = p.expression()
        diags += value_diags
        if p.recovery and value_diags:
            close = p.recover("CBrace")
            break
        nxt = p.peek()
        if nxt[0] == "CBrace":
            close = p.read()
            break
        if nxt[0] not in (",", "Newline"):
            if not p.recovery:
                if nxt[0] == "EOF":
                    summary = "Unterminated object constructor expression"
                    diags.append(p.diag(summary, unterminated, open_tok))
                else:
                    detail = (
                        "Expected a newline or comma to mark the beginning of the next attribute."
                    )
                    diags.append(p.diag("Missing attribute separator", detail, nxt))
            close = p.recover("CBrace")
            break
        p.read()
    return (open_tok[1], close[2]), diags


def for_expr(p: ExprParser, open_tok: Token) -> tuple[Rng, Diags]:
    p.push_newlines(False)
    try:
        return _for_expr(p, open_tok)
    finally:
        p.pop_newlines()


def _for_fail(p: ExprParser, detail: str, close_type: str, diags: Diags, open_tok: Token) -> Rng:
    if not p.recovery:
        diags.append(p.diag("Invalid 'for' expression", detail, p.peek()))
    close = p.recover(close_type)
    return open_tok[1], close[2]


def _for_expr(p: ExprParser, open_tok: Token) -> tuple[Rng, Diags]:
    p.read()  # "for"
    make_obj = open_tok[0] == "OBrace"
    close_type = "CBrace" if make_obj else "CBrack"
    diags: Diags = []
    if p.peek()[0] != "Ident":
        detail = "For expression requires variable name after 'for'."
        return _for_fail(p, detail, close_type, diags, open_tok), diags
    p.read()
    if p.peek()[0] == ",":
        p.read()
        if p.peek()[0] != "Ident":
            detail = "For expression requires value variable name after comma."
            return _for_fail(p, detail, close_type, diags, open_tok), diags
        p.read()
    if not p.is_keyword(p.peek(), "in"):
        detail = "For expression requires the 'in' keyword after its name declarations."
        return _for_fail(p, detail, close_type, diags, open_tok), diags
    p.read()
    _, coll_diags = p.expression()
    diags += coll_diags
    if p.recovery and coll_diags:
        close = p.recover(close_type)
        return (open_tok[1], close[2]), diags
    if p.peek()[0] != ":":
        detail = "For expression requires a colon after the collection expression."
        return _for_fail(p, detail, close_type, diags, open_tok), diags
    p.read()
    key_rng: Rng | None = None
    key_diags: Diags = []
    val_rng, val_diags = p.expression()
    if p.peek()[0] == "=>":
        p.read()
        key_rng, key_diags = val_rng, val_diags
        val_rng, val_diags = p.expression()
    diags += key_diags + val_diags
    if p.recovery and (key_diags or val_diags):
        close = p.recover(close_type)
        return (open_tok[1], close[2]), diags
    ellipsis: Token | None = None
    if p.peek()[0] == "...":
        ellipsis = p.read()
    if p.is_keyword(p.peek(), "if"):
        p.read()
        _, cond_diags = p.expression()
        diags += cond_diags
        if p.recovery and cond_diags:
            close = p.recover(close_type)
            return (open_tok[1], close[2]), diags
    if p.peek()[0] == close_type:
        close = p.read()
    else:
        detail = "Extra characters after the end of the 'for' expression."
        rng = _for_fail(p, detail, close_type, diags, open_tok)
        close = ("", rng[0], rng[1])
    summary = "Invalid 'for' expression"
    if not make_obj:
        if key_rng is not None:
            detail = "Key expression is not valid when building a tuple."
            diags.append(p.diag(summary, detail, key_rng))
        if ellipsis is not None:
            detail = "Grouping ellipsis (...) cannot be used when building a tuple."
            diags.append(p.diag(summary, detail, ellipsis))
    elif key_rng is None:
        detail = "Key expression is required when building an object."
        diags.append(p.diag(summary, detail, val_rng))
    return (open_tok[1], close[2]), diags


# --- traversals --------------------------------------------------------------------
