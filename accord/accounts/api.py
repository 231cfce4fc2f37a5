from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema, Status
from pydantic import Field

from accord.accounts.lockout import lockout_message
from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_create, api_token_revoke
from accord.accounts.two_factor import has_two_factor
from accord.core.api import Email, Message, PathId, ScopedRouter

router = ScopedRouter(tags=["auth"])


class TokenIn(Schema):
    email: Email
    password: str = Field(min_length=1, max_length=4096)
    name: str = Field("API token", max_length=100)


class TokenOut(Schema):
    token: str


class TokenInfo(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreate(Schema):
    name: str = Field(min_length=1, max_length=100)


class MeOut(Schema):
    id: int
    email: str
    full_name: str


@router.scoped(
    "POST",
    "/auth/token",
    scope="public",
    response={200: TokenOut, 401: Message, 403: Message, 429: Message},
)
def token_obtain(request: HttpRequest, payload: TokenIn):
    """Exchange e-mail and password for a personal API token.

    Refused (403) for an account that has not confirmed its e-mail address yet, and for an
    account with two-factor sign-in: a password alone must not open it, so such a person
    creates tokens on the Account page after signing in with a code."""
    user = authenticate(request, username=payload.email.lower(), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": str(lockout_message())})
    if user is None:
        return Status(401, {"detail": gettext("E-mail or password is wrong.")})
    if not user.email_verified:
        return Status(
            403, {"detail": gettext("Confirm your e-mail address first: open the link we e-mailed you.")}
        )
    if has_two_factor(user):
        return Status(
            403,
            {
                "detail": gettext(
                    "This account uses two-factor sign-in: a password alone cannot get a "
                    "token. Log in to Accord and create a token on your Account page."
                )
            },
        )
    _token, raw = api_token_create(user=user, name=payload.name)
    return Status(200, {"token": raw})


@router.scoped("GET", "/me", scope="user", response=MeOut)
def me(request: HttpRequest):
    return request.auth


@router.scoped("GET", "/tokens", scope="user", response=list[TokenInfo])
def token_list(request: HttpRequest):
    return list(ApiToken.objects.filter(user=request.auth))


@router.scoped("POST", "/tokens", scope="user", response={201: TokenOut})
def token_create(request: HttpRequest, payload: TokenCreate):
    _token, raw = api_token_create(user=request.auth, name=payload.name)
    return Status(201, {"token": raw})


@router.scoped("DELETE", "/tokens/{token_id}", scope="user", response={204: None, 404: Message})
def token_revoke(request: HttpRequest, token_id: PathId):
    token = ApiToken.objects.filter(pk=token_id, user=request.auth, revoked_at__isnull=True).first()
    if token is None:
        return Status(404, {"detail": gettext("Not found.")})
    api_token_revoke(token=token)
    return Status(204, None)
