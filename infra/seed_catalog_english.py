"""The demo catalog's English words: each product's name in Chinese and in English, each category's, and the English
of the spec names and values they use, so the demo shows each UI language in its own words (issue 8: "Choose 颜色 /
尺码")."""

from __future__ import annotations

NAMES = {
    "AO-TS-001": ("纯棉圆领T恤", "Cotton Crew Tee"),
    "AO-JK-002": ("轻薄羽绒服", "Light Down Jacket"),
    "AO-SN-003": ("缓震跑鞋", "Cushioned Running Shoes"),
    "AO-EP-004": ("无线降噪耳机", "Wireless ANC Earbuds"),
    "AO-PC-005": ("20W 快充充电器", "20W Fast Charger"),
    "AO-CB-006": ("磁吸手机壳", "Magnetic Phone Case"),
    "AO-WK-007": ("32cm 不粘炒锅", "32cm Non-stick Wok"),
    "AO-TEA-008": ("明前龙井", "West Lake Longjing"),
    "AO-KN-009": ("羊毛针织衫", "Wool Sweater"),
    "AO-MG-010": ("500ml 真空保温杯", "500ml Vacuum Mug"),
}
CATEGORIES = {
    "服装": "Clothing",
    "男装": "Menswear",
    "女装": "Womenswear",
    "鞋靴": "Shoes",
    "运动鞋": "Sneakers",
    "数码": "Electronics",
    "手机配件": "Phone Accessories",
    "耳机": "Headphones",
    "家居": "Home",
    "厨具": "Kitchenware",
    "食品": "Food",
    "茶叶": "Tea",
}
WORDS = {
    "颜色": "Colour",
    "尺码": "Size",
    "尺寸": "Size",
    "规格": "Option",
    "白": "White",
    "黑": "Black",
    "红": "Red",
    "藏青": "Navy",
    "透明": "Clear",
    "燕麦": "Oatmeal",
    "银": "Silver",
}


def names(code: str, name: str) -> tuple[str, str | None]:
    """The product's own (Chinese) name and its English one."""
    return NAMES.get(code, (name, None))


def attributes_en(attributes: dict[str, str]) -> dict[str, dict[str, str]]:
    """English words for the specs where the demo has them (sizes such as M or 42 need none)."""
    english: dict[str, dict[str, str]] = {}
    for name, value in attributes.items():
        words = {k: v for k, v in (("name", WORDS.get(name)), ("value", WORDS.get(value))) if v}
        if words:
            english[name] = words
    return english
