"""What routers ask of the audit log."""

from __future__ import annotations

from domain.audit import service
from domain.unit_of_work import use_case

search_audit_log = use_case(service.search)
list_actors = use_case(service.actors)
