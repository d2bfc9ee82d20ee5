"""A user's own account: the address book (one default, at most twenty, nobody sees another's) and contact changes
that must be proven."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.errors import NotFound, RuleViolation
from domain.identity import use_cases as identity
from domain.identity.entities import Address, CodePurpose, User
from domain.identity.policy import AuthContext
from tests.fakes import FakeClock, FakeUnitOfWork, given
from tests.fakes.auth import UnitsOfWork, texted_code


def place(recipient: str = "张三", **more: Any) -> dict[str, Any]:
    return {
        "recipient": recipient,
        "phone": "13800000001",
        "region_code": "310115",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "detail": "世纪大道 100 号",
        **more,
    }


@pytest.fixture
def li(uow: FakeUnitOfWork) -> User:
    return given.user(uow, "li", role="customer")


async def add(uow: FakeUnitOfWork, ctx: AuthContext, owner: User, clock: FakeClock, **fields: Any) -> Address:
    clock.advance(timedelta(minutes=1))
    return await identity.add_address(uow.another(), ctx, owner.id, **place(**fields))


async def book(uow: FakeUnitOfWork, owner: User) -> list[tuple[str, bool]]:
    return [(a.recipient, a.is_default) for a in await identity.list_addresses(uow.another(), owner.id)]


async def test_the_first_address_becomes_the_default_and_a_new_default_replaces_it(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    await add(uow, ctx, li, clock, recipient="家")
    await add(uow, ctx, li, clock, recipient="公司")
    assert await book(uow, li) == [("家", True), ("公司", False)]

    await add(uow, ctx, li, clock, recipient="父母家", is_default=True)

    assert await book(uow, li) == [("父母家", True), ("家", False), ("公司", False)]


async def test_deleting_the_default_hands_it_to_the_oldest_remaining_address(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    home = await add(uow, ctx, li, clock, recipient="家")
    await add(uow, ctx, li, clock, recipient="公司")
    await add(uow, ctx, li, clock, recipient="父母家")

    await identity.delete_address(uow.another(), li.id, home.id)

    assert await book(uow, li) == [("公司", True), ("父母家", False)]


async def test_an_address_book_holds_at_most_twenty_addresses(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    for n in range(20):
        await add(uow, ctx, li, clock, recipient=f"#{n}")

    with pytest.raises(RuleViolation) as full:
        await add(uow, ctx, li, clock, recipient="#21")

    assert full.value.code == "address.limit_reached"


async def test_another_users_address_is_answered_as_missing_and_stays_untouched(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    theirs = await add(uow, ctx, given.user(uow, "zhang", role="customer"), clock, recipient="张家")

    for attempt in (
        identity.get_address(uow.another(), li.id, theirs.id),
        identity.update_address(uow.another(), ctx, li.id, theirs.id, recipient="mine now"),
        identity.set_default_address(uow.another(), ctx, li.id, theirs.id),
        identity.delete_address(uow.another(), li.id, theirs.id),
    ):
        with pytest.raises(NotFound) as missing:
            await attempt
        assert missing.value.code == "address.not_found"
    assert uow.tables.addresses[theirs.id].recipient == "张家"


async def test_editing_an_address_changes_only_the_fields_given(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    home = await add(uow, ctx, li, clock, recipient="家", tag="home")
    office = await add(uow, ctx, li, clock, recipient="公司")

    edited = await identity.update_address(uow.another(), ctx, li.id, office.id, detail="陆家嘴 1 号", recipient=None)
    await identity.set_default_address(uow.another(), ctx, li.id, office.id)

    assert (edited.recipient, edited.detail) == ("公司", "陆家嘴 1 号")
    assert await book(uow, li) == [("公司", True), ("家", False)]
    assert uow.tables.addresses[home.id].tag == "home"


async def test_a_new_phone_needs_the_code_texted_to_it_and_a_wrong_code_changes_nothing_but_is_counted(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, li: User
) -> None:
    new_phone = "13700007777"
    await identity.send_sms_code(uows(), ctx, phone=new_phone, purpose=CodePurpose.PHONE_VERIFY, locale="en")

    with pytest.raises(RuleViolation) as wrong:
        await identity.update_profile(uows, ctx, li.id, phone=new_phone, sms_code="99999x", display_name="Li Lei")
    assert wrong.value.code == "auth.code_invalid"
    assert (uow.tables.users[li.id].phone, uow.tables.users[li.id].display_name) == (None, "li")
    assert uow.tables.codes[-1].attempts == 1

    me = await identity.update_profile(
        uows, ctx, li.id, phone=new_phone, sms_code=texted_code(uow.tables, new_phone), display_name="Li Lei"
    )

    assert (me.phone, me.display_name, me.phone_verified_at is not None) == (new_phone, "Li Lei", True)


async def test_a_new_e_mail_waits_for_its_link(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, li: User
) -> None:
    li.email_verified_at = ctx.clock.now()

    me = await identity.update_profile(uows, ctx, li.id, email="Li.Lei@Example.com")

    assert (me.email, me.email_verified_at) == ("li@example.com", ctx.clock.now())
    assert [m.recipient for m in uow.tables.outbox if m.event == "auth.email_change_confirm"] == ["li.lei@example.com"]
