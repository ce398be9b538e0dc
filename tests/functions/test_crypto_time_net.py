"""Hashes, bcrypt, rsadecrypt, UUIDs, dates and CIDR arithmetic."""

from __future__ import annotations

import base64
import uuid

import pytest

from nomadqemu.functions.spec import ArgError, FunctionError
from tests.functions.helpers import call, n, s, texts


def test_hashes() -> None:
    assert call("sha256", s("abc")).payload.startswith("ba7816bf8f01cfea")
    assert call("md5", s("abc")).payload == "900150983cd24fb0d6963f7d28e17f72"
    assert call("sha1", n(1)).payload == "356a192b7913b04c54574d18c28d46e6395428ab"


def test_bcrypt_prefix_and_cost() -> None:
    import bcrypt

    hashed = call("bcrypt", s("pw"), n(5)).payload
    assert hashed.startswith("$2a$05$")
    assert bcrypt.checkpw(b"pw", hashed.encode())
    assert call("bcrypt", s("pw"), n(1)).payload.startswith("$2a$10$")
    with pytest.raises(FunctionError, match="bcrypt\\(\\) takes no more than two arguments"):
        call("bcrypt", s("pw"), n(4), n(4))


def _pkcs1_key_and_ciphertext(message: bytes) -> tuple[str, str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pkcs1 = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    pkcs8 = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    cipher = key.public_key().encrypt(message, padding.PKCS1v15())
    return pkcs1, pkcs8, base64.b64encode(cipher).decode()


def test_rsadecrypt_pkcs1_only() -> None:
    pkcs1, pkcs8, cipher = _pkcs1_key_and_ciphertext(b"top secret")
    assert call("rsadecrypt", s(cipher), s(pkcs1)).payload == "top secret"
    with pytest.raises(FunctionError, match="use ParsePKCS8PrivateKey instead"):
        call("rsadecrypt", s(cipher), s(pkcs8))
    with pytest.raises(FunctionError, match="failed to parse key: no key found"):
        call("rsadecrypt", s(cipher), s("not a key"))
    flipped = base64.b64encode(bytes(64) + base64.b64decode(cipher)[64:]).decode()
    with pytest.raises(FunctionError, match="crypto/rsa: decryption error"):
        call("rsadecrypt", s(flipped), s(pkcs1))
    with pytest.raises(FunctionError, match='failed to decode input "%%": cipher text'):
        call("rsadecrypt", s("%%"), s(pkcs1))


def test_uuids() -> None:
    v4 = uuid.UUID(call("uuidv4").payload)
    assert v4.version == 4
    assert call("uuidv5", s("url"), s("https://example.com")).payload == str(
        uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com")
    )
    with pytest.raises(FunctionError, match=r"\(invalid UUID length: 4\)"):
        call("uuidv5", s("nope"), s("x"))


def test_formatdate_verbs() -> None:
    t = s("2023-07-04T21:05:09-07:00")
    got = call("formatdate", s("DD MMM YY, EEE hh:mm:ss H AA 'at' ZZZ Z"), t).payload
    assert got == "04 Jul 23, Tue 21:05:09 9 PM at -0700 -07:00"
    assert call("formatdate", s("ZZZ"), s("2023-01-01T00:00:00Z")).payload == "UTC"
    assert call("formatdate", s("M/D h"), s("2023-01-02T03:00:00+00:00")).payload == "1/2 3"
    with pytest.raises(ArgError, match="unterminated literal"):
        call("formatdate", s("'open"), t)
    with pytest.raises(ArgError, match='invalid date format verb "q"'):
        call("formatdate", s("q"), t)


@pytest.mark.parametrize(
    ("stamp", "message"),
    [
        ("2023-13-01T00:00:00Z", 'cannot use "-01T00:00:00Z" as month'),
        ("2023-02-30T00:00:00Z", "day out of range"),
        ("2023-01-01T00:00:00", "end of string before UTC offset"),
        ("2023-01-01 00:00:00Z", "missing required time introducer 'T'"),
        ("2023-01-01T1:00:00Z", "hour must have exactly two digits"),
        ("2023-01-01T00:00:00Zjunk", 'cannot use "junk" as timestamp segment'),
    ],
)
def test_timestamp_errors(stamp: str, message: str) -> None:
    with pytest.raises(ArgError) as info:
        call("formatdate", s("YYYY"), s(stamp))
    assert info.value.message == f"not a valid RFC3339 timestamp: {message}"


def test_timeadd() -> None:
    assert call("timeadd", s("2023-12-31T23:30:00+01:00"), s("1h30m")).payload == (
        "2024-01-01T01:00:00+01:00"
    )
    assert call("timeadd", s("2023-01-01T00:00:00Z"), s("-1.5s")).payload == (
        "2022-12-31T23:59:58Z"
    )
    with pytest.raises(FunctionError, match='time: unknown unit "d" in duration "1d"'):
        call("timeadd", s("2023-01-01T00:00:00Z"), s("1d"))


def test_cidr_functions() -> None:
    assert call("cidrhost", s("10.12.0.0/16"), n(-1)).payload == "10.12.255.255"
    assert call("cidrhost", s("2001:db8::/32"), n(16)).payload == "2001:db8::10"
    assert call("cidrnetmask", s("192.168.0.0/20")).payload == "255.255.240.0"
    assert call("cidrsubnet", s("172.16.0.0/12"), n(4), n(15)).payload == "172.31.0.0/16"
    assert call("cidrsubnet", s("2001:db8::/32"), n(16), n(3)).payload == "2001:db8:3::/48"
    assert texts(call("cidrsubnets", s("192.168.0.0/24"), n(2), n(1))) == [
        "192.168.0.0/26",
        "192.168.0.128/25",
    ]
    with pytest.raises(FunctionError, match=r"invalid CIDR address: 1\.2\.3\.4/40"):
        call("cidrnetmask", s("1.2.3.4/40"))
    with pytest.raises(FunctionError, match=r"does not accommodate a host numbered 4"):
        call("cidrhost", s("10.0.0.0/31"), n(4))


def test_cidrsubnets_runs_out_of_space() -> None:
    with pytest.raises(ArgError) as info:
        call("cidrsubnets", s("10.0.0.0/30"), n(1), n(1), n(2))
    assert info.value.index == 3
    assert "after 10.0.0.2/31" in info.value.message


def test_dates_beyond_pythons_calendar() -> None:
    # Go's time handles year 0 and years past 9999; Python's datetime does not.
    assert call("timeadd", s("9999-12-31T23:00:00Z"), s("2h")).payload == "10000-01-01T01:00:00Z"
    assert call("formatdate", s("EEEE D MMMM YYYY"), s("0000-02-29T00:00:00Z")).payload == (
        "Tuesday 29 February 0000"
    )


@pytest.mark.parametrize(
    ("text", "nanos"),
    [("1.5h", 5_400_000_000_000), (".5m", 30_000_000_000), ("1h1m1s", 3_661_000_000_000)],
)
def test_go_durations(text: str, nanos: int) -> None:
    from nomadqemu.functions.datetime import parse_duration

    assert parse_duration(text) == nanos
    assert parse_duration("-" + text) == -nanos


def test_duration_errors_quote_like_go() -> None:
    with pytest.raises(FunctionError, match=r'^time: unknown unit "\\t" in duration "1\\t"$'):
        call("timeadd", s("2023-01-01T00:00:00Z"), s("1\t"))
    with pytest.raises(FunctionError, match=r'^time: invalid duration "\.h"$'):
        call("timeadd", s("2023-01-01T00:00:00Z"), s(".h"))
