"""The order rules come from the environment (`ORDERS__…`) as one OrderPolicy, with the shop's defaults."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from domain.orders.policy import OrderPolicy
from infra.settings import OrderSettings, Settings


def test_unset_settings_give_the_default_policy() -> None:
    policy = Settings(_env_file=None).orders.policy()  # type: ignore[call-arg]
    assert policy == OrderPolicy()
    assert policy.unpaid_timeout == timedelta(minutes=30)
    assert policy.auto_confirm_after == timedelta(days=7)
    assert policy.tax_rate == 0 and policy.tax_inclusive
    assert (policy.max_quantity_per_line, policy.max_quantity_per_customer_day, policy.max_unpaid_orders) == (
        99,
        200,
        5,
    )
    assert policy.duplicate_window == timedelta(seconds=10)
    assert policy.auto_review and policy.auto_review_amount_limit == Decimal(5000)


def test_each_rule_can_be_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    for name, value in {
        "UNPAID_TIMEOUT_MINUTES": "15",
        "AUTO_CONFIRM_DAYS": "10",
        "TAX_RATE": "0.13",
        "TAX_INCLUSIVE": "false",
        "MAX_QUANTITY_PER_LINE": "5",
        "MAX_QUANTITY_PER_CUSTOMER_DAY": "20",
        "MAX_UNPAID_ORDERS": "2",
        "DUPLICATE_WINDOW_SECONDS": "30",
        "AUTO_REVIEW": "false",
        "AUTO_REVIEW_AMOUNT_LIMIT": "800.50",
    }.items():
        monkeypatch.setenv(f"ORDERS__{name}", value)
    # when
    policy = Settings(_env_file=None).orders.policy()  # type: ignore[call-arg]
    # then
    assert policy == OrderPolicy(
        unpaid_timeout=timedelta(minutes=15),
        auto_confirm_after=timedelta(days=10),
        tax_rate=Decimal("0.13"),
        tax_inclusive=False,
        max_quantity_per_line=5,
        max_quantity_per_customer_day=20,
        max_unpaid_orders=2,
        duplicate_window=timedelta(seconds=30),
        auto_review=False,
        auto_review_amount_limit=Decimal("800.50"),
    )


@pytest.mark.parametrize("field", ["unpaid_timeout_minutes", "max_quantity_per_line", "max_unpaid_orders", "tax_rate"])
def test_a_negative_rule_is_refused_at_start_up(field: str) -> None:
    with pytest.raises(ValidationError):
        OrderSettings(**{field: -1})
