"""Freight refusals, each with a stable code (translated in api/locales/zh_CN/freight.po)."""

from __future__ import annotations

from domain.errors import RuleViolation


class RegionNotServed(RuleViolation):
    """The shop's template does not deliver to the address's region."""

    code = "freight.region_not_served"
    message = "We do not deliver to this region."
