"""Alipay page pay of the payment sandbox: the RSA2-checking gateway (`alipay.trade.page.pay` shows the cashier,
`alipay.trade.query`, `alipay.trade.refund`), a cashier with Pay/Fail, and RSA2-signed asynchronous notifies."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from infra.payments.sandbox.behaviour import Behaviour, CallbackSender, pay_page, router_base
from infra.providers import rsa2

CLOCK_SKEW = timedelta(minutes=15)
REQUIRED = ("app_id", "method", "sign", "sign_type", "timestamp", "version", "biz_content")
BUYER_ID = "2088000000000001"


@dataclass
class Trade:
    trade_no: str
    out_trade_no: str
    app_id: str
    total_amount: Decimal
    subject: str
    notify_url: str
    return_url: str
    created_at: datetime
    status: str = "WAIT_BUYER_PAY"
    paid_at: datetime | None = None
    refunds: dict[str, Decimal] = field(default_factory=dict)  # out_request_no → amount

    @property
    def refunded(self) -> Decimal:
        return sum(self.refunds.values(), Decimal(0))


def create_alipay_pay_router(
    apps: Mapping[str, str],
    alipay_private_key_pem: str,
    behaviour: Behaviour,
    sender: CallbackSender,
    clock: Callable[[], datetime],
) -> APIRouter:
    """Routes for `apps` (app_id → the app's public key PEM), to be included under `/alipay`."""
    router = APIRouter()
    app_keys = {app_id: rsa2.load_public_key(pem) for app_id, pem in apps.items()}
    signing_key = rsa2.load_private_key(alipay_private_key_pem)
    trades: dict[tuple[str, str], Trade] = {}  # (app_id, out_trade_no) → trade

    def beijing(at: datetime | None) -> str:
        return at.astimezone(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT) if at else ""

    def signed(node: str, payload: Mapping[str, Any]) -> Response:
        """`{"<node>":{…},"sign":"…"}` with the sign over the node's exact text, as Alipay sends it."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        body = f'{{"{node}":{text},"sign":"{rsa2.sign(signing_key, text)}"}}'
        return Response(body.encode(), media_type="application/json;charset=utf-8")

    def business(node: str, code: str, sub_code: str, sub_msg: str) -> Response:
        msg = "Business Failed" if code == "40004" else "Service Currently Unavailable"
        return signed(node, {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg})

    def check_call(params: Mapping[str, str]) -> str | None:
        """Why the call is refused (as Alipay's `sub_code`), or None."""
        missing = next((name for name in REQUIRED if not params.get(name)), None)
        if missing:
            return f"isv.missing-{missing.replace('_', '-')}"
        app_key = app_keys.get(params["app_id"])
        if app_key is None:
            return "isv.invalid-app-id"
        if params["sign_type"] != "RSA2" or not rsa2.verify(app_key, rsa2.signing_content(params), params["sign"]):
            return "isv.invalid-signature"
        try:
            sent_at = datetime.strptime(params["timestamp"], rsa2.TIMESTAMP_FORMAT).replace(tzinfo=rsa2.BEIJING)
        except ValueError:
            return "isv.invalid-timestamp"
        return "isv.invalid-timestamp" if abs(clock() - sent_at) > CLOCK_SKEW else None

    def page_pay(request: Request, params: Mapping[str, str], biz: Mapping[str, Any]) -> Response:
        if behaviour.refuse_creation:
            return HTMLResponse("<p>ACQ.SYSTEM_ERROR 系统繁忙 (sandbox: creation refused)</p>", status_code=503)
        try:
            amount = Decimal(str(biz["total_amount"]))
            key = (params["app_id"], str(biz["out_trade_no"]))
        except (KeyError, InvalidOperation):
            return HTMLResponse("<p>ACQ.INVALID_PARAMETER 参数无效</p>", status_code=400)
        trade = trades.get(key)
        if trade is None:
            digits = int(hashlib.sha256(repr(key).encode()).hexdigest(), 16) % 10**20
            trade = Trade(
                trade_no=f"{clock().astimezone(rsa2.BEIJING):%Y%m%d}{digits:020d}"[:28],
                out_trade_no=key[1],
                app_id=key[0],
                total_amount=amount,
                subject=str(biz.get("subject", "")),
                notify_url=params.get("notify_url", ""),
                return_url=params.get("return_url", ""),
                created_at=clock(),
            )
            trades[key] = trade
        elif trade.total_amount != amount:
            return HTMLResponse("<p>ACQ.CONTEXT_INCONSISTENT 交易信息被篡改</p>", status_code=400)
        action = f"{router_base(request, '/gateway.do')}/cashier/{trade.trade_no}"
        done = None if trade.status == "WAIT_BUYER_PAY" else f"交易状态 / trade status: {trade.status}"
        return pay_page(provider="支付宝 Alipay", subject=trade.subject, amount=f"¥{amount}", action=action, done=done)

    def trade_query(params: Mapping[str, str], biz: Mapping[str, Any]) -> Response:
        node = "alipay_trade_query_response"
        if behaviour.refuse_queries:
            return business(node, "20000", "ACQ.SYSTEM_ERROR", "系统繁忙")
        trade = trades.get((params["app_id"], str(biz.get("out_trade_no"))))
        if trade is None:
            return business(node, "40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        answer = {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "trade_status": trade.status,
            "total_amount": str(trade.total_amount),
            "buyer_user_id": BUYER_ID,
        }
        if trade.paid_at:
            answer |= {"send_pay_date": beijing(trade.paid_at), "buyer_pay_amount": str(trade.total_amount)}
        return signed(node, answer)

    def trade_refund(params: Mapping[str, str], biz: Mapping[str, Any]) -> Response:
        node = "alipay_trade_refund_response"
        if behaviour.error_refunds:
            return business(node, "20000", "aop.ACQ.SYSTEM_ERROR", "系统错误 (sandbox: refunds switched off)")
        trade = trades.get((params["app_id"], str(biz.get("out_trade_no"))))
        request_no = str(biz.get("out_request_no") or biz.get("out_trade_no"))
        try:
            amount = Decimal(str(biz["refund_amount"]))
        except (KeyError, InvalidOperation):
            return business(node, "40004", "ACQ.INVALID_PARAMETER", "参数无效")
        if trade is None:
            return business(node, "40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        fund_change = "N"  # the same out_request_no again: the refund already made, no money moves twice
        if request_no not in trade.refunds:
            if trade.status not in ("TRADE_SUCCESS", "TRADE_FINISHED"):
                return business(node, "40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            if amount <= 0 or trade.refunded + amount > trade.total_amount:
                return business(node, "40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            trade.refunds[request_no], fund_change = amount, "Y"
            if trade.refunded == trade.total_amount:
                trade.status = "TRADE_CLOSED"  # Alipay closes a fully refunded trade
        answer = {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "buyer_user_id": BUYER_ID,
            "fund_change": fund_change,
            "refund_fee": str(trade.refunded),
            "gmt_refund_pay": beijing(clock()),
        }
        return signed(node, answer)

    @router.api_route("/gateway.do", methods=["GET", "POST"])
    async def gateway(request: Request) -> Response:
        """The open-platform gateway: RSA2 request check, then the cashier page or a signed JSON answer."""
        params = dict(request.query_params)
        if request.method == "POST":
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        node = params.get("method", "error").replace(".", "_") + "_response"
        refused = check_call(params)
        if refused is not None:
            return signed("error_response", {"code": "40002", "msg": "Invalid Arguments", "sub_code": refused})
        try:
            biz = json.loads(params["biz_content"])
        except ValueError:
            biz = None
        if not isinstance(biz, dict):
            return business(node, "40004", "ACQ.INVALID_PARAMETER", "biz_content 无效")
        match params["method"]:
            case "alipay.trade.page.pay":
                return page_pay(request, params, biz)
            case "alipay.trade.query":
                return trade_query(params, biz)
            case "alipay.trade.refund":
                return trade_refund(params, biz)
            case _:
                return signed("error_response", {"code": "40002", "sub_code": "isv.invalid-method"})

    @router.post("/cashier/{trade_no}", response_model=None)
    async def cashier(trade_no: str, outcome: Annotated[str, Form()]) -> Response:
        """The customer pressed Pay or Fail: settle the trade, notify the merchant, send the customer back."""
        trade = next((t for t in trades.values() if t.trade_no == trade_no), None)
        if trade is None or trade.status != "WAIT_BUYER_PAY":
            return Response("This trade cannot be paid now.", status_code=409)
        if outcome == "pay" and not behaviour.fail_payments:
            trade.status, trade.paid_at = "TRADE_SUCCESS", clock()
        else:
            trade.status = "TRADE_CLOSED"  # Alipay has no "failed": an unpaid page-pay trade is closed
        notify = {
            "notify_time": beijing(clock()),
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": trade.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "buyer_id": BUYER_ID,
            "trade_status": trade.status,
            "total_amount": str(trade.total_amount),
            "receipt_amount": str(trade.total_amount) if trade.paid_at else "",
            "buyer_pay_amount": str(trade.total_amount) if trade.paid_at else "",
            "subject": trade.subject,
            "gmt_create": beijing(trade.created_at),
            "gmt_payment": beijing(trade.paid_at),
            "gmt_close": "" if trade.paid_at else beijing(clock()),
        }
        notify = {k: v for k, v in notify.items() if v}
        notify["sign"] = rsa2.sign(signing_key, rsa2.signing_content(notify, rsa2.NOTIFY_UNSIGNED))
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        sender.send(trade.notify_url, content=urlencode(notify).encode(), headers=headers)
        back = {
            "out_trade_no": trade.out_trade_no,
            "trade_no": trade.trade_no,
            "total_amount": str(trade.total_amount),
            "app_id": trade.app_id,
            "method": "alipay.trade.page.pay.return",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": beijing(clock()),
            "version": "1.0",
        }
        back["sign"] = rsa2.sign(signing_key, rsa2.signing_content(back, rsa2.NOTIFY_UNSIGNED))
        return RedirectResponse(f"{trade.return_url}?{urlencode(back)}", status_code=303)

    return router
