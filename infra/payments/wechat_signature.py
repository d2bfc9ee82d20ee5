"""WeChat Pay API v3's signatures and callback encryption, shared by the adapter and the sandbox.

Requests are signed by the merchant (SHA256withRSA over `METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n`, sent as
`Authorization: WECHATPAY2-SHA256-RSA2048 …`); answers and callbacks are signed by WeChat Pay's platform key over
`TIMESTAMP\\nNONCE\\nBODY\\n` (the `Wechatpay-*` headers); a callback's `resource` is AES-256-GCM encrypted with
the merchant's APIv3 key. Unit tests check these against the documented formats and fixed vectors.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.providers.rsa2 import sign as rsa2_sign
from infra.providers.rsa2 import verify as rsa2_verify

# RSA2 is the same SHA256withRSA (PKCS#1 v1.5) that WeChat Pay signs with: one implementation for both.
sign = rsa2_sign
verify = rsa2_verify

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # WeChat Pay writes its times in Beijing time
SCHEMA = "WECHATPAY2-SHA256-RSA2048"
REPLAY_WINDOW_SECONDS = 300  # WeChat Pay's advice: refuse answers and callbacks whose timestamp is 5 min off
TIMESTAMP = "wechatpay-timestamp"
NONCE = "wechatpay-nonce"
SIGNATURE = "wechatpay-signature"
SERIAL = "wechatpay-serial"
SIGNATURE_TYPE = "wechatpay-signature-type"
_NONCE_ALPHABET = string.ascii_uppercase + string.digits
_AUTH_PARAM = re.compile(r'\s*([a-z_]+)="?([^",]*)"?\s*(?:,|$)')


def request_message(method: str, url: str, timestamp: str, nonce: str, body: str) -> str:
    """What the merchant signs: `url` is the path with its query, without scheme and host."""
    return f"{method.upper()}\n{url}\n{timestamp}\n{nonce}\n{body}\n"


def answer_message(timestamp: str, nonce: str, body: str) -> str:
    """What WeChat Pay signs in an answer or a callback (the body as sent, byte for byte)."""
    return f"{timestamp}\n{nonce}\n{body}\n"


def new_nonce(length: int = 32) -> str:
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(length))


def authorization(*, mchid: str, serial_no: str, nonce: str, timestamp: str, signature: str) -> str:
    return (
        f'{SCHEMA} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
        f'timestamp="{timestamp}",serial_no="{serial_no}"'
    )


@dataclass(frozen=True)
class Authorization:
    mchid: str
    serial_no: str
    nonce: str
    timestamp: str
    signature: str


def parse_authorization(header: str) -> Authorization | None:
    """The parts of an `Authorization` header, or None when it is not a complete WECHATPAY2 one."""
    schema, _, rest = header.strip().partition(" ")
    if schema != SCHEMA:
        return None
    params = dict(_AUTH_PARAM.findall(rest))
    try:
        return Authorization(
            mchid=params["mchid"],
            serial_no=params["serial_no"],
            nonce=params["nonce_str"],
            timestamp=params["timestamp"],
            signature=params["signature"],
        )
    except KeyError:
        return None


def lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


class ResourceUnreadable(Exception):
    """The callback resource does not decrypt with this APIv3 key (wrong key, or altered on the way)."""


def decrypt_resource(apiv3_key: str, *, ciphertext: str, nonce: str, associated_data: str) -> bytes:
    """AEAD_AES_256_GCM: the 32-character APIv3 key as bytes, the 12-character nonce as bytes, the base64
    ciphertext ending in the 16-byte tag."""
    try:
        return AESGCM(apiv3_key.encode()).decrypt(
            nonce.encode(), base64.b64decode(ciphertext, validate=True), associated_data.encode()
        )
    except (InvalidTag, ValueError) as exc:  # ValueError: a key or nonce of the wrong size, bad base64
        raise ResourceUnreadable(type(exc).__name__) from exc


def encrypt_resource(apiv3_key: str, plaintext: bytes, *, nonce: str, associated_data: str) -> str:
    """The sandbox's side of `decrypt_resource`: the base64 ciphertext with its tag."""
    sealed = AESGCM(apiv3_key.encode()).encrypt(nonce.encode(), plaintext, associated_data.encode())
    return base64.b64encode(sealed).decode()


def beijing_time(moment: datetime) -> str:
    """RFC 3339 with the +08:00 offset, as WeChat Pay writes `time_expire`, `success_time`, `create_time`."""
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")
