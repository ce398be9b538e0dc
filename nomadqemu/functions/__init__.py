"""Nomad's jobspec function library with cty's semantics (no I/O beyond the filesystem functions)."""
