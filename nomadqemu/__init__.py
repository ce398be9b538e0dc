"""nomadqemu: parse, validate, format, push and run Nomad jobs that use the qemu driver."""

__version__ = "0.1.0"
