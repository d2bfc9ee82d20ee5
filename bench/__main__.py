"""Run every benchmark: `make bench` (or `uv run python -m bench`)."""

from __future__ import annotations

import asyncio

from bench import catalog_search, identity, request_path

if __name__ == "__main__":
    asyncio.run(identity.main())
    asyncio.run(catalog_search.main())
    request_path.main()  # PostgreSQL only: says how to run it otherwise (make bench-request-path)
