"""The in-process read caches (infra/repositories/read_caches.py): an entry lives for its TTL, a committed change
clears it, and a read that overlapped such a commit is not stored (it may have seen the world before the change)."""

from __future__ import annotations

from infra.repositories.read_caches import ReadCache


def test_a_read_that_overlapped_a_committed_change_is_not_kept() -> None:
    counts: ReadCache[str, int] = ReadCache(ttl=60)
    began = counts.generation  # a search starts counting
    counts.clear()  # meanwhile a product change commits
    counts.put("耳机", 3, began)  # the search's count, read before the change

    assert counts.get("耳机") is None


def test_a_kept_read_is_served_until_a_change_commits_or_it_expires() -> None:
    counts: ReadCache[str, int] = ReadCache(ttl=60)
    counts.put("耳机", 3, counts.generation)
    served = counts.get("耳机")
    counts.clear()

    expired: ReadCache[str, int] = ReadCache(ttl=-1)
    expired.put("耳机", 3, expired.generation)

    assert (served, counts.get("耳机"), expired.get("耳机")) == (3, None, None)
