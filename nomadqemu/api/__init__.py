"""Nomad's HTTP API: connection settings, one request path, typed errors, watchers.

Nothing here imports `requests` at package import time; the client module does, and
only the cluster commands load it.
"""
