"""The demo's order history covers the last sixty days, whatever the hour `make run` seeds it at."""

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from infra.seed_orders import DAYS, SEED, Customer, plan_orders


@pytest.mark.parametrize("hour", range(0, 24, 3))
def test_the_history_spans_sixty_days_and_lies_in_the_past(hour: int) -> None:
    now = datetime(2026, 11, 30, hour, 6, tzinfo=UTC)
    buyer = Customer(uuid.uuid4(), "张三", uuid.uuid4())

    plans = plan_orders(random.Random(SEED), now, [buyer])

    placed = [plan.placed_at for plan in plans]
    assert now - min(placed) >= timedelta(days=DAYS - 1)
    assert all(at < now for plan in plans for at, _ in plan.steps)
    assert max(placed) < now
