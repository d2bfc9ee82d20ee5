"""Rules that need no I/O: permission grants, locale negotiation, message templates."""

from __future__ import annotations

import pytest

from api import i18n
from domain.identity import permissions as perms
from domain.identity.entities import Role, User, UserStatus
from domain.notifications.templates import TEMPLATES, render


@pytest.mark.parametrize(
    ("held", "wanted", "granted"),
    [
        (["*"], "users:manage", True),
        (["inventory:*"], "inventory:adjust", True),
        (["inventory:*"], "orders:read", False),
        (["orders:read"], "orders:write", False),
        (["orders:read", "orders:write"], "orders:write", True),
        ([], "orders:read", False),
    ],
)
def test_a_permission_set_grants_exact_names_wildcards_and_families(
    held: list[str], wanted: str, granted: bool
) -> None:
    assert perms.grants(held, wanted) is granted


def test_unknown_permissions_are_named_but_family_wildcards_are_accepted() -> None:
    assert perms.unknown(["orders:read", "orders:*", "*", "orders:fly", "bogus:*"]) == ["orders:fly", "bogus:*"]


def test_a_disabled_user_can_do_nothing_whatever_their_roles() -> None:
    admin = Role(name="admin", permissions=["*"])
    user = User(email="a@example.com", roles=[admin])
    assert user.can("users:manage")
    user.status = UserStatus.DISABLED
    assert not user.can("users:manage")


def test_staff_are_users_with_any_role_beyond_customer_and_dealer() -> None:
    assert not User(roles=[Role(name="customer"), Role(name="dealer")]).is_staff
    assert User(roles=[Role(name="customer"), Role(name="warehouse")]).is_staff


def test_every_builtin_role_grants_only_known_permissions() -> None:
    for _, (_, granted) in perms.BUILTIN_ROLES.items():
        assert perms.unknown(granted) == []


@pytest.mark.parametrize(
    ("header", "preferred", "locale"),
    [
        (None, None, "zh_CN"),
        ("en-US,en;q=0.9", None, "en"),
        ("fr-FR,en;q=0.5,zh;q=0.8", None, "zh_CN"),
        ("en", "zh_CN", "zh_CN"),
        ("de", None, "zh_CN"),
        ("en;q=bogus,en-GB", None, "en"),
    ],
)
def test_the_users_own_locale_wins_then_the_best_accept_language(
    header: str | None, preferred: str | None, locale: str
) -> None:
    assert i18n.negotiate(header, preferred) == locale


def test_coded_messages_are_translated_with_their_data_and_fall_back_to_english() -> None:
    assert (
        i18n.translate("role.in_use", "2 users hold it", "zh_CN", {"users": 2}) == "仍有 2 个用户拥有该角色，不能删除"
    )
    assert i18n.translate("role.in_use", "2 users hold it", "en", {"users": 2}) == "2 users hold it"
    assert i18n.translate("no.such.code", "Plain English", "zh_CN") == "Plain English"


def test_every_template_exists_in_both_languages_and_renders() -> None:
    context = {
        "name": "N",
        "code": "123456",
        "minutes": 5,
        "hours": 24,
        "link": "L",
        "ip": "1.2.3.4",
        "time": "T",
        "login": "x",
        "product": "P",
        "sku": "S",
        "warehouse": "W",
        "available": 3,
        "threshold": 5,
        "failures": 5,
        "number": "SO1",
        "total": "9.00 CNY",
        "email": "new@example.com",
        "amount": "3.00 CNY",
        "payment_no": "P1",
        "refund_no": "R1",
    }
    for event, by_locale in TEMPLATES.items():
        assert set(by_locale) == {"zh_CN", "en"}, event
        for locale in by_locale:
            subject, body = render(event, locale, context)
            assert subject and body
    assert render("auth.sms_code", "fr", context)[1].startswith("[AllOrder]")


@pytest.mark.parametrize(
    ("code", "chinese"), [("sku.inactive", "该 SKU 已停用，不能销售"), ("notification.not_found", "该通知不存在")]
)
def test_refusals_a_shopper_or_staff_member_meets_read_in_chinese_too(code: str, chinese: str) -> None:
    assert i18n.translate(code, "English default", "zh_CN") == chinese
    assert i18n.translate(code, "English default", "en") == "English default"
