"""Runs qemu jobs on this machine as a Nomad client would.

`argv`, `driver_checks`, `task_config`, `taskenv`, `ports` (planning part) and `plan`
are pure; `allocdir`, `artifacts`, `vm`, `monitor` and `runner` are the thin edges
that touch files, sockets and processes.
"""
