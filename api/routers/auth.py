"""Sign-up, sign-in, tokens, codes and links. Public endpoints, rate limited per client address."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api import i18n
from api.deps import ContainerDep, UoW, actor_of, rate_limited
from api.schemas.common import problems
from api.schemas.identity import (
    CompleteSignUpIn,
    ConfirmEmailChangeIn,
    EmailChanged,
    ForgotPasswordIn,
    LoginIn,
    LogoutIn,
    OAuthCallbackIn,
    OAuthStart,
    RefreshIn,
    RegisterIn,
    ResetPasswordIn,
    SignUpStarted,
    SmsLoginIn,
    SmsSendIn,
    SmsSent,
    TokenPair,
    VerifyEmailIn,
)
from api.session_cookies import CsrfHeader, SessionCookiesDep
from api.throttling import limit_account
from domain.errors import AuthenticationFailed
from domain.identity import use_cases as identity
from domain.identity.entities import CodePurpose

router = APIRouter(prefix="/auth", tags=["auth"])
Provider = Literal["wechat", "alipay"]
PUBLIC = {"x-permission": "public"}
_PURPOSES = {
    "login": CodePurpose.SMS_LOGIN,
    "register": CodePurpose.PHONE_VERIFY,
    "verify_phone": CodePurpose.PHONE_VERIFY,
}


@router.post(
    "/register",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SignUpStarted | TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-register",
    responses={
        201: {"model": TokenPair, "description": "By phone: the account is made and signed in."},
        202: {"model": SignUpStarted, "description": "By e-mail, whether or not the address is taken."},
        **problems(409, 422, 429),
    },
    dependencies=[Depends(rate_limited("register"))],
)
async def register(
    body: RegisterIn, request: Request, response: Response, c: ContainerDep, cookies: SessionCookiesDep
) -> SignUpStarted | TokenPair:
    """Sign up. By e-mail: 202 either way, and the mail holds a link to finish (or, for a taken address, tells its
    owner). By phone with its SMS code: 201, signed in; 409 for a taken number only once the code is right."""
    locale = body.locale or i18n.negotiate(request.headers.get("accept-language"))
    if body.email:
        await identity.request_sign_up(c.uow, c.auth, email=body.email, locale=locale)
        return SignUpStarted()
    assert body.phone and body.sms_code and body.password  # RegisterIn checked them
    session = await identity.register_by_phone(
        c.uow,
        c.auth,
        actor_of(request),
        password=body.password,
        phone=body.phone,
        sms_code=body.sms_code,
        display_name=body.display_name,
        locale=locale,
    )
    response.status_code = status.HTTP_201_CREATED
    return cookies.deliver(session)


@router.post(
    "/register/complete",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-complete-sign-up",
    responses=problems(403, 409, 422, 429),
    dependencies=[Depends(rate_limited("verify"))],
)
async def complete_sign_up(
    body: CompleteSignUpIn, request: Request, c: ContainerDep, cookies: SessionCookiesDep
) -> TokenPair:
    """Finish an e-mail sign-up from its link with the password chosen there: the account is made, its address
    verified, and signed in."""
    return cookies.deliver(
        await identity.complete_sign_up(
            c.uow,
            c.auth,
            actor_of(request),
            token=body.token,
            password=body.password,
            display_name=body.display_name,
            locale=body.locale or i18n.negotiate(request.headers.get("accept-language")),
        )
    )


@router.post(
    "/login",
    response_model=TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-login",
    responses=problems(401, 403, 422, 429),
    dependencies=[Depends(rate_limited("login"))],
)
async def login(body: LoginIn, request: Request, c: ContainerDep, cookies: SessionCookiesDep) -> TokenPair:
    """Sign in with an e-mail address or phone number and a password."""
    await limit_account(c, "login", body.login)
    return cookies.deliver(
        await identity.login_with_password(c.uow, c.auth, actor_of(request), login=body.login, password=body.password)
    )


@router.post(
    "/sms/send",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SmsSent,
    openapi_extra=PUBLIC,
    operation_id="auth-send-sms-code",
    responses=problems(422, 429),
    dependencies=[Depends(rate_limited("sms"))],
)
async def send_sms_code(body: SmsSendIn, request: Request, uow: UoW, c: ContainerDep) -> SmsSent:
    """Text a six-digit code for sign-in or to prove a phone number."""
    await limit_account(c, "sms", body.phone)
    wait = await identity.send_sms_code(
        uow,
        c.auth,
        phone=body.phone,
        purpose=_PURPOSES[body.purpose],
        locale=i18n.negotiate(request.headers.get("accept-language")),
    )
    return SmsSent(resend_after_seconds=wait)


@router.post(
    "/login/sms",
    response_model=TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-login-sms",
    responses=problems(403, 422, 429),
    dependencies=[Depends(rate_limited("login"))],
)
async def login_with_sms(body: SmsLoginIn, request: Request, c: ContainerDep, cookies: SessionCookiesDep) -> TokenPair:
    """Sign in with a phone number and the code texted to it (a new number gets an account)."""
    await limit_account(c, "login", body.phone)
    return cookies.deliver(
        await identity.login_with_sms_code(c.uow, c.auth, actor_of(request), phone=body.phone, code=body.code)
    )


@router.post(
    "/refresh",
    response_model=TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-refresh",
    responses=problems(401, 403, 422, 429),
    dependencies=[Depends(rate_limited("refresh"))],
)
async def refresh(
    request: Request,
    c: ContainerDep,
    cookies: SessionCookiesDep,
    body: RefreshIn,
    csrf: CsrfHeader = None,
) -> TokenPair | Response:
    """Trade a refresh token (in the body, or the session cookie with its CSRF header) for a new pair; each refresh
    token works once."""
    if body.refresh_token:
        return cookies.deliver(
            await identity.refresh(c.uow, c.auth, actor_of(request), refresh_token=body.refresh_token)
        )
    try:
        session = await identity.refresh(c.uow, c.auth, actor_of(request), refresh_token=cookies.from_cookie(csrf))
    except AuthenticationFailed as refused:
        return await cookies.refused(refused)
    return cookies.deliver(session)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=PUBLIC,
    operation_id="auth-logout",
    responses=problems(401, 403, 422),
)
async def logout(
    body: LogoutIn, uow: UoW, c: ContainerDep, cookies: SessionCookiesDep, csrf: CsrfHeader = None
) -> None:
    """End this session (or every session of the account with `everywhere`): the one of the refresh token in the
    body, or of the session cookie with its CSRF header, whose cookies are then cleared."""
    token = body.refresh_token or cookies.from_cookie(csrf)
    await identity.logout(uow, c.auth, refresh_token=token, everywhere=body.everywhere)
    if cookies.cookie_mode:
        cookies.clear()


@router.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=PUBLIC,
    operation_id="auth-forgot-password",
    responses=problems(422, 429),
    dependencies=[Depends(rate_limited("forgot"))],
)
async def forgot_password(body: ForgotPasswordIn, uow: UoW, c: ContainerDep) -> None:
    """Send a reset link when the account exists; the answer is the same either way."""
    await limit_account(c, "forgot", body.login)
    await identity.request_password_reset(uow, c.auth, login=body.login)


@router.post(
    "/password/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=PUBLIC,
    operation_id="auth-reset-password",
    responses=problems(422, 429),
    dependencies=[Depends(rate_limited("reset"))],
)
async def reset_password(body: ResetPasswordIn, c: ContainerDep) -> None:
    """Set a new password with the token from the reset link; all sessions end."""
    await identity.reset_password(c.uow, c.auth, token=body.token, new_password=body.new_password)


@router.post(
    "/email/verify",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=PUBLIC,
    operation_id="auth-verify-email",
    responses=problems(422, 429),
    dependencies=[Depends(rate_limited("verify"))],
)
async def verify_email(body: VerifyEmailIn, uow: UoW, c: ContainerDep) -> None:
    """Confirm an e-mail address with the token from the verification link."""
    await identity.verify_email(uow, c.auth, token=body.token)


@router.post(
    "/email/change/confirm",
    response_model=EmailChanged,
    openapi_extra=PUBLIC,
    operation_id="auth-confirm-email-change",
    responses=problems(409, 422, 429),
    dependencies=[Depends(rate_limited("verify"))],
)
async def confirm_email_change(body: ConfirmEmailChangeIn, request: Request, uow: UoW, c: ContainerDep) -> EmailChanged:
    """Follow the link mailed to a new address: the account signs in with it from now on, verified; links mailed to
    the old address stop working. 409 when another account took the address meanwhile."""
    user = await identity.confirm_email_change(uow, c.auth, actor_of(request), token=body.token)
    assert user.email is not None
    return EmailChanged(email=user.email)


@router.get(
    "/oauth/{provider}/authorize",
    response_model=OAuthStart,
    openapi_extra=PUBLIC,
    operation_id="auth-oauth-authorize",
    responses=problems(422),
)
async def oauth_authorize(
    provider: Provider,
    c: ContainerDep,
    redirect_uri: Annotated[str, Query(min_length=1, max_length=2048, pattern=r"^https?://[^\s]+$")],
) -> OAuthStart:
    """Where to send the browser to sign in with WeChat or Alipay."""
    state = c.oauth_states.issue(provider, redirect_uri)
    return OAuthStart(url=c.auth.oauth[provider].authorize_url(redirect_uri=redirect_uri, state=state), state=state)


@router.post(
    "/oauth/{provider}/callback",
    response_model=TokenPair,
    openapi_extra=PUBLIC,
    operation_id="auth-oauth-callback",
    responses=problems(401, 403, 422, 429, 502),
    dependencies=[Depends(rate_limited("oauth"))],
)
async def oauth_callback(
    provider: Provider, body: OAuthCallbackIn, request: Request, c: ContainerDep, cookies: SessionCookiesDep
) -> TokenPair:
    """Finish WeChat/Alipay sign-in with the code the provider returned."""
    c.oauth_states.check(body.state, provider, body.redirect_uri)
    return cookies.deliver(
        await identity.login_with_oauth(
            c.uow, c.auth, actor_of(request), provider=provider, code=body.code, redirect_uri=body.redirect_uri
        )
    )
