"""The customer list: staff never appear in it, tags and notes are kept with their author, the blacklist flag is
audited and refuses the customer's orders."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from api import i18n
from domain.customers import standing
from domain.customers import use_cases as customers
from domain.customers.entities import MAX_TAGS
from domain.customers.ports import CustomerQuery
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.identity.entities import User
from tests.fakes import FakeClock, FakeUnitOfWork, given


def shopper(uow: FakeUnitOfWork, clock: FakeClock, name: str, *, role: str = "customer") -> User:
    person = given.user(uow, name, role=role)
    person.created_at = clock.now()
    return person


async def names(uow: FakeUnitOfWork, **filters: object) -> list[str]:
    found, _ = await customers.list_customers(uow, CustomerQuery(**filters), offset=0, limit=50)  # type: ignore[arg-type]
    return [c.account.display_name for c in found]


async def test_the_customer_list_leaves_staff_out_and_keeps_dealers_and_role_less_accounts(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    shopper(uow, clock, "wang")
    shopper(uow, clock, "dealer-li", role="dealer")
    given.user(uow, "clerk", role="order_clerk")
    nobody = User(display_name="nobody", email="nobody@example.com", created_at=clock.now())
    uow.tables.users[nobody.id] = nobody

    assert sorted(await names(uow, sort="display_name")) == ["dealer-li", "nobody", "wang"]


async def test_a_staff_member_is_not_found_as_a_customer(uow: FakeUnitOfWork) -> None:
    clerk = given.user(uow, "clerk", role="order_clerk")

    with pytest.raises(NotFound) as refused:
        await customers.get_customer(uow, clerk.id)

    assert refused.value.code == "customer.not_found"


async def test_tags_are_added_once_removed_and_filter_the_list(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    wang, zhao = shopper(uow, clock, "wang"), shopper(uow, clock, "zhao")

    await customers.add_tag(uow, clock, clerk, wang.id, tag="  VIP  ")
    await customers.add_tag(uow, clock, clerk, wang.id, tag="VIP")
    await customers.add_tag(uow, clock, clerk, zhao.id, tag="批发")
    tagged = await customers.add_tag(uow, clock, clerk, wang.id, tag="批发")
    untagged = await customers.remove_tag(uow, clock, clerk, zhao.id, tag="批发")

    assert (tagged.tags, untagged.tags) == (["VIP", "批发"], [])
    assert await names(uow, tag="批发") == ["wang"]
    assert [(t.name, t.customers) for t in await customers.list_tags(uow)] == [("VIP", 1), ("批发", 1)]
    assert [e.action for e in uow.tables.audit] == [
        "customer.tag_add",
        "customer.tag_add",
        "customer.tag_add",
        "customer.tag_remove",
    ]


async def test_a_customer_carries_a_bounded_number_of_short_tags(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    wang = shopper(uow, clock, "wang")
    for n in range(MAX_TAGS):
        await customers.add_tag(uow, clock, clerk, wang.id, tag=f"t{n}")

    with pytest.raises(RuleViolation) as too_many:
        await customers.add_tag(uow, clock, clerk, wang.id, tag="one-more")
    with pytest.raises(RuleViolation) as blank:
        await customers.add_tag(uow, clock, clerk, wang.id, tag="   ")

    assert (too_many.value.code, blank.value.code) == ("customer.too_many_tags", "customer.tag_empty")


async def test_notes_are_signed_by_their_author_and_listed_newest_first(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    wang = shopper(uow, clock, "wang")

    await customers.add_note(uow, clock, clerk, wang.id, body="Prefers SF Express.")
    clock.advance(timedelta(minutes=5))
    await customers.add_note(uow, clock, clerk, wang.id, body="  Called about invoice.  ")

    notes = await customers.list_notes(uow, wang.id)
    assert [(n.body, n.author_name, n.author_id) for n in notes] == [
        ("Called about invoice.", "Li Clerk", clerk.user_id),
        ("Prefers SF Express.", "Li Clerk", clerk.user_id),
    ]
    assert notes[0].created_at - notes[1].created_at == timedelta(minutes=5)
    assert [e.action for e in uow.tables.audit] == ["customer.note_add"] * 2


async def test_blacklisting_needs_a_reason_is_audited_and_refuses_orders(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    wang, zhao = shopper(uow, clock, "wang"), shopper(uow, clock, "zhao")
    with pytest.raises(RuleViolation) as no_reason:
        await customers.blacklist(uow, clock, clerk, wang.id, reason="  ")

    flagged = await customers.blacklist(uow, clock, clerk, wang.id, reason="Chargeback fraud")

    assert no_reason.value.code == "customer.reason_required"
    assert flagged.blacklisted and flagged.record is not None
    assert (flagged.record.blacklist_reason, flagged.record.blacklisted_by_name) == ("Chargeback fraud", "Li Clerk")
    entry = uow.tables.audit[-1]
    assert (entry.action, entry.target_id, entry.actor_id) == ("customer.blacklist", str(wang.id), clerk.user_id)
    assert (entry.before or {})["blacklisted"] is False and (entry.after or {})[
        "blacklist_reason"
    ] == "Chargeback fraud"
    assert await names(uow, blacklisted=True) == ["wang"]
    assert await names(uow, blacklisted=False) == ["zhao"]
    # what checkout asks, inside its own unit of work
    async with uow:
        assert not (await standing.standing_of(uow, wang.id)).may_order
        await standing.ensure_may_order(uow, zhao.id)
        with pytest.raises(standing.CustomerBlacklisted) as refused:
            await standing.ensure_may_order(uow, wang.id)
    assert (refused.value.code, "Chargeback" in refused.value.message) == ("customer.blacklisted", False)


async def test_lifting_the_blacklist_lets_the_customer_order_again(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    wang = shopper(uow, clock, "wang")
    await customers.blacklist(uow, clock, clerk, wang.id, reason="Abusive calls")

    cleared = await customers.clear_blacklist(uow, clock, clerk, wang.id)

    assert not cleared.blacklisted
    assert (await customers.standing_of(uow, wang.id)).may_order
    assert [e.action for e in uow.tables.audit] == ["customer.blacklist", "customer.unblacklist"]
    assert (uow.tables.audit[-1].before or {})["blacklist_reason"] == "Abusive calls"


async def test_the_list_filters_by_text_status_and_registration_time(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    early = shopper(uow, clock, "wang")
    clock.advance(timedelta(days=10))
    late = shopper(uow, clock, "zhao")
    late.phone = "13900001234"

    assert await names(uow, text="0000123") == ["zhao"]
    assert await names(uow, text="WANG@") == ["wang"]
    assert await names(uow, registered_from=early.created_at + timedelta(days=1)) == ["zhao"]
    assert await names(uow, registered_to=late.created_at) == ["wang"]
    assert await names(uow, sort="-created_at") == ["zhao", "wang"]


def test_every_refusal_of_the_customer_list_reads_in_chinese_with_its_data() -> None:
    sources = "".join(
        p.read_text() for p in (Path(__file__).resolve().parents[2] / "domain" / "customers").glob("*.py")
    )
    codes = set(re.findall(r'code = "(customer\.[a-z_]+)"', sources)) | set(
        re.findall(r'code="(customer\.[a-z_]+)"', sources)
    )

    chinese = {code: i18n.translate(code, "English", "zh_CN", {"limit": 20}) for code in codes}

    assert "customer.blacklisted" in codes and len(codes) >= 9
    assert [code for code, text in chinese.items() if text == "English" or "{" in text] == []
