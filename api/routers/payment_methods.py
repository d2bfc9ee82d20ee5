"""Payment methods: what the storefront offers (public) and their settings (`settings:write`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api import i18n
from api.deps import ContainerDep, OptionalUser, ReadUoW, UoW, actor_of, require
from api.schemas.common import problems
from api.schemas.payment_methods import MethodOrderIn, MethodSettingIn, MethodSettingOut, OfferedMethodOut
from domain.identity.principal import Principal
from domain.orders.entities import PaymentMethod
from domain.payments import method_use_cases as payment_methods
from domain.payments.method_ports import KeyRef
from domain.payments.method_settings import MethodChange

router = APIRouter(prefix="/payment-methods", tags=["payment-methods"])
Admin = Annotated[Principal, Depends(require("settings:write"))]
WRITE = {"x-permission": "settings:write"}
PUBLIC = {"x-permission": "public", "security": [{}]}  # a signed-in customer reads names in their language


@router.get("", response_model=list[OfferedMethodOut], openapi_extra=PUBLIC, operation_id="payment-methods-offered")
async def offered(request: Request, user: OptionalUser, uow: ReadUoW) -> list[OfferedMethodOut]:
    """The methods a customer may pay with, in display order, named in the signed-in customer's language (else
    the request's); bank transfer with the payee's details."""
    locale = i18n.negotiate(request.headers.get("accept-language"), user.locale if user else None)
    return [OfferedMethodOut.of(s, locale) for s in await payment_methods.offered_methods(uow)]


@router.get(
    "/settings",
    response_model=list[MethodSettingOut],
    openapi_extra=WRITE,
    operation_id="payment-methods-settings",
    responses=problems(401, 403),
)
async def settings(user: Admin, uow: ReadUoW, c: ContainerDep) -> list[MethodSettingOut]:
    """Every method's settings, in display order, with whether each provider key is configured."""
    return [MethodSettingOut.of(v) for v in await payment_methods.method_settings_view(uow, c.provider_keys)]


@router.put(
    "/order",
    response_model=list[MethodSettingOut],
    openapi_extra=WRITE,
    operation_id="payment-methods-order",
    responses=problems(401, 403, 422),
)
async def order(
    body: MethodOrderIn, request: Request, user: Admin, uow: UoW, c: ContainerDep
) -> list[MethodSettingOut]:
    """Put the methods in this display order (every method once)."""
    views = await payment_methods.reorder_methods(uow, c.clock, actor_of(request, user), c.provider_keys, body.methods)
    return [MethodSettingOut.of(v) for v in views]


@router.put(
    "/settings/{method}",
    response_model=MethodSettingOut,
    openapi_extra=WRITE,
    operation_id="payment-methods-update",
    responses=problems(401, 403, 422),
)
async def update(
    method: PaymentMethod, body: MethodSettingIn, request: Request, user: Admin, uow: UoW, c: ContainerDep
) -> MethodSettingOut:
    """Change a method: on/off (an online method needs its keys, bank transfer its payee), names, the payee,
    provider settings and key references (write-only)."""
    payee = body.payee
    change = MethodChange(
        enabled=body.enabled,
        name_zh=body.name_zh,
        name_en=body.name_en,
        payee_bank=payee.bank if payee else None,
        payee_account_name=payee.account_name if payee else None,
        payee_account_number=payee.account_number if payee else None,
        payee_note=payee.note if payee else None,
        transfer_hours=body.transfer_hours,
        provider=dict(body.provider),
        key_refs={n: KeyRef(env=r.env, file=r.file) if r else None for n, r in body.key_refs.items()},
    )
    view = await payment_methods.update_method(uow, c.clock, actor_of(request, user), c.provider_keys, method, change)
    return MethodSettingOut.of(view)
