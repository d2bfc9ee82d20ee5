"""Message templates per event and locale. `{name}` placeholders are filled from the event's context."""

from __future__ import annotations

import contextlib
from typing import Any

from domain.notifications.entities import InAppNotification, ShownNotification

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "auth.sms_code": {
        "zh_CN": ("验证码", "【全单通】您的验证码是 {code}，{minutes} 分钟内有效，请勿泄露。"),
        "en": ("Verification code", "[AllOrder] Your code is {code}. It expires in {minutes} minutes."),
    },
    "auth.email_verify": {
        "zh_CN": ("请验证您的邮箱", "您好 {name}：\n\n请在 {hours} 小时内打开以下链接验证邮箱：\n{link}\n"),
        "en": ("Verify your e-mail", "Hello {name},\n\nOpen this link within {hours} hours to verify:\n{link}\n"),
    },
    "auth.sign_up": {
        "zh_CN": (
            "完成注册",
            "您好：\n\n请在 {hours} 小时内打开以下链接，设置密码并完成注册：\n{link}\n如果不是您本人操作，请忽略本邮件。",
        ),
        "en": (
            "Finish signing up",
            "Hello,\n\nOpen this link within {hours} hours to choose your password and finish signing up:\n{link}\n"
            "If you did not ask for this, ignore this message.",
        ),
    },
    "auth.sign_up_taken": {
        "zh_CN": (
            "有人尝试用您的邮箱注册",
            "您好 {name}：\n\n有人尝试用本邮箱注册新账号，但该邮箱已有账号，未创建新账号。"
            "如果是您本人且忘记了密码，可在 {minutes} 分钟内打开以下链接重置密码：\n{link}\n如果不是您本人操作，请忽略本邮件。",
        ),
        "en": (
            "Someone tried to sign up with your e-mail",
            "Hello {name},\n\nSomeone tried to sign up with this address, which already has an account; no new "
            "account was made. If it was you and you forgot your password, open this link within {minutes} minutes "
            "to reset it:\n{link}\nIf it was not you, ignore this message.",
        ),
    },
    # a change of e-mail (domain/identity/email_change.py): the link goes to the new address only
    "auth.email_change_confirm": {
        "zh_CN": (
            "确认您的新邮箱",
            "您好 {name}：\n\n您申请将账号邮箱更改为本邮箱。请在 {hours} 小时内打开以下链接确认，确认后将用本邮箱登录：\n{link}\n"
            "如果不是您本人操作，请忽略本邮件，账号不会有任何变化。",
        ),
        "en": (
            "Confirm your new e-mail",
            "Hello {name},\n\nYou asked to change your account's e-mail to this address. Open this link within "
            "{hours} hours to confirm; you will then sign in with this address:\n{link}\n"
            "If you did not ask for this, ignore this message and nothing changes.",
        ),
    },
    "auth.email_change_taken": {
        "zh_CN": (
            "有人尝试将您的邮箱用于其他账号",
            "您好 {name}：\n\n有人尝试将本邮箱设为另一个账号的邮箱。本邮箱已属于您的账号，未做任何更改。"
            "如果您有疑虑，请登录后检查账号安全。",
        ),
        "en": (
            "Someone tried to use your e-mail for another account",
            "Hello {name},\n\nSomeone tried to make this address the e-mail of another account. It already "
            "belongs to your account, so nothing was changed. If this worries you, sign in and check your account.",
        ),
    },
    "security.email_change_requested": {
        "zh_CN": (
            "账号邮箱正在更改",
            "您的账号申请将邮箱更改为 {email}，确认链接已发送到该地址，确认后才会生效。"
            "如果不是您本人操作，请立即登录，在个人资料页取消该更改并修改密码。",
        ),
        "en": (
            "Your e-mail is being changed",
            "Your account asked to change its e-mail to {email}; it changes only once the link sent there is "
            "followed. If this was not you, sign in now, cancel the change on your profile page and change your "
            "password.",
        ),
    },
    "security.email_changed": {
        "zh_CN": (
            "账号邮箱已更改",
            "您的账号邮箱已更改为 {email}，此后请用新邮箱登录。如果不是您本人操作，请立即联系客服。",
        ),
        "en": (
            "Your e-mail was changed",
            "Your account's e-mail is now {email}; sign in with it from now on. If this was not you, contact "
            "customer service at once.",
        ),
    },
    "auth.password_reset": {
        "zh_CN": (
            "重置密码",
            "您好 {name}：\n\n请在 {minutes} 分钟内打开以下链接重置密码：\n{link}\n如果不是您本人操作，请忽略本邮件。",
        ),
        "en": (
            "Reset your password",
            "Hello {name},\n\nOpen this link within {minutes} minutes to reset "
            "your password:\n{link}\nIf you did not ask for this, ignore this message.",
        ),
    },
    "security.new_ip_login": {
        "zh_CN": ("异地登录提醒", "您的账号于 {time} 在新的地址 {ip} 登录。如果不是您本人操作，请立即修改密码。"),
        "en": (
            "Sign-in from a new address",
            "Your account signed in from a new address {ip} at {time}. If this was not you, change your password now.",
        ),
    },
    "security.sign_in_throttled": {
        "zh_CN": (
            "账号登录异常提醒",
            "{time} 起，来自地址 {ip} 的登录已连续失败 {failures} 次，该地址的后续尝试将被延迟。"
            "如果不是您本人操作，请修改密码；您在其他地址的登录不受影响。",
        ),
        "en": (
            "Failed sign-ins to your account",
            "{failures} sign-ins to your account from {ip} failed in a row (at {time}); further tries from there "
            "are slowed down. If this was not you, change your password. Signing in from elsewhere is not affected.",
        ),
    },
    "security.password_changed": {
        "zh_CN": ("密码已修改", "您的账号密码已于 {time} 修改，所有设备需重新登录。"),
        "en": ("Password changed", "Your password was changed at {time}; every device must sign in again."),
    },
    "account.created_by_staff": {
        "zh_CN": ("欢迎加入全单通", "{name}，管理员已为您创建后台账号，请使用登录名 {login} 登录并尽快修改密码。"),
        "en": (
            "Welcome to AllOrder",
            "{name}, an administrator created your back-office account. Sign in as {login} and change your password.",
        ),
    },
    "account.created_for_customer": {
        "zh_CN": (
            "欢迎光临全单通商城",
            "{name}，您好！我们已为您开通全单通商城账号，登录名 {login}。登录后可管理收货地址、查看订单，"
            "请尽快修改初始密码。",
        ),
        "en": (
            "Welcome to the AllOrder shop",
            "{name}, your AllOrder shop account is ready. Sign in as {login} to manage your addresses and orders, "
            "and change the initial password.",
        ),
    },
    "inventory.low_stock": {
        "zh_CN": (
            "库存预警：{product} {sku}",
            "{warehouse} 的 {product}（{sku}）可售库存为 {available}，已低于预警值 {threshold}，请及时补货。",
        ),
        "en": (
            "Low stock: {product} {sku}",
            "{product} ({sku}) in {warehouse} has {available} left to sell, at or below the alert level of "
            "{threshold}. Please restock.",
        ),
    },
    "order.placed": {
        "zh_CN": (
            "订单已提交：{number}",
            "您的订单 {number} 已提交，应付 {total}，请在规定时间内完成付款，超时订单将自动取消。",
        ),
        "en": (
            "Order placed: {number}",
            "Your order {number} is placed. Please pay {total} in time; unpaid orders are cancelled.",
        ),
    },
    "order.paid": {
        "zh_CN": ("订单已付款：{number}", "我们已收到订单 {number} 的付款 {total}，将尽快为您安排发货。"),
        "en": ("Order paid: {number}", "We received the payment of {total} for order {number} and will ship it soon."),
    },
    "order.on_hold": {
        "zh_CN": ("订单处理中：{number}", "您的订单 {number} 正在核实中，如有需要客服会与您联系。"),
        "en": (
            "Order being checked: {number}",
            "We are checking your order {number}; customer service will contact you if needed.",
        ),
    },
    "order.awaiting_shipment": {
        "zh_CN": ("订单待发货：{number}", "您的订单 {number} 已审核通过，正在等待仓库发货。"),
        "en": (
            "Order awaiting shipment: {number}",
            "Your order {number} is approved and waits for the warehouse to ship it.",
        ),
    },
    "order.partially_shipped": {
        "zh_CN": ("订单部分发货：{number}", "您的订单 {number} 已发出部分商品，其余商品将尽快发出。"),
        "en": ("Order partly shipped: {number}", "Part of your order {number} has shipped; the rest follows soon."),
    },
    "order.shipped": {
        "zh_CN": ("订单已发货：{number}", "您的订单 {number} 已全部发货，请注意查收。"),
        "en": ("Order shipped: {number}", "Your order {number} has shipped in full."),
    },
    "order.completed": {
        "zh_CN": ("订单已完成：{number}", "您的订单 {number} 已确认收货，感谢您的购买！"),
        "en": (
            "Order completed: {number}",
            "Receipt of your order {number} is confirmed. Thank you for your purchase!",
        ),
    },
    "order.cancelled": {
        "zh_CN": ("订单已取消：{number}", "您的订单 {number} 已取消。"),
        "en": ("Order cancelled: {number}", "Your order {number} is cancelled."),
    },
    "order.closed": {
        "zh_CN": ("订单已关闭：{number}", "您的订单 {number} 已关闭，已付款项 {total} 将原路退回。"),
        "en": (
            "Order closed: {number}",
            "Your order {number} is closed; the payment will be refunded to where it came from.",
        ),
    },
    "order.expired": {
        "zh_CN": ("订单已超时取消：{number}", "您的订单 {number} 超时未付款，已自动取消。"),
        "en": (
            "Order cancelled as unpaid: {number}",
            "Your order {number} was not paid in time and has been cancelled.",
        ),
    },
    # staff changing an order before it ships (domain/orders/editing.py, splitting.py)
    "order.changed": {
        "zh_CN": ("订单已修改：{number}", "客服已修改您的订单 {number}，当前订单金额 {total}，请查看订单详情。"),
        "en": ("Order changed: {number}", "Customer service changed your order {number}; it now comes to {total}."),
    },
    "order.review_again": {
        "zh_CN": ("订单重新审核中：{number}", "您的订单 {number} 修改后需要重新审核，审核通过后将尽快为您发货。"),
        "en": (
            "Order being checked again: {number}",
            "Your order {number} changed and is being checked again; it ships once that is done.",
        ),
    },
    "order.split": {
        "zh_CN": ("订单已拆分：{number}", "您的订单 {number} 已拆分为多个订单分别发货，金额不变，请在订单列表中查看。"),
        "en": (
            "Order split: {number}",
            "Your order {number} is split into several orders that ship separately; the amount is unchanged.",
        ),
    },
    "order.merged": {
        "zh_CN": (
            "订单已合并：{number}",
            "您的订单 {number} 已与您的其他订单合并，商品将一起发货，请在订单列表中查看。",
        ),
        "en": (
            "Order merged: {number}",
            "Your order {number} is merged with your other order; the items ship together.",
        ),
    },
    # payments (domain/payments/notices.py, refunding.py)
    "payment.succeeded": {
        "zh_CN": (
            "付款成功：{number}",
            "您好 {name}：\n\n我们已收到订单 {number} 的付款 {amount}（支付单号 {payment_no}），感谢您的购买。",
        ),
        "en": (
            "Payment received: {number}",
            "Hello {name},\n\nWe received your payment of {amount} for order {number} (payment {payment_no}). "
            "Thank you for your purchase.",
        ),
    },
    "payment.failed": {
        "zh_CN": (
            "付款未成功：{number}",
            "订单 {number} 的付款 {amount} 未成功，订单仍为您保留，请在超时前重新付款：\n{link}",
        ),
        "en": (
            "Payment not completed: {number}",
            "Your payment of {amount} for order {number} did not go through. The order is kept for you; pay again "
            "before it runs out of time:\n{link}",
        ),
    },
    "payment.refunded": {
        "zh_CN": (
            "退款成功：{number}",
            "订单 {number} 的退款 {amount} 已退还给您（退款单号 {refund_no}），请留意到账。",
        ),
        "en": ("Refund made: {number}", "{amount} for order {number} has been refunded to you (refund {refund_no})."),
    },
}


def render(event: str, locale: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body for an event in the user's locale (English when the locale has no template)."""
    by_locale = TEMPLATES[event]
    subject, body = by_locale.get(locale) or by_locale["en"]
    return subject.format(**context), body.format(**context)


def shown(item: InAppNotification, locale: str, reader_name: str) -> ShownNotification:
    """An in-app message in the reader's language, from its template and parameters. A message stored without
    parameters (written before they were kept), or whose template no longer fits them, shows as first written."""
    title, body = item.title, item.body
    if item.params is not None and item.event in TEMPLATES:
        with contextlib.suppress(KeyError, IndexError, ValueError):
            title, body = render(item.event, locale, {"name": reader_name, **item.params})
    subject = (item.params or {}).get("subject_id")
    return ShownNotification(item.id, item.event, title, body, item.created_at, item.read_at, subject)
