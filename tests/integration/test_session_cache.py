"""Each API process answers "is this token still good?" from its own memory, and Redis tells every process at once
when a user changes: a replica that served a token from memory refuses it on the very next request after the
token is revoked elsewhere, and one whose subscription to those changes broke falls back to asking Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from api.app import create_app
from infra.session_cache import NearSessionStore
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_auth_revocation import assert_ended, signed_in


@asynccontextmanager
async def started_replica(shop: Shop) -> AsyncIterator[tuple[httpx.AsyncClient, NearSessionStore]]:
    """A second API process on the same database and Redis, started as uvicorn starts it."""
    if shop.container.settings.redis_url is None:
        pytest.skip("processes share sessions through Redis; this suite runs without it")
    replica = create_app(shop.container.settings)
    store = replica.state.container.session_store
    assert isinstance(store, NearSessionStore)
    async with replica.router.lifespan_context(replica):
        await store.live()
        transport = httpx.ASGITransport(app=replica, client=(new_ip(), 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as client:
            yield client, store


async def test_a_replica_answering_from_memory_refuses_a_token_revoked_elsewhere_at_once(shop: Shop) -> None:
    async with started_replica(shop) as (other, _):
        # given: the replica has served the token, so it holds the session in memory
        client = shop.client(new_ip())
        pair = await f.register_customer(client)
        await signed_in(other, pair)
        await signed_in(other, pair)

        # when: the customer signs out through the first process
        out = await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})

        # then
        assert out.status_code == 204
        await assert_ended(other, pair)


async def test_a_replica_whose_subscription_broke_asks_redis_and_still_refuses_a_revoked_token(shop: Shop) -> None:
    async with started_replica(shop) as (other, _):
        # given: the replica holds the session in memory, then loses its subscription to changes
        client = shop.client(new_ip())
        pair = await f.register_customer(client)
        await signed_in(other, pair)
        redis = shop.container.redis
        assert redis is not None
        assert await redis.client_kill_filter(_type="pubsub") >= 1

        # when: the token is revoked while the replica cannot hear of it
        out = await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})

        # then
        assert out.status_code == 204
        await assert_ended(other, pair)
