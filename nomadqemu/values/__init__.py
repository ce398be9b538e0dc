"""cty-compatible types, numbers and values (no I/O)."""

from nomadqemu.values.number import Number
from nomadqemu.values.types import BOOL, DYNAMIC, NUMBER, STRING, Type
from nomadqemu.values.value import FALSE, NULL, TRUE, Value

__all__ = [
    "BOOL",
    "DYNAMIC",
    "FALSE",
    "NULL",
    "NUMBER",
    "STRING",
    "TRUE",
    "Number",
    "Type",
    "Value",
]
