"""Hashes, bcrypt, rsadecrypt and UUIDs (go-cty-funcs `crypto` and `uuid`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Sequence

from nomadqemu.functions.common import GoValueError, fn, go_int
from nomadqemu.functions.spec import Function, FunctionError, Param
from nomadqemu.values.types import NUMBER, STRING
from nomadqemu.values.value import Value

_BCRYPT_DEFAULT_COST = 10


def _hash(algorithm: str) -> Function:
    def impl(args: Sequence[Value]) -> Value:
        data: str = args[0].payload
        return Value.string(hashlib.new(algorithm, data.encode()).hexdigest())

    return fn([Param("str", STRING)], impl, returns=STRING)


def _bcrypt(args: Sequence[Value]) -> Value:
    import bcrypt

    cost = _BCRYPT_DEFAULT_COST
    if len(args) > 1:
        try:
            cost = go_int(args[1])
        except GoValueError as err:
            raise FunctionError(err.message) from None
    if len(args) > 2:
        raise FunctionError("bcrypt() takes no more than two arguments")
    if cost < 4:
        cost = _BCRYPT_DEFAULT_COST  # Go's bcrypt quietly uses its default below MinCost
    if cost > 31:
        raise FunctionError(
            "error occured generating password crypto/bcrypt: cost "
            f"{cost} is outside allowed range (4,31)"
        )
    secret = args[0].payload.encode()
    if len(secret) > 72:
        raise FunctionError(
            "error occured generating password bcrypt: password length exceeds 72 bytes"
        )
    hashed = bcrypt.hashpw(secret, bcrypt.gensalt(rounds=cost, prefix=b"2a"))
    return Value.string(hashed.decode())


def _pem_block(text: str) -> tuple[dict[str, str], bytes] | None:
    """`pem.Decode`: headers and body of the first PEM block, or None."""
    lines = text.replace("\r\n", "\n").split("\n")
    for start, line in enumerate(lines):
        if line.startswith("-----BEGIN ") and line.rstrip().endswith("-----"):
            kind = line.strip()[len("-----BEGIN ") : -5]
            headers: dict[str, str] = {}
            body: list[str] = []
            for inner in lines[start + 1 :]:
                if inner.strip() == f"-----END {kind}-----":
                    try:
                        return headers, base64.b64decode("".join(body), validate=True)
                    except (binascii.Error, ValueError):
                        return None
                if ":" in inner and not body:
                    key, _, val = inner.partition(":")
                    headers[key.strip()] = val.strip()
                elif inner.strip():
                    body.append(inner.strip())
            return None
    return None


def _der_second_tag(der: bytes) -> int | None:
    """The tag of the second element inside the outer SEQUENCE (to tell PKCS#8 apart)."""

    def skip_header(pos: int) -> tuple[int, int]:
        length = der[pos + 1]
        pos += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(der[pos : pos + count], "big")
            pos += count
        return pos, length

    try:
        if der[0] != 0x30:
            return None
        body, _ = skip_header(0)
        first, first_len = skip_header(body)
        return der[first + first_len]
    except IndexError:
        return None


def _rsadecrypt(args: Sequence[Value]) -> Value:
    ciphertext: str = args[0].payload
    try:
        data = base64.b64decode(ciphertext.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        from nomadqemu.goquote import go_quote

        raise FunctionError(
            f"failed to decode input {go_quote(ciphertext)}: cipher text must be base64-encoded"
        ) from None
    block = _pem_block(args[1].payload)
    if block is None:
        raise FunctionError("failed to parse key: no key found")
    headers, der = block
    if headers.get("Proc-Type") == "4,ENCRYPTED":
        raise FunctionError(
            "failed to parse key: password protected keys are not supported. "
            "Please decrypt the key prior to use"
        )
    if _der_second_tag(der) == 0x30:
        raise FunctionError(
            "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key "
            "format)"
        )
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    try:
        key = load_der_private_key(der, password=None)
    except (ValueError, TypeError):
        raise FunctionError("x509: failed to parse private key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise FunctionError(
            "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)"
        )
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    size = (n.bit_length() + 7) // 8
    c = int.from_bytes(data, "big")
    if len(data) != size or c >= n or size < 11:
        raise FunctionError("crypto/rsa: decryption error")
    em = pow(c, d, n).to_bytes(size, "big")
    # PKCS #1 v1.5: 0x00 0x02, at least eight non-zero padding bytes, 0x00, message.
    sep = em.find(b"\x00", 2)
    if em[0] != 0 or em[1] != 2 or sep < 10:
        raise FunctionError("crypto/rsa: decryption error")
    return Value.string(em[sep + 1 :].decode("utf-8", "replace"))


def _uuidv4(args: Sequence[Value]) -> Value:
    return Value.string(str(uuid.uuid4()))


_NAMESPACES = {
    "dns": uuid.NAMESPACE_DNS,
    "url": uuid.NAMESPACE_URL,
    "oid": uuid.NAMESPACE_OID,
    "x500": uuid.NAMESPACE_X500,
}


def parse_go_uuid(text: str) -> uuid.UUID:
    """`uuid.Parse` from google/uuid, raising ValueError with its message."""
    n = len(text)
    if n == 36 + 9:
        if text[:9].lower() != "urn:uuid:":
            raise ValueError(f'invalid urn prefix: "{text[:9]}"')
        text = text[9:]
    elif n == 36 + 2:
        text = text[1:-1]
    elif n == 32:
        try:
            return uuid.UUID(hex=text)
        except ValueError:
            raise ValueError("invalid UUID format") from None
    elif n != 36:
        raise ValueError(f"invalid UUID length: {n}")
    if any(text[i] != "-" for i in (8, 13, 18, 23)):
        raise ValueError("invalid UUID format")
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValueError("invalid UUID format") from None


def _uuidv5(args: Sequence[Value]) -> Value:
    ns_text: str = args[0].payload
    namespace = _NAMESPACES.get(ns_text)
    if namespace is None:
        try:
            namespace = parse_go_uuid(ns_text)
        except ValueError as err:
            raise FunctionError(f"uuidv5() doesn't support namespace {ns_text} ({err})") from None
    name: str = args[1].payload
    digest = hashlib.sha1(namespace.bytes + name.encode()).digest()[:16]
    return Value.string(str(uuid.UUID(bytes=digest, version=5)))


def functions(fips: bool = False) -> dict[str, Function]:
    table: dict[str, Function] = {
        "sha256": _hash("sha256"),
        "sha512": _hash("sha512"),
        "bcrypt": fn(
            [Param("str", STRING)], _bcrypt, var_param=Param("cost", NUMBER), returns=STRING
        ),
        "rsadecrypt": fn(
            [Param("ciphertext", STRING), Param("privatekey", STRING)], _rsadecrypt, returns=STRING
        ),
        "uuidv4": fn([], _uuidv4, returns=STRING),
        "uuidv5": fn([Param("namespace", STRING), Param("name", STRING)], _uuidv5, returns=STRING),
    }
    if not fips:
        table["md5"] = _hash("md5")
        table["sha1"] = _hash("sha1")
    return table
