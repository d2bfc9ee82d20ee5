"""Saving a product from the editor in one request: its own fields, its status and its whole SKU list, applied
together or not at all.

The SKU list goes through the import plan (domain/catalog/import_plan.py), so the editor and a catalog file never
disagree on what is allowed: the same checks for codes and barcodes repeated in the list or held by another
product, the same application through sku_rules. What a save adds to a file: SKUs are matched by id (so a code
can be renamed), SKUs left out are deleted (refused when they have stock records), the status moves through the
state machine, and a save made from a stale version is refused."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.catalog import import_plan, in_stock, products, sku_rules
from domain.catalog.entities import Product, ProductStatus, Sku
from domain.catalog.importing import ParsedRow, ProductFields, RowError
from domain.catalog.ports import CatalogUoW
from domain.catalog.sku_rules import SkuInput
from domain.errors import Conflict, DomainError, RuleViolation
from domain.identity.actor import Actor
from domain.ports import Clock


@dataclass(frozen=True)
class SkuLine:
    """One row of the editor's SKU list. `id` names the SKU it edits; without one, the product's SKU with the
    same code is edited, else a new SKU is made."""

    data: SkuInput
    id: UUID | None = None


@dataclass(frozen=True)
class ProductSave:
    """The product as the editor shows it: every field and the complete SKU list, in display order."""

    code: str
    name: str
    status: ProductStatus
    skus: list[SkuLine]
    category_id: UUID | None = None
    name_en: str | None = None
    brand: str = ""
    description: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One reason a save is refused, on one field (`skus.2.barcode`); conflicts are 409, the others 422."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    conflict: bool = False


class SaveRefused(DomainError):
    """Nothing was saved. Carries every problem found; the first one gives the code and the message."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        errors = [{"field": p.field, "message": p.message, "code": p.code} for p in problems]
        super().__init__(first.message, code=first.code, **first.params, errors=errors, error_count=len(problems))
        self.problems = problems


class SaveConflict(SaveRefused, Conflict):
    """409: codes or barcodes already used, SKUs with stock records left out."""


class SaveInvalid(SaveRefused, RuleViolation):
    """422: bad prices or promotion windows, unknown SKUs, a missing category."""


def refusal(problems: list[Problem]) -> SaveRefused:
    """422 when anything in the request is invalid, else 409; the problems of that kind come first."""
    if all(p.conflict for p in problems):
        return SaveConflict(problems)
    return SaveInvalid(sorted(problems, key=lambda p: p.conflict))


async def save_product(
    uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, save: ProductSave, *, version: int
) -> Product:
    """Apply the editor's product with its whole SKU list: SKUs listed are edited or created, SKUs left out are
    deleted. Every problem is reported at once and nothing changes; 409 `product.modified` when `version` is no
    longer the product's (someone saved in between)."""
    product = await products.load(uow, product_id, for_update=True)
    if product.version != version:
        raise Conflict(
            "The product was changed by someone else since you opened it; reload it and apply your changes again.",
            code="product.modified",
            version=product.version,
        )
    now = clock.now()
    lines = [replace(line, data=replace(line.data, barcode=line.data.barcode or None)) for line in save.skus]
    matched, problems = _match(product, lines)
    removed = [sku for sku in product.skus if not any(sku is m for m in matched.values())]
    plan = import_plan.plan_import(_rows(save, lines), await _existing(uow, product, save.code, lines))
    problems += [_problem_of(error, lines) for error in plan.errors]
    problems += await _product_problems(uow, product, save)
    problems += _price_problems(product, lines, now)
    problems += [_stock_problem(sku) for sku in removed if await uow.stock.has_stock_records([sku.id])]
    if problems:
        raise refusal(problems)

    before = _audit_view(product)
    await _make_room(uow, product, lines, matched, removed)
    for index, sku in matched.items():
        wanted = {"code": lines[index].data.code, "active": lines[index].data.active}
        if (sku.code, sku.active) != (wanted["code"], wanted["active"]):
            # the plan finds SKUs by code; `active` is no column of a file, so the plan leaves it alone
            sku_rules.apply_changes(sku, wanted, field=f"skus.{index}")
            sku.updated_at = now
    if save.status != ProductStatus.ON_SALE:  # leave sale first: what is no longer on sale need not be sellable
        _move(uow, product, save.status, now)
    product.code = save.code
    import_plan.apply_plan(plan, now, product.currency)
    by_code = {sku.code: sku for sku in product.skus}
    product.skus = [by_code[line.data.code] for line in lines]
    for position, sku in enumerate(product.skus):
        sku.position = position
    if save.status == ProductStatus.ON_SALE:  # go on sale last: the new SKU list is what must be sellable
        _move(uow, product, save.status, now)
    sku_rules.refresh_derived(product, now)
    await uow.flush()  # the new SKU list, before its stock is read
    await in_stock.refresh(uow, product_ids=[product.id])  # SKUs switched on or off, added or removed
    await audit.record(
        uow,
        actor,
        action="product.save",
        target_type="product",
        target_id=product.id,
        at=now,
        before=before,
        after=_audit_view(product),
    )
    return product


def _match(product: Product, lines: list[SkuLine]) -> tuple[dict[int, Sku], list[Problem]]:
    """Which existing SKU each row edits: by id first, then rows without an id by code."""
    by_id = {sku.id: sku for sku in product.skus}
    matched: dict[int, Sku] = {}
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        if line.id is None:
            continue
        sku = by_id.get(line.id)
        params = {"sku_id": str(line.id)}
        if sku is None:
            problems.append(Problem(f"skus.{index}.id", "sku.not_found", "The SKU does not exist.", params))
        elif any(sku is m for m in matched.values()):
            problems.append(Problem(f"skus.{index}.id", "sku.listed_twice", "This SKU is in the list twice.", params))
        else:
            matched[index] = sku
    unclaimed = {sku.code: sku for sku in product.skus if not any(sku is m for m in matched.values())}
    for index, line in enumerate(lines):
        if line.id is None and (sku := unclaimed.pop(line.data.code, None)) is not None:
            matched[index] = sku
    return matched, problems


def _rows(save: ProductSave, lines: list[SkuLine]) -> list[ParsedRow]:
    # status None: the plan keeps it; the state machine moves it below
    fields = ProductFields(
        code=save.code,
        name=save.name,
        name_en=save.name_en or None,
        category_id=save.category_id,
        brand=save.brand,
        status=None,
        description=save.description,
        tags=tuple(save.tags),
    )
    return [ParsedRow(line=index, product=fields, sku=line.data) for index, line in enumerate(lines)]


async def _existing(uow: CatalogUoW, product: Product, code: str, lines: list[SkuLine]) -> import_plan.Existing:
    # Codes and barcodes this product holds are free to move between its SKUs: the list is complete, so any
    # clash among them is a repetition within the list, which the plan reports on its own.
    codes = await uow.products.sku_codes_taken(sorted({line.data.code for line in lines}))
    barcodes = await uow.products.barcodes_taken(sorted({b for line in lines if (b := line.data.barcode)}))
    return import_plan.Existing(
        products={code: product},
        sku_owners={c: owner for c, owner in codes.items() if owner != product.id},
        barcode_owners={b: owner for b, owner in barcodes.items() if owner != product.id},
    )


_SKU_FIELD = {"sku_code": "code", "barcode": "barcode"}
_PLAN_PROBLEMS = {
    "import.duplicate_sku_code": ("sku.code_repeated", "SKU code {sku_code} is also in row {row}."),
    "import.sku_code_taken": ("sku.code_taken", "This SKU code is already used."),
    "import.duplicate_barcode": ("sku.barcode_repeated", "Barcode {barcode} is also in row {row}."),
    "import.barcode_taken": ("sku.barcode_taken", "This barcode is already used."),
}


def _problem_of(error: RowError, lines: list[SkuLine]) -> Problem:
    """A row error of the plan in the editor's words: rows are SKU indexes, counted from 1 in messages."""
    data = lines[error.line].data
    params: dict[str, Any] = {"barcode": data.barcode or ""} if error.column == "barcode" else {"sku_code": data.code}
    if "first_line" in error.params:
        params["row"] = int(error.params["first_line"]) + 1
    code, message = _PLAN_PROBLEMS.get(error.code, (error.code, error.message))
    column = _SKU_FIELD.get(error.column or "", error.column or "")
    return Problem(f"skus.{error.line}.{column}", code, message.format(**params), params, conflict=True)


async def _product_problems(uow: CatalogUoW, product: Product, save: ProductSave) -> list[Problem]:
    problems = []
    if save.code != product.code and await uow.products.by_code(save.code) is not None:
        message = "This product code is already used."
        problems.append(Problem("code", "product.code_taken", message, {"product_code": save.code}, True))
    if save.category_id is not None and await uow.categories.get(save.category_id) is None:
        problems.append(Problem("category_id", "product.category_not_found", "The category does not exist."))
    return problems


def _price_problems(product: Product, lines: list[SkuLine], now: datetime) -> list[Problem]:
    """Prices and promotion windows by the SKU rules, every row at once (the plan applies them row by row)."""
    problems = []
    for index, line in enumerate(lines):
        try:
            sku_rules.new_sku(product, line.data, position=index, field=f"skus.{index}", at=now)  # a scratch SKU
        except RuleViolation as refused:
            params = {k: v for k, v in refused.data.items() if k != "field"}
            problems.append(Problem(str(refused.data.get("field", "skus")), refused.code, refused.message, params))
    return problems


def _stock_problem(sku: Sku) -> Problem:
    message = f"SKU {sku.code} has stock records and cannot be removed; deactivate it instead."
    return Problem("skus", "sku.has_stock", message, {"sku_code": sku.code, "sku_id": str(sku.id)}, conflict=True)


async def _make_room(
    uow: CatalogUoW, product: Product, lines: list[SkuLine], matched: dict[int, Sku], removed: list[Sku]
) -> None:
    """Free the codes and barcodes that change hands within the product before the unique indexes see them:
    SKUs left out are deleted first, and a SKU whose code or barcode another row takes holds a placeholder
    until its own new one is set."""
    for sku in removed:
        product.skus.remove(sku)
    code_holders = {sku.code: sku for sku in product.skus}
    barcode_holders = {sku.barcode: sku for sku in product.skus if sku.barcode}
    moved = False
    for index, line in enumerate(lines):
        own = matched.get(index)
        holder = code_holders.get(line.data.code)
        if holder is not None and holder is not own:
            holder.code, moved = f"~{holder.id.hex}", True  # no real code starts with `~` (CODE_SHAPE)
        holder = barcode_holders.get(line.data.barcode) if line.data.barcode else None
        if holder is not None and holder is not own:
            holder.barcode, moved = None, True
    if removed or moved:
        await uow.flush()


def _move(uow: CatalogUoW, product: Product, status: ProductStatus, now: datetime) -> None:
    if status != product.status:
        products.move_to(uow, product, status, now)


def _audit_view(product: Product) -> dict[str, Any]:
    return {**products.snapshot(product), "skus": [sku_rules.snapshot(sku) for sku in product.skus]}
