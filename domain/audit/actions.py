"""Every action the audit log records, with the kind of object it is about. The back office shows each in words
(frontend/src/i18n/audit/*.json has a label per action and per object kind in both languages); a unit test
reads the code for every recorded action and fails when one is missing here or has no label."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "product.create": "product",
    "product.update": "product",
    "product.save": "product",
    "product.status": "product",
    "product.delete": "product",
    "product.image_add": "product",
    "product.image_order": "product",
    "product.image_delete": "product",
    "sku.create": "sku",
    "sku.update": "sku",
    "sku.prices": "sku",
    "sku.delete": "sku",
    "category.create": "category",
    "category.rename": "category",
    "category.move": "category",
    "category.delete": "category",
    "catalog.import": "catalog_import",
    "user.create": "user",
    "user.update": "user",
    "user.disable": "user",
    "user.enable": "user",
    "customer.tag_add": "customer",
    "customer.tag_remove": "customer",
    "customer.note_add": "customer",
    "customer.blacklist": "customer",
    "customer.unblacklist": "customer",
    "role.create": "role",
    "role.update": "role",
    "role.delete": "role",
    "warehouse.create": "warehouse",
    "warehouse.update": "warehouse",
    "warehouse.activate": "warehouse",
    "warehouse.deactivate": "warehouse",
    "stock_level.update": "stock_level",
    # stock changes are recorded against the document that caused them (`stock.<movement kind>`)
    "stock.inbound": "receipt",
    "stock.return_in": "receipt",
    "stock.adjust": "adjustment",
    "stock.transfer": "transfer",
    "reservation.create": "reservation",
    "reservation.release": "reservation",
    "reservation.commit": "reservation",
    "stocktake.open": "stocktake",
    "stocktake.count": "stocktake",
    "stocktake.apply": "stocktake",
    "stocktake.close": "stocktake",
    "stocktake.cancel": "stocktake",
    "freight_template.create": "freight_template",
    "freight_template.update": "freight_template",
    "freight_template.delete": "freight_template",
    "freight_template.set_default": "freight_template",
}

# Object kinds: those above, and the documents stock movements may name.
TARGET_TYPES: tuple[str, ...] = tuple(dict.fromkeys([*ACTIONS.values(), "stock"]))
