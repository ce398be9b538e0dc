"""`read_plain_lines` builds the tree of a file from its lines, with tree-sitter only
for the arguments whose values are not plain: the tree must be exactly the one the
general path builds (tree-sitter over the whole file, the node walk, Go's syntax
checks), which must report nothing; anything else must be left to the general path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast, parse_file, parser
from tests.hcl.helpers import assert_read_as_general, plain_lines

ROOT = Path(__file__).resolve().parents[2]
# Ordinary qemu jobs (each with one mistake for `validate` to find).
QEMU_JOBS = sorted(ROOT.glob("fixtures/validate/**/*.nomad"))
SEED_TEXTS = [
    path.read_bytes()
    for path in sorted([*ROOT.glob("fixtures/jobs/*.nomad"), *ROOT.glob("examples/*.nomad")])
]

PLAIN_JOB = b"""\
# A qemu job of plain lines only.
variable "dc" {
  default = "dc1"
}

job "web" {
  datacenters = [var.dc, "dc2",]
  type        = "service" // a comment after a value

  group "g" {
    count = 2
    network {
      port "ssh" {}
      port "http" { to = 80 }
    }

    task "vm" {
      driver = "qemu"
      config {
        image_path  = "local/vm.img"
        accelerator = "kvm"
        args        = ["-smp", "2", "-name", "${NOMAD_TASK_NAME}-vm"]
        port_map {
          ssh = 22
        }
      }
      env {
        NAME  = "${NOMAD_TASK_NAME}"
        WHERE = "dc ${ var.dc } and ${NOMAD_ALLOC_ID}"
        EMPTY = ""
      }
      resources {
        cpu    = 500
        memory = 1.5e3
      }
      kill_timeout = "30s"
      leader       = true
      meta_ref     = local.x-y.z
      nothing      = null
    }
  }
}
"""


def test_a_plain_job_is_read_as_the_general_path_reads_it() -> None:
    assert_read_as_general(PLAIN_JOB)


def _no_whole_file_parse(source: bytes) -> object:
    raise AssertionError("the whole file was given to tree-sitter")


def test_parse_file_takes_the_plain_path_and_reports_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Were the whole file parsed, the failure would surface as an internal error.
    monkeypatch.setattr(parser, "_parse_tree", _no_whole_file_parse)
    tree, diagnostics = parse_file(PLAIN_JOB, "t.hcl")
    assert diagnostics == []
    assert tree is not None
    job = tree.body.blocks[-1]
    assert (job.type, job.labels) == ("job", ("web",))
    assert job.span.start.line == 6
    assert job.span.end.line == 42
    port = job.body.blocks[0].body.blocks[0].body.blocks[1]
    assert (port.type, port.labels, port.body.attributes[0].name) == ("port", ("http",), "to")
    assert (port.span.start.line, port.span.start.column) == (14, 7)


COMPLEX_JOB = b"""\
locals {
  labels = { team = "infra", tier = "web" } # a comment
  name   = "app-${upper(local.labels["team"])}"
  count  = length([1, 2]) > 1 ? 2 : 1
}

job "web" {
  meta = merge(local.labels, {
    owner = "ops"
  })
  datacenters = [
    "dc1",
    "dc2", # the second
  ]

  group "g" {
    count = local.count
    task "vm" {
      driver = "qemu"
      config {
        image_path = "local/${local.name}.img"
        args       = [for i in range(2) : format("-opt%d", i)]
        port_map   = { ssh = 22 }
      }
      template {
        destination = "local/a.txt"
        data        = <<-EOT
          name: ${local.name} {{ env "X" }}
        EOT
      }
      env = {
        "key.dot" = "v"
        other     = (1 +
        2)
      }
    }
  }
}
"""


def test_a_job_with_other_values_is_read_as_the_general_path_reads_it() -> None:
    assert_read_as_general(COMPLEX_JOB)


@pytest.mark.parametrize(
    "source",
    [
        b"",
        b"\n\n# only a comment\n",
        b'a = "x"',  # no final line break
        b'a = "x"\r\nb {\r\n  c = 1\r\n}\r\n',
        b"b {\n}\n",
        b"b{}\n",
        b'b x "y" z {\n}\n',
        b"a=1\n",
        b"a = []\n",
        b"a = [ 1 , 2 ]\n",
        b'a = "${true}"\n',
        b'a = "${x}${y.z}"\n',
        b'a = "{braces} ${x} }"\n',
        b"a = 1 # c\nb { # c\n} // c\n",
        b"a = 1e3\n",
        b"a = [-1, -2.5]\n",
        b'a = "100% $5 %d $x"\n',
        b'a = "$"\n',
        # Arguments read alone.
        b"a = 1 + 2\n",
        b"a = - 1\n",
        b'a = "%%{x}"\n',
        b'a = "a$$"\n',
        b'a = "${true.x}"\n',
        b"a = true.x\n",
        b"a = f(1) # c\n",
        b"a = { b = 1 }\nc = 2\n",
        b"a = x[0]\n",
        b'a = "\\n"\n',
        b'a = "${x + 1}"\n',
        b'a = "$${x}"\n',
        b"a = [\n  1,\n]\n",
        b"a = f(\n  1,\n  [2],\n)\n",
        b"a = {\n  b = [1, 2]\n  c = { d = 3 }\n}\n",
        b"a = <<EOF\nx ${y}\nEOF\nb = 1\n",
        b"a = <<-EOF\n  x\n  EOF\n",
        b'a = "#" # c\nb = "//"\n',
        b'a = ["]", "[", "{"]\n',
    ],
)
def test_plain_texts(source: bytes) -> None:
    assert_read_as_general(source)


@pytest.mark.parametrize(
    "source",
    [
        b"a = 1\na = 2\n",  # Go: "Attribute redefined"
        b"b {\n",  # unclosed
        b"}\n",  # nothing to close
        b"b { a = 1\n}\n",  # Go wants a one-line block closed on its line
        b"b { a = 1 c = 2 }\n",
        b"a = 1 b = 2\n",
        b"a = [for]\n",
        b"a = [for.x, 1]\n",
        b'a = "caf\xc3\xa9"\n',  # non-ASCII
        b"a = 1\rb = 2\n",  # a lone carriage return
        b"a = 1 /* c */\n",
        b'b "${x}" {\n}\n',
        b'b "{" {\n}\n',
        b"a = 0.1.5\n",
        b"a =\n1\n",  # Go: the value must start on the name's line
        b"a = x\n.y\n",
        b"a = [1]\n[0]\n",
        b"a = 1 +\n2\n",
        b"a = x ? 1\n: 2\n",
        b"a = <<EOF x\nEOF\n",  # text after the heredoc's opener
        b"a = f(<<EOF\nx\nEOF\n)\n",
        b"a = <<EOF\nx\n",  # never closed
        b"a = <<EOF\nx\nEOF",  # tree-sitter wants the marker's line break
        b"a = [\n  1,\n",  # never closed
        b"a = ]\n",
        b"a == 1\n",
        b"a = {\n  b = 1 c = 2\n}\n",
        b"b { a = f(1) }\n",
    ],
)
def test_anything_else_takes_the_general_path(source: bytes) -> None:
    assert plain_lines(source) is None


def test_ordinary_qemu_jobs_areplain_lines() -> None:
    # The point of the reader: ordinary job files take it.
    plain = [path for path in QEMU_JOBS if plain_lines(path.read_bytes()) is not None]
    assert len(QEMU_JOBS) > 50
    assert len(plain) >= len(QEMU_JOBS) * 9 // 10


@st.composite
def mutated_job(draw: st.DrawFn) -> bytes:
    source = draw(st.sampled_from([PLAIN_JOB, COMPLEX_JOB]))
    pieces = st.sampled_from(
        [
            "\n", " ", "{", "}", "[", "]", ",", '"', "=", "#", "//", "$", "${", "${x}", "%",
            ".", "0", "1.", "e3", "-", "true", "for", "x", "\t", "\r\n", "\r", "/*",
            "(", ")", "+", "?", ":", "<<EOF\n", "\nEOF\n", "EOT", "[0]", "f(", "\\",
        ]
    )  # fmt: skip
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(source)))
        if draw(st.booleans()):
            source = source[:at] + draw(pieces).encode() + source[at:]
        else:
            source = source[:at] + source[at + draw(st.integers(1, 3)) :]
    return source


@settings(max_examples=300, deadline=None)
@given(mutated_job())
def test_whatever_the_reader_accepts_the_general_path_reads_alike(source: bytes) -> None:
    if plain_lines(source) is None:
        return
    assert_read_as_general(source)


def _findings(result: tuple[ast.File | None, list[Diagnostic]]) -> tuple[str, list[str]]:
    tree, diagnostics = result
    return repr(tree), [f"{d.summary}|{d.detail}|{d.span!r}" for d in diagnostics]


@st.composite
def rearranged_job(draw: st.DrawFn) -> bytes:
    """A job file with whole lines moved, repeated, dropped, joined or split: files
    that stay close to the line grammar, where the reader must decide right."""
    lines = draw(st.sampled_from([PLAIN_JOB, COMPLEX_JOB, *SEED_TEXTS])).split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["repeat", "drop", "move", "join", "split", "strip"]))
        if action == "repeat":
            lines.insert(at, lines[at])
        elif action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif action == "join" and at + 1 < len(lines):
            lines[at] = lines[at] + b" " + lines.pop(at + 1).strip()
        elif action == "split":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at : at + 1] = [lines[at][:cut], lines[at][cut:]]
        elif action == "strip":
            lines[at] = lines[at].strip()
    return b"\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(rearranged_job())
def test_parse_file_reports_the_same_with_and_without_the_reader(source: bytes) -> None:
    # The whole answer, diagnostics and all: whether the reader takes the file or not.
    with pytest.MonkeyPatch.context() as monkeypatch:
        with_reader = _findings(parse_file(source, "t.hcl"))
        monkeypatch.setattr(parser, "read_plain_lines", lambda ctx, read_argument=None: None)
        without = _findings(parse_file(source, "t.hcl"))
    assert with_reader == without
