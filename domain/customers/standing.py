"""What checkout and order review ask before taking a customer's order: is the customer blacklisted? Actions for
other features' transactions (an order's create or review runs them inside its own unit of work)."""

from __future__ import annotations

from uuid import UUID

from domain.customers.entities import Customer, Standing
from domain.customers.ports import CustomersUoW
from domain.errors import PermissionDenied


class CustomerBlacklisted(PermissionDenied):
    """The shop refuses this customer's orders. The reason is for staff: the customer is not told it."""

    code = "customer.blacklisted"
    message = "This account cannot place orders; please contact customer service."


async def standing_of(uow: CustomersUoW, customer_id: UUID) -> Standing:
    """The customer's standing as of this transaction (read without a lock: a flag set meanwhile is caught by the
    order's review, which asks again)."""
    return standing_of_customer(customer_id, await uow.customers.get(customer_id))


def standing_of_customer(customer_id: UUID, customer: Customer | None) -> Standing:
    """The standing of a customer this transaction has already read (saves reading their record again)."""
    if customer is None or customer.record is None:
        return Standing(customer_id=customer_id, blacklisted=False)
    record = customer.record
    return Standing(customer_id=customer_id, blacklisted=record.blacklisted, reason=record.blacklist_reason)


async def ensure_may_order(uow: CustomersUoW, customer_id: UUID) -> None:
    """Refuse (403 `customer.blacklisted`) an order of a blacklisted customer; a review holds it instead by
    reading `standing_of`."""
    ensure_standing_may_order(await standing_of(uow, customer_id))


def ensure_standing_may_order(standing: Standing) -> None:
    """`ensure_may_order` for a standing this transaction has already read (checkout reads it with the buyer)."""
    if not standing.may_order:
        raise CustomerBlacklisted(customer_id=str(standing.customer_id))
