"""Links to bank-transfer receipts. The pictures are private (infra/providers/storage/private.py); the SPA shows
them with plain `<img>` tags, which send no bearer token. So an answer that shows a proof to someone allowed to
see it (its customer, finance with `payments:read`) carries links signed for that proof and picture size, valid a
short while (`TTL`): an HMAC under the server's secret over the proof's id, the size and the expiry. The picture
endpoint serves a valid signed link, or a signed-in caller who is allowed; anyone else gets 404."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from uuid import UUID

API_PREFIX = "/api/v1"  # api/app.py's (importing it from there would be circular)
TTL_SECONDS = 15 * 60


class ProofLinks:
    def __init__(self, secret: str, now: Callable[[], float] = time.time) -> None:
        self._secret = secret.encode()
        self._now = now

    def url(self, proof_id: UUID, size: str) -> str:
        expires = (int(self._now()) // 60 + 1) * 60 + TTL_SECONDS  # whole minutes: a list's links stay cacheable
        return (
            f"{API_PREFIX}/payment-proofs/{proof_id}?size={size}&expires={expires}"
            f"&signature={self._signature(proof_id, size, expires)}"
        )

    def valid(self, proof_id: UUID, size: str, expires: int | None, signature: str | None) -> bool:
        if expires is None or not signature or expires < self._now():
            return False
        return hmac.compare_digest(signature, self._signature(proof_id, size, expires))

    def _signature(self, proof_id: UUID, size: str, expires: int) -> str:
        message = f"payment-proof:{proof_id}:{size}:{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
