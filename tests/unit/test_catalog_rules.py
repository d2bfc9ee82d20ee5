"""Catalog rules without I/O: the tree with subtree counts, stock status words, prices a person types."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.catalog import sku_rules, storefront
from domain.catalog.categories import build_tree
from domain.catalog.entities import Category
from domain.errors import RuleViolation


def test_the_tree_nests_by_parent_orders_by_position_and_counts_whole_subtrees() -> None:
    root = Category(name="Clothes")
    root.place_under(None)
    second, first = Category(name="Women", position=1), Category(name="Men", position=0)
    for child in (second, first):
        child.place_under(root)
    shirts = Category(name="Shirts")
    shirts.place_under(first)

    [node] = build_tree([shirts, second, root, first], {shirts.id: 2, second.id: 1, root.id: 1})

    assert [c.category.name for c in node.children] == ["Men", "Women"]
    assert (node.product_count, node.children[0].product_count, node.children[1].product_count) == (4, 2, 1)
    assert shirts.path == f"/{root.id}/{first.id}/{shirts.id}/" and shirts.depth == 3


@pytest.mark.parametrize(
    ("available", "thresholds", "status"),
    [
        (0, [], "out_of_stock"),
        (-2, [10], "out_of_stock"),
        (5, [], "low"),
        (6, [], "in_stock"),
        (9, [10, 3], "in_stock"),  # the lowest threshold decides
        (3, [0], "low"),
        (10, [10, 20], "low"),
    ],
)
def test_stock_status_words_for_customers(available: int, thresholds: list[int], status: str) -> None:
    assert storefront.stock_status(available, thresholds) == status


@pytest.mark.parametrize("amount", ["-0.01", "1.001", "NaN", "1e20"])
def test_a_typed_price_must_be_a_non_negative_amount_with_at_most_the_currencys_decimals(amount: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        sku_rules.price_minor(Decimal(amount), "CNY", "skus.0.retail_price")
    assert refused.value.code == "price.invalid" and refused.value.data["field"] == "skus.0.retail_price"


def test_typed_prices_become_minor_units_of_their_currency() -> None:
    assert sku_rules.price_minor(Decimal("12.5"), "CNY", "p") == 1250
    assert sku_rules.price_minor(Decimal("1200"), "JPY", "p") == 1200
    assert sku_rules.price_minor(None, "CNY", "p") is None
