"""The shopping cart, for guests and signed-in customers alike.

A guest's cart is found by the token its browser keeps and sends as `X-Cart-Token`, not by a cookie: the API
authenticates with bearer tokens the SPA holds (api/session_cookies.py keeps its one cookie to the refresh and
logout routes, behind a CSRF check), and a cart cookie would be an ambient credential every cart route would need
the same CSRF guard for. A header is never sent by another site's form. The token is the server's (returned once,
as `guest_token`, by the request that started the cart) and only its digest is stored. After sign-in the SPA calls
`POST /cart/merge` with it: explicit rather than hidden in sign-in, so signing in stays one thing and an API
client without a cart is untouched."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import ContainerDep, CurrentUser, ReadUoW, UoW, current_user
from api.schemas.cart import CartLineIn, CartLineUpdate, CartOut, CartSelection
from api.schemas.common import problems
from domain.cart import use_cases as cart
from domain.cart.actions import Shopper
from domain.catalog import pricing
from domain.errors import RuleViolation

router = APIRouter(prefix="/cart", tags=["cart"])
_bearer = HTTPBearer(auto_error=False)
# guests too; a signed-in caller (bearer) works on their own cart and the token is ignored
GUEST_OR_CUSTOMER = {"x-permission": "public", "security": [{}, {"HTTPBearer": []}]}
SIGNED_IN = {"x-permission": "authenticated"}

CartToken = Annotated[
    str | None,
    Header(
        alias="X-Cart-Token",
        max_length=100,
        description="A guest's cart: the `guest_token` the request that started it returned",
    ),
]


async def shopper(
    request: Request,
    c: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    token: CartToken = None,
) -> Shopper:
    """The signed-in customer, else the guest holding `token`. A bearer that no longer checks out is a 401 (so the
    SPA renews its session), not a silent switch to an empty guest cart."""
    if credentials is None:
        return Shopper(guest_token=token or None)
    user = await current_user(request, c, credentials)
    return Shopper(customer_id=user.id, buyer=pricing.buyer_of(user))


ShopperDep = Annotated[Shopper, Depends(shopper)]


@router.get(
    "",
    response_model=CartOut,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-get",
    responses=problems(401, 422),
)
async def get_cart(who: ShopperDep, uow: ReadUoW, c: ContainerDep) -> CartOut:
    """The cart re-priced now: each line says if its price changed, it is no longer for sale or stock is short."""
    return CartOut.of(await cart.view_cart(uow, c.clock, who, currency=c.settings.base_currency))


@router.post(
    "/lines",
    response_model=CartOut,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-add-line",
    responses=problems(401, 404, 409, 422),
)
async def add_line(body: CartLineIn, who: ShopperDep, uow: UoW, c: ContainerDep) -> CartOut:
    """Add units of a SKU (on top of those already in the cart); a guest's first add starts a guest cart."""
    answer = await cart.add_to_cart(
        uow, c.clock, who, sku_id=body.sku_id, quantity=body.quantity, currency=c.settings.base_currency
    )
    return CartOut.of(answer.contents, answer.new_guest_token)


@router.patch(
    "/lines/{sku_id}",
    response_model=CartOut,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-update-line",
    responses=problems(401, 404, 409, 422),
)
async def update_line(sku_id: UUID, body: CartLineUpdate, who: ShopperDep, uow: UoW, c: ContainerDep) -> CartOut:
    """Change a line's quantity or whether it is selected for checkout."""
    return CartOut.of(
        await cart.change_line(
            uow,
            c.clock,
            who,
            sku_id=sku_id,
            quantity=body.quantity,
            selected=body.selected,
            currency=c.settings.base_currency,
        )
    )


@router.delete(
    "/lines/{sku_id}",
    response_model=CartOut,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-remove-line",
    responses=problems(401, 422),
)
async def remove_line(sku_id: UUID, who: ShopperDep, uow: UoW, c: ContainerDep) -> CartOut:
    """Take a SKU out of the cart (one that is not there changes nothing)."""
    return CartOut.of(await cart.remove_line(uow, c.clock, who, sku_id=sku_id, currency=c.settings.base_currency))


@router.patch(
    "",
    response_model=CartOut,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-select-all",
    responses=problems(401, 422),
)
async def select_all(body: CartSelection, who: ShopperDep, uow: UoW, c: ContainerDep) -> CartOut:
    """Select or deselect every line for checkout."""
    return CartOut.of(
        await cart.select_all(uow, c.clock, who, selected=body.selected, currency=c.settings.base_currency)
    )


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=GUEST_OR_CUSTOMER,
    operation_id="cart-clear",
    responses=problems(401, 422),
)
async def clear_cart(who: ShopperDep, uow: UoW, c: ContainerDep) -> None:
    """Empty the cart."""
    await cart.clear_cart(uow, c.clock, who)


@router.post(
    "/merge",
    response_model=CartOut,
    openapi_extra=SIGNED_IN,
    operation_id="cart-merge",
    responses=problems(401, 422),
)
async def merge_guest_cart(user: CurrentUser, uow: UoW, c: ContainerDep, token: CartToken = None) -> CartOut:
    """After sign-in: the guest cart of `X-Cart-Token` joins the caller's cart (quantities add, at most 99 a line)
    and is deleted. Calling it again, or with a token that finds no cart, changes nothing."""
    if not token:
        raise RuleViolation("Send the guest cart's token in X-Cart-Token.", code="cart.token_required")
    who = Shopper(customer_id=user.id, buyer=pricing.buyer_of(user))
    return CartOut.of(
        await cart.merge_guest_cart(uow, c.clock, who, guest_token=token, currency=c.settings.base_currency)
    )
