"""The session cache never brings an old token version back: what a reader loaded before a change cannot replace
what the change wrote, and a late write of an older version loses to a newer one."""

from __future__ import annotations

from uuid import uuid4

from domain.identity.principal import Profile
from infra.sessions import MemorySessionStore, SessionState

PROFILE = Profile("a@example.com", None, "A", None, "en", True, False, None)


def state(version: int, locale: str = "en") -> SessionState:
    return SessionState(version=version, active=True, profile=Profile(**{**PROFILE.__dict__, "locale": locale}))


async def test_a_reader_that_loaded_before_a_change_cannot_overwrite_it() -> None:
    # given: a sign-out wrote version 4 after a reader had loaded version 3
    store, user = MemorySessionStore(ttl_seconds=60), uuid4()
    await store.put({user: state(4)})

    # when: the reader caches what it loaded
    await store.add(user, state(3))

    # then
    assert await store.get(user) == state(4)


async def test_a_late_write_of_an_older_version_loses_to_a_newer_one() -> None:
    store, user = MemorySessionStore(ttl_seconds=60), uuid4()
    await store.put({user: state(5)})

    await store.put({user: state(4)})

    assert await store.get(user) == state(5)


async def test_a_change_at_the_same_version_is_written_through() -> None:
    store, user = MemorySessionStore(ttl_seconds=60), uuid4()
    await store.add(user, state(2, locale="zh_CN"))

    await store.put({user: state(2, locale="en")})

    assert (await store.get(user)) == state(2, locale="en")


async def test_an_entry_expires_after_its_time() -> None:
    store, user = MemorySessionStore(ttl_seconds=0), uuid4()
    await store.add(user, state(1))

    assert await store.get(user) is None


def test_a_state_survives_its_trip_through_redis_as_text() -> None:
    original = state(7)
    assert SessionState.load(original.dump()) == original
