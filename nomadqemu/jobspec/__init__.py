"""Nomad job specifications: decoding, the API job model, canonicalization."""
