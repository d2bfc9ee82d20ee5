"""A bank transfer's receipt names the customer and their bank: it is shown to that customer and to finance only.
The answers carry signed, short-lived links to the picture (plain `<img>` tags send no token); without a valid
link, a signed-in caller who may see it gets it, anyone else 404; the public media mount never serves it."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import httpx

from api.proof_links import ProofLinks
from domain.payments.method_ports import PaymentProof
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_bank_transfer import finance_headers, picture, start, unpaid_order, upload

ROOT = "http://testserver"


async def see(client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return await client.get(ROOT + url, headers=headers or {})


async def test_a_receipt_is_shown_to_its_customer_and_finance_and_to_nobody_else(shop: Shop) -> None:
    # given: a customer uploaded the receipt of their transfer
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await unpaid_order(client, admin)
    stranger = await f.customer_with_address(client)
    payment = await start(shop, buyer, order["id"])
    [proof] = (await upload(client, buyer, payment.id, picture())).json()["proofs"]
    bare = urlsplit(proof["url"]).path
    [line] = [
        t
        for t in (await client.get("/bank-transfers", params={"page_size": 200}, headers=finance)).json()["items"]
        if t["id"] == str(payment.id)
    ]

    # when
    signed, thumbnail = await see(client, proof["url"]), await see(client, line["proofs"][0]["thumbnail_url"])
    as_owner, as_finance = await see(client, bare, buyer.headers), await see(client, bare, finance)
    as_stranger, anonymous = await see(client, bare, stranger.headers), await see(client, bare)
    tampered = await see(client, proof["url"][:-4] + "0000")
    expired_link = ProofLinks(shop.container.settings.auth.jwt_secret or "", now=lambda: 0).url(
        UUID(proof["id"]), "full"
    )
    expired = await see(client, expired_link)
    thumbnail_as_full = await see(client, line["proofs"][0]["thumbnail_url"].replace("size=thumbnail", "size=full"))

    # then
    assert bare == f"/api/v1/payment-proofs/{proof['id']}"
    for shown in (signed, as_owner, as_finance):
        assert shown.status_code == 200, shown.text
        assert shown.headers["content-type"] == "image/png" and shown.content.startswith(b"\x89PNG")
        assert shown.headers["cache-control"].startswith("private")
        assert shown.headers["x-content-type-options"] == "nosniff"
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/png"
    for refused in (as_stranger, anonymous, tampered, expired, thumbnail_as_full):
        assert (refused.status_code, refused.json()["code"]) == (404, "payment.proof_not_found")
    assert (await see(client, f"/api/v1/payment-proofs/{uuid4()}", finance)).status_code == 404


async def test_the_public_media_mount_serves_no_receipt_old_or_new(shop: Shop) -> None:
    # given: a receipt stored before receipts were private (its file in the public media folder) and a new one
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])
    [new] = (await upload(client, buyer, payment.id, picture())).json()["proofs"]
    name = uuid4().hex
    folder = shop.container.settings.media_dir / "payment-proofs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.png").write_bytes(picture())
    old = PaymentProof(
        payment.id,
        url=f"payment-proofs/{name}.png",  # as the migration 0028 rewrote /media/payment-proofs/<name>.png
        thumbnail_url=f"payment-proofs/{name}_thumb.png",
        uploaded_at=datetime.now(UTC),
        uploaded_by=UUID(buyer.id),
    )
    async with shop.container.uow() as uow:
        await uow.payment_proofs.add(old)
        await uow.commit()
    stored = await client.get(f"/me/payments/{payment.id}/proofs", headers=buyer.headers)

    # when
    public_old = await see(client, f"/media/payment-proofs/{name}.png")
    public_variants = [await see(client, f"/media/{p}payment-proofs/{name}.png") for p in ("./", "/", "x/../")]
    async with shop.container.uow(read_only=True) as uow:
        new_key = (await uow.payment_proofs.get(UUID(new["id"]))).url  # type: ignore[union-attr]
    public_new = await see(client, f"/media/{new_key}")
    authorised_old = await see(client, f"/api/v1/payment-proofs/{old.id}", buyer.headers)

    # then
    assert new_key.startswith("payment-proofs/") and (shop.container.settings.private_dir / new_key).is_file()
    assert [public_old.status_code, public_new.status_code] == [404, 404]
    assert {r.status_code for r in public_variants} == {404}
    assert authorised_old.status_code == 200 and authorised_old.content == picture()
    assert {p["id"] for p in stored.json()} == {new["id"], str(old.id)}
