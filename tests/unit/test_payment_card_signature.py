"""The card gateway's webhook signature (Stripe's scheme), against a vector computed outside Python, so the adapter
and the sandbox cannot share one mistake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.payments.gateway import CallbackRejected
from infra.payments import card

SECRET = "whsec_test_secret"
SIGNED_AT = 1492774577
BODY = b'{"id":"evt_test_webhook","object":"event"}'
# printf '%s' '1492774577.{"id":"evt_test_webhook","object":"event"}' | openssl dgst -sha256 -hmac whsec_test_secret
V1 = "88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a"
AT_SIGNING = datetime.fromtimestamp(SIGNED_AT, UTC)
TOLERANCE = timedelta(seconds=300)


def test_the_v1_signature_is_the_hmac_sha256_of_the_timestamp_dot_body() -> None:
    assert card.signature_header(SECRET, SIGNED_AT, BODY) == f"t={SIGNED_AT},v1={V1}"


def test_a_header_with_one_matching_v1_among_several_verifies() -> None:
    header = f"t={SIGNED_AT},v1={'0' * 64},v1={V1},v0=ignored"

    assert card.verify_signature_header(header, BODY, SECRET, AT_SIGNING + TOLERANCE, TOLERANCE) == AT_SIGNING


@pytest.mark.parametrize(
    ("header", "body", "secret", "now", "reason"),
    [
        (f"t={SIGNED_AT},v1={V1}", BODY + b" ", SECRET, AT_SIGNING, "signature does not match"),
        (f"t={SIGNED_AT},v1={V1}", BODY, "whsec_other", AT_SIGNING, "signature does not match"),
        (f"t={SIGNED_AT + 1},v1={V1}", BODY, SECRET, AT_SIGNING, "signature does not match"),
        (f"t={SIGNED_AT},v1={V1}", BODY, SECRET, AT_SIGNING + TOLERANCE + timedelta(seconds=1), "tolerance"),
        (f"t={SIGNED_AT},v1={V1}", BODY, SECRET, AT_SIGNING - TOLERANCE - timedelta(seconds=1), "tolerance"),
        (f"v1={V1}", BODY, SECRET, AT_SIGNING, "lacks t or v1"),
        (f"t={SIGNED_AT}", BODY, SECRET, AT_SIGNING, "lacks t or v1"),
    ],
    ids=["tampered body", "wrong secret", "changed timestamp", "stale", "from the future", "no t", "no v1"],
)
def test_a_webhook_that_does_not_check_out_is_rejected_with_its_reason(
    header: str, body: bytes, secret: str, now: datetime, reason: str
) -> None:
    with pytest.raises(CallbackRejected, match=reason):
        card.verify_signature_header(header, body, secret, now, TOLERANCE)
