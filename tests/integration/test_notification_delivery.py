"""The outbox job: failures are retried with back-off, then given up; a due message is sent once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.notifications import use_cases as notifications
from domain.notifications.entities import Channel, OutboxMessage, OutboxStatus
from infra.providers.errors import ProviderError
from tests import factories as f
from tests.conftest import Shop


class SteppedClock:
    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def now(self) -> datetime:
        return self.moment


class DownSmsGateway:
    """An SMS gateway that is down: the port's contract, failing the way the real adapter does."""

    def __init__(self) -> None:
        self.calls = 0

    async def send_code(self, phone: str, code: str) -> None:
        await self.send_text(phone, code)

    async def send_text(self, phone: str, text: str) -> None:
        self.calls += 1
        raise ProviderError("aliyun-sms", "connection refused")


async def _queue_text(shop: Shop, phone: str, clock: SteppedClock) -> OutboxMessage:
    await shop.run_jobs()  # nothing else in flight may pick the message up
    async with shop.container.uow() as uow:
        message = OutboxMessage(
            event="auth.sms_code",
            channel=Channel.SMS,
            recipient=phone,
            subject="s",
            body="hello",
            created_at=clock.now(),
        )
        await uow.notifications.add(message)
        await uow.commit()
    return message


async def _reload(shop: Shop, message: OutboxMessage) -> OutboxMessage:
    async with shop.container.uow() as uow:
        fresh = await uow.notifications.get_outbox(message.id)
        assert fresh is not None
        return fresh


async def test_a_failed_text_is_retried_later_with_growing_back_off_then_given_up(shop: Shop) -> None:
    clock, gateway = SteppedClock(), DownSmsGateway()
    message = await _queue_text(shop, f.unique_phone(), clock)
    deliver = lambda: notifications.deliver_pending(  # noqa: E731
        shop.container.uow, clock, email=shop.container.email, sms=gateway
    )
    # when the first attempt fails
    await deliver()
    first = await _reload(shop, message)
    assert (first.status, first.attempts) == (OutboxStatus.PENDING, 1)
    assert first.last_error and "connection refused" in first.last_error
    assert first.next_attempt_at == clock.now() + timedelta(seconds=60)
    # then nothing is tried again before it is due
    await deliver()
    assert gateway.calls == 1
    # and each later failure waits longer, until the fifth gives up
    waits = []
    for _ in range(4):
        clock.moment = (await _reload(shop, message)).next_attempt_at or clock.moment
        await deliver()
        latest = await _reload(shop, message)
        if latest.next_attempt_at:
            waits.append((latest.next_attempt_at - clock.moment).total_seconds())
    assert waits == [120, 240, 480]
    assert (latest.status, latest.attempts, gateway.calls) == (OutboxStatus.FAILED, 5, 5)


async def test_a_due_text_reaches_the_sandbox_exactly_once_however_often_the_job_runs(shop: Shop) -> None:
    clock = SteppedClock()
    phone = f.unique_phone()
    message = await _queue_text(shop, phone, clock)
    for _ in range(3):
        await notifications.deliver_pending(
            shop.container.uow, clock, email=shop.container.email, sms=shop.container.sms
        )
    assert (await _reload(shop, message)).status == OutboxStatus.SENT
    assert len(await shop.sms_to(phone)) == 1


async def test_a_burst_larger_than_a_batch_is_sent_in_one_run(shop: Shop) -> None:
    # given: more due texts than one batch, the newest last
    clock = SteppedClock()
    phones = [f.unique_phone() for _ in range(7)]
    await shop.run_jobs()  # nothing else in flight may pick them up
    async with shop.container.uow() as uow:
        for n, phone in enumerate(phones):
            at = clock.now() + timedelta(microseconds=n)
            await uow.notifications.add(
                OutboxMessage(
                    event="auth.sms_code",
                    channel=Channel.SMS,
                    recipient=phone,
                    subject="s",
                    body="hello",
                    created_at=at,
                )
            )
        await uow.commit()

    # when the job runs once, three at a time
    await notifications.deliver_pending(
        shop.container.uow, clock, email=shop.container.email, sms=shop.container.sms, batch=3
    )

    # then the newest is sent too
    assert [len(await shop.sms_to(phone)) for phone in phones] == [1] * 7
