"""Benchmarks: each script prints figures against a peer measured in the same run."""
