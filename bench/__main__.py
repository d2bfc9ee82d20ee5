"""Run every benchmark: `make bench` (or `uv run python -m bench`)."""

from __future__ import annotations

import asyncio

from bench import catalog_search, identity, order_placement, order_queries, payment_callbacks, request_path

if __name__ == "__main__":
    asyncio.run(identity.main())
    catalog_search.main()  # wrk against a server process of its own
    request_path.main()  # PostgreSQL only: says how to run it otherwise (make bench-request-path)
    order_placement.main()  # PostgreSQL only (make bench-orders)
    order_queries.main()  # PostgreSQL only (make bench-order-queries)
    payment_callbacks.main()  # PostgreSQL only (make bench-callbacks)
