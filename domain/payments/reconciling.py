"""Reconciliation's actions: import a statement (match it, store the run and its mismatches, take the fees the
bill reports onto our payments that have none), read runs and mismatches, resolve a mismatch with a note.

Importing reads and writes in one transaction: nothing is sent to a provider. Recording fees locks, as every
payments path does, the orders first and then their payments (each set in id order), so an import never waits
on a refund or a callback that waits on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from domain.audit import service as audit
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.payments import log
from domain.payments.entities import EventKind, Payment
from domain.payments.reconciliation import (
    LineKind,
    Mismatch,
    MismatchKind,
    ReconciliationRun,
    Statement,
    match,
)
from domain.payments.reconciliation_ports import ReconciliationUoW
from domain.ports import Clock

MAX_NOTE = 500


@dataclass(frozen=True)
class RunSummary:
    run: ReconciliationRun
    unresolved: int  # mismatches nobody has resolved yet


async def import_statement(
    uow: ReconciliationUoW,
    /,
    clock: Clock,
    actor: Actor,
    statement: Statement,
    *,
    file_name: str,
    file_sha256: str,
) -> RunSummary:
    """Match a provider's statement against our payments and refunds and keep what differs."""
    repo = uow.reconciliations
    existing = await repo.run_by_hash(file_sha256)
    if existing is not None:
        raise Conflict(
            "This statement was imported already.", code="reconciliation.already_imported", run_id=str(existing.id)
        )
    lines = statement.lines
    payments = await repo.payments_by_number({line.payment_no for line in lines if line.kind is LineKind.PAYMENT})
    refunds = await repo.refunds_by_number({line.refund_no for line in lines if line.refund_no})
    method, start, end = str(statement.provider), statement.period_from, statement.period_to
    run_id = uuid4()
    outcome = match(
        run_id,
        statement,
        payments,
        refunds,
        await repo.settled_payments(method, start, end),
        await repo.settled_refunds(method, start, end),
    )
    now = clock.now()
    fees = await _record_fees(uow, clock, actor, outcome.fees, file_name=file_name)
    run = ReconciliationRun(
        id=run_id,
        provider=statement.provider,
        file_name=file_name,
        file_sha256=file_sha256,
        period_from=start,
        period_to=end,
        currency=lines[0].currency if lines else "CNY",
        line_count=len(lines),
        matched_count=outcome.matched,
        mismatched_count=len(outcome.mismatches),
        fees_recorded=fees,
        created_at=now,
        imported_by_id=actor.user_id,
        imported_by_name=actor.name,
    )
    await repo.add_run(run)
    await uow.flush()
    await repo.add_mismatches(outcome.mismatches)
    await audit.record(
        uow,
        actor,
        action="reconciliation.import",
        target_type="reconciliation",
        target_id=run.id,
        at=now,
        after=_snapshot(run),
    )
    return RunSummary(run, len(outcome.mismatches))


async def _record_fees(
    uow: ReconciliationUoW, clock: Clock, actor: Actor, fees: list[tuple[Payment, int]], *, file_name: str
) -> int:
    """Give each payment the fee the bill reports, unless it has one already (ours, from the provider's callback,
    wins: the bill says the same or the callback was more precise). Each is logged on the payment."""
    for order_id in sorted({payment.order_id for payment, _ in fees}):
        await uow.orders.get_for_update(order_id)
    recorded = 0
    for payment, fee in sorted(fees, key=lambda pair: pair[0].id):
        locked = await uow.payments.get_for_update(payment.id)
        if locked is None or locked.fee_minor is not None:
            continue
        locked.fee_minor = fee
        locked.updated_at = clock.now()
        note = f"statement {file_name}"[:500]
        await log.write(uow, clock, locked, EventKind.FEE_RECORDED, actor=actor, note=note, raw={"fee_minor": fee})
        recorded += 1
    return recorded


async def list_runs(
    uow: ReconciliationUoW, /, *, provider: str | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[RunSummary], int]:
    """Imported statements, newest first, each with how many of its mismatches are still open."""
    runs, total = await uow.reconciliations.list_runs(provider=provider, offset=offset, limit=limit)
    open_ = await uow.reconciliations.unresolved_counts([run.id for run in runs])
    return [RunSummary(run, open_.get(run.id, 0)) for run in runs], total


async def get_run(uow: ReconciliationUoW, /, run_id: UUID) -> RunSummary:
    run = await _run(uow, run_id)
    return RunSummary(run, (await uow.reconciliations.unresolved_counts([run.id])).get(run.id, 0))


async def list_mismatches(
    uow: ReconciliationUoW,
    /,
    run_id: UUID,
    *,
    kind: MismatchKind | None = None,
    resolved: bool | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Mismatch], int]:
    """A run's mismatches, filtered by kind and by whether someone resolved them."""
    await _run(uow, run_id)
    return await uow.reconciliations.list_mismatches(run_id, kind=kind, resolved=resolved, offset=offset, limit=limit)


async def resolve_mismatch(
    uow: ReconciliationUoW, /, clock: Clock, actor: Actor, mismatch_id: UUID, *, note: str
) -> Mismatch:
    """Mark a mismatch resolved, saying how (a refund made by hand, the provider's correction, a known delay)."""
    note = note.strip()
    if not note:
        raise RuleViolation("Say how the difference was settled.", code="reconciliation.note_required", field="note")
    if len(note) > MAX_NOTE:
        raise RuleViolation(
            f"The note may have at most {MAX_NOTE} characters.", code="reconciliation.note_too_long", field="note"
        )
    mismatch = await uow.reconciliations.get_mismatch_for_update(mismatch_id)
    if mismatch is None:
        raise NotFound("No such mismatch.", code="reconciliation.mismatch_not_found")
    if mismatch.resolved:
        raise Conflict(
            "Someone resolved this mismatch already.",
            code="reconciliation.already_resolved",
            resolved_by=mismatch.resolved_by_name,
        )
    mismatch.resolved_at = clock.now()
    mismatch.resolved_by_id = actor.user_id
    mismatch.resolved_by_name = actor.name
    mismatch.note = note
    await audit.record(
        uow,
        actor,
        action="reconciliation.resolve",
        target_type="reconciliation_mismatch",
        target_id=mismatch.id,
        at=mismatch.resolved_at,
        after={
            "number": mismatch.refund_no or mismatch.payment_no,
            "kind": str(mismatch.kind),
            "run_id": str(mismatch.run_id),
            "note": note,
        },
    )
    return mismatch


async def _run(uow: ReconciliationUoW, run_id: UUID) -> ReconciliationRun:
    run = await uow.reconciliations.get_run(run_id)
    if run is None:
        raise NotFound("No such reconciliation.", code="reconciliation.not_found")
    return run


def _snapshot(run: ReconciliationRun) -> dict[str, Any]:
    return {
        "file": run.file_name,
        "provider": str(run.provider),
        "period_from": run.period_from.isoformat(),
        "period_to": run.period_to.isoformat(),
        "lines": run.line_count,
        "matched": run.matched_count,
        "mismatched": run.mismatched_count,
        "fees_recorded": run.fees_recorded,
    }
