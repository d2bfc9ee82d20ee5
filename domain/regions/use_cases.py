"""What routers ask of the region tree: each opens its (read-only) unit of work and runs one action. Inside
another feature's transaction (saving an address or a warehouse), call `actions` instead."""

from __future__ import annotations

from domain.regions import actions
from domain.unit_of_work import use_case

children = use_case(actions.children)
path = use_case(actions.path)
