"""The payment methods the shop offers, as admins configure them: which are on, in what order, under what names,
and for bank transfer where the money goes.

Rules (issue 10):
- Customers choose among the *online* methods and bank transfer (`CUSTOMER_METHODS`). Cash and cash on
  delivery are recorded by staff (`POST /orders/{id}/pay`), never offered online: an order is paid before it
  ships here, and cash on delivery would need an order that ships unpaid, which the order's state machine does
  not have. Their switch says whether staff may record them.
- A method without a settings row is off when it is online and on when it is offline (closed by default:
  production offers nothing that takes money online until an admin turns it on); the demo seed
  (`ensure_defaults`) writes every row, all on in development.
- Provider keys are never stored here: a row holds at most *references* (an environment variable's name or a
  file path), and `ProviderKeys` says whether they resolve.
"""

from __future__ import annotations

from domain.errors import RuleViolation
from domain.orders.entities import OFFLINE_METHODS, ONLINE_METHODS, PaymentMethod
from domain.payments.gateway import StartKind
from domain.payments.method_ports import MethodSetting
from domain.payments.ports import PaymentsUoW

M = PaymentMethod

# the built-in names and order; admins may rename and reorder
DEFAULTS: dict[PaymentMethod, tuple[str, str]] = {
    M.ALIPAY: ("支付宝", "Alipay"),
    M.WECHAT_PAY: ("微信支付", "WeChat Pay"),
    M.CARD: ("银行卡支付", "Card"),
    M.BANK_TRANSFER: ("银行转账", "Bank transfer"),
    M.CASH_ON_DELIVERY: ("货到付款", "Cash on delivery"),
    M.CASH: ("现金", "Cash"),
}

START_KINDS: dict[PaymentMethod, StartKind] = {
    M.ALIPAY: StartKind.REDIRECT,
    M.WECHAT_PAY: StartKind.QR,
    M.CARD: StartKind.REDIRECT,
    M.BANK_TRANSFER: StartKind.OFFLINE,
    M.CASH_ON_DELIVERY: StartKind.OFFLINE,
    M.CASH: StartKind.OFFLINE,
}

CUSTOMER_METHODS = ONLINE_METHODS | {M.BANK_TRANSFER}

# the demo's payee (development only): a real shop types its own
DEMO_PAYEE = {
    "payee_bank": "招商银行上海分行营业部",
    "payee_account_name": "上海全单通科技有限公司",
    "payee_account_number": "6214 8312 3456 7890",
    "payee_note": "请在转账附言中填写支付单号",
}


def default(method: PaymentMethod, *, development: bool = False) -> MethodSetting:
    """A method's setting before any admin touched it: in development everything is on (with the demo payee);
    otherwise only cash and cash on delivery (bank transfer needs a payee first, online methods their keys)."""
    zh, en = DEFAULTS[method]
    enabled = development or method in OFFLINE_METHODS - {M.BANK_TRANSFER}
    setting = MethodSetting(
        method=method, enabled=enabled, position=list(DEFAULTS).index(method), name_zh=zh, name_en=en
    )
    if development and method == M.BANK_TRANSFER:
        for name, value in DEMO_PAYEE.items():
            setattr(setting, name, value)
    return setting


async def all_settings(uow: PaymentsUoW) -> list[MethodSetting]:
    """Every method's setting (stored, else the built-in default), in display order."""
    stored = {s.method: s for s in await uow.payment_methods.all()}
    settings = [stored.get(method) or default(method) for method in DEFAULTS]
    return sorted(settings, key=lambda s: (s.position, list(DEFAULTS).index(s.method)))


async def offered(uow: PaymentsUoW) -> list[MethodSetting]:
    """What the storefront offers: the enabled customer methods, in display order."""
    return [s for s in await all_settings(uow) if s.enabled and s.method in CUSTOMER_METHODS]


async def setting_of(uow: PaymentsUoW, method: PaymentMethod) -> MethodSetting:
    return await uow.payment_methods.get(method) or default(method)


async def ensure_enabled(uow: PaymentsUoW, method: PaymentMethod) -> MethodSetting:
    """The method's setting when the shop accepts it; 422 `payment_method.disabled` otherwise (called by every
    path that starts or records a payment)."""
    setting = await setting_of(uow, method)
    if not setting.enabled:
        raise RuleViolation(
            "This payment method is not available.", code="payment_method.disabled", field="method", method=method
        )
    return setting


async def ensure_defaults(uow: PaymentsUoW, *, development: bool) -> int:
    """Write the default row of every method that has none (the seed; safe to run again); how many it wrote."""
    stored = {s.method for s in await uow.payment_methods.all()}
    missing = [method for method in DEFAULTS if method not in stored]
    for method in missing:
        await uow.payment_methods.add(default(method, development=development))
    return len(missing)
