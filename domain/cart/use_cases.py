"""What the cart's routes and jobs ask: each opens the unit of work, runs one change, reads the cart back as the
shopper now sees it, and commits once. Inside another feature's transaction (checkout), call `actions`."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.cart import actions
from domain.cart.actions import Shopper
from domain.cart.contents import CartContents, contents_of
from domain.cart.ports import CartUoW
from domain.ports import Clock
from domain.unit_of_work import use_case


@dataclass(frozen=True)
class CartAnswer:
    contents: CartContents
    new_guest_token: str | None = None  # set when this request started a guest cart


async def _read(uow: CartUoW, clock: Clock, shopper: Shopper, currency: str) -> CartContents:
    cart = await actions.find(uow, shopper)
    return await contents_of(uow, cart, buyer=shopper.buyer, at=clock.now(), currency=currency)


async def view_cart(uow: CartUoW, clock: Clock, shopper: Shopper, *, currency: str) -> CartContents:
    """The cart re-priced and re-checked now; an empty one for a guest without a cart."""
    async with uow:
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return contents


async def add_to_cart(
    uow: CartUoW, clock: Clock, shopper: Shopper, *, sku_id: UUID, quantity: int, currency: str
) -> CartAnswer:
    async with uow:
        token = await actions.add_line(uow, clock, shopper, sku_id=sku_id, quantity=quantity)
        if token is not None:
            shopper = Shopper(guest_token=token, buyer=shopper.buyer)
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return CartAnswer(contents, token)


async def change_line(
    uow: CartUoW,
    clock: Clock,
    shopper: Shopper,
    *,
    sku_id: UUID,
    quantity: int | None,
    selected: bool | None,
    currency: str,
) -> CartContents:
    async with uow:
        await actions.change_line(uow, clock, shopper, sku_id=sku_id, quantity=quantity, selected=selected)
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return contents


async def select_all(uow: CartUoW, clock: Clock, shopper: Shopper, *, selected: bool, currency: str) -> CartContents:
    async with uow:
        await actions.select_all(uow, clock, shopper, selected=selected)
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return contents


async def remove_line(uow: CartUoW, clock: Clock, shopper: Shopper, *, sku_id: UUID, currency: str) -> CartContents:
    async with uow:
        await actions.remove_line(uow, clock, shopper, sku_id=sku_id)
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return contents


async def clear_cart(uow: CartUoW, clock: Clock, shopper: Shopper) -> None:
    async with uow:
        await actions.clear(uow, clock, shopper)
        await uow.commit()


async def merge_guest_cart(
    uow: CartUoW, clock: Clock, shopper: Shopper, *, guest_token: str, currency: str
) -> CartContents:
    """Bring a guest cart into the signed-in customer's cart (idempotent) and answer with the merged cart."""
    assert shopper.customer_id is not None, "merging needs a signed-in customer"
    async with uow:
        await actions.merge(uow, clock, customer_id=shopper.customer_id, guest_token=guest_token)
        contents = await _read(uow, clock, shopper, currency)
        await uow.commit()
    return contents


purge_guest_carts = use_case(actions.purge_guest_carts)
