"""WeChat Pay v3's signing messages, Authorization header and callback decryption, against the formats WeChat
Pay documents and a fixed AES-256-GCM vector, so the adapter and the sandbox cannot share one mistake."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from domain.money import Money
from infra.payments import wechat_signature as signature
from infra.payments.wechat import from_fen, to_fen

# The example of WeChat Pay's "签名生成" guide: a GET of /v3/certificates, no body.
DOC_TIMESTAMP, DOC_NONCE = "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242"

# Built once by calling cryptography's AESGCM directly on this plaintext, and kept: a 32-byte key, a 12-byte
# nonce and the associated data `transaction`, as a callback's `resource` carries them.
VECTOR_KEY = "AllOrderApiV3KeyForUnitTests0032"
VECTOR_NONCE = "4Q1rKvA0yKqx"
VECTOR_PLAINTEXT = (
    b'{"mchid":"1900000001","out_trade_no":"P2026112900000001","trade_state":"SUCCESS",'
    b'"amount":{"total":1250,"currency":"CNY"}}'
)
VECTOR_CIPHERTEXT = (
    "TsQwp4EplzIkFsv88Kd1PLzXln1Zn2hR6goLBnOGlK2FZKwcKacHTWaT+b9lltOkP/4oq2bTgTLDydnUBcs5HDMX4xg3MiYIM1jVmfpnGnpMFnba"
    "1S5bZsToYP2lyCjJy+xYvFwnhG2jrpRYngW/cPHHOBM6l0uzBR12k8cez77zfP+0Xah7wRmC"
)


def test_the_request_message_is_method_url_timestamp_nonce_and_body_each_ending_in_a_newline() -> None:
    assert (
        signature.request_message("GET", "/v3/certificates", DOC_TIMESTAMP, DOC_NONCE, "")
        == "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    )
    body = '{"appid":"wxd678efh567hg6787","mchid":"1230000109"}'
    assert signature.request_message("post", "/v3/pay/transactions/native?x=1", "1", "N", body) == (
        f"POST\n/v3/pay/transactions/native?x=1\n1\nN\n{body}\n"
    )


def test_the_answer_message_is_timestamp_nonce_and_body_each_ending_in_a_newline() -> None:
    assert signature.answer_message(DOC_TIMESTAMP, DOC_NONCE, '{"a":1}') == (
        '1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n'
    )


def test_the_authorization_header_reads_as_documented_and_parses_back() -> None:
    header = signature.authorization(
        mchid="1900009191", serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", nonce=DOC_NONCE,
        timestamp=DOC_TIMESTAMP, signature="c2lnbg==",
    )  # fmt: skip
    assert header == (
        'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",'
        'signature="c2lnbg==",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"'
    )
    parsed = signature.parse_authorization(header)
    assert parsed == signature.Authorization(
        "1900009191", "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", DOC_NONCE, DOC_TIMESTAMP, "c2lnbg=="
    )
    assert signature.parse_authorization("Bearer abc") is None
    assert signature.parse_authorization('WECHATPAY2-SHA256-RSA2048 mchid="1"') is None


def test_a_signature_is_sha256_with_rsa_pkcs1_v15_in_base64() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    message = signature.request_message("GET", "/v3/certificates", DOC_TIMESTAMP, DOC_NONCE, "")
    signed = signature.sign(key, message)
    # checked with cryptography directly, not with the module's own verify
    key.public_key().verify(base64.b64decode(signed), message.encode(), padding.PKCS1v15(), hashes.SHA256())
    assert signature.verify(key.public_key(), message, signed)
    assert not signature.verify(key.public_key(), message.replace("GET", "PUT"), signed)


def test_a_callback_resource_decrypts_with_the_apiv3_key_nonce_and_associated_data() -> None:
    plaintext = signature.decrypt_resource(
        VECTOR_KEY, ciphertext=VECTOR_CIPHERTEXT, nonce=VECTOR_NONCE, associated_data="transaction"
    )
    assert plaintext == VECTOR_PLAINTEXT
    assert (
        signature.encrypt_resource(VECTOR_KEY, VECTOR_PLAINTEXT, nonce=VECTOR_NONCE, associated_data="transaction")
        == VECTOR_CIPHERTEXT
    )


@pytest.mark.parametrize(
    ("key", "nonce", "associated_data", "ciphertext"),
    [
        ("AllOrderApiV3KeyForUnitTests0033", VECTOR_NONCE, "transaction", VECTOR_CIPHERTEXT),  # another key
        (VECTOR_KEY, "4Q1rKvA0yKqy", "transaction", VECTOR_CIPHERTEXT),  # another nonce
        (VECTOR_KEY, VECTOR_NONCE, "refund", VECTOR_CIPHERTEXT),  # another associated_data
        (VECTOR_KEY, VECTOR_NONCE, "transaction", "A" + VECTOR_CIPHERTEXT[1:]),  # altered on the way
        (VECTOR_KEY, VECTOR_NONCE, "transaction", "not base64!"),
        ("too-short", VECTOR_NONCE, "transaction", VECTOR_CIPHERTEXT),
    ],
)
def test_a_resource_that_does_not_decrypt_is_unreadable(
    key: str, nonce: str, associated_data: str, ciphertext: str
) -> None:
    with pytest.raises(signature.ResourceUnreadable):
        signature.decrypt_resource(key, ciphertext=ciphertext, nonce=nonce, associated_data=associated_data)


def test_amounts_cross_as_whole_fen_of_cny() -> None:
    assert to_fen(Money(Decimal("12.50"), "CNY")) == 1250
    assert to_fen(Money(Decimal("0.01"), "CNY")) == 1
    assert from_fen(1250) == Money(Decimal("12.50"), "CNY")
    with pytest.raises(ValueError, match="fen"):
        to_fen(Money(Decimal("12.505"), "CNY"))
    with pytest.raises(ValueError, match="CNY only"):
        to_fen(Money(Decimal("12.50"), "USD"))
    with pytest.raises(ValueError):
        from_fen("1250")


def test_times_are_written_in_beijing_time() -> None:
    assert signature.beijing_time(datetime(2026, 11, 29, 16, 30, tzinfo=UTC)) == "2026-11-30T00:30:00+08:00"
