"""Permission strings and the built-in roles (DESIGN.md §2). Admins may edit every role's permissions."""

from __future__ import annotations

from collections.abc import Iterable

ALL = "*"

PERMISSIONS: dict[str, str] = {
    "users:manage": "Create staff, disable users, assign roles",
    "roles:manage": "Create and edit roles and their permissions",
    "audit:read": "Read the audit log",
    "customers:read": "Look up customers",
    "customers:manage": "Tag customers, keep notes on them and blacklist them",
    "catalog:read": "Read products and categories in the back office",
    "catalog:write": "Create and edit products, categories and prices",
    "inventory:read": "Read stock levels and movements",
    "inventory:adjust": "Adjust stock, receive goods, run stocktakes",
    "orders:read": "Read orders",
    "orders:write": "Create and edit orders",
    "orders:review": "Review, hold and release orders",
    "shipments:write": "Ship orders and manage shipments",
    "payments:read": "Read payments",
    "payments:write": "Mark orders paid offline or on delivery",
    "payments:refund": "Issue refunds",
    "aftersales:write": "Handle returns, exchanges and refunds",
    "marketing:write": "Manage coupons, points and member levels",
    "reports:read": "Read reports and statistics",
    "settings:write": "Change shop settings",
    "channels:manage": "Manage channels, API keys and webhooks",
    "dealers:manage": "Manage dealers and regions",
}

BUILTIN_ROLES: dict[str, tuple[str, list[str]]] = {
    "admin": ("Administrator: everything", [ALL]),
    "order_clerk": (
        "Order clerk",
        [
            "orders:read",
            "orders:write",
            "orders:review",
            "payments:write",
            "customers:read",
            "catalog:read",
            "inventory:read",
        ],
    ),
    "warehouse": (
        "Warehouse",
        ["inventory:read", "inventory:adjust", "shipments:write", "orders:read", "catalog:read"],
    ),
    "customer_service": (
        "Customer service",
        ["orders:read", "customers:read", "aftersales:write", "payments:read", "catalog:read"],
    ),
    "finance": ("Finance", ["payments:read", "payments:write", "payments:refund", "orders:read", "reports:read"]),
    "analyst": ("Analyst", ["reports:read", "orders:read", "catalog:read", "inventory:read", "customers:read"]),
    "customer": ("Customer (storefront)", []),
    "dealer": ("Dealer (B2B buyer)", []),
}

STAFF_ROLE_NAMES = frozenset(BUILTIN_ROLES) - {"customer", "dealer"}


def grants(held: Iterable[str], wanted: str) -> bool:
    """True when a permission set grants `wanted`: exact, `*`, or a `family:*` wildcard."""
    family = wanted.split(":", 1)[0]
    return any(p in (ALL, wanted, f"{family}:*") for p in held)


def unknown(permissions: Iterable[str]) -> list[str]:
    """Permissions that are neither known nor a valid wildcard."""
    families = {p.split(":", 1)[0] for p in PERMISSIONS}
    return [
        p for p in permissions if p != ALL and p not in PERMISSIONS and not (p.endswith(":*") and p[:-2] in families)
    ]
