"""A local Dysmsapi stand-in checking requests as Aliyun does, so demo and tests make real SMS calls."""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse

from infra.providers.sms.aliyun import rpc_signature, string_to_sign

REQUIRED = (
    "Action", "Version", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
    "SignatureNonce", "Timestamp", "PhoneNumbers", "SignName", "TemplateCode",
)  # fmt: skip
CLOCK_SKEW = timedelta(minutes=15)
MAX_KEPT = 1000  # a long-running demo keeps only the latest messages
PHONE = re.compile(r"^(?:\+|00)?\d{6,15}$")


def create_sms_sandbox(access_keys: dict[str, str], *, now: Callable[[], datetime] | None = None) -> FastAPI:
    """Build the sandbox: `/` is the RPC endpoint, `/messages` lists what was "delivered"."""
    clock = now or (lambda: datetime.now(UTC))
    messages: list[dict[str, Any]] = []
    nonces: dict[str, datetime] = {}
    app = FastAPI(title="AllOrder SMS sandbox (Aliyun Dysmsapi)", docs_url=None, redoc_url=None)

    def error(status: int, code: str, message: str) -> JSONResponse:
        body = {"RequestId": str(uuid.uuid4()).upper(), "HostId": "dysmsapi.sandbox", "Code": code}
        return JSONResponse({**body, "Message": message}, status_code=status)

    @app.api_route("/", methods=["GET", "POST"], include_in_schema=False)
    async def rpc(request: Request) -> JSONResponse:
        params = dict(request.query_params)
        if request.method == "POST":
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        for name in REQUIRED:
            if not params.get(name):
                message = f'The input parameter "{name}" that is mandatory for processing this request '
                return error(400, "MissingParameter", message + "is not supplied.")
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
        secret = access_keys.get(params["AccessKeyId"])
        if secret is None:
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return error(400, "InvalidSignatureMethod", "Specified signature method is not supported.")
        expected = rpc_signature(request.method, params, secret)
        if not hmac.compare_digest(expected, params["Signature"]):
            message = "Specified signature is not matched with our calculation. server string to sign is:"
            return error(400, "SignatureDoesNotMatch", message + string_to_sign(request.method, params))
        try:
            sent_at = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return error(400, "InvalidTimeStamp.Format", "Specified time stamp does not conform to ISO8601.")
        current = clock()
        if abs(current - sent_at) > CLOCK_SKEW:
            return error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        for seen, at in list(nonces.items()):
            if current - at > CLOCK_SKEW:
                del nonces[seen]
        if params["SignatureNonce"] in nonces:
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        nonces[params["SignatureNonce"]] = current

        request_id = str(uuid.uuid4()).upper()
        phones = params["PhoneNumbers"].split(",")
        if not all(PHONE.match(p) for p in phones):
            return JSONResponse({"RequestId": request_id, "Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": phones[0]})
        try:
            template_params = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            template_params = None
        if not isinstance(template_params, dict):
            return JSONResponse(
                {"RequestId": request_id, "Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法"}
            )
        biz_id = f"{int(current.timestamp())}^{uuid.uuid4().int % 10**10}"
        for phone in phones:
            messages.append(
                {
                    "phone": phone,
                    "sign_name": params["SignName"],
                    "template_code": params["TemplateCode"],
                    "params": template_params,
                    "biz_id": biz_id,
                    "received_at": current.isoformat(),
                }
            )
        del messages[:-MAX_KEPT]
        return JSONResponse({"Message": "OK", "RequestId": request_id, "Code": "OK", "BizId": biz_id})

    @app.get("/messages")
    async def list_messages(
        request: Request, phone: Annotated[str, Query(min_length=6, max_length=20)]
    ) -> JSONResponse:
        """Messages to one phone, oldest first: for people and tests on this machine only (sandbox only)."""
        if not _from_this_machine(request):
            return error(403, "Forbidden.LocalOnly", "The sandbox message list answers only on this machine.")
        return JSONResponse([m for m in messages if m["phone"] == phone])

    @app.delete("/messages", status_code=204)
    async def clear_messages(request: Request) -> Response:
        """Forget every recorded message (sandbox only)."""
        if not _from_this_machine(request):
            return error(403, "Forbidden.LocalOnly", "The sandbox message list answers only on this machine.")
        messages.clear()
        return Response(status_code=204)

    return app


def _from_this_machine(request: Request) -> bool:
    """A loopback peer that relays nobody: a request through a local reverse proxy carries forwarding headers."""
    if "x-forwarded-for" in request.headers or "forwarded" in request.headers:
        return False
    try:
        return request.client is not None and ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False
