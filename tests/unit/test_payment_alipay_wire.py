"""Alipay payments' wire details: what a notify's signature covers, and amounts as yuan strings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.money import Money
from infra.payments.alipay import yuan
from infra.providers import rsa2


def test_a_notify_is_signed_without_its_sign_and_sign_type_but_a_request_with_sign_type() -> None:
    params = {"trade_status": "TRADE_SUCCESS", "sign": "s", "sign_type": "RSA2", "app_id": "2021", "buyer_id": ""}

    assert rsa2.signing_content(params, rsa2.NOTIFY_UNSIGNED) == "app_id=2021&trade_status=TRADE_SUCCESS"
    assert rsa2.signing_content(params) == "app_id=2021&sign_type=RSA2&trade_status=TRADE_SUCCESS"


@pytest.mark.parametrize(("amount", "text"), [("12.5", "12.50"), ("0.01", "0.01"), ("100", "100.00")])
def test_amounts_go_to_alipay_as_yuan_with_two_decimals(amount: str, text: str) -> None:
    assert yuan(Money(Decimal(amount), "CNY")) == text
