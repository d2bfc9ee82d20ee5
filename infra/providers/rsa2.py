"""Alipay's RSA2 (SHA256withRSA) signatures, shared by Alipay login and Alipay payments, and their sandboxes."""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Mapping
from datetime import timedelta, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # the gateway reads timestamps as Beijing time
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
# A request's sign covers `sign_type`; an asynchronous notify's does not (Alipay's notify verification rules).
REQUEST_UNSIGNED = ("sign",)
NOTIFY_UNSIGNED = ("sign", "sign_type")


def load_private_key(text: str) -> rsa.RSAPrivateKey:
    """Accept PEM, or the bare base64 (PKCS#8 or PKCS#1) that the Alipay console hands out."""
    data = text.strip().encode()
    key = (
        serialization.load_pem_private_key(data, password=None)
        if data.startswith(b"-----")
        else serialization.load_der_private_key(base64.b64decode(data), password=None)
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required for RSA2")
    return key


def load_public_key(text: str) -> rsa.RSAPublicKey:
    data = text.strip().encode()
    key = (
        serialization.load_pem_public_key(data)
        if data.startswith(b"-----")
        else serialization.load_der_public_key(base64.b64decode(data))
    )
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is required for RSA2")
    return key


def signing_content(params: Mapping[str, str], unsigned: Collection[str] = REQUEST_UNSIGNED) -> str:
    """`k=v&…` over the non-empty parameters except the `unsigned` ones, keys sorted, values raw (not
    URL-encoded)."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in unsigned and v)


def sign(key: rsa.RSAPrivateKey, content: str) -> str:
    return base64.b64encode(key.sign(content.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(key: rsa.RSAPublicKey, content: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature), content.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def top_level_nodes(text: str) -> dict[str, str]:
    """The raw JSON text of each top-level member: Alipay signs the text as sent, not the parsed data."""
    decoder = json.JSONDecoder()
    nodes: dict[str, str] = {}

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    i = skip(0)
    if text[i : i + 1] != "{":
        raise ValueError("not a JSON object")
    i = skip(i + 1)
    while i < len(text) and text[i] != "}":
        key, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text[i : i + 1] != ":":
            raise ValueError("malformed JSON object")
        start = skip(i + 1)
        _, i = decoder.raw_decode(text, start)
        nodes[str(key)] = text[start:i]
        i = skip(i)
        if text[i : i + 1] == ",":
            i = skip(i + 1)
    return nodes


def generate_private_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit key for a sandbox run (tests, demo); real keys come from the Alipay console."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
