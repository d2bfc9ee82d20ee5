"""Changing carts. Actions: they work inside the unit of work they are given and never commit (use_cases.py opens
and commits; an order's checkout calls `remove_ordered` inside its own transaction)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from domain.cart.contents import sellable
from domain.cart.entities import GUEST_CART_LIFETIME, MAX_LINE_QUANTITY, MAX_LINES, Cart, CartLine
from domain.cart.errors import LineNotFound, QuantityOutOfRange, SkuUnavailable, TooManyLines
from domain.cart.ports import CartsUoW, CartUoW
from domain.catalog import pricing
from domain.catalog.entities import Sku
from domain.errors import NotFound
from domain.identity import secrets
from domain.inventory.errors import InsufficientStock
from domain.ports import Clock

_TOKEN_SALT = "cart"


@dataclass(frozen=True)
class Shopper:
    """Whose cart: a signed-in customer's, else that of the guest whose browser holds `guest_token` (or a guest
    without a cart yet). `buyer` is the price list they buy from."""

    customer_id: UUID | None = None
    guest_token: str | None = None
    buyer: pricing.Buyer = pricing.Buyer.RETAIL


def token_digest(token: str) -> str:
    """Only this reaches the database: a leaked table does not hand out guests' carts."""
    return secrets.digest(token, salt=_TOKEN_SALT)


async def find(uow: CartUoW, shopper: Shopper, *, lock: bool = False) -> Cart | None:
    if shopper.customer_id is not None:
        return await uow.carts.for_customer(shopper.customer_id, lock=lock)
    if shopper.guest_token:
        return await uow.carts.for_guest(token_digest(shopper.guest_token), lock=lock)
    return None


async def add_line(uow: CartUoW, clock: Clock, shopper: Shopper, *, sku_id: UUID, quantity: int) -> str | None:
    """Put `quantity` units of a SKU on sale into the cart, on top of any already there. Returns the token of a
    guest cart this started (the guest's browser keeps it), else None."""
    _check_quantity(quantity)
    now = clock.now()
    sku = await _sellable_sku(uow, sku_id)
    price = pricing.effective_price_minor(sku, shopper.buyer, now)
    cart, token = await _cart_to_change(uow, clock, shopper)
    line = cart.line(sku_id)
    wanted = quantity + (line.quantity if line else 0)
    _check_quantity(wanted)
    await _check_stock(uow, sku_id, wanted)
    if line is None:
        if len(cart.lines) >= MAX_LINES:
            raise TooManyLines()
        line = CartLine(cart.id, sku_id, wanted, price, sku.currency, added_at=now)
        cart.lines.append(line)
    else:
        # adding again is done looking at today's price: later reads compare with that
        line.quantity, line.added_price_minor, line.selected = wanted, price, True
    line.updated_at = cart.updated_at = now
    return token


async def change_line(
    uow: CartUoW,
    clock: Clock,
    shopper: Shopper,
    *,
    sku_id: UUID,
    quantity: int | None = None,
    selected: bool | None = None,
) -> None:
    """Set a line's quantity (more units only while stock lasts) or whether it goes to checkout."""
    cart = await find(uow, shopper, lock=True)
    line = cart.line(sku_id) if cart else None
    if cart is None or line is None:
        raise LineNotFound(sku_id)
    if quantity is not None:
        _check_quantity(quantity)
        if quantity > line.quantity:  # fewer units are always fine, even of an item no longer on sale
            await _check_stock(uow, sku_id, quantity)
        line.quantity = quantity
    if selected is not None:
        line.selected = selected
    line.updated_at = cart.updated_at = clock.now()


async def select_all(uow: CartUoW, clock: Clock, shopper: Shopper, *, selected: bool) -> None:
    cart = await find(uow, shopper, lock=True)
    if cart is None:
        return
    for line in cart.lines:
        line.selected = selected
    cart.updated_at = clock.now()


async def remove_line(uow: CartUoW, clock: Clock, shopper: Shopper, *, sku_id: UUID) -> None:
    """Take a SKU out of the cart; one that is not there changes nothing."""
    cart = await find(uow, shopper, lock=True)
    line = cart.line(sku_id) if cart else None
    if cart is not None and line is not None:
        cart.lines.remove(line)
        cart.updated_at = clock.now()


async def clear(uow: CartUoW, clock: Clock, shopper: Shopper) -> None:
    cart = await find(uow, shopper, lock=True)
    if cart is not None and cart.lines:
        cart.lines.clear()
        cart.updated_at = clock.now()


async def merge(uow: CartUoW, clock: Clock, *, customer_id: UUID, guest_token: str) -> None:
    """After sign-in, the guest cart's lines join the customer's cart (quantities add, capped at the line limit;
    past the line limit the guest's surplus lines are dropped) and the guest cart is deleted. Merging again, or
    with an unknown token, changes nothing."""
    guest = await uow.carts.for_guest(token_digest(guest_token), lock=True)
    if guest is None:
        return
    cart, _ = await _cart_to_change(uow, clock, Shopper(customer_id=customer_id))
    now = clock.now()
    for theirs in sorted(guest.lines, key=lambda line: line.added_at):
        ours = cart.line(theirs.sku_id)
        if ours is not None:
            ours.quantity = min(ours.quantity + theirs.quantity, MAX_LINE_QUANTITY)
            ours.selected, ours.updated_at = True, now
        elif len(cart.lines) < MAX_LINES:
            cart.lines.append(
                CartLine(
                    cart.id,
                    theirs.sku_id,
                    theirs.quantity,
                    theirs.added_price_minor,  # what the guest saw: a dealer's cart then shows the wholesale change
                    theirs.currency,
                    added_at=theirs.added_at,
                    selected=theirs.selected,
                    updated_at=now,
                )
            )
    cart.updated_at = now
    await uow.carts.delete(guest)


async def remove_ordered(uow: CartsUoW, customer_id: UUID, sku_ids: Collection[UUID]) -> None:
    """The SKUs of an order just placed leave the customer's cart (inside the checkout's transaction)."""
    if sku_ids:
        await uow.carts.remove_skus(customer_id, sorted(set(sku_ids)))


async def purge_guest_carts(uow: CartUoW, clock: Clock) -> int:
    """Delete guest carts nobody changed for GUEST_CART_LIFETIME; returns how many."""
    return await uow.carts.delete_guest_carts_idle_since(clock.now() - GUEST_CART_LIFETIME)


def _check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise QuantityOutOfRange(quantity)


async def _sellable_sku(uow: CartUoW, sku_id: UUID) -> Sku:
    found = await uow.products.skus([sku_id])
    if not found:
        raise NotFound("The SKU does not exist.", code="sku.not_found", sku_id=str(sku_id))
    sku = found[0]
    if not sellable(sku, next(iter(await uow.products.by_ids([sku.product_id])), None)):
        raise SkuUnavailable(sku_id)
    return sku


async def _check_stock(uow: CartUoW, sku_id: UUID, quantity: int) -> None:
    available = (await uow.stock.available_by_sku([sku_id])).get(sku_id, 0)
    if quantity > available:
        raise InsufficientStock(sku_id, quantity, available)


async def _cart_to_change(uow: CartUoW, clock: Clock, shopper: Shopper) -> tuple[Cart, str | None]:
    """The shopper's cart, locked; started when they have none. A guest whose token finds no cart (never had
    one, or it expired) gets a new cart under a new token: a token is always the server's, never one a client
    picked."""
    cart = await find(uow, shopper, lock=True)
    if cart is not None:
        return cart, None
    now = clock.now()
    token = None
    if shopper.customer_id is not None:
        cart = Cart(customer_id=shopper.customer_id, created_at=now, updated_at=now)
    else:
        token = secrets.new_token()
        cart = Cart(guest_token_digest=token_digest(token), created_at=now, updated_at=now)
    await uow.carts.add(cart)
    return cart, token
