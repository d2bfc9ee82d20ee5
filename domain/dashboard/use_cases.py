"""What routers ask of the back-office home."""

from __future__ import annotations

from domain.dashboard import home
from domain.unit_of_work import use_case

show_home = use_case(home.home)
