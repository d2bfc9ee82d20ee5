"""The demo shop's catalog and stock: categories, products with SKUs, prices and a promotion, pictures, three
warehouses with stock (one SKU low, one sold out), and a stocktake in progress. Skipped when already there."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from domain.catalog import use_cases as catalog
from domain.catalog.entities import ProductStatus
from domain.catalog.sku_rules import SkuInput
from domain.identity.actor import Actor
from domain.inventory import stocktakes
from domain.inventory import use_cases as inventory
from domain.inventory.ports import StockQuery
from domain.inventory.stock import LineChange, Reference
from domain.money import Money
from infra import seed_catalog_english as english
from infra import seed_pictures
from infra.container import Container
from infra.providers.storage.local import thumbnail_name

CATEGORIES = {
    "服装": ["男装", "女装"],
    "鞋靴": ["运动鞋"],
    "数码": ["手机配件", "耳机"],
    "家居": ["厨具"],
    "食品": ["茶叶"],
}
WAREHOUSES = [
    ("SH01", "上海浦东仓", "310115", "上海市浦东新区川沙路 88 号", 0),
    ("GZ01", "广州白云仓", "440111", "广州市白云区机场路 1 号", 1),
    ("BJ01", "北京顺义仓", "110113", "北京市顺义区空港物流园 6 号", 2),
]
# code, name, category, brand, tags, status, colour, [(sku code, attributes, retail, wholesale, promo, stock per warehouse)]
Sku = tuple[str, dict[str, str], str, str | None, str | None, tuple[int, int, int]]
PRODUCTS: list[tuple[str, str, str, str, list[str], ProductStatus, str, list[Sku]]] = [
    (
        "AO-TS-001",
        "纯棉圆领T恤 Cotton Crew Tee",
        "男装",
        "全单通优选",
        ["新品", "纯棉"],
        ProductStatus.ON_SALE,
        "#e8eef7",
        [
            ("AO-TS-001-WM", {"颜色": "白", "尺码": "M"}, "79.00", "45.00", None, (120, 40, 0)),
            ("AO-TS-001-WL", {"颜色": "白", "尺码": "L"}, "79.00", "45.00", None, (90, 30, 0)),
            ("AO-TS-001-BM", {"颜色": "黑", "尺码": "M"}, "79.00", "45.00", None, (60, 0, 20)),
            ("AO-TS-001-BL", {"颜色": "黑", "尺码": "L"}, "79.00", "45.00", None, (45, 0, 10)),
        ],
    ),
    (
        "AO-JK-002",
        "轻薄羽绒服 Light Down Jacket",
        "女装",
        "北境",
        ["秋冬", "促销"],
        ProductStatus.ON_SALE,
        "#f7e3e3",
        [
            ("AO-JK-002-RS", {"颜色": "红", "尺码": "S"}, "399.00", "260.00", "329.00", (25, 10, 15)),
            ("AO-JK-002-RM", {"颜色": "红", "尺码": "M"}, "399.00", "260.00", "329.00", (30, 10, 15)),
            ("AO-JK-002-NM", {"颜色": "藏青", "尺码": "M"}, "399.00", "260.00", "329.00", (20, 0, 10)),
        ],
    ),
    (
        "AO-SN-003",
        "缓震跑鞋 Cushioned Running Shoes",
        "运动鞋",
        "疾风",
        ["跑步"],
        ProductStatus.ON_SALE,
        "#e6f4ea",
        [
            ("AO-SN-003-40", {"尺码": "40"}, "459.00", "320.00", None, (12, 8, 0)),
            ("AO-SN-003-41", {"尺码": "41"}, "459.00", "320.00", None, (15, 6, 0)),
            ("AO-SN-003-42", {"尺码": "42"}, "459.00", "320.00", None, (0, 0, 0)),  # sold out
        ],
    ),
    (
        "AO-EP-004",
        "无线降噪耳机 Wireless ANC Earbuds",
        "耳机",
        "声浪",
        ["热卖"],
        ProductStatus.ON_SALE,
        "#ece6f7",
        [
            ("AO-EP-004-W", {"颜色": "白"}, "699.00", "520.00", None, (40, 20, 10)),
            ("AO-EP-004-B", {"颜色": "黑"}, "699.00", "520.00", None, (3, 0, 0)),  # low
        ],
    ),
    (
        "AO-PC-005",
        "20W 快充充电器 20W Fast Charger",
        "手机配件",
        "电立方",
        ["配件"],
        ProductStatus.ON_SALE,
        "#fff4d6",
        [
            ("AO-PC-005-STD", {"规格": "20W"}, "59.00", "32.00", None, (300, 150, 100)),
        ],
    ),
    (
        "AO-CB-006",
        "磁吸手机壳 Magnetic Phone Case",
        "手机配件",
        "电立方",
        ["配件"],
        ProductStatus.ON_SALE,
        "#e0f2f1",
        [
            ("AO-CB-006-CL", {"颜色": "透明"}, "39.90", "18.00", None, (200, 80, 50)),
            ("AO-CB-006-BK", {"颜色": "黑"}, "39.90", "18.00", None, (150, 60, 40)),
        ],
    ),
    (
        "AO-WK-007",
        "不粘炒锅 32cm Non-stick Wok",
        "厨具",
        "匠心",
        ["厨房"],
        ProductStatus.ON_SALE,
        "#f3e9dc",
        [
            ("AO-WK-007-32", {"尺寸": "32cm"}, "189.00", "120.00", None, (35, 20, 0)),
        ],
    ),
    (
        "AO-TEA-008",
        "明前龙井 West Lake Longjing",
        "茶叶",
        "西湖",
        ["礼品", "新茶"],
        ProductStatus.ON_SALE,
        "#e8f5e9",
        [
            ("AO-TEA-008-250", {"规格": "250g"}, "268.00", "190.00", None, (50, 0, 30)),
            ("AO-TEA-008-500", {"规格": "500g"}, "498.00", "350.00", None, (20, 0, 10)),
        ],
    ),
    (
        "AO-KN-009",
        "羊毛针织衫 Wool Sweater",
        "女装",
        "北境",
        ["新品"],
        ProductStatus.DRAFT,
        "#f5f5f5",
        [
            ("AO-KN-009-M", {"颜色": "燕麦", "尺码": "M"}, "329.00", None, None, (0, 0, 0)),
        ],
    ),
    (
        "AO-MG-010",
        "真空保温杯 500ml Vacuum Mug",
        "厨具",
        "匠心",
        ["办公"],
        ProductStatus.OFF_SALE,
        "#eceff1",
        [
            ("AO-MG-010-SV", {"颜色": "银"}, "129.00", "80.00", None, (10, 0, 0)),
        ],
    ),
]


def ean13(seed: str) -> str:
    """A valid EAN-13 in the China range (69…), the same for the same seed."""
    body = f"69{zlib.crc32(seed.encode()) % 10**10:010d}"
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


# what each product looks like: the kind of drawing, then (colour, outline) per picture, the main one first
PICTURES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "AO-TS-001": ("tee", [("#ffffff", "#90a4ae"), ("#263238", "#000000")]),
    "AO-JK-002": ("jacket", [("#e53935", "#b71c1c"), ("#283593", "#1a237e")]),
    "AO-SN-003": ("shoe", [("#43a047", "#1b5e20")]),
    "AO-EP-004": ("earbuds", [("#fafafa", "#7e57c2"), ("#212121", "#7e57c2")]),
    "AO-PC-005": ("charger", [("#ffb300", "#5d4037")]),
    "AO-CB-006": ("phone_case", [("#b2dfdb", "#00695c"), ("#263238", "#00695c")]),
    "AO-WK-007": ("wok", [("#37474f", "#263238")]),
    "AO-TEA-008": ("tea", [("#2e7d32", "#a1887f")]),
    "AO-KN-009": ("sweater", [("#d7ccc8", "#8d6e63")]),
    "AO-MG-010": ("bottle", [("#b0bec5", "#455a64")]),
}


def _pictures(code: str, name: str, backdrop: str) -> list[bytes]:
    """The product drawn in each of its colours, labelled with the English part of its name."""
    kind, colours = PICTURES[code]
    english = re.search(r"[A-Za-z0-9][ -~]*$", name)
    label = english.group(0) if english else code
    return [
        seed_pictures.draw(kind, label=label, colour=colour, accent=accent, backdrop=backdrop)
        for colour, accent in colours
    ]


async def seed_catalog(container: Container, actor: Actor) -> None:
    c, clock = container, container.clock
    async with c.uow(read_only=True) as uow:
        if await uow.products.by_code(PRODUCTS[0][0]) is not None:
            return
    category_ids: dict[str, UUID] = {}
    for position, (root, children) in enumerate(CATEGORIES.items()):
        parent = await catalog.create_category(
            c.uow(), clock, actor, name=root, name_en=english.CATEGORIES[root], position=position
        )
        for child in children:
            category_ids[child] = (
                await catalog.create_category(
                    c.uow(), clock, actor, name=child, name_en=english.CATEGORIES[child], parent_id=parent.id
                )
            ).id
    depots = [
        await inventory.create_warehouse(
            c.uow(), clock, actor, code=code, name=name, region_code=region, address=address, priority=priority
        )
        for code, name, region, address, priority in WAREHOUSES
    ]
    now = clock.now()
    currency = c.settings.base_currency

    def price(figure: str) -> Decimal:  # the demo's figures, as written, in the shop's currency at its digits
        return Money(Decimal(figure), currency).rounded().amount

    receipts: list[LineChange] = []
    for code, full_name, category, brand, tags, status, colour, skus in PRODUCTS:
        name, name_en = english.names(code, full_name)
        product = await catalog.create_product(
            c.uow(),
            clock,
            actor,
            currency=currency,
            code=code,
            name=name,
            name_en=name_en,
            category_id=category_ids[category],
            brand=brand,
            description=f"{name}。全单通演示商品，支持多规格、批发价与促销价。",
            tags=tags,
            status=ProductStatus.ON_SALE if status == ProductStatus.OFF_SALE else status,
            skus=[
                SkuInput(
                    code=sku_code,
                    attributes=attributes,
                    attributes_en=english.attributes_en(attributes),
                    barcode=ean13(sku_code),
                    retail_price=price(retail),
                    wholesale_price=price(wholesale) if wholesale else None,
                    promo_price=price(promo) if promo else None,
                    promo_starts_at=now - timedelta(days=1) if promo else None,
                    promo_ends_at=now + timedelta(days=30) if promo else None,
                )
                for sku_code, attributes, retail, wholesale, promo, _ in skus
            ],
        )
        if status == ProductStatus.OFF_SALE:  # sold for a while, then taken off the shelf
            await catalog.set_product_status(c.uow(), clock, actor, product.id, status)
        for picture in _pictures(code, name, colour):
            await catalog.add_product_image(c.uow, clock, actor, c.storage, thumbnail_name, product.id, picture)
        by_code = {sku.code: sku.id for sku in product.skus}
        for sku_code, *_, stock in skus:
            receipts += [
                LineChange(by_code[sku_code], depot.id, quantity)
                for depot, quantity in zip(depots, stock, strict=True)
                if quantity
            ]
    await inventory.receive_stock(
        c.uow(), clock, actor, receipts, reason="期初入库 Opening stock", reference=Reference("receipt", "PO-DEMO-0001")
    )
    await _alert_levels(container, actor)
    stocktake = await inventory.open_stocktake(
        c.uow(), clock, actor, warehouse_id=depots[1].id, note="月度盘点 Monthly count"
    )
    counted = [r for r in receipts if r.warehouse_id == depots[1].id][:3]
    await inventory.record_counts(
        c.uow(),
        clock,
        actor,
        stocktake.id,
        [stocktakes.Count(sku_id=r.sku_id, counted=r.quantity - (1 if i == 0 else 0)) for i, r in enumerate(counted)],
    )


async def _alert_levels(container: Container, actor: Actor) -> None:
    """Every level warns at 5 left; the jobs then alert on the earbuds that are already that low."""
    rows, _ = await inventory.list_stock(container.uow(read_only=True), StockQuery(), offset=0, limit=200)
    for row in rows:
        await inventory.update_level_settings(
            container.uow(), container.clock, actor, row.level.id, low_stock_threshold=5
        )
