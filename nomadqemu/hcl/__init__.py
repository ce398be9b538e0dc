"""HCL2 syntax: tree-sitter in, the project's own tree (`nomadqemu.hcl.ast`) out."""

from nomadqemu.hcl.parser import parse_expression, parse_file, parse_template

__all__ = ["parse_expression", "parse_file", "parse_template"]
