"""JSON bodies the app builds by hand (problem+json, probes, the hottest pages), rendered with orjson.

Routes with a response model serialise through it by default: FastAPI has pydantic-core write the model straight
to bytes, which measured faster than dumping a model to Python and rendering that with orjson; setting this as
the app's default response class would turn that fast path off. Building the model is the larger cost, though:
the few routes on the hot path (the stock page) build plain data in the model's shape and answer with
`data_response`, keeping their `response_model` for the documentation (a test holds the shapes equal)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse, Response


class OrjsonResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=str)  # str: the odd Decimal or UUID in an error's data


def data_response(content: Any, status_code: int = 200) -> Response:
    """Plain data as JSON the way pydantic writes a response model: times in ISO 8601 with `Z` for UTC, UUIDs
    (asyncpg's own UUID type too) and Decimals as strings."""
    body = orjson.dumps(content, default=str, option=orjson.OPT_UTC_Z)
    return Response(body, status_code, media_type="application/json")
