"""Staff administration: nobody grants a permission they do not hold or changes their own roles, role edits end the
holders' sessions, built-in and held roles stay, and every change is audited."""

from __future__ import annotations

import pytest

from domain.errors import Conflict, PermissionDenied, RuleViolation
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.identity.entities import User, UserStatus
from domain.identity.policy import AuthContext
from tests.fakes import FakeUnitOfWork, given
from tests.fakes.auth import UnitsOfWork

HR = ["users:manage", "orders:read"]


@pytest.fixture
def manager(uow: FakeUnitOfWork) -> User:
    """A user manager who does not hold every permission."""
    return given.user(uow, "hr", role="hr", permissions=HR)


def acting(user: User) -> Actor:
    return Actor(user_id=user.id, name=user.display_name, ip="10.0.0.9")


async def test_staff_created_by_a_manager_get_their_roles_a_welcome_and_an_audit_row(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, manager: User
) -> None:
    given.role(uow, "reader", ["orders:read"])

    clerk = await identity.create_staff(
        uows, ctx, acting(manager), display_name="Zhao", password="Start-1234", roles=["reader"], email="Zhao@Shop.cn"
    )

    assert (clerk.email, clerk.role_names, clerk.email_verified_at is not None) == ("zhao@shop.cn", ["reader"], True)
    assert [m.event for m in uow.tables.outbox] == ["account.created_by_staff"] * 2  # in-app and e-mail
    assert [(e.action, e.actor_id, (e.after or {})["roles"]) for e in uow.tables.audit] == [
        ("user.create", manager.id, ["reader"])
    ]


async def test_a_customer_account_opened_by_staff_is_welcomed_to_the_shop_in_the_customers_language(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, manager: User
) -> None:
    given.role(uow, "customer", [])

    for locale, email in (("en", "amy@shop.cn"), ("zh_CN", "li@shop.cn")):
        await identity.create_staff(
            uows,
            ctx,
            acting(manager),
            display_name="Buyer",
            password="Start-1234",
            roles=["customer"],
            email=email,
            locale=locale,
        )

    welcomes = {m.recipient: m for m in uow.tables.outbox if m.channel == "email"}
    assert {m.event for m in welcomes.values()} == {"account.created_for_customer"}
    assert welcomes["amy@shop.cn"].subject == "Welcome to the AllOrder shop"
    assert "sign in as amy@shop.cn" in welcomes["amy@shop.cn"].body.lower()
    assert welcomes["li@shop.cn"].subject == "欢迎光临全单通商城" and "后台" not in welcomes["li@shop.cn"].body


async def test_nobody_hands_out_a_role_with_permissions_they_do_not_hold(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, manager: User
) -> None:
    given.role(uow, "admin", ["*"], builtin=True)

    with pytest.raises(PermissionDenied) as refusal:
        await identity.create_staff(
            uows, ctx, acting(manager), display_name="Mole", password="Start-1234", roles=["admin"], email="m@shop.cn"
        )

    assert (refusal.value.code, refusal.value.data["permissions"]) == ("auth.grant_not_held", ["*"])
    assert len(uow.tables.users) == 1 and uow.tables.audit == []


async def test_nobody_changes_their_own_roles(uow: FakeUnitOfWork, ctx: AuthContext, manager: User) -> None:
    given.role(uow, "reader", ["orders:read"])

    with pytest.raises(PermissionDenied) as refusal:
        await identity.update_user(uow.another(), ctx, acting(manager), manager.id, roles=["hr", "reader"])

    assert (refusal.value.code, refusal.value.data["field"]) == ("user.own_roles", "roles")


async def test_a_manager_may_not_edit_or_disable_someone_who_holds_more(
    uow: FakeUnitOfWork, ctx: AuthContext, manager: User
) -> None:
    boss = given.user(uow, "boss", role="admin", permissions=["*"])
    given.role(uow, "reader", ["orders:read"])

    with pytest.raises(PermissionDenied) as edit:
        await identity.update_user(uow.another(), ctx, acting(manager), boss.id, roles=["admin", "reader"])
    with pytest.raises(PermissionDenied) as disable:
        await identity.set_user_status(uow.another(), ctx, acting(manager), boss.id, UserStatus.DISABLED)

    assert (edit.value.code, edit.value.data["permissions"]) == ("user.outranks_you", ["*"])
    assert disable.value.code == "user.outranks_you"
    assert (boss.role_names, boss.status, boss.token_version) == (["admin"], UserStatus.ACTIVE, 0)
    assert uow.tables.audit == []


async def test_disabling_an_account_ends_its_sessions_and_nobody_disables_themselves(
    uow: FakeUnitOfWork, ctx: AuthContext, manager: User
) -> None:
    clerk = given.user(uow, "clerk", role="reader")

    disabled = await identity.set_user_status(uow.another(), ctx, acting(manager), clerk.id, UserStatus.DISABLED)

    assert (disabled.status, disabled.token_version) == (UserStatus.DISABLED, 1)
    assert [e.action for e in uow.tables.audit] == ["user.disable"]
    with pytest.raises(RuleViolation) as own:
        await identity.set_user_status(uow.another(), ctx, acting(manager), manager.id, UserStatus.DISABLED)
    assert own.value.code == "user.self_disable"


async def test_a_role_is_created_only_with_known_permissions_the_creator_holds(
    uow: FakeUnitOfWork, ctx: AuthContext, manager: User
) -> None:
    with pytest.raises(RuleViolation) as unknown:
        await identity.create_role(uow.another(), ctx, acting(manager), name="x", description="", permissions=["fly"])
    assert (unknown.value.code, unknown.value.data["unknown"]) == ("role.unknown_permission", ["fly"])
    with pytest.raises(PermissionDenied) as beyond:
        await identity.create_role(
            uow.another(), ctx, acting(manager), name="x", description="", permissions=["payments:refund"]
        )
    assert beyond.value.code == "auth.grant_not_held"

    role = await identity.create_role(
        uow.another(), ctx, acting(manager), name="reader", description="Reads orders", permissions=["orders:read"]
    )

    assert uow.tables.roles[role.id].permissions == ["orders:read"]
    with pytest.raises(Conflict) as taken:
        await identity.create_role(uow.another(), ctx, acting(manager), name="reader", description="", permissions=[])
    assert taken.value.code == "role.name_taken"


async def test_changing_a_roles_permissions_ends_the_sessions_of_everyone_holding_it(
    uow: FakeUnitOfWork, ctx: AuthContext, manager: User
) -> None:
    clerk = given.user(uow, "clerk", role="reader", permissions=["orders:read"])
    reader = clerk.roles[0]

    await identity.update_role(uow.another(), ctx, acting(manager), reader.id, permissions=["users:manage"])

    assert uow.tables.users[clerk.id].token_version == 1
    assert uow.tables.users[manager.id].token_version == 0
    assert [(e.action, (e.before or {})["permissions"], (e.after or {})["permissions"]) for e in uow.tables.audit] == [
        ("role.update", ["orders:read"], ["users:manage"])
    ]


async def test_the_admin_role_keeps_every_permission(uow: FakeUnitOfWork, ctx: AuthContext) -> None:
    admin = given.user(uow, "root", role="admin", permissions=["*"])

    with pytest.raises(RuleViolation) as fixed:
        await identity.update_role(uow.another(), ctx, acting(admin), admin.roles[0].id, permissions=["orders:read"])

    assert fixed.value.code == "role.admin_fixed"


async def test_built_in_roles_and_roles_someone_holds_cannot_be_deleted(
    uow: FakeUnitOfWork, ctx: AuthContext, manager: User
) -> None:
    builtin = given.role(uow, "finance", ["payments:read"], builtin=True)
    held = given.user(uow, "clerk", role="reader").roles[0]
    spare = given.role(uow, "spare")

    with pytest.raises(Conflict) as refusal:
        await identity.delete_role(uow.another(), ctx, acting(manager), builtin.id)
    assert refusal.value.code == "role.builtin"
    with pytest.raises(Conflict) as in_use:
        await identity.delete_role(uow.another(), ctx, acting(manager), held.id)
    assert (in_use.value.code, in_use.value.data["users"]) == ("role.in_use", 1)

    await identity.delete_role(uow.another(), ctx, acting(manager), spare.id)

    assert spare.id not in uow.tables.roles
    assert [e.action for e in uow.tables.audit] == ["role.delete"]


async def test_built_in_roles_are_created_once_and_an_admins_edits_are_kept(
    uow: FakeUnitOfWork, ctx: AuthContext
) -> None:
    await identity.ensure_builtin_roles(uow.another(), ctx)
    finance = next(r for r in uow.tables.roles.values() if r.name == "finance")
    finance.permissions = ["reports:read"]

    await identity.ensure_builtin_roles(uow.another(), ctx)

    assert sorted(r.name for r in uow.tables.roles.values()) == sorted(
        ["admin", "order_clerk", "warehouse", "customer_service", "finance", "analyst", "customer", "dealer"]
    )
    assert finance.permissions == ["reports:read"]
