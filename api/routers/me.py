"""The signed-in user's own account: profile, avatar, password, addresses and inbox."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Query, Request, UploadFile, status

from api.deps import ContainerDep, CurrentUser, Paging, ReadUoW, UoW
from api.schemas.account import AddressIn, AddressOut, AddressUpdate, NotificationOut, UnreadCount
from api.schemas.common import Page, problems
from api.schemas.identity import ChangePasswordIn, EmailChangeIn, EmailChangeOut, Me, ProfileIn, changes
from domain.errors import RuleViolation
from domain.identity import profile
from domain.identity import use_cases as identity
from domain.notifications import use_cases as notifications
from domain.notifications.templates import shown

router = APIRouter(prefix="/me", tags=["me"])
SIGNED_IN = {"x-permission": "authenticated"}
_AVATAR_READ_LIMIT = profile.AVATAR_MAX_BYTES + 1


@router.get("", response_model=Me, openapi_extra=SIGNED_IN, operation_id="me-get", responses=problems(401))
async def get_me(user: CurrentUser) -> Me:
    """The caller's profile, roles and permissions."""
    return Me.of_principal(user)


@router.patch(
    "", response_model=Me, openapi_extra=SIGNED_IN, operation_id="me-update", responses=problems(401, 409, 422, 429)
)
async def update_me(body: ProfileIn, user: CurrentUser, c: ContainerDep) -> Me:
    """Change the caller's display name, language or phone; an e-mail only starts a change (see /me/email-change)."""
    return Me.of(await identity.update_profile(c.uow, c.auth, user.id, **changes(body)))


@router.post(
    "/email-change",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=EmailChangeOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-request-email-change",
    responses=problems(401, 422, 429),
)
async def request_email_change(body: EmailChangeIn, user: CurrentUser, uow: UoW, c: ContainerDep) -> EmailChangeOut:
    """Change the e-mail: the new address is kept pending and mailed a link; the current one is told. The same
    answer whether or not the new address is taken (its owner is told instead)."""
    return EmailChangeOut.of(await identity.request_email_change(uow, c.auth, user.id, email=body.email))


@router.get(
    "/email-change",
    response_model=EmailChangeOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-get-email-change",
    responses=problems(401, 404),
)
async def get_email_change(user: CurrentUser, uow: ReadUoW, c: ContainerDep) -> EmailChangeOut:
    """The change of e-mail waiting for its link; 404 when there is none."""
    return EmailChangeOut.of(await identity.pending_email_change(uow, c.auth, user.id))


@router.post(
    "/email-change/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=EmailChangeOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-resend-email-change",
    responses=problems(401, 404, 429),
)
async def resend_email_change(user: CurrentUser, uow: UoW, c: ContainerDep) -> EmailChangeOut:
    """Mail the pending address a fresh link (the earlier one stops working)."""
    return EmailChangeOut.of(await identity.resend_email_change(uow, c.auth, user.id))


@router.delete(
    "/email-change",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=SIGNED_IN,
    operation_id="me-cancel-email-change",
    responses=problems(401),
)
async def cancel_email_change(user: CurrentUser, uow: UoW, c: ContainerDep) -> None:
    """Drop the pending change of e-mail; its link stops working. The address stays as it is."""
    await identity.cancel_email_change(uow, c.auth, user.id)


@router.post(
    "/avatar", response_model=Me, openapi_extra=SIGNED_IN, operation_id="me-upload-avatar", responses=problems(401, 422)
)
async def upload_avatar(
    file: Annotated[UploadFile, File(description="JPEG, PNG, WEBP or GIF, at most 2 MiB")],
    user: CurrentUser,
    c: ContainerDep,
) -> Me:
    """Upload a new avatar picture."""
    data = await file.read(_AVATAR_READ_LIMIT)
    if not data:
        raise RuleViolation("The file is empty.", code="media.invalid_image", field="file")
    return Me.of(await identity.change_avatar(c.uow, c.auth, c.storage, user.id, data))


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=SIGNED_IN,
    operation_id="me-change-password",
    responses=problems(401, 403, 422),
)
async def change_password(body: ChangePasswordIn, user: CurrentUser, c: ContainerDep) -> None:
    """Change the password; every session, this one included, must sign in again."""
    await identity.change_password(
        c.uow, c.auth, user_id=user.id, current_password=body.current_password, new_password=body.new_password
    )


@router.get(
    "/addresses",
    response_model=list[AddressOut],
    openapi_extra=SIGNED_IN,
    operation_id="me-list-addresses",
    responses=problems(401),
)
async def list_addresses(user: CurrentUser, uow: ReadUoW) -> list[AddressOut]:
    """The caller's address book, default first."""
    return [AddressOut.model_validate(a) for a in await identity.list_addresses(uow, user.id)]


@router.post(
    "/addresses",
    status_code=status.HTTP_201_CREATED,
    response_model=AddressOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-create-address",
    responses=problems(401, 422),
)
async def create_address(body: AddressIn, user: CurrentUser, uow: UoW, c: ContainerDep) -> AddressOut:
    """Add an address to the caller's book."""
    return AddressOut.model_validate(await identity.add_address(uow, c.auth, user.id, **body.model_dump()))


@router.get(
    "/addresses/{address_id}",
    response_model=AddressOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-get-address",
    responses=problems(401, 404, 422),
)
async def get_address(address_id: UUID, user: CurrentUser, uow: ReadUoW) -> AddressOut:
    """One of the caller's addresses."""
    return AddressOut.model_validate(await identity.get_address(uow, user.id, address_id))


@router.patch(
    "/addresses/{address_id}",
    response_model=AddressOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-update-address",
    responses=problems(401, 404, 422),
)
async def update_address(
    address_id: UUID, body: AddressUpdate, user: CurrentUser, uow: UoW, c: ContainerDep
) -> AddressOut:
    """Edit one of the caller's addresses."""
    return AddressOut.model_validate(await identity.update_address(uow, c.auth, user.id, address_id, **changes(body)))


@router.post(
    "/addresses/{address_id}/default",
    response_model=AddressOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-set-default-address",
    responses=problems(401, 404, 422),
)
async def set_default_address(address_id: UUID, user: CurrentUser, uow: UoW, c: ContainerDep) -> AddressOut:
    """Make an address the default one."""
    return AddressOut.model_validate(await identity.set_default_address(uow, c.auth, user.id, address_id))


@router.delete(
    "/addresses/{address_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=SIGNED_IN,
    operation_id="me-delete-address",
    responses=problems(401, 404, 422),
)
async def delete_address(address_id: UUID, user: CurrentUser, uow: UoW) -> None:
    """Remove an address from the caller's book."""
    await identity.delete_address(uow, user.id, address_id)


@router.get(
    "/notifications",
    response_model=Page[NotificationOut],
    openapi_extra=SIGNED_IN,
    operation_id="me-list-notifications",
    responses=problems(401, 422),
)
async def list_notifications(
    request: Request, user: CurrentUser, uow: ReadUoW, paging: Paging, unread_only: Annotated[bool, Query()] = False
) -> Page[NotificationOut]:
    """The caller's in-app messages, newest first, in the caller's language."""
    items, total = await notifications.inbox(
        uow, user.id, unread_only=unread_only, offset=paging.offset, limit=paging.page_size
    )
    locale = request.state.locale
    return Page(
        items=[NotificationOut.model_validate(shown(i, locale, user.profile.display_name)) for i in items],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get(
    "/notifications/unread-count",
    response_model=UnreadCount,
    openapi_extra=SIGNED_IN,
    operation_id="me-unread-count",
    responses=problems(401),
)
async def unread_count(user: CurrentUser, uow: ReadUoW) -> UnreadCount:
    """How many in-app messages are unread (for the bell)."""
    return UnreadCount(count=await notifications.unread_count(uow, user.id))


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    openapi_extra=SIGNED_IN,
    operation_id="me-read-notification",
    responses=problems(401, 404, 422),
)
async def read_notification(
    notification_id: UUID, request: Request, user: CurrentUser, uow: UoW, c: ContainerDep
) -> NotificationOut:
    """Mark one message read."""
    item = await notifications.mark_read(uow, c.clock, user.id, notification_id)
    return NotificationOut.model_validate(shown(item, request.state.locale, user.profile.display_name))


@router.post(
    "/notifications/read-all",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=SIGNED_IN,
    operation_id="me-read-all-notifications",
    responses=problems(401),
)
async def read_all_notifications(user: CurrentUser, uow: UoW, c: ContainerDep) -> None:
    """Mark every message read."""
    await notifications.mark_all_read(uow, c.clock, user.id)
