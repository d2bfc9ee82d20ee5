"""The back-office home page: to-dos with counts, today's and this month's figures, the latest orders."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContainerDep, CurrentUser, ReadUoW
from api.schemas.common import problems
from api.schemas.dashboard import DashboardOut
from domain.dashboard import use_cases as dashboard
from domain.errors import PermissionDenied

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


@router.get(
    "",
    response_model=DashboardOut,
    # blocks the viewer may not see are left out, not sent as null
    response_model_exclude_unset=True,
    openapi_extra={
        "x-permission": "any staff member; to-dos and latest orders need orders:read, low stock inventory:read, "
        "figures reports:read"
    },
    operation_id="dashboard-show",
    responses=problems(401, 403),
)
async def show_dashboard(user: CurrentUser, uow: ReadUoW, c: ContainerDep) -> DashboardOut:
    """The home page as the caller may see it."""
    if not user.is_staff:
        raise PermissionDenied("The back-office home is for staff.", code="auth.forbidden")
    shown = await dashboard.show_home(uow, c.clock, user, currency=c.settings.base_currency)
    return DashboardOut.of(shown)
