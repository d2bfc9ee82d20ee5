"""In-memory fakes of the repositories and the unit of work, for domain rules tested in milliseconds
(cosmicpython's tests/unit/test_handlers.py FakeRepository)."""

from tests.fakes.clock import FakeClock
from tests.fakes.tables import Tables
from tests.fakes.unit_of_work import FakeUnitOfWork

__all__ = ["FakeClock", "FakeUnitOfWork", "Tables"]
