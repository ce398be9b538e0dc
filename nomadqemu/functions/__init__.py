"""Nomad's jobspec function library with cty's semantics."""
