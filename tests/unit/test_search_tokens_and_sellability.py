"""Bigram search tokens (what a product stores, what a keyword needs) and when a stock movement can change a
product's in-stock flag: rules without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.catalog import search_tokens
from domain.inventory.entities import MovementKind, StockMovement
from domain.inventory.sellability import crossed_zero


def test_a_product_stores_the_bigrams_of_its_words_and_each_chinese_character() -> None:
    stored = search_tokens.of_text("蓝牙耳机 Haier").split()
    assert sorted(stored) == sorted(["ai", "er", "ha", "ie", "蓝", "牙", "耳", "机", "蓝牙", "牙耳", "耳机"])


def test_a_one_letter_word_stores_nothing_but_a_one_character_chinese_word_is_a_token() -> None:
    assert search_tokens.of_text("m 包") == "包"


def test_every_keyword_token_is_stored_by_a_product_that_contains_the_keyword() -> None:
    stored = set(search_tokens.of_text("无线蓝牙耳机 B0001234-1 Li-Ning").split())
    for keyword in ("耳机", "蓝", "0001234", "b0001234-1", "LI-NING", "ning"):
        assert set(search_tokens.of_keyword(keyword)) <= stored, keyword


def test_a_single_latin_letter_cannot_use_the_index() -> None:
    assert search_tokens.of_keyword("x") == []


def movement(*, on_hand_delta: int, reserved_delta: int, on_hand_after: int, reserved_after: int) -> StockMovement:
    return StockMovement(
        sku_id=uuid4(),
        warehouse_id=uuid4(),
        kind=MovementKind.ADJUST,
        on_hand_delta=on_hand_delta,
        reserved_delta=reserved_delta,
        on_hand_after=on_hand_after,
        reserved_after=reserved_after,
        at=datetime(2026, 11, 29, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("deltas", "after", "crossed"),
    [
        ((5, 0), (5, 0), True),  # received into an empty level
        ((0, 2), (2, 2), True),  # the last two reserved
        ((0, -1), (2, 1), True),  # one released of two held: one available again
        ((0, 1), (5, 2), False),  # still three available
        ((-1, -1), (1, 1), False),  # shipped what was reserved: available unchanged
        ((-3, 0), (0, 0), True),  # adjusted down to nothing
    ],
)
def test_only_a_movement_across_zero_available_can_change_a_product_in_stock_flag(
    deltas: tuple[int, int], after: tuple[int, int], crossed: bool
) -> None:
    moved = movement(on_hand_delta=deltas[0], reserved_delta=deltas[1], on_hand_after=after[0], reserved_after=after[1])
    assert crossed_zero(moved) is crossed
