"""cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (go-cty-funcs `cidr`, go-cidr).

Addresses are handled as integers; go-cidr's quirks are kept: a negative host number
counts back from the end of the range, and a negative subnet number is OR-ed into the
address as a two's-complement value and then printed from its magnitude.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from nomadqemu.functions.common import GoValueError, fn, go_int
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.types import NUMBER, STRING, ListType
from nomadqemu.values.value import Value

Network = tuple[int, int, int]  # (address as int, prefix length, total bits)


def parse_cidr(text: str) -> Network:
    """`net.ParseCIDR`: the network (host bits cleared), or an error in Go's words."""
    addr, slash, bits = text.partition("/")
    try:
        if not slash or not bits.isascii() or not bits.isdigit():
            raise ValueError(text)
        ip = ipaddress.ip_address(addr)
        total = 32 if ip.version == 4 else 128
        prefix = int(bits)
        if prefix > total or "%" in addr:
            raise ValueError(text)
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}") from None
    mask = ((1 << prefix) - 1) << (total - prefix)
    return int(ip) & mask, prefix, total


def ip_text(value: int, total: int) -> str:
    """Go's `net.IP.String()` for a 4- or 16-byte address."""
    if total == 32:
        return str(ipaddress.IPv4Address(value))
    v6 = ipaddress.IPv6Address(value)
    if v6.ipv4_mapped is not None:
        return str(v6.ipv4_mapped)  # Go prints a v4-mapped address in dotted form
    return v6.compressed


def _magnitude_ip(value: int, total: int) -> int:
    """go-cidr's intToIP: the absolute value's bytes, right-aligned, truncated to width."""
    return abs(value) & ((1 << total) - 1)


def _insert(ip: int, num: int, prefix: int, total: int) -> int:
    return _magnitude_ip(ip | (num << (total - prefix)), total)


def _int_arg(v: Value) -> int:
    try:
        return go_int(v)
    except GoValueError as err:
        raise FunctionError(err.message) from None


def _cidrhost(args: Sequence[Value]) -> Value:
    num = _int_arg(args[1])
    ip, prefix, total = parse_cidr(args[0].payload)
    max_host = (1 << (total - prefix)) - 1
    shown = num
    magnitude = num & ((1 << 64) - 1)
    if num < 0:
        magnitude = -num - 1
        shown = max_host - magnitude
    if magnitude > max_host:
        raise FunctionError(f"prefix of {prefix} does not accommodate a host numbered {shown}")
    return Value.string(ip_text(_insert(ip, shown, total, total), total))


def _cidrnetmask(args: Sequence[Value]) -> Value:
    _, prefix, total = parse_cidr(args[0].payload)
    mask = ((1 << prefix) - 1) << (total - prefix)
    return Value.string(ip_text(mask, total))


def _cidrsubnet(args: Sequence[Value]) -> Value:
    newbits = _int_arg(args[1])
    netnum = _int_arg(args[2])
    ip, prefix, total = parse_cidr(args[0].payload)
    if newbits > 32:
        raise FunctionError("may not extend prefix by more than 32 bits")
    new_prefix = prefix + newbits
    if new_prefix > total:
        raise FunctionError(f"insufficient address space to extend prefix of {prefix} by {newbits}")
    if newbits < 0:
        # go-cidr shifts by uint(newbits): a negative count is a huge shift, whose
        # allocation panics inside math/big.
        raise FunctionError(
            "panic in function implementation: runtime error: makeslice: len out of range\n"
            "goroutine 1 [running]:"
        )
    if netnum > (1 << newbits) - 1:
        raise FunctionError(
            f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )
    return Value.string(f"{ip_text(_insert(ip, netnum, new_prefix, total), total)}/{new_prefix}")


def _network_mask(prefix: int, total: int) -> int:
    # Go's CIDRMask gives nil outside 0..total; callers reject such lengths before use.
    prefix = min(max(prefix, 0), total)
    return ((1 << prefix) - 1) << (total - prefix)


def _cidrsubnets(args: Sequence[Value]) -> Value:
    try:
        ip, start_prefix, total = parse_cidr(args[0].payload)
    except FunctionError as err:
        raise ArgError(0, err.message) from None
    lengths = args[1:]
    if not lengths:
        return Value.list_of(STRING, ())
    try:
        first = go_int(lengths[0]) + start_prefix
    except GoValueError as err:
        raise ArgError(1, err.message) from None
    modulus = 1 << total
    # go-cidr's PreviousSubnet: one address back, masked to the first new length.
    # (With a first length beyond the address size Go gets a nil mask here; the loop
    # below reports that length before the previous subnet is ever used.)
    cur_ip = (ip - 1) % modulus & _network_mask(first, total)
    cur_prefix = first
    out: list[Value] = []
    for i, arg in enumerate(lengths):
        try:
            length = go_int(arg)
        except GoValueError as err:
            raise ArgError(i + 1, err.message) from None
        if length < 1:
            raise ArgError(i + 1, "must extend prefix by at least one bit")
        if length > 32:
            raise ArgError(i + 1, "may not extend prefix by more than 32 bits")
        length += start_prefix
        if length > total:
            proto = "IPv4" if total == 32 else "IPv6"
            raise ArgError(
                i + 1,
                f"would extend prefix to {length} bits, which is too long for an {proto} address",
            )
        # go-cidr's NextSubnet
        cur_last = cur_ip | ~_network_mask(cur_prefix, total) & (modulus - 1)
        sub = cur_last & _network_mask(length, total)
        last = (sub | ~_network_mask(length, total) & (modulus - 1)) + 1
        rollover = last % modulus == 0
        nxt = last % modulus & _network_mask(length, total)
        inside = nxt & _network_mask(start_prefix, total) == ip
        if rollover or not inside:
            raise ArgError(
                i + 1,
                f"not enough remaining address space for a subnet with a prefix of {length} "
                f"bits after {ip_text(cur_ip, total)}/{cur_prefix}",
            )
        cur_ip, cur_prefix = nxt, length
        out.append(Value.string(f"{ip_text(cur_ip, total)}/{cur_prefix}"))
    return Value.list_of(STRING, out)


def functions() -> dict[str, Function]:
    prefix = Param("prefix", STRING)
    return {
        "cidrhost": fn([prefix, Param("hostnum", NUMBER)], _cidrhost, returns=STRING),
        "cidrnetmask": fn([prefix], _cidrnetmask, returns=STRING),
        "cidrsubnet": fn(
            [prefix, Param("newbits", NUMBER), Param("netnum", NUMBER)],
            _cidrsubnet,
            returns=STRING,
        ),
        "cidrsubnets": fn(
            [prefix],
            _cidrsubnets,
            var_param=Param("newbits", NUMBER),
            returns=ListType(STRING),
        ),
    }
