"""Offline payments: the customer's proof of a bank transfer, and finance's list, confirmation and rejection.
Another customer's payment is answered as missing (404). Receipt pictures are private: served only by
`/payment-proofs/{id}` to their customer and finance, through the signed links the answers carry."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse

from api.deps import ContainerDep, CurrentUser, OptionalUser, Paging, ReadUoW, UoW, actor_of, require
from api.proof_links import ProofLinks
from api.schemas.common import Page, problems
from api.schemas.payment_methods import (
    BankTransferOut,
    ConfirmTransferIn,
    OfflinePaymentOut,
    ProofOut,
    RejectTransferIn,
)
from domain.errors import NotFound, RuleViolation
from domain.identity.principal import Principal
from domain.payments import method_use_cases as offline
from domain.payments.entities import PaymentStatus
from domain.payments.offline import PROOF_MAX_BYTES
from infra.providers.storage.local import thumbnail_name

router = APIRouter(tags=["offline-payments"])
Finance = Annotated[Principal, Depends(require("payments:write"))]
FinanceReader = Annotated[Principal, Depends(require("payments:read"))]
SIGNED_IN = {"x-permission": "authenticated"}
WRITE = {"x-permission": "payments:write"}
READ = {"x-permission": "payments:read"}
ACTION = problems(401, 403, 404, 409, 422)
PICTURE = {200: {"description": "The picture", "content": {"image/png": {}, "image/jpeg": {}}}, **problems(404, 422)}


def proof_links(c: ContainerDep) -> ProofLinks:
    return ProofLinks(c.settings.auth.jwt_secret or "")


Links = Annotated[ProofLinks, Depends(proof_links)]


@router.post(
    "/me/payments/{payment_id}/proof",
    response_model=OfflinePaymentOut,
    openapi_extra=SIGNED_IN,
    operation_id="offline-payments-upload-proof",
    responses=problems(401, 404, 409, 422),
)
async def upload_proof(
    payment_id: UUID,
    file: Annotated[UploadFile, File(description="JPEG, PNG or WebP, at most 5 MiB")],
    request: Request,
    user: CurrentUser,
    c: ContainerDep,
    links: Links,
) -> OfflinePaymentOut:
    """Upload a picture of the bank transfer's receipt: the payment goes to finance (processing) and the order
    waits for their decision instead of expiring."""
    data = await file.read(PROOF_MAX_BYTES + 1)
    if not data:
        raise RuleViolation("The file is empty.", code="payment.proof_invalid", field="file")
    payment, proofs = await offline.upload_proof(
        c.uow, c.clock, actor_of(request, user), c.private_files, thumbnail_name, payment_id, data
    )
    return OfflinePaymentOut.of(payment, proofs, links)


@router.get(
    "/me/payments/{payment_id}/proofs",
    response_model=list[ProofOut],
    openapi_extra=SIGNED_IN,
    operation_id="offline-payments-my-proofs",
    responses=problems(401, 404, 422),
)
async def my_proofs(
    payment_id: UUID, request: Request, user: CurrentUser, uow: ReadUoW, links: Links
) -> list[ProofOut]:
    """The receipts the customer uploaded for their bank transfer, newest first."""
    return [ProofOut.of(p, links) for p in await offline.my_proofs(uow, actor_of(request, user), payment_id)]


@router.get(
    "/payment-proofs/{proof_id}",
    response_class=FileResponse,
    openapi_extra={"x-permission": "authenticated"},
    operation_id="offline-payments-proof-picture",
    responses=PICTURE,
)
async def proof_picture(
    proof_id: UUID,
    user: OptionalUser,
    uow: ReadUoW,
    c: ContainerDep,
    links: Links,
    size: Literal["full", "thumbnail"] = "full",
    expires: int | None = None,
    signature: Annotated[str | None, Query(max_length=128)] = None,
) -> FileResponse:
    """A receipt picture (or its thumbnail), for its customer and finance (`payments:read`): signed in, or through
    the signed link an answer gave them (`expires`, `signature`); 404 for anyone else. Never cached by shared
    caches."""
    signed = links.valid(proof_id, size, expires, signature)
    viewer = None if user is None else user.id
    granted = signed or (user is not None and user.can("payments:read"))
    proof = await offline.proof_to_show(uow, viewer, granted=granted, proof_id=proof_id)
    found = c.private_files.find(proof.thumbnail_url if size == "thumbnail" else proof.url)
    if found is None:
        raise NotFound("No such proof of payment.", code="payment.proof_not_found")
    path, content_type = found
    headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type=content_type, headers=headers)


@router.get(
    "/bank-transfers",
    response_model=Page[BankTransferOut],
    openapi_extra=READ,
    operation_id="offline-payments-bank-transfers",
    responses=problems(401, 403, 422),
)
async def bank_transfers(
    user: FinanceReader,
    uow: ReadUoW,
    paging: Paging,
    links: Links,
    status_: Annotated[list[PaymentStatus] | None, Query(alias="status")] = None,
) -> Page[BankTransferOut]:
    """Bank-transfer payments, oldest first, with order, customer and proof pictures (`status=processing`: those
    waiting for finance)."""
    statuses = tuple(str(s) for s in status_ or [])
    rows, total = await offline.bank_transfers(uow, statuses=statuses, offset=paging.offset, limit=paging.page_size)
    items = [BankTransferOut.of(r, links) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "/payments/{payment_id}/confirm",
    response_model=OfflinePaymentOut,
    openapi_extra=WRITE,
    operation_id="offline-payments-confirm",
    responses=ACTION,
)
async def confirm(
    payment_id: UUID, body: ConfirmTransferIn, request: Request, user: Finance, uow: UoW, c: ContainerDep
) -> OfflinePaymentOut:
    """The transfer arrived: the payment succeeds and its order is paid (then reviewed automatically)."""
    payment = await offline.confirm_bank_transfer(
        uow,
        c.clock,
        actor_of(request, user),
        c.settings.orders.policy(),
        payment_id,
        reference=body.reference,
        note=body.note,
    )
    return OfflinePaymentOut.of(payment)


@router.post(
    "/payments/{payment_id}/reject",
    response_model=OfflinePaymentOut,
    openapi_extra=WRITE,
    operation_id="offline-payments-reject",
    responses=ACTION,
)
async def reject(
    payment_id: UUID, body: RejectTransferIn, request: Request, user: Finance, uow: UoW, c: ContainerDep
) -> OfflinePaymentOut:
    """No such transfer arrived (or not the amount): the payment fails with the reason; the customer may start
    another while the order can still be paid."""
    payment = await offline.reject_bank_transfer(uow, c.clock, actor_of(request, user), payment_id, reason=body.reason)
    return OfflinePaymentOut.of(payment)
