"""What every provider of the payment sandbox shares: the configurable misbehaviour, the hosted pay page, and the
background delivery of signed callbacks to the merchant's notify_url."""

from __future__ import annotations

import asyncio
import contextlib
import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse


@dataclass
class Behaviour:
    """How the sandbox misbehaves, to rehearse what real providers do. Shared by all its providers; tests and the
    demo change it at run time (`PUT /behaviour` on the sandbox app)."""

    refuse_creation: bool = False  # creating a payment answers a provider error
    refuse_queries: bool = False  # asking about a payment answers a provider error
    fail_payments: bool = False  # "Pay" on the hosted page ends as a failed (declined) payment
    error_refunds: bool = False  # refunds answer a provider error
    drop_callbacks: bool = False  # the callback is never sent: only an active query finds the outcome
    duplicate_callbacks: bool = False  # the callback is sent twice
    callback_delay_seconds: float = 0.0  # wait this long before sending the callback


@dataclass(frozen=True)
class Delivery:
    url: str
    status_code: int | None  # None: the merchant could not be reached
    answer: str


@dataclass
class CallbackSender:
    """Posts callbacks in the background, as a provider does after the customer paid: the pay page answers at
    once, the merchant hears later. Keeps what it delivered, for tests and the demo to inspect."""

    behaviour: Behaviour
    timeout_seconds: float = 10.0
    deliveries: list[Delivery] = field(default_factory=list)
    # the app that mounts the sandbox hands it a client that reaches its own webhook in-process (gateways.py)
    client: httpx.AsyncClient | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def send(self, url: str, *, content: bytes, headers: Mapping[str, str]) -> None:
        if self.behaviour.drop_callbacks or not url:
            return
        times = 2 if self.behaviour.duplicate_callbacks else 1
        task = asyncio.create_task(
            self._deliver(url, content, dict(headers), times, self.behaviour.callback_delay_seconds)
        )
        self._tasks.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, url: str, content: bytes, headers: dict[str, str], times: int, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        async with contextlib.AsyncExitStack() as stack:
            client = self.client
            if client is None:
                client = await stack.enter_async_context(httpx.AsyncClient(timeout=self.timeout_seconds))
            for _ in range(times):
                try:
                    response = await client.post(url, content=content, headers=headers)
                    self.deliveries.append(Delivery(url, response.status_code, response.text[:200]))
                except httpx.HTTPError as exc:
                    self.deliveries.append(Delivery(url, None, repr(exc)))

    async def callbacks_sent(self) -> None:
        """Wait until every scheduled callback has been delivered (or given up): tests await this instead of
        sleeping."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def router_base(request: Request, route_path: str) -> str:
    """The absolute URL of the router that served `request`, wherever the sandbox is mounted or included."""
    url = str(request.url.replace(query="", fragment=""))
    return url.removesuffix(route_path)


def pay_page(*, provider: str, subject: str, amount: str, action: str, done: str | None = None) -> HTMLResponse:
    """The hosted pay page standing in for the provider's cashier: "Pay" and "Fail" buttons, nothing else."""
    buttons = (
        f"<p id='done'>{html.escape(done)}</p>"
        if done
        else f"""<form method="post" action="{html.escape(action)}">
<button type="submit" id="pay" name="outcome" value="pay">支付 / Pay</button>
<button type="submit" id="fail" name="outcome" value="fail">失败 / Fail</button></form>"""
    )
    body = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{html.escape(provider)} 沙箱收银台 / sandbox checkout</title>
<style>body{{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.5rem;width:100%;margin:.25rem 0}}</style></head>
<body><h1>{html.escape(provider)} 沙箱</h1>
<p>{html.escape(subject)}</p><p>金额 / Amount: <strong id="amount">{html.escape(amount)}</strong></p>
<p>(Sandbox: no real money moves.)</p>{buttons}</body></html>"""
    return HTMLResponse(body)
