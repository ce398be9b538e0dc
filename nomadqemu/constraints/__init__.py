"""Constraint operators with Nomad's exact semantics, and the node they run against."""
