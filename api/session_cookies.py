"""The browser's session: its refresh token lives in an HttpOnly cookie that script cannot read, and the SPA keeps
the short-lived access token in memory only (issue 7, item 7).

A client asks for this with `X-Session-Transport: cookie` on a sign-in; the answer then sets the cookie and leaves
`refresh_token` null in the body. API integrators send nothing and keep the old contract: the refresh token in the
body, handed back in the body of `/auth/refresh` and `/auth/logout`.

CSRF: the cookie routes use the *signed double-submit cookie* (OWASP CSRF cheat sheet). Beside the HttpOnly
refresh cookie the server sets a readable `allorder_csrf` cookie holding an HMAC of the refresh token under the
server's secret; a cookie refresh or logout must echo it in `X-CSRF-Token`, compared in constant time. Another site
can make the browser send the cookies but can neither read the CSRF cookie nor compute the HMAC, and unlike a plain
double submit, a cookie planted from a sibling sub-domain does not match the refresh token it has to sign. It needs
no server state and survives rotation (each new refresh token comes with its own CSRF value). SameSite=Strict already
keeps the cookie off cross-site requests; the token guards the browsers and set-ups where that alone falls short.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Annotated, Literal

from fastapi import Depends, Header, Request, Response

from api import errors
from api.deps import ContainerDep
from api.schemas.identity import Me, TokenPair
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.identity import auth

REFRESH_COOKIE = "allorder_refresh"
CSRF_COOKIE = "allorder_csrf"
CSRF_HEADER = "X-CSRF-Token"
COOKIE_ROUTES = ("refresh", "logout")  # the refresh cookie is sent to these two routes and nowhere else


class SessionCookies:
    """Hands a session to the client the way it asked for, and reads the session a cookie route was sent."""

    def __init__(
        self,
        request: Request,
        response: Response,
        c: ContainerDep,
        transport: Annotated[
            Literal["body", "cookie"],
            Header(
                alias="X-Session-Transport",
                description="`cookie`: keep the refresh token in an HttpOnly cookie (browsers); "
                "`body` (the default): return it in the body (API integrators).",
            ),
        ] = "body",
    ) -> None:
        self.request, self.response = request, response
        self.secret = c.settings.auth.jwt_secret or ""
        self.max_age = c.auth.policy.refresh_token_days * 86400
        # https, or production where TLS ends at a proxy in front; the demo on http://127.0.0.1 must still work
        self.secure = request.url.scheme == "https" or not c.settings.is_development
        self.cookie_mode = transport == "cookie"

    def deliver(self, session: auth.Session) -> TokenPair:
        """The answer to a sign-in or refresh; in cookie mode the refresh token goes only into the cookie."""
        pair = TokenPair(
            access_token=session.access_token,
            refresh_token=None if self.cookie_mode else session.refresh_token,
            expires_in=session.expires_in,
            user=Me.of(session.user),
        )
        if self.cookie_mode:
            self._set(session.refresh_token)
        return pair

    def from_cookie(self, csrf: str | None) -> str:
        """The refresh token of the cookie this request carried, once its CSRF token checks out (then the answer
        goes back by cookie too)."""
        token = self.request.cookies.get(REFRESH_COOKIE)
        if not token:
            raise AuthenticationFailed(
                "Send the refresh token in the body, or sign in again.", code="auth.invalid_refresh_token"
            )
        if not csrf or not hmac.compare_digest(csrf.encode(), self._csrf_for(token).encode()):
            raise PermissionDenied(
                f"The {CSRF_HEADER} header must echo the {CSRF_COOKIE} cookie.", code="auth.csrf_failed"
            )
        self.cookie_mode = True
        return token

    def clear(self, response: Response | None = None) -> None:
        """End both cookies (Max-Age=0) with the attributes they were set with, or the browser keeps them."""
        response = response or self.response
        for route in COOKIE_ROUTES:
            response.delete_cookie(
                REFRESH_COOKIE, path=self._path(route), secure=self.secure, httponly=True, samesite="strict"
            )
        response.delete_cookie(CSRF_COOKIE, path="/", secure=self.secure, samesite="strict")

    async def refused(self, error: AuthenticationFailed) -> Response:
        """The 401 for a cookie whose session is over (expired, revoked, unknown, or no cookie at all), ending the
        cookies so the browser stops sending them and the SPA stops trying. The exception handler would build a
        fresh response without them, hence this answer built here. A CSRF refusal (403) keeps them: a forged post
        must not sign the browser out."""
        response = await errors.on_domain_error(self.request, error)
        self.clear(response)
        return response

    def _set(self, refresh_token: str) -> None:
        # The same cookie under both paths: the browser sends it to refresh and to logout, and to nothing else.
        for route in COOKIE_ROUTES:
            self.response.set_cookie(
                REFRESH_COOKIE,
                refresh_token,
                max_age=self.max_age,
                path=self._path(route),
                secure=self.secure,
                httponly=True,
                samesite="strict",
            )
        # readable by the SPA (it must echo it), so path / and not HttpOnly
        self.response.set_cookie(
            CSRF_COOKIE,
            self._csrf_for(refresh_token),
            max_age=self.max_age,
            path="/",
            secure=self.secure,
            samesite="strict",
        )

    def _csrf_for(self, refresh_token: str) -> str:
        mac = hmac.new(self.secret.encode(), b"csrf:" + refresh_token.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def _path(self, route: str) -> str:
        return str(self.request.app.url_path_for(route))


SessionCookiesDep = Annotated[SessionCookies, Depends()]
CsrfHeader = Annotated[
    str | None,
    Header(
        alias=CSRF_HEADER,
        description=f"With the refresh cookie (no token in the body): the value of the `{CSRF_COOKIE}` cookie.",
    ),
]
