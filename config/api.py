"""The JSON API under /api/v1/: one router per app, mounted here, errors mapped in one place."""

import json
from typing import Any

from axes.helpers import get_lockout_message
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger, _csrf_needed

from accord.core.api import AUTH, StrictJSONParser
from accord.core.errors import ApplicationError, ConflictError, RateLimited
from accord.core.registry import registry
from accord.core.scoping import TwoFactorRequired


class LocalSwagger(Swagger):
    """ninja's Swagger page, its scripts and styles served by Accord: ninja is not an installed
    app (config/settings.py), and ninja would then fetch them from a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="Accord API",
    version="1.0.0",
    description=(
        "Accord's JSON API. Authenticate with a personal token (`POST /api/v1/auth/token`, then "
        "`Authorization: Bearer <token>`) or the browser session. Anything outside your "
        "organizations and collaborations answers 404."
    ),
    auth=AUTH,
    parser=StrictJSONParser(),
    urls_namespace="api-1.0.0",
    docs=LocalSwagger(),
)
# Each app's operations, as the apps declared them (accord.core.registry).
for router in registry.api_routers():
    api.add_router("", router)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    body = {"detail": exc.message}
    if isinstance(exc.current, dict):
        body["current"] = exc.current
    return api.create_response(request, body, status=409)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=429)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    errors = {exc.field: [exc.message]} if exc.field else {}
    return api.create_response(request, {"detail": exc.message, "errors": errors}, status=400)


@api.exception_handler(ValidationError)
def model_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": gettext("Invalid input."), "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def input_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(p) for p in error.get("loc", []) if p not in ("body", "query", "path", "payload", "filters")
        ]
        errors.setdefault(".".join(loc) or "__all__", []).append(error.get("msg", "Invalid value."))
    return api.create_response(request, {"detail": gettext("Invalid input."), "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """A body that is not JSON (or holds NUL characters) is invalid input like any other: 422
    with the same shape as a validation error, so no operation's documented 400 is broken."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(
            request,
            {
                "detail": gettext("Invalid input."),
                "errors": {"__all__": [gettext("The request body is not valid JSON text.")]},
            },
            status=422,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if getattr(request, "axes_locked_out", False):
        return api.create_response(request, {"detail": str(get_lockout_message())}, status=429)
    if isinstance(exc, TwoFactorRequired):
        detail = gettext(
            "%(organization)s requires two-factor sign-in. Set it up on your Account page in "
            "Accord, then use a token created there."
        ) % {"organization": exc.organization.name}
        return api.create_response(request, {"detail": detail}, status=403)
    return api.create_response(request, {"detail": gettext("Your role does not allow this.")}, status=403)
