"""Staff work on customers: tags, notes and the blacklist, each audited. Actions: they work inside the unit of
work they are given and never commit (domain/customers/use_cases.py opens and commits)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.customers.entities import (
    MAX_TAGS,
    TAG_MAX_LENGTH,
    Customer,
    CustomerNote,
    CustomerRecord,
    CustomerTag,
    TagCount,
)
from domain.customers.ports import CustomerQuery, CustomersUoW
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.ports import Clock

NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


async def get_customer(uow: CustomersUoW, customer_id: UUID) -> Customer:
    """One customer; 404 for a staff member's account as for an unknown id."""
    customer = await uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("No such customer.", code="customer.not_found")
    return customer


async def customer_details(uow: CustomersUoW, customer_id: UUID) -> tuple[Customer, list[Address]]:
    """A customer with the addresses of their own address book (staff read them, never change them)."""
    customer = await get_customer(uow, customer_id)
    return customer, await uow.addresses.list_for(customer_id)


async def list_customers(
    uow: CustomersUoW, query: CustomerQuery, *, offset: int, limit: int
) -> tuple[list[Customer], int]:
    """Customers (never staff) filtered by text, tag, blacklist, status and registration time, paginated."""
    return await uow.customers.find(query, offset=offset, limit=limit)


async def list_tags(uow: CustomersUoW) -> list[TagCount]:
    return await uow.customers.tags()


async def list_notes(uow: CustomersUoW, customer_id: UUID) -> list[CustomerNote]:
    await get_customer(uow, customer_id)
    return await uow.customers.notes(customer_id)


async def add_note(uow: CustomersUoW, clock: Clock, actor: Actor, customer_id: UUID, *, body: str) -> CustomerNote:
    """Keep a staff note on the customer, signed with its author and time."""
    await get_customer(uow, customer_id)
    text = body.strip()
    if not text:
        raise RuleViolation("Write the note first.", code="customer.note_empty", field="body")
    if len(text) > NOTE_MAX_LENGTH:
        raise RuleViolation("The note is too long.", code="customer.note_too_long", field="body")
    note = CustomerNote(
        user_id=customer_id, body=text, author_id=actor.user_id, author_name=actor.name, created_at=clock.now()
    )
    await uow.customers.add_note(note)
    await audit.record(
        uow,
        actor,
        action="customer.note_add",
        target_type="customer",
        target_id=customer_id,
        at=note.created_at,
        after={"note": text},
    )
    return note


async def add_tag(uow: CustomersUoW, clock: Clock, actor: Actor, customer_id: UUID, *, tag: str) -> Customer:
    """Tag a customer (a tag they already carry is left as it is)."""
    name = normalise_tag(tag)
    record = await _record(uow, clock, customer_id)
    if name in record.tag_names:
        return await get_customer(uow, customer_id)
    if len(record.tags) >= MAX_TAGS:
        raise RuleViolation(
            f"A customer carries at most {MAX_TAGS} tags.", code="customer.too_many_tags", field="tag", limit=MAX_TAGS
        )
    before = _snapshot(record)
    record.tags.append(CustomerTag(user_id=customer_id, name=name, created_at=clock.now()))
    await _changed(uow, clock, actor, record, "customer.tag_add", before)
    return await get_customer(uow, customer_id)


async def remove_tag(uow: CustomersUoW, clock: Clock, actor: Actor, customer_id: UUID, *, tag: str) -> Customer:
    """Take a tag off a customer (one they do not carry changes nothing)."""
    name = normalise_tag(tag)
    record = await _record(uow, clock, customer_id)
    if name not in record.tag_names:
        return await get_customer(uow, customer_id)
    before = _snapshot(record)
    record.tags = [t for t in record.tags if t.name != name]
    await _changed(uow, clock, actor, record, "customer.tag_remove", before)
    return await get_customer(uow, customer_id)


async def blacklist(uow: CustomersUoW, clock: Clock, actor: Actor, customer_id: UUID, *, reason: str) -> Customer:
    """Flag a customer whose orders must be refused or held; the reason is kept and audited."""
    text = reason.strip()
    if not text:
        raise RuleViolation("Say why the customer is blacklisted.", code="customer.reason_required", field="reason")
    if len(text) > REASON_MAX_LENGTH:
        raise RuleViolation("The reason is too long.", code="customer.reason_too_long", field="reason")
    record = await _record(uow, clock, customer_id)
    before = _snapshot(record)
    record.blacklisted, record.blacklist_reason = True, text
    record.blacklisted_at, record.blacklisted_by_name = clock.now(), actor.name
    await _changed(uow, clock, actor, record, "customer.blacklist", before)
    return await get_customer(uow, customer_id)


async def clear_blacklist(uow: CustomersUoW, clock: Clock, actor: Actor, customer_id: UUID) -> Customer:
    """Lift the blacklist flag; the audit log keeps the earlier reason."""
    record = await _record(uow, clock, customer_id)
    if not record.blacklisted:
        return await get_customer(uow, customer_id)
    before = _snapshot(record)
    record.blacklisted, record.blacklist_reason = False, None
    record.blacklisted_at = record.blacklisted_by_name = None
    await _changed(uow, clock, actor, record, "customer.unblacklist", before)
    return await get_customer(uow, customer_id)


def normalise_tag(tag: str) -> str:
    """Tags compare as written, with runs of spaces made one."""
    name = " ".join(tag.split())
    if not name:
        raise RuleViolation("Name the tag.", code="customer.tag_empty", field="tag")
    if len(name) > TAG_MAX_LENGTH:
        raise RuleViolation(
            f"A tag has at most {TAG_MAX_LENGTH} characters.",
            code="customer.tag_too_long",
            field="tag",
            limit=TAG_MAX_LENGTH,
        )
    return name


async def _record(uow: CustomersUoW, clock: Clock, customer_id: UUID) -> CustomerRecord:
    """The customer's record, locked; made on first use."""
    await get_customer(uow, customer_id)
    record = await uow.customers.record_for_update(customer_id)
    if record is None:
        record = CustomerRecord(user_id=customer_id, created_at=clock.now())
        await uow.customers.add(record)
    return record


def _snapshot(record: CustomerRecord) -> dict[str, Any]:
    return {"tags": record.tag_names, "blacklisted": record.blacklisted, "blacklist_reason": record.blacklist_reason}


async def _changed(
    uow: CustomersUoW, clock: Clock, actor: Actor, record: CustomerRecord, action: str, before: dict[str, Any]
) -> None:
    record.updated_at = clock.now()
    await uow.flush()
    await audit.record(
        uow,
        actor,
        action=action,
        target_type="customer",
        target_id=record.user_id,
        at=record.updated_at,
        before=before,
        after=_snapshot(record),
    )
