"""Demo customers for the back office's customer list: tags, staff notes, and one blacklisted. Safe to run again:
a customer who exists already is left as they are."""

from __future__ import annotations

from domain.customers import use_cases as customers
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.notifications.entities import Channel
from infra.container import Container

# (e-mail, name, tags, staff note, blacklist reason)
DEMO_CUSTOMERS: list[tuple[str, str, list[str], str | None, str | None]] = [
    ("lisi@allorder.local", "李四 Li Si", ["VIP", "复购"], "偏好顺丰快递，工作日白天收货。", None),
    ("wangwu@allorder.local", "王五 Wang Wu", ["批发意向"], "询问过 50 台以上的批发价，已转销售跟进。", None),
    ("zhaoliu@allorder.local", "赵六 Zhao Liu", ["新客"], None, None),
    (
        "qianqi@allorder.local",
        "钱七 Qian Qi",
        ["高退货率"],
        "近三个月 6 次签收后申请仅退款，已核实为恶意退款。",
        "多次恶意仅退款（已核实）",
    ),
]
# each demo customer's delivery address (e-mail → recipient, phone, district code, street); the server adds the
# province, city and district names from the region tree
DEMO_ADDRESSES: dict[str, tuple[str, str, str, str]] = {
    "lisi@allorder.local": ("李四", "13900000101", "110105", "建国路 88 号 SOHO 现代城 2 号楼 1201"),
    "wangwu@allorder.local": ("王五", "13900000102", "440106", "天河路 385 号太古汇一座 16 楼"),
    "zhaoliu@allorder.local": ("赵六", "13900000103", "330106", "文三路 478 号华星时代广场 A 座 5 楼"),
    "qianqi@allorder.local": ("钱七", "13900000104", "510107", "科华北路 62 号 3 单元 702"),
}


async def seed_customers(container: Container, actor: Actor, password: str, welcome: list[Channel]) -> None:
    for email, name, tags, note, blacklist_reason in DEMO_CUSTOMERS:
        async with container.uow() as uow:
            if await uow.users.by_email(email) is not None:
                continue
        customer = await identity.create_staff(
            container.uow,
            container.auth,
            actor,
            display_name=name,
            email=email,
            password=password,
            roles=["customer"],
            welcome_channels=welcome,
        )
        recipient, phone, region_code, detail = DEMO_ADDRESSES[email]
        await identity.add_address(
            container.uow(),
            container.auth,
            customer.id,
            recipient=recipient,
            phone=phone,
            region_code=region_code,
            detail=detail,
            is_default=True,
        )
        for tag in tags:
            await customers.add_tag(container.uow(), container.clock, actor, customer.id, tag=tag)
        if note:
            await customers.add_note(container.uow(), container.clock, actor, customer.id, body=note)
        if blacklist_reason:
            await customers.blacklist(container.uow(), container.clock, actor, customer.id, reason=blacklist_reason)
