"""What routers ask of reconciliation: each opens its unit of work, runs one action and commits once."""

from __future__ import annotations

from domain.payments import reconciling
from domain.unit_of_work import use_case

import_statement = use_case(reconciling.import_statement)
list_runs = use_case(reconciling.list_runs)
get_run = use_case(reconciling.get_run)
list_mismatches = use_case(reconciling.list_mismatches)
resolve_mismatch = use_case(reconciling.resolve_mismatch)
