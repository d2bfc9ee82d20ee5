"""Automatic review: a paid order that passes every rule goes straight on; otherwise the queue says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.money import Money
from domain.orders.policy import OrderPolicy
from domain.orders.review import ReviewFacts, address_complete, review_flags

POLICY = OrderPolicy(auto_review_amount_limit=Decimal(5000))


def facts(*, stock_ok: bool = True, address: bool = True, total: str = "199.00", flagged: bool = False) -> ReviewFacts:
    return ReviewFacts(
        stock_ok=stock_ok, address_complete=address, total=Money(Decimal(total), "CNY"), customer_flagged=flagged
    )


def test_an_order_that_passes_every_rule_is_approved_automatically() -> None:
    assert review_flags(POLICY, facts()) == []


def test_an_order_of_exactly_the_limit_passes_and_one_fen_more_is_reviewed() -> None:
    assert review_flags(POLICY, facts(total="5000.00")) == []
    assert review_flags(POLICY, facts(total="5000.01")) == ["amount_limit"]


def test_every_failed_rule_is_listed_in_a_stable_order() -> None:
    failing = facts(stock_ok=False, address=False, total="9999.00", flagged=True)
    assert review_flags(POLICY, failing) == ["stock", "address", "amount_limit", "customer_flagged"]
    assert review_flags(POLICY, facts(flagged=True, address=False)) == ["address", "customer_flagged"]


def test_with_automatic_review_off_every_order_waits_for_a_person() -> None:
    manual = OrderPolicy(auto_review=False)
    assert review_flags(manual, facts()) == ["manual_review"]
    assert review_flags(manual, facts(stock_ok=False)) == ["stock", "manual_review"]


def test_a_full_address_is_complete() -> None:
    assert address_complete("张三", "13800138000", "110105", "朝阳路 1 号")
    assert address_complete("Li Si", "010-8888 6666", "441900", "Dongcheng Road 8")  # a city without districts


@pytest.mark.parametrize(
    ("recipient", "phone", "region_code", "detail"),
    [
        ("", "13800138000", "110105", "朝阳路 1 号"),
        ("张三", None, "110105", "朝阳路 1 号"),
        ("张三", "138", "110105", "朝阳路 1 号"),
        ("张三", "13800138000", "1101", "朝阳路 1 号"),
        ("张三", "13800138000", None, "朝阳路 1 号"),
        ("张三", "13800138000", "110105", "   "),
    ],
)
def test_an_address_missing_a_part_needs_review(
    recipient: str | None, phone: str | None, region_code: str | None, detail: str | None
) -> None:
    assert not address_complete(recipient, phone, region_code, detail)
