"""A Nomad API double: a real HTTP(S) server on loopback that behaves as Nomad does.

`scenarios.py` holds its scripted behaviours as data, `state.py` the cluster it
simulates, `server.py` the HTTP side (routing, ACLs, blocking queries, faults, TLS).
"""
