"""WeChat Pay API v3 endpoints of the payment sandbox, with WeChat Pay's paths, signatures and error codes, and a
"scan" page standing in for the customer's phone (Pay / Fail).

Requests must carry a valid `WECHATPAY2-SHA256-RSA2048` Authorization from a known merchant (checked with the
public key of its API certificate, within WeChat Pay's 5-minute window); answers and callbacks are signed with
the sandbox's platform key. The sandbox's `code_url` is the http address of its scan page (WeChat Pay's own is a
`weixin://` link only the WeChat app opens), so a browser test can "scan" it.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeGuard

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from infra.payments import wechat_signature as signature
from infra.payments.sandbox.wechat_state import (
    PAID_STATES,
    STATE_TEXTS,
    SandboxMerchant,
    SandboxPayment,
    SandboxRefund,
    WeChatPaySandbox,
)
from infra.providers.rsa2 import load_public_key

NATIVE_PATH = "/v3/pay/transactions/native"
OUT_TRADE_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")


class Refused(Exception):
    """A WeChat Pay error answer: HTTP status, `code`, `message`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def create_wechat_pay_router(sandbox: WeChatPaySandbox) -> APIRouter:
    """WeChat Pay's routes over `sandbox`, to be included under the `api_base` merchants are configured with."""
    router = APIRouter()

    def answer(status: int, payload: dict[str, Any] | None = None) -> Response:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) if payload is not None else ""
        media_type = "application/json" if payload is not None else None
        return Response(body, status_code=status, headers=sandbox.signed_headers(body), media_type=media_type)

    async def signed_request(request: Request) -> tuple[SandboxMerchant, bytes]:
        """The merchant behind a correctly signed, fresh request; Refused otherwise."""
        body = await request.body()
        auth = signature.parse_authorization(request.headers.get("authorization", ""))
        if auth is None:
            raise Refused(401, "SIGN_ERROR", "Authorization 缺失或格式错误 (missing or malformed Authorization)")
        merchant = sandbox.merchants.get(auth.mchid)
        if merchant is None:
            raise Refused(400, "MCH_NOT_EXISTS", "商户号不存在 (unknown mchid)")
        if auth.serial_no != merchant.serial_no:
            raise Refused(401, "SIGN_ERROR", "商户证书序列号有误 (unknown merchant certificate serial)")
        try:
            skew = abs(sandbox.now() - datetime.fromtimestamp(int(auth.timestamp), UTC))
        except (ValueError, OverflowError, OSError):
            raise Refused(401, "SIGN_ERROR", "时间戳格式错误 (timestamp)") from None
        if skew > timedelta(seconds=signature.REPLAY_WINDOW_SECONDS):
            raise Refused(401, "SIGN_ERROR", "请求已过期 (timestamp outside the 5-minute window)")
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        query = request.scope.get("query_string") or b""
        url = raw_path.decode() + ("?" + query.decode() if query else "")
        message = signature.request_message(request.method, url, auth.timestamp, auth.nonce, body.decode())
        if not signature.verify(load_public_key(merchant.public_key_pem), message, auth.signature):
            raise Refused(401, "SIGN_ERROR", "签名错误 (signature does not verify)")
        return merchant, body

    async def guarded(request: Request, handle: Any) -> Response:
        try:
            merchant, body = await signed_request(request)
            payload = json.loads(body) if body else {}
            if not isinstance(payload, dict):
                raise Refused(400, "PARAM_ERROR", "请求体不是 JSON 对象 (body is not a JSON object)")
            status, result = handle(merchant, payload, request)
        except Refused as refused:
            return answer(refused.status, {"code": refused.code, "message": refused.message})
        except ValueError:
            return answer(400, {"code": "PARAM_ERROR", "message": "请求体不是 JSON (body is not JSON)"})
        return answer(status, result)

    @router.post(NATIVE_PATH)
    async def native_pay(request: Request) -> Response:
        """Native pay: a payment to be paid by scanning its code_url."""
        return await guarded(request, create_payment)

    def create_payment(
        merchant: SandboxMerchant, order: dict[str, Any], request: Request
    ) -> tuple[int, dict[str, Any]]:
        if sandbox.failures.refuse_creation:
            raise Refused(500, "SYSTEM_ERROR", "系统错误 (staged failure)")
        new = read_order(merchant, order)
        scan_base = str(request.url.replace(query="", fragment="")).removesuffix(NATIVE_PATH)
        known = sandbox.payment(merchant.mchid, new.out_trade_no)
        if known is not None:
            if known.trade_state in PAID_STATES:
                raise Refused(403, "ORDERPAID", "该订单已支付 (already paid)")
            if (known.total, known.description) != (new.total, new.description) or known.trade_state != "NOTPAY":
                raise Refused(400, "OUT_TRADE_NO_USED", "商户订单号重复 (out_trade_no used with other terms)")
            return 200, {"code_url": f"{scan_base}/scan/{known.code}"}
        sandbox.add(new)
        return 200, {"code_url": f"{scan_base}/scan/{new.code}"}

    @router.get("/v3/pay/transactions/out-trade-no/{out_trade_no}")
    async def query(request: Request, out_trade_no: str) -> Response:
        """A payment's state by the merchant's out_trade_no."""

        def find(merchant: SandboxMerchant, _: dict[str, Any], request: Request) -> tuple[int, dict[str, Any]]:
            if request.query_params.get("mchid") != merchant.mchid:
                raise Refused(400, "PARAM_ERROR", "mchid 与 Authorization 不符 (mchid)")
            return 200, sandbox.transaction(paid_payment(merchant, out_trade_no, paid=False))

        return await guarded(request, find)

    @router.post("/v3/refund/domestic/refunds")
    async def refund(request: Request) -> Response:
        """A domestic refund; the same out_refund_no again answers the refund already made."""
        return await guarded(request, create_refund)

    def create_refund(merchant: SandboxMerchant, asked: dict[str, Any], _: Request) -> tuple[int, dict[str, Any]]:
        if sandbox.failures.error_refund:
            raise Refused(500, "SYSTEM_ERROR", "系统超时 (staged failure)")
        out_refund_no, amount = asked.get("out_refund_no"), asked.get("amount")
        if not isinstance(out_refund_no, str) or not OUT_TRADE_NO.match(out_refund_no) or not isinstance(amount, dict):
            raise Refused(400, "PARAM_ERROR", "out_refund_no 或 amount 缺失 (out_refund_no, amount)")
        payment = paid_payment(merchant, str(asked.get("out_trade_no") or ""), paid=True)
        refund_fen, total = amount.get("refund"), amount.get("total")
        if not is_fen(refund_fen) or total != payment.total or amount.get("currency", "CNY") != "CNY":
            raise Refused(400, "PARAM_ERROR", "订单金额或退款金额有误 (amount.refund / amount.total / currency)")
        known = payment.refunds.get(out_refund_no)
        if known is not None:
            if known.refund != refund_fen:
                raise Refused(400, "INVALID_REQUEST", "同一退款单号参数不一致 (out_refund_no used with other terms)")
            return 200, refund_answer(payment, known)
        if payment.refunded() + refund_fen > payment.total:
            raise Refused(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额 (more than is left to refund)")
        made = SandboxRefund("50" + secrets.token_hex(14), out_refund_no, refund_fen, "PROCESSING", sandbox.now())
        payment.refunds[out_refund_no] = made
        payment.trade_state = "REFUND"
        first = refund_answer(payment, made)
        made.status, made.success_time = "SUCCESS", sandbox.now()  # as WeChat Pay: PROCESSING now, done later
        return 200, first

    @router.get("/v3/refund/domestic/refunds/{out_refund_no}")
    async def query_refund(request: Request, out_refund_no: str) -> Response:
        """A refund's state by the merchant's out_refund_no."""

        def find(merchant: SandboxMerchant, _: dict[str, Any], __: Request) -> tuple[int, dict[str, Any]]:
            for (mchid, _no), payment in sandbox.payments.items():
                if mchid == merchant.mchid and out_refund_no in payment.refunds:
                    return 200, refund_answer(payment, payment.refunds[out_refund_no])
            raise Refused(404, "RESOURCE_NOT_EXISTS", "退款单不存在 (no such refund)")

        return await guarded(request, find)

    @router.get("/scan/{code}", response_class=HTMLResponse)
    async def scan_page(code: str) -> HTMLResponse:
        """What the customer's phone shows after scanning: the payment and Pay / Fail buttons."""
        payment = sandbox.scanned(code)
        if payment is None:
            return page("二维码无效 / Unknown QR code", "<p>这个二维码不是沙箱生成的。</p>", status=404)
        return page("微信支付 沙箱 / WeChat Pay sandbox", pay_form(payment))

    @router.post("/scan/{code}", response_class=HTMLResponse)
    async def scan_confirm(code: str, action: Annotated[str, Form()]) -> HTMLResponse:
        """The customer pressed Pay (callback to the merchant follows) or Fail."""
        payment = sandbox.scanned(code)
        if payment is None:
            return page("二维码无效 / Unknown QR code", "<p>这个二维码不是沙箱生成的。</p>", status=404)
        if action == "pay":
            sandbox.pay(payment)
        elif action == "fail":
            sandbox.fail(payment)
        state = payment.trade_state
        text = f"{STATE_TEXTS.get(state, state)} / {state}"
        return page(
            "微信支付 沙箱 / WeChat Pay sandbox", f'<p id="result" data-state="{state}">{html.escape(text)}</p>'
        )

    def read_order(merchant: SandboxMerchant, order: dict[str, Any]) -> SandboxPayment:
        amount = order.get("amount")
        if order.get("appid") != merchant.appid or order.get("mchid") != merchant.mchid:
            raise Refused(400, "APPID_MCHID_NOT_MATCH", "appid 和 mch_id 不匹配 (appid / mchid)")
        if not isinstance(amount, dict) or not is_fen(amount.get("total")) or amount.get("currency", "CNY") != "CNY":
            raise Refused(400, "PARAM_ERROR", "amount.total 须为正整数 (fen), currency 须为 CNY")
        out_trade_no, description = order.get("out_trade_no"), order.get("description")
        if not isinstance(out_trade_no, str) or not OUT_TRADE_NO.match(out_trade_no):
            raise Refused(400, "PARAM_ERROR", "out_trade_no 格式错误 (6-32 letters, digits, _-|*)")
        if not isinstance(description, str) or not description or len(description) > 127:
            raise Refused(400, "PARAM_ERROR", "description 缺失或过长 (1-127 characters)")
        notify_url = order.get("notify_url")
        if not isinstance(notify_url, str) or not notify_url.startswith(("http://", "https://")):
            raise Refused(400, "PARAM_ERROR", "notify_url 格式错误 (absolute URL)")
        try:
            expire = datetime.fromisoformat(str(order.get("time_expire") or ""))
        except ValueError:
            expire = sandbox.now() + timedelta(hours=2)  # WeChat Pay's default when none is given
        if expire.tzinfo is None:
            raise Refused(400, "PARAM_ERROR", "time_expire 须带时区 (RFC 3339 with an offset)")
        return SandboxPayment(
            merchant, out_trade_no, description, notify_url, amount["total"], expire, secrets.token_urlsafe(18)
        )

    def paid_payment(merchant: SandboxMerchant, out_trade_no: str, *, paid: bool) -> SandboxPayment:
        payment = sandbox.payment(merchant.mchid, out_trade_no)
        if payment is None:
            raise Refused(404, "ORDER_NOT_EXIST", "订单不存在 (no such out_trade_no)")
        if paid and payment.trade_state not in PAID_STATES:
            raise Refused(400, "INVALID_REQUEST", "订单未支付，不能退款 (not paid)")
        return payment

    def refund_answer(payment: SandboxPayment, made: SandboxRefund) -> dict[str, Any]:
        found: dict[str, Any] = {
            "refund_id": made.refund_id,
            "out_refund_no": made.out_refund_no,
            "transaction_id": payment.transaction_id,
            "out_trade_no": payment.out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": signature.beijing_time(made.created_at),
            "status": made.status,
            "funds_account": "AVAILABLE",
            "amount": {
                "total": payment.total,
                "refund": made.refund,
                "payer_total": payment.total,
                "payer_refund": made.refund,
                "settlement_total": payment.total,
                "settlement_refund": made.refund,
                "discount_refund": 0,
                "currency": "CNY",
            },
        }
        if made.success_time is not None:
            found["success_time"] = signature.beijing_time(made.success_time)
        return found

    return router


def is_fen(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def pay_form(payment: SandboxPayment) -> str:
    state = payment.trade_state
    details = (
        f"<p>商户 / merchant <code>{html.escape(payment.merchant.mchid)}</code><br>"
        f"{html.escape(payment.description)}<br>"
        f'<strong id="amount">¥{payment.total // 100}.{payment.total % 100:02d}</strong></p>'
    )
    if state != "NOTPAY":
        text = f"{STATE_TEXTS.get(state, state)} / {state}"
        return details + f'<p id="result" data-state="{state}">{html.escape(text)}</p>'
    return details + (
        '<form method="post"><button type="submit" name="action" value="pay" id="pay">确认支付 / Pay</button>'
        '<button type="submit" name="action" value="fail" id="fail">支付失败 / Fail</button></form>'
    )


def page(title: str, content: str, *, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.5rem;width:100%;margin:.25rem 0}}</style></head>
<body><h1>{html.escape(title)}</h1>{content}</body></html>""",
        status_code=status,
    )
