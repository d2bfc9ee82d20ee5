"""Run every benchmark: `make bench` (or `uv run python -m bench`)."""

from __future__ import annotations

import asyncio

from bench import catalog_search, identity

if __name__ == "__main__":
    asyncio.run(identity.main())
    catalog_search.main()
