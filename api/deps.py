"""Request-scoped dependencies: the container, units of work, the caller, permissions, paging."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api import i18n
from domain.errors import AuthenticationFailed, PermissionDenied, TooManyRequests
from domain.identity.actor import Actor
from domain.identity.principal import Principal
from infra.container import Container
from infra.db.unit_of_work import SqlAlchemyUnitOfWork

_bearer = HTTPBearer(auto_error=False)
# the name of a hidden route that only answers 405 for a method its path's resource does not take
NOT_ALLOWED = "method-not-allowed"


# Every dependency here is `async def`, even those that never await: FastAPI runs a plain `def` dependency in the
# thread pool, and that hop (a queue, a thread wake-up and back) cost more than the rest of `GET /me` together.
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


# The dependencies on every request's path read the container from the app rather than depend on ContainerDep:
# FastAPI solves a dependency's own dependencies each time it is named, even when its value is cached, and each
# such step cost about as much as the work the dependency does.
async def get_uow(request: Request) -> SqlAlchemyUnitOfWork:
    container: Container = request.app.state.container
    return container.uow()


UoW = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]


async def get_read_uow(request: Request) -> SqlAlchemyUnitOfWork:
    container: Container = request.app.state.container
    return container.uow(read_only=True)


ReadUoW = Annotated[SqlAlchemyUnitOfWork, Depends(get_read_uow)]  # for GETs: on SQLite it takes no write lock


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def current_user(
    request: Request, container: Container, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """The signed-in caller from the access token, checked against the account's current token version (cached,
    see infra/sessions.py): no account load and no transaction, yet a disabled account or a changed role ends
    the token at once. Routes that need the whole account load it themselves. Checked once per request."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationFailed("Sign in first.", code="auth.unauthenticated")
    checked: Principal | None = getattr(request.state, "user", None)
    if checked is not None:
        return checked
    principal = await container.signed_in.principal(credentials.credentials)
    request.state.locale = i18n.negotiate(None, principal.locale)
    request.state.user = principal
    return principal


async def signed_in_user(request: Request, credentials: Bearer) -> Principal:
    return await current_user(request, request.app.state.container, credentials)


CurrentUser = Annotated[Principal, Depends(signed_in_user)]


async def optional_user(request: Request, container: ContainerDep, credentials: Bearer) -> Principal | None:
    """The signed-in user on public endpoints, or None: a missing or stale token just means a guest."""
    if credentials is None:
        return None
    try:
        return await current_user(request, container, credentials)
    except AuthenticationFailed:
        return None


OptionalUser = Annotated[Principal | None, Depends(optional_user)]


# Every permission some route is guarded by: a module is live once one of its routes exists (see routers/roles.py).
GUARDED: set[str] = set()


def require(permission: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Dependency that admits only users whose roles grant `permission` (403 otherwise)."""
    GUARDED.add(permission)

    async def check(request: Request, credentials: Bearer) -> Principal:  # one step, not two (see get_uow)
        user = await current_user(request, request.app.state.container, credentials)
        if not user.can(permission):
            raise PermissionDenied(
                f"This needs the '{permission}' permission.", code="auth.forbidden", permission=permission
            )
        return user

    check.__name__ = f"require_{permission.replace(':', '_')}"
    return check


def actor_of(request: Request, user: Principal | None = None) -> Actor:
    user = user or getattr(request.state, "user", None)
    return Actor(
        user_id=user.id if user else None,
        name=user.name if user else None,
        ip=client_ip(request),
        request_id=getattr(request.state, "request_id", None),
        user_agent=request.headers.get("user-agent"),
    )


def rate_limited(scope: str) -> Callable[..., Coroutine[Any, Any, None]]:
    """Per-IP limit on sensitive endpoints (sign-in, codes, resets): 429 past the configured rate."""

    async def check(request: Request, container: ContainerDep) -> None:
        limit = container.settings.auth.rate_limit_per_minute
        key = f"{scope}:{client_ip(request)}"
        if not await container.rate_limiter.hit(key, limit=limit, window_seconds=60):
            raise TooManyRequests(retry_after=60)

    return check


class PageParams:
    def __init__(self, page: int = 1, page_size: int = 20) -> None:
        self.page, self.page_size = page, page_size

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> PageParams:
    return PageParams(page, page_size)


Paging = Annotated[PageParams, Depends(page_params)]
