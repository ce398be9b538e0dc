"""HCL2 syntax: tree-sitter in, the project's own tree (`nomadqemu.hcl.ast`) out."""
