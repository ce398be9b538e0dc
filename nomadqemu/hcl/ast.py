"""The project's own HCL2 syntax tree.

It mirrors Go's `hclsyntax` node kinds closely, because the evaluator must reproduce
that package's semantics (and its error positions) exactly. Every node carries a
`Span`. Template strip markers (`~`) and heredoc indentation (`<<-`) are applied by the
parser, as Go's parser does, so the tree holds the literal text that will be produced.
String literal text is already unescaped and NFC-normalized.

Nothing here imports tree-sitter: the parser (`nomadqemu.hcl.parser`) builds this tree,
and everything after it (evaluation, decoding, formatting checks) reads only this tree.
"""

from __future__ import annotations

from typing import TypeAlias

from nomadqemu.records import frozen_record
from nomadqemu.span import Span

# --- expressions -------------------------------------------------------------------


@frozen_record
class Literal:
    """A number, bool or null literal.

    `kind` is "number", "bool" or "null"; `text` is the source text (`1e3`, `true`),
    from which the evaluator builds the exact value.
    """

    kind: str
    text: str
    span: Span


@frozen_record
class TemplateLiteral:
    """Literal text inside a template, escapes (`$${`, `%%{`, `\\n`, `\\u…`) resolved."""

    text: str
    span: Span


@frozen_record
class Template:
    """A quoted string or heredoc: the concatenation of its parts as strings.

    Parts are `TemplateLiteral`, any expression (an interpolation `${…}`),
    `TemplateIf` or `TemplateFor`. A template consisting of exactly one interpolation
    and nothing else is parsed as `TemplateWrap` instead, as in Go.
    """

    parts: tuple[Expr, ...]
    span: Span
    heredoc: bool = False


@frozen_record
class TemplateWrap:
    """`"${expr}"`: evaluates to the value of `expr` itself, not a string."""

    wrapped: Expr
    span: Span


@frozen_record
class TemplateIf:
    """`%{ if cond }…%{ else }…%{ endif }` inside a template."""

    condition: Expr
    then_parts: tuple[Expr, ...]
    else_parts: tuple[Expr, ...]
    span: Span


@frozen_record
class TemplateFor:
    """`%{ for k, v in coll }…%{ endfor }` inside a template."""

    key_var: str | None
    value_var: str
    collection: Expr
    body_parts: tuple[Expr, ...]
    span: Span


@frozen_record
class TraverseAttr:
    """`.name` in a traversal."""

    name: str
    span: Span


@frozen_record
class TraverseIndex:
    """`[literal]` or the legacy `.0` in a traversal; `key` is a literal expression."""

    key: Literal | Template
    span: Span


@frozen_record
class TraverseSplat:
    """`.*` or `[*]` as a step inside a traversal (only produced inside `Splat.each`)."""

    span: Span


Step: TypeAlias = TraverseAttr | TraverseIndex


@frozen_record
class ScopeTraversal:
    """A reference rooted at a name: `var.x`, `local.y[0]`, `attr.kernel.name`.

    `root_span` covers the first name only. `span` covers the whole traversal; its
    bytes are what Nomad copies back as text when the root name is undefined.
    """

    root: str
    root_span: Span
    steps: tuple[Step, ...]
    span: Span


@frozen_record
class RelativeTraversal:
    """Static steps applied to the result of another expression: `f(x).a[0]`."""

    source: Expr
    steps: tuple[Step, ...]
    span: Span


@frozen_record
class Index:
    """`collection[key]` where `key` is not a literal."""

    collection: Expr
    key: Expr
    span: Span
    open_bracket_span: Span


@frozen_record
class Splat:
    """`source[*].a.b` (full) or `source.*.a` (attribute-only).

    `each` are the steps applied to every element; an empty tuple means `source[*]`.

    When a full splat's per-element part is more than static steps (a nested splat
    `a[*].b[*].c`, a non-literal index `a[*].b[var.i]`), `each_expr` holds it as Go's
    `Each`: an expression rooted at an `AnonSymbol` that stands for the element, and
    `each` is empty. Readers that only know `each` must check `each_expr` first.
    """

    source: Expr
    each: tuple[Step, ...]
    full: bool
    span: Span
    marker_span: Span
    each_expr: Expr | None = None


@frozen_record
class AnonSymbol:
    """The current element inside `Splat.each_expr` (Go's `AnonSymbolExpr`).

    Its span is the splat's marker. It has a value only while its splat is evaluated.
    """

    span: Span


@frozen_record
class FunctionCall:
    """`name(args…)`; `expand_final` is true for a trailing `...`."""

    name: str
    name_span: Span
    args: tuple[Expr, ...]
    expand_final: bool
    span: Span
    open_paren_span: Span
    close_paren_span: Span


@frozen_record
class Conditional:
    condition: Expr
    true_result: Expr
    false_result: Expr
    span: Span


@frozen_record
class BinaryOp:
    """`op` is one of `|| && == != < <= > >= + - * / %`."""

    op: str
    lhs: Expr
    rhs: Expr
    span: Span


@frozen_record
class UnaryOp:
    """`op` is `!` or `-`."""

    op: str
    operand: Expr
    span: Span


@frozen_record
class Parens:
    """`( expr )`: kept because Nomad treats a parenthesized `{…}` differently."""

    inner: Expr
    span: Span


@frozen_record
class TupleCons:
    """`[a, b, …]`."""

    items: tuple[Expr, ...]
    span: Span


@frozen_record
class ObjectKey:
    """An object constructor key.

    `bare_name` is set when the key is a lone identifier (`{ a = 1 }`), which HCL takes
    as the literal string "a" rather than a variable reference.
    """

    expr: Expr
    bare_name: str | None
    span: Span


@frozen_record
class ObjectItem:
    key: ObjectKey
    value: Expr
    span: Span


@frozen_record
class ObjectCons:
    """`{ k = v, … }`."""

    items: tuple[ObjectItem, ...]
    span: Span


@frozen_record
class ForExpr:
    """`[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`."""

    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None
    value_expr: Expr
    condition: Expr | None
    group: bool
    span: Span
    open_span: Span


Expr: TypeAlias = (
    Literal
    | TemplateLiteral
    | Template
    | TemplateWrap
    | TemplateIf
    | TemplateFor
    | ScopeTraversal
    | RelativeTraversal
    | Index
    | Splat
    | AnonSymbol
    | FunctionCall
    | Conditional
    | BinaryOp
    | UnaryOp
    | Parens
    | TupleCons
    | ObjectCons
    | ForExpr
)

# --- structure ---------------------------------------------------------------------


@frozen_record
class Attribute:
    """`name = expr`. `span` covers the whole line's definition; `name_span` the name."""

    name: str
    name_span: Span
    expr: Expr
    span: Span


@frozen_record
class Block:
    """`type "label" … { body }`.

    `labels` are the label strings (quoted or bare); `def_span` is Go's `DefRange`
    (from the type through the opening brace), used for block-level diagnostics.
    """

    type: str
    type_span: Span
    labels: tuple[str, ...]
    label_spans: tuple[Span, ...]
    body: Body
    span: Span
    def_span: Span
    open_brace_span: Span
    close_brace_span: Span


@frozen_record
class Body:
    """The contents of a file or a block, in source order."""

    items: tuple[Attribute | Block, ...]
    span: Span

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return tuple(i for i in self.items if isinstance(i, Attribute))

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(i for i in self.items if isinstance(i, Block))

    def attribute(self, name: str) -> Attribute | None:
        for item in self.items:
            if isinstance(item, Attribute) and item.name == name:
                return item
        return None

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        return tuple(i for i in self.items if isinstance(i, Block) and i.type == block_type)


@frozen_record
class File:
    """A parsed file: its body plus the exact source bytes (for runtime-reference text)."""

    filename: str
    source: bytes
    body: Body
