"""The demo shop: built-in roles, an admin, one staff user per role and a customer. Safe to run again.

`python -m infra.seed` (run by `make run`); prints the credentials.
"""

from __future__ import annotations

import asyncio

from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.notifications.entities import Channel
from domain.payments import method_use_cases as payment_methods
from infra.container import Container
from infra.seed_catalog import seed_catalog
from infra.seed_customers import seed_customers
from infra.seed_freight import seed_freight
from infra.seed_orders import seed_orders
from infra.settings import Settings, get_settings

DEMO_PASSWORD_SUFFIX = "#2026!"
DEMO_STAFF = [
    ("admin", "admin@allorder.local", "13800000000", "店长 Admin"),
    ("order_clerk", "clerk@allorder.local", "13800000011", "订单专员 Clerk"),
    ("warehouse", "warehouse@allorder.local", "13800000012", "仓库管理员 Warehouse"),
    ("customer_service", "service@allorder.local", "13800000013", "客服 Service"),
    ("finance", "finance@allorder.local", "13800000014", "财务 Finance"),
    ("analyst", "analyst@allorder.local", "13800000015", "分析师 Analyst"),
]
DEMO_CUSTOMER = ("customer@allorder.local", "13800000001", "张三 Customer")
# The demo's phone numbers and @allorder.local addresses reach nobody, and the seed runs before the server
# (whose sandbox an SMS__ENDPOINT may name) is up: each account's welcome goes to its in-app inbox only, where
# the demo user reads it after signing in. Nothing leaves the process.
DEMO_WELCOME = [Channel.IN_APP]


def demo_password(login: str) -> str:
    return login.split("@")[0].capitalize() + DEMO_PASSWORD_SUFFIX


async def seed(container: Container, *, demo: bool = True, catalog: bool = True) -> list[tuple[str, str, str]]:
    """Create what is missing and return (role, login, password) for every demo account; with `catalog`, the
    demo catalog and stock too."""
    await identity.ensure_builtin_roles(container.uow(), container.auth)
    await payment_methods.ensure_method_defaults(container.uow(), development=container.settings.is_development)
    if not demo:
        return []
    system = Actor(user_id=None, name="seed", system=True)
    accounts = []
    for role, email, phone, name in DEMO_STAFF:
        async with container.uow() as uow:
            exists = await uow.users.by_email(email)
        if exists is None:
            await identity.create_staff(
                container.uow,
                container.auth,
                system,
                display_name=name,
                email=email,
                phone=phone,
                password=demo_password(email),
                roles=[role],
                welcome_channels=DEMO_WELCOME,
            )
        accounts.append((role, email, demo_password(email)))
    email, phone, name = DEMO_CUSTOMER
    async with container.uow() as uow:
        customer = await uow.users.by_email(email)
    if customer is None:
        customer = await identity.create_staff(
            container.uow,
            container.auth,
            system,
            display_name=name,
            email=email,
            phone=phone,
            password=demo_password(email),
            roles=["customer"],
            welcome_channels=DEMO_WELCOME,
        )
        await identity.add_address(
            container.uow(),
            container.auth,
            customer.id,
            recipient="张三",
            phone=phone,
            region_code="310115",  # the server names it from the region tree: 上海市 上海市 浦东新区
            detail="世纪大道 100 号 8 楼",
            postal_code="200120",
            tag="公司",
            is_default=True,
        )
    accounts.append(("customer", email, demo_password(email)))
    if catalog:  # the demo shop's data: its catalog and stock, and customers for the back office's list
        await seed_catalog(container, system)
        await seed_customers(container, system, demo_password(email), DEMO_WELCOME)
        await seed_freight(container, system)
        await seed_orders(container, system)  # 60 days of orders in every state, through the order use cases
    return accounts


async def main(settings: Settings) -> None:
    container = Container(settings)
    try:
        accounts = await seed(container)
    finally:
        await container.close()
    print("\nAllOrder demo accounts (also in README):")
    for role, login, password in accounts:
        print(f"  {role:<17} {login:<28} {password}")
    print()


if __name__ == "__main__":
    asyncio.run(main(get_settings()))
